"""Fuzzing the API from its own OpenAPI schema (schemathesis), with tokens of a coordinator, an apprentice and a host
manager (each operation is sent as one of them, in turn, so every role meets a third of the API): whatever a client
sends, no server error, and every answer is one the schema documents, in the documented content type and shape.
Bounded (two examples per operation, derandomised) so `make test` stays fast and repeatable."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from workforce_hub.accounts.tokens import token_create

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
ROLES = ["coordinator", "apprentice", "host_manager"]


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """The WSGI handler closes database connections at the start and end of each request; inside a test that would
    close the test's own transaction (PostgreSQL). Django's test client stops that the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(world: Any) -> dict[str, str]:
    expires = timezone.localdate() + timedelta(days=1)
    return {role: token_create(actor=world.users[role], name="Fuzz", expires_on=expires)[1] for role in ROLES}


@schema.parametrize()
@settings(max_examples=2, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_answers_as_its_schema_says_and_never_with_a_server_error(case: Any, tokens: dict[str, str]) -> None:
    role = ROLES[zlib.crc32(case.operation.label.encode()) % len(ROLES)]
    case.call_and_validate(headers={"Authorization": f"Token {tokens[role]}"}, checks=CHECKS)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_an_address_the_api_does_not_have_answers_json_and_a_page_an_html_page(client: Any) -> None:
    api = client.get("/api/v1/enrolments/0.5/")  # the router's pattern does not match: Django's own 404
    assert (
        api.status_code == 404 and api["Content-Type"] == "application/json" and api.json() == {"detail": "Not found."}
    )
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html") and "Page not found" in page.text


def test_refused_operations_are_not_in_the_schema_and_answer_405(world: Any, openapi_schema: dict[str, Any]) -> None:
    for path in ("/api/v1/credentials/", "/api/v1/pre-arrival-tasks/", "/api/v1/placement-agreements/"):
        assert "post" not in openapi_schema["paths"][path], path
        answer = world.api("coordinator").post(path, {}, format="json")
        assert answer.status_code == 405 and answer.json()["detail"], path


def test_every_operation_refuses_a_caller_who_is_not_signed_in(client: Any, openapi_schema: dict[str, Any]) -> None:
    """SECURITY.md 19: without a token or a session every operation answers 401, but those the schema marks public
    (a passport credential's public check, which needs no login)."""
    public, refused = [], []
    for path, operations in openapi_schema["paths"].items():
        for method, operation in operations.items():
            if not operation.get("security") or operation["security"] == [{}]:
                public.append(f"{method} {path}")
                continue
            # an id, or a name where the address takes one (scheduled jobs' names are letters)
            address = re.sub(r"\{[^}]+\}", lambda m: "x" if m.group(0) == "{name}" else "1", path)
            answer = getattr(client, method)(address, content_type="application/json")
            if answer.status_code != 401:
                refused.append(f"{method.upper()} {address}: {answer.status_code}")
    assert refused == []
    assert public == ["get /api/v1/public/credentials/{public_id}/"]
