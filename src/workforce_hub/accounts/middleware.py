"""Session lifetime and multi-factor authentication enforcement."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .mfa import mfa_setup_needed

_LOGIN_AT = "hub_login_at"


class SessionTimeoutMiddleware:
    """Absolute timeout: however active, a session ends SESSION_ABSOLUTE_TIMEOUT_SECONDS after login.

    The idle timeout is Django's own (SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.get(_LOGIN_AT)
            if started is None:
                request.session[_LOGIN_AT] = now
            elif now - int(started) > settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    return HttpResponse(status=401)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


_MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/api/")


class RequireMfaMiddleware:
    """Partnership-wide staff (coordinators, partnership admins) must set up TOTP before using the Hub.

    The API applies the same rule in its authentication classes (`accounts.authentication`), for the session and
    for tokens alike.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.HUB_REQUIRE_MFA and not request.path.startswith(_MFA_EXEMPT_PREFIXES):
            user = getattr(request, "user", None)
            if user is not None and mfa_setup_needed(user):
                return redirect("mfa_activate_totp")
        return self.get_response(request)
