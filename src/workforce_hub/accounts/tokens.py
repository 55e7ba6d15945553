"""API tokens: made by their user (after signing in, so after two-step verification), shown once, kept as a hash,
revoked by the user, on a password change and on deactivation."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from workforce_hub.core.access import Actor
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import refuse

from .models import ApiToken, User

PREFIX = "wh_"
LONGEST = 365
DEFAULT_DAYS = 90


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, actor: Actor, name: str, expires_on: date) -> tuple[ApiToken, str]:
    """A new token for the signed-in user; returns it and its key (the only time the key is seen)."""
    today = timezone.localdate()
    errors = {}
    if not name.strip():
        errors["name"] = "Enter a name for the token, such as the report or system that will use it."
    if expires_on <= today:
        errors["expires_on"] = "The expiry date must be in the future."
    elif expires_on > today + timedelta(days=LONGEST):
        errors["expires_on"] = (
            f"A token can last at most {LONGEST} days: choose a date before {(today + timedelta(days=LONGEST + 1)):%-d %B %Y}."
        )
    if errors:
        raise ValidationError(errors)
    key = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user_id=actor.pk,
        name=name.strip(),
        prefix=key[:10],
        key_hash=hash_key(key),
        expires_at=timezone.make_aware(datetime.combine(expires_on, time.max)),
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=token, detail={"expires_on": expires_on.isoformat()})
    return token, key


def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Users revoke their own tokens only (`access.access_token` fetches one; anyone else's is refused here too)."""
    if token.user_id != actor.pk:
        refuse(actor, token, "You can revoke your own tokens only.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_reason = "Revoked by its user"
        token.save(update_fields=["revoked_at", "revoked_reason"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=token, detail={"revoked": True})
    return token


def tokens_revoke_all(*, user_id: int, reason: str) -> int:
    """Every live token of a user ends now (password changed, login deactivated)."""
    return ApiToken.objects.filter(user_id=user_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )


def tokens_of(*, actor: Actor) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user_id=actor.pk)


def user_for_key(key: str) -> User | None:
    """The active user a live key belongs to, noting when it was last used (at most once a minute)."""
    token = ApiToken.objects.live().select_related("user").filter(key_hash=hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
