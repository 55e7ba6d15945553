"""API tokens (named, expiring, revocable, ended by a password change or deactivation) and two-step verification
on every channel: pages, the API by session and the API by token (SECURITY.md 5)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone
from rest_framework.test import APIClient

from workforce_hub.accounts.models import ApiToken
from workforce_hub.accounts.tokens import hash_key, token_create
from workforce_hub.core.models import AuditEvent

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _key(user: Any, days: int = 30) -> str:
    return token_create(actor=user, name="Report", expires_on=timezone.localdate() + timedelta(days=days))[1]


def _api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


# ----------------------------------------------------------------------------- two-step verification on the API


@pytest.mark.parametrize("who", ["coordinator", "admin"])
def test_the_api_refuses_a_session_without_two_step_verification_where_pages_require_it(
    world: Any, client: Any, who: str
) -> None:
    user = world.users[who]
    Authenticator.objects.filter(user=user).delete()
    client.force_login(user, backend=BACKEND)
    for response in (
        client.get("/api/v1/people/"),
        client.post("/api/v1/people/", {}, content_type="application/json"),
    ):
        assert response.status_code == 403
        assert "two-step verification" in response.json()["detail"]


def test_the_api_refuses_a_token_of_someone_who_has_not_set_up_two_step_verification(world: Any) -> None:
    user = world.users["coordinator"]
    key = _key(user)
    assert _api(key).get("/api/v1/people/").status_code == 200
    Authenticator.objects.filter(user=user).delete()
    assert _api(key).get("/api/v1/people/").status_code == 403


def test_the_api_by_session_works_with_two_step_verification_and_for_roles_that_do_not_need_it(
    world: Any, client: Any
) -> None:
    assert Authenticator.objects.filter(user=world.users["coordinator"], type="totp").exists()
    client.force_login(world.users["coordinator"], backend=BACKEND)
    assert client.get("/api/v1/people/").status_code == 200
    tutor = APIClient()
    tutor.force_login(world.users["tutor"], backend=BACKEND)
    Authenticator.objects.filter(user=world.users["tutor"]).delete()
    assert tutor.get("/api/v1/people/").status_code == 200


# ----------------------------------------------------------------------------------------------- the token page


def test_a_token_is_made_on_its_page_shown_once_and_kept_only_as_a_hash(world: Any, client: Any) -> None:
    client.force_login(world.users["tutor"], backend=BACKEND)
    expires = (timezone.localdate() + timedelta(days=60)).isoformat()
    page = client.post("/api-tokens/", {"name": "Funding report", "expires_on": expires})
    assert page.status_code == 200
    key = re.search(r'data-testid="new-key">(wh_[\w-]+)<', page.content.decode()).group(1)  # type: ignore[union-attr]
    token = ApiToken.objects.get(user=world.users["tutor"], name="Funding report")
    assert token.key_hash == hash_key(key) and key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert key not in client.get("/api-tokens/").content.decode()  # never shown again
    assert "Funding report" in client.get("/api-tokens/").content.decode()
    assert _api(key).get("/api/v1/people/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert AuditEvent.objects.filter(object_type="accounts.apitoken", object_id=str(token.pk), action="create").exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "expires_on": "2099-01-01"}, "name", "Enter a name for the token"),
        ({"name": "X", "expires_on": ""}, "expires_on", "Enter the date the token expires"),
        ({"name": "X", "expires_on": "yesterday"}, "expires_on", "Enter a real date"),
        ({"name": "X", "expires_on": "2000-01-01"}, "expires_on", "must be in the future"),
        ({"name": "X", "expires_on": "2099-01-01"}, "expires_on", "at most 365 days"),
    ],
)
def test_a_bad_token_form_says_what_is_wrong_and_keeps_what_was_typed(
    world: Any, client: Any, data: dict[str, str], field: str, message: str
) -> None:
    client.force_login(world.users["tutor"], backend=BACKEND)
    page = client.post("/api-tokens/", data)
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="new-key"' not in html
    assert f'href="#{"id_" + field}"' in html and message in html  # in the error summary, linked to the field
    assert f'name="name" type="text" value="{data["name"]}"' in html or data["name"] == ""
    assert not ApiToken.objects.filter(user=world.users["tutor"]).exists()


def test_a_revoked_or_expired_token_stops_working(world: Any, client: Any) -> None:
    user = world.users["tutor"]
    key = _key(user)
    token = ApiToken.objects.get(key_hash=hash_key(key))
    client.force_login(user, backend=BACKEND)
    assert client.post(f"/api-tokens/{token.pk}/revoke/").status_code == 302
    assert _api(key).get("/api/v1/people/").status_code == 401
    token.refresh_from_db()
    assert token.status == "Revoked" and token.revoked_reason == "Revoked by its user"
    expired = _key(user)
    ApiToken.objects.filter(key_hash=hash_key(expired)).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _api(expired).get("/api/v1/people/").status_code == 401
    assert _api("wh_not-a-real-key").get("/api/v1/people/").status_code == 401


def test_nobody_revokes_or_sees_anyone_elses_tokens(world: Any, client: Any) -> None:
    key = _key(world.users["tutor"])
    token = ApiToken.objects.get(key_hash=hash_key(key))
    client.force_login(world.users["coordinator"], backend=BACKEND)
    assert "Report" not in client.get("/api-tokens/").content.decode()
    assert client.post(f"/api-tokens/{token.pk}/revoke/").status_code == 404  # not told that it exists
    assert _api(key).get("/api/v1/people/").status_code == 200
    assert client.get("/api-tokens/", follow=False).status_code == 200
    assert APIClient().get("/api-tokens/").status_code == 302  # signed out: to the login page


def test_a_token_cannot_reach_the_token_page(world: Any) -> None:
    key = _key(world.users["tutor"])
    response = _api(key).post("/api-tokens/", {"name": "More", "expires_on": "2099-01-01"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert ApiToken.objects.filter(user=world.users["tutor"]).count() == 1


def test_a_password_change_ends_every_token(world: Any, client: Any) -> None:
    user = world.users["tutor"]
    keys = [_key(user), _key(user)]
    user.set_password("A-new-long-passphrase-2026")
    user.save()
    for key in keys:
        assert _api(key).get("/api/v1/people/").status_code == 401
    assert set(ApiToken.objects.filter(user=user).values_list("revoked_reason", flat=True)) == {"Password changed"}


def test_deactivation_ends_every_token_and_other_saves_do_not(world: Any) -> None:
    user = world.users["tutor"]
    key = _key(user)
    user.first_name = "Changed"
    user.save()
    assert _api(key).get("/api/v1/people/").status_code == 200
    user.is_active = False
    user.save()
    assert ApiToken.objects.get(key_hash=hash_key(key)).revoked_reason == "Login deactivated"
    user.is_active = True
    user.save()
    assert _api(key).get("/api/v1/people/").status_code == 401  # reactivating does not bring a token back


def test_the_revoke_service_refuses_anyone_elses_token_with_an_audit(world: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from workforce_hub.accounts import tokens
    from workforce_hub.core.models import AuditEvent

    key = _key(world.users["tutor"])
    token = ApiToken.objects.get(key_hash=hash_key(key))
    with pytest.raises(PermissionDenied):
        tokens.token_revoke(actor=world.users["coordinator"], token=token)
    assert AuditEvent.objects.filter(action="access_denied", object_type="accounts.apitoken").exists()
    token.refresh_from_db()
    assert token.revoked_at is None
