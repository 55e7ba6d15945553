"""API authentication: named, expiring, revocable tokens, and the session, both under the two-step rule."""

from __future__ import annotations

from typing import Any

from drf_spectacular.authentication import SessionScheme, TokenScheme
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.request import Request

from .mfa import mfa_setup_needed
from .tokens import user_for_key

MFA_NEEDED = (
    "Set up two-step verification (an authenticator app) on the Hub's pages before using the API: your role can see "
    "the whole partnership."
)


class HubTokenAuthentication(TokenAuthentication):
    """`Authorization: Token wh_…` with a key from the "API tokens" page.

    The answer is kept on the request for its Authorization header: a write with an `Idempotency-Key` is signed in
    by the idempotency middleware first, then by the API view, and the token (a hash and a query) is checked once.
    A refusal is not kept, so the second check refuses again in the same words."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        kept: dict[str, tuple[Any, Any]] = request._request.__dict__.setdefault("_hub_token_auth", {})
        if header in kept:
            return kept[header]
        result = super().authenticate(request)
        if result is not None:
            kept[header] = result
        return result

    def authenticate_credentials(self, key: str) -> tuple[Any, None]:
        user = user_for_key(key)
        if user is None:
            raise exceptions.AuthenticationFailed("The token is not valid: it may have expired or been revoked.")
        if mfa_setup_needed(user):
            raise exceptions.PermissionDenied(MFA_NEEDED)
        return user, None


class MfaSessionAuthentication(SessionAuthentication):
    """The browser session, refused where the pages would send the user to set up two-step verification."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is not None and mfa_setup_needed(result[0]):
            raise exceptions.PermissionDenied(MFA_NEEDED)
        return result


# The OpenAPI schema describes both as drf-spectacular describes DRF's own classes (registered on import).
class HubTokenScheme(TokenScheme):
    target_class = "workforce_hub.accounts.authentication.HubTokenAuthentication"
    name = "tokenAuth"


class HubSessionScheme(SessionScheme):
    target_class = "workforce_hub.accounts.authentication.MfaSessionAuthentication"
    name = "cookieAuth"
