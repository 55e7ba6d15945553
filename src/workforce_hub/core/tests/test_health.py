"""Health endpoints and request ids: answers without signing in, a failing check makes `/readyz` 503 and says
which, and every log line of a request carries its id."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from workforce_hub.core import health

pytestmark = pytest.mark.django_db


def test_healthz_and_readyz_answer_anyone(client: Any) -> None:
    assert client.get("/healthz").content == b"ok\n"
    ready = client.get("/readyz")
    body = ready.json()
    assert ready.status_code == 200 and body["ready"] is True
    assert set(body["checks"]) >= {"database", "migrations", "task queue", "virus scanner"}
    assert body["checks"]["virus scanner"]["found"] == "SignatureScanner answers"


def test_a_failing_check_makes_readyz_say_which(client: Any, settings: Any) -> None:
    settings.EVIDENCE_SCANNER = {
        "BACKEND": "workforce_hub.portfolios.files.ClamdScanner",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},  # nothing listens on the discard port
    }
    ready = client.get("/readyz")
    assert ready.status_code == 503
    scanner = ready.json()["checks"]["virus scanner"]
    assert scanner["ok"] is False and "could not be reached" in scanner["found"]
    assert ready.json()["checks"]["database"]["ok"] is True


def test_work_left_waiting_means_no_worker(client: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.create(
        task_path="workforce_hub.rotations.tasks.run_plan",
        args_kwargs={"args": [], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        run_after=timezone.now() - timedelta(minutes=30),
        priority=0,
        status="READY",
    )
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    found = client.get("/readyz").json()["checks"]["task queue"]
    assert found["ok"] is False and "is a worker running" in found["found"]
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=1))
    assert client.get("/readyz").json()["checks"]["task queue"]["ok"] is True


def test_every_log_line_of_a_request_has_its_id(client: Any, settings: Any) -> None:
    from workforce_hub.core.observability import RequestIdFilter

    assert settings.LOGGING["handlers"]["console"]["filters"] == ["request_id"]
    assert "%(request_id)s" in settings.LOGGING["formatters"]["plain"]["format"]
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.addFilter(RequestIdFilter())
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("workforce_hub.test")
    logger.addHandler(handler)

    def noisy() -> str:
        logger.warning("checked")
        return "fine"

    health.register("noisy")(noisy)
    try:
        response = client.get("/readyz", HTTP_X_REQUEST_ID="lb-1234abcd")
        assert response["X-Request-ID"] == "lb-1234abcd"
        assert [getattr(r, "request_id", None) for r in records] == ["lb-1234abcd"]
        logger.warning("outside a request")
        assert getattr(records[-1], "request_id", None) == "-"
        made_up = client.get("/healthz", HTTP_X_REQUEST_ID="bad id with spaces")["X-Request-ID"]
        assert made_up != "bad id with spaces" and len(made_up) == 32
    finally:
        health._CHECKS.pop("noisy")
        logger.removeHandler(handler)
