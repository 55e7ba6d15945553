"""Idempotency-Key on API writes (SECURITY.md 18, core.idempotency)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import World, at_once, make_person
from workforce_hub.core import privacy
from workforce_hub.core.models import IdempotentRequest
from workforce_hub.core.roles import Role
from workforce_hub.organisations.models import Organisation

URL = "/api/v1/organisations/"


def _body(world: World, name: str = "Riverside Care Home") -> dict[str, Any]:
    return {"name": name, "org_type": "pvi_care_provider", "sector": "pvi", "size": 40}


def _post(client: APIClient, body: dict[str, Any], key: str | None = None) -> Any:
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(URL, body, format="json", **headers)


def _count(name: str) -> int:
    return Organisation.objects.filter(name=name).count()


def test_a_repeat_with_the_same_key_writes_once_and_gets_the_first_answer(world: World) -> None:
    api = world.api("admin")
    first = _post(api, _body(world), key="7f9c2a1e-0b1d-4b8a-9d7e-3c2f1a0b9e8d")
    assert first.status_code == 201, first.content
    again = _post(api, _body(world), key="7f9c2a1e-0b1d-4b8a-9d7e-3c2f1a0b9e8d")
    assert again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert _count("Riverside Care Home") == 1


def test_without_a_key_a_repeat_is_done_again(world: World) -> None:
    api = world.api("admin")
    assert _post(api, _body(world)).status_code == 201
    again = _post(api, _body(world))  # handled again, and refused as a second organisation of that name
    assert again.status_code == 400 and "Idempotent-Replayed" not in again
    assert _count("Riverside Care Home") == 1
    assert not IdempotentRequest.objects.exists()


def test_the_same_key_for_a_different_request_is_refused(world: World) -> None:
    api = world.api("admin")
    assert _post(api, _body(world), key="k-1").status_code == 201
    other = _post(api, _body(world, "Hilltop Care"), key="k-1")
    assert other.status_code == 422 and "different request" in other.json()["detail"]
    assert _count("Hilltop Care") == 0


def test_keys_belong_to_the_person_who_sent_them(world: World) -> None:
    make_person(world, "admin2", world.p1, [("hub", Role.PARTNERSHIP_ADMIN)])
    assert _post(world.api("admin"), _body(world), key="shared-key").status_code == 201
    # another administrator, same key and body: their own write, not the first one's answer
    theirs = _post(world.api("admin2"), _body(world), key="shared-key")
    assert theirs.status_code == 400 and "Idempotent-Replayed" not in theirs  # handled: a second of that name
    assert _count("Riverside Care Home") == 1


def test_a_failed_request_is_not_kept_and_the_key_can_be_used_again(world: World) -> None:
    api = world.api("admin")
    invalid = _post(api, {"name": ""}, key="retry-me")
    assert invalid.status_code == 400
    assert not IdempotentRequest.objects.exists()
    assert _post(api, _body(world), key="retry-me").status_code == 201
    assert _count("Riverside Care Home") == 1


def test_a_refused_caller_gets_the_usual_refusal_and_nothing_is_kept(world: World) -> None:
    assert _post(world.api("apprentice"), _body(world), key="not-mine").status_code == 403
    assert _post(world.api("anonymous"), _body(world), key="nobody").status_code == 401
    assert not IdempotentRequest.objects.exists() and _count("Riverside Care Home") == 0


def test_a_repeat_while_the_first_is_being_handled_is_told_to_wait(world: World) -> None:
    api = world.api("admin")
    user = world.users["admin"]
    from django.test import RequestFactory

    from workforce_hub.core.idempotency import _fingerprint  # the row the first request holds while it runs

    probe = RequestFactory().post(URL, data=b'{"name": "X"}', content_type="application/json")
    IdempotentRequest.objects.create(user=user, key="busy", fingerprint=_fingerprint(probe))
    busy = api.post(URL, data=b'{"name": "X"}', content_type="application/json", HTTP_IDEMPOTENCY_KEY="busy")
    assert busy.status_code == 409 and "still being handled" in busy.json()["detail"]
    assert _count("X") == 0


def test_an_answer_older_than_a_day_is_not_given_back(world: World) -> None:
    api = world.api("admin")
    assert _post(api, _body(world), key="old").status_code == 201
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    again = _post(api, _body(world), key="old")
    assert again.status_code == 400 and "Idempotent-Replayed" not in again  # handled again, not given back
    assert _count("Riverside Care Home") == 1


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "naïve"])
def test_a_malformed_key_is_refused_before_anything_is_done(world: World, key: str) -> None:
    answer = world.api("admin").post(URL, _body(world), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert answer.status_code == 400 and "Idempotency-Key" in answer.json()["detail"]
    assert _count("Riverside Care Home") == 0


def test_a_signed_in_session_is_treated_like_a_token(world: World, login: Any) -> None:
    client = login("admin")
    client.defaults["HTTP_X_CSRFTOKEN"] = "ignored in tests"
    first = client.post(URL, _body(world), content_type="application/json", HTTP_IDEMPOTENCY_KEY="session-key")
    assert first.status_code == 201, first.content
    again = client.post(URL, _body(world), content_type="application/json", HTTP_IDEMPOTENCY_KEY="session-key")
    assert again["Idempotent-Replayed"] == "true" and _count("Riverside Care Home") == 1


def test_a_delete_repeated_gives_the_first_answer_not_a_404(world: World) -> None:
    from workforce_hub.monitoring import services as monitoring
    from workforce_hub.monitoring.tests.test_monitoring import _model

    model, _ = _model(world)
    item = monitoring.item_add(
        actor=world.user("coordinator"), model=model, data={"kind": "short_outcome", "statement": "Skills"}
    )
    api, url = world.api("coordinator"), f"/api/v1/logic-model-items/{item.pk}/"
    assert api.delete(url, HTTP_IDEMPOTENCY_KEY="del-1").status_code == 204
    again = api.delete(url, HTTP_IDEMPOTENCY_KEY="del-1")
    assert again.status_code == 204 and again["Idempotent-Replayed"] == "true"
    assert api.delete(url, HTTP_IDEMPOTENCY_KEY="del-2").status_code == 404  # a new key: done again, and gone


def test_the_daily_sweep_removes_answers_from_before_yesterday(world: World) -> None:
    api = world.api("admin")
    _post(api, _body(world), key="today")
    _post(api, _body(world, "Old Home"), key="long-ago")
    IdempotentRequest.objects.filter(key="long-ago").update(created_at=timezone.now() - timedelta(days=3))
    rule = next(r for r in privacy.retention_rules() if r.name == "core.idempotency_keys")
    assert rule.describe() == "Erased 1 day after the request."
    assert rule.sweep(rule.cutoff(timezone.localdate())) == 1
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["today"]
    assert rule.sweep(rule.cutoff(timezone.localdate())) == 0


def test_the_schema_documents_the_header_and_its_answers(openapi_schema: dict[str, Any]) -> None:
    schema = openapi_schema
    create = schema["paths"][URL]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in create["parameters"])
    assert {"409", "422"} <= set(create["responses"])
    assert not any(p.get("name") == "Idempotency-Key" for p in schema["paths"][URL]["get"].get("parameters", []))


def test_twenty_repeats_at_once_write_once_on_postgresql(live_world: World) -> None:
    """SECURITY.md 17 and 18: twenty copies of one request, sent at the same moment, give one write; the rest are
    told to wait (409) or given the first answer, and none fails. (Row locks: CI's PostgreSQL pass.)"""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent requests are tested on PostgreSQL")
    api = live_world.api("admin")
    answers = at_once(20, lambda: _post(api, _body(live_world, "Concurrent Care"), key="twenty"))
    codes = sorted(getattr(a, "status_code", repr(a)) for a in answers)
    assert len(codes) == 20 and set(codes) <= {201, 409}, codes
    fresh = [a for a in answers if a.status_code == 201 and "Idempotent-Replayed" not in a]
    assert len(fresh) == 1
    assert _count("Concurrent Care") == 1 and IdempotentRequest.objects.filter(key="twenty").count() == 1


def test_the_token_is_checked_once_for_a_write_with_a_key(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The middleware signs the caller in before the API view does; the token's check (a hash and a query) is kept
    on the request for its Authorization header, so it is done once."""
    from workforce_hub.accounts import authentication

    api = world.api("admin")
    checked: list[str] = []
    real = authentication.user_for_key
    monkeypatch.setattr(authentication, "user_for_key", lambda key: checked.append(key) or real(key))
    assert _post(api, _body(world), key="once-1").status_code == 201
    assert len(checked) == 1
    assert _post(api, _body(world, "Hilltop Care")).status_code == 201  # without a key: the view alone
    assert len(checked) == 2
    api.credentials(HTTP_AUTHORIZATION="Token wh_not-a-real-token")
    refused = _post(api, _body(world, "Brook House"), key="once-2")
    assert refused.status_code == 401 and _count("Brook House") == 0
