"""Accounts and sessions (SECURITY.md 5-7): MFA for partnership-wide roles, lockout, timeouts, headers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from conftest import PASSWORD
from workforce_hub.core.models import AuditEvent

ROOT = Path(__file__).resolve().parents[4]


def _login(client: Any, email: str, password: str = PASSWORD) -> Any:
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR="10.0.0.1")


@pytest.mark.parametrize("who", ["coordinator", "admin"])
def test_partnership_wide_staff_must_set_up_mfa(world: Any, client: Any, who: str) -> None:
    user = world.users[who]
    Authenticator.objects.filter(user=user).delete()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    r = client.get("/people/")
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/2fa/totp/activate")


@pytest.mark.parametrize("who", ["tutor", "apprentice", "host_manager"])
def test_other_roles_are_not_forced_to_mfa(world: Any, client: Any, who: str) -> None:
    client.force_login(world.users[who], backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.get("/people/").status_code == 200


def test_login_with_mfa_asks_for_a_code(world: Any, client: Any) -> None:
    r = _login(client, world.users["coordinator"].email)
    assert r.status_code == 302
    assert "/accounts/2fa/authenticate/" in r["Location"]
    # not logged in until the code is given
    assert client.get("/people/").status_code == 302


def test_login_lands_on_role_home(world: Any, client: Any) -> None:
    r = _login(client, world.users["tutor"].email)
    assert r.status_code == 302
    r = client.get("/", follow=True)
    assert r.redirect_chain[-1][0] == "/home/tutor/"
    assert AuditEvent.objects.filter(action="login", actor=world.users["tutor"]).exists()


def test_repeated_failures_lock_the_account(world: Any, client: Any) -> None:
    email = world.users["tutor"].email
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, email, "wrong-password")
    r = _login(client, email)  # right password, but locked
    assert r.status_code in (403, 429)
    assert "locked" in r.content.decode().lower()
    assert AuditEvent.objects.filter(action="login_failed").count() >= settings.AXES_FAILURE_LIMIT
    assert not any(email in str(e.detail) for e in AuditEvent.objects.all())


def test_idle_timeout_is_configured() -> None:
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_absolute_timeout_logs_out(world: Any, client: Any) -> None:
    client.force_login(world.users["tutor"], backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.get("/people/").status_code == 200
    session = client.session
    session["hub_login_at"] = int(time.time()) - settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS - 1
    session.save()
    r = client.get("/people/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_deactivated_user_loses_access(world: Any, client: Any) -> None:
    user = world.users["tutor"]
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    user.is_active = False
    user.save()
    assert client.get("/people/").status_code == 302


@pytest.mark.parametrize("password", ["password123", "short", "12345678901234"])
def test_weak_passwords_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_argon2_is_the_production_hasher() -> None:
    from workforce_hub.config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_public_signup_is_closed(db: Any, client: Any) -> None:
    r = client.get("/accounts/signup/")
    assert r.status_code in (200, 403)
    assert "Sign up" not in r.content.decode() or "closed" in r.content.decode().lower()


def test_security_headers(world: Any, client: Any) -> None:
    r = client.get("/accounts/login/")
    csp = r["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"
    assert r["X-Frame-Options"] == "DENY"
    body = r.content.decode()
    # every inline script carries the nonce
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert body.count("<script") == body.count(f'nonce="{nonce}"')


def test_session_cookie_flags(world: Any, client: Any) -> None:
    r = _login(client, world.users["tutor"].email)
    cookie = r.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_check_deploy_is_clean_with_production_settings() -> None:
    # the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; production never has it
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "workforce_hub.config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-for-the-check-" + "y" * 20,
        "DJANGO_ALLOWED_HOSTS": "hub.example.nhs.uk",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_missing_secret() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "workforce_hub.config.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@override_settings(DEBUG=False)
def test_error_pages_show_no_traceback(world: Any, client: Any) -> None:
    client.force_login(world.users["tutor"], backend="allauth.account.auth_backends.AuthenticationBackend")
    r = client.get("/people/999999/")
    assert r.status_code == 404
    assert "Traceback" not in r.content.decode()
    assert "Page not found" in r.content.decode()


def test_mfa_set_up_page_is_plain_english_and_activates(world: Any, client: Any) -> None:
    from allauth.mfa.totp.internal.auth import hotp_value

    user = world.users["coordinator"]
    Authenticator.objects.filter(user=user).delete()
    assert _login(client, user.email).status_code == 302
    r = client.get("/people/", follow=True)  # sent to set up MFA, which first asks for the password again
    assert r.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    assert "Confirm it is you" in r.content.decode()
    r = client.post(r.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert r.redirect_chain[-1][0].startswith("/accounts/2fa/totp/activate")
    body = r.content.decode()
    assert "Set up your authenticator app" in body
    secret = body.split("Type this key into the app instead: <code>")[1].split("</code>")[0]
    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert "There is a problem" in wrong.content.decode()
    code = f"{hotp_value(secret, int(time.time()) // 30):06d}"
    ok = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert ok.status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert client.get("/people/").status_code == 200
