"""The two-step verification rule, one place for every channel (pages, the API by session, the API by token)."""

from __future__ import annotations

from django.conf import settings

from workforce_hub.core.access import Actor, viewer_for


def mfa_setup_needed(user: Actor) -> bool:
    """Partnership-wide staff (coordinators, partnership admins) must have set up an authenticator app."""
    if not settings.HUB_REQUIRE_MFA or not user.is_authenticated or not viewer_for(user).is_partnership_wide:
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
