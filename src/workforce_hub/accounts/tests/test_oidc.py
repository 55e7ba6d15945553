"""Sign-in with the organisation's identity provider (OpenID Connect through allauth), against a real provider on
loopback: invited people are matched by a verified e-mail address; nobody else gets in; two-step verification still
applies to those who need it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from allauth.socialaccount.models import SocialAccount

from conftest import World
from workforce_hub.accounts.models import User
from workforce_hub.core.models import AuditEvent

from .oidc import Provider, oidc_provider, sign_in

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="the loopback provider runs on Node.js")


@pytest.fixture
def provider(live_world: World, live_server: Any, settings: Any) -> Iterator[Provider]:
    accounts = {
        "staff": {"email": "staff@north.example", "email_verified": True, "name": "Staff Test"},
        "unverified": {"email": "line_manager@north.example", "email_verified": False},
        "stranger": {"email": "someone.else@north.example", "email_verified": True},
        "coordinator": {"email": "COORDINATOR@north.example", "email_verified": True},
        "other_host": {"email": "other_host@north.example", "email_verified": True},
    }
    with oidc_provider(live_server.url, accounts) as p:
        settings.SOCIALACCOUNT_PROVIDERS = p.app_settings()
        yield p


def _signed_in(session: Any, url: str) -> bool:
    home = session.get(url + "/", timeout=20)
    return home.status_code == 200 and "/home/" in home.url


def test_an_invited_person_signs_in_with_a_verified_address(
    provider: Provider, live_server: Any, live_world: World
) -> None:
    login_page = requests.get(live_server.url + "/accounts/login/", timeout=20).text
    assert "Test identity provider" in login_page  # offered on the sign-in page

    session, page = sign_in(live_server.url, provider.provider_id, "staff")

    assert page.url.startswith(live_server.url + "/home/"), page.url
    assert _signed_in(session, live_server.url)
    linked = SocialAccount.objects.get(provider=provider.provider_id, uid="staff")
    assert linked.user_id == live_world.users["staff"].pk
    assert AuditEvent.objects.filter(action="login", actor_id=live_world.users["staff"].pk).exists()
    # from now on they sign in with their organisation's account: the Hub password is switched off, so leaving the
    # organisation (the provider disables them) is enough to stop their access
    assert not User.objects.get(pk=live_world.users["staff"].pk).has_usable_password()
    # the second time, the linked account signs in straight away
    again, page = sign_in(live_server.url, provider.provider_id, "staff")
    assert _signed_in(again, live_server.url)


@pytest.mark.parametrize("login", ["unverified", "stranger"])
def test_no_one_else_gets_in(provider: Provider, live_server: Any, login: str) -> None:
    users = User.objects.count()
    session, page = sign_in(live_server.url, provider.provider_id, login)
    assert "We could not find your invitation" in page.text
    assert not _signed_in(session, live_server.url)
    assert User.objects.count() == users and not SocialAccount.objects.exists()


def test_a_deactivated_person_cannot_sign_in(provider: Provider, live_server: Any, live_world: World) -> None:
    User.objects.filter(pk=live_world.users["other_host"].pk).update(is_active=False)
    session, page = sign_in(live_server.url, provider.provider_id, "other_host")
    assert "Your access has ended" in page.text
    assert not _signed_in(session, live_server.url)


def test_two_step_verification_still_applies(provider: Provider, live_server: Any, live_world: World) -> None:
    # the coordinator has an authenticator app set up; the provider's address differs only in case
    session, page = sign_in(live_server.url, provider.provider_id, "coordinator")
    assert "/accounts/2fa/authenticate/" in page.url
    assert not _signed_in(session, live_server.url)
