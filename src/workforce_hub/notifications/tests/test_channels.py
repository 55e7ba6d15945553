"""E-mail channels chosen by settings: the GOV.UK Notify backend against a real HTTP server on loopback (speaking
Notify's API), and messages to an address with no person record (applicants)."""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import jwt
import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from workforce_hub.notifications.backends import GovukNotifyBackend
from workforce_hub.notifications.models import Notification
from workforce_hub.notifications.services import notification_queue

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"hub_test-{SERVICE_ID}-{SECRET}"


class _Notify(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        token = self.headers["Authorization"].removeprefix("Bearer ")
        claims = jwt.decode(token, SECRET, algorithms=["HS256"])
        type(self).received.append({"path": self.path, "body": body, "iss": claims["iss"]})
        status = 400 if body["email_address"] == "bad@example.com" else 201
        payload = {"id": str(uuid.uuid4())} if status == 201 else {"errors": [{"message": "bad address"}]}
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(payload).encode())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def notify_server() -> Any:
    _Notify.received = []
    server = HTTPServer(("127.0.0.1", 0), _Notify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_notify_backend_sends_subject_and_body_through_the_template(notify_server: str, settings: Any) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "workforce_hub.notifications.backends.GovukNotifyBackend",
            "OPTIONS": {"api_key": API_KEY, "template_id": "tmpl-1", "base_url": notify_server},
        }
    }
    sent = mail.send_mail("Your placement", "It starts on Monday.", "hub@example.nhs.uk", ["a@example.com"])
    assert sent == 1
    [call] = _Notify.received
    assert call["path"] == "/v2/notifications/email" and call["iss"] == SERVICE_ID
    assert call["body"]["template_id"] == "tmpl-1"
    assert call["body"]["personalisation"] == {"subject": "Your placement", "body": "It starts on Monday."}


def test_notify_refusal_raises_so_the_task_retries(notify_server: str) -> None:
    backend = GovukNotifyBackend(api_key=API_KEY, template_id="t", base_url=notify_server)
    with pytest.raises(Exception, match=r"400|bad address"):
        backend.send_messages([mail.EmailMessage("s", "b", "f@example.com", ["bad@example.com"])])
    quiet = GovukNotifyBackend(fail_silently=True, api_key=API_KEY, template_id="t", base_url=notify_server)
    assert quiet.send_messages([mail.EmailMessage("s", "b", "f@example.com", ["bad@example.com"])]) == 0


def test_notify_needs_its_settings() -> None:
    with pytest.raises(ImproperlyConfigured, match="NOTIFY_API_KEY"):
        GovukNotifyBackend(api_key="", template_id="")


def test_channel_is_chosen_by_settings(monkeypatch: Any) -> None:
    import importlib

    from workforce_hub.config.settings import base

    monkeypatch.setenv("HUB_EMAIL_CHANNEL", "notify")
    monkeypatch.delenv("DJANGO_EMAIL_BACKEND", raising=False)
    assert importlib.reload(base).MAILERS["default"]["BACKEND"].endswith("GovukNotifyBackend")
    monkeypatch.setenv("HUB_EMAIL_CHANNEL", "pigeon")
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(base)
    monkeypatch.setenv("HUB_EMAIL_CHANNEL", "smtp")
    assert importlib.reload(base).MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend")


def test_a_message_to_an_address_without_a_person(db: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        n = notification_queue(key="k1", to_email="applicant@example.com", kind="x", subject="Thanks", body="Ref A1")
    assert mail.outbox[-1].to == ["applicant@example.com"]
    assert Notification.objects.get(pk=n.pk).status == "sent"
    with pytest.raises(ValueError):
        notification_queue(key="k2", kind="x", subject="s", body="b")
