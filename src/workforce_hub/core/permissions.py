from __future__ import annotations

from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.db import models

from .access import Actor
from .audit import audit_record
from .models import AuditEvent


def require_perm(user: Actor, perm: str) -> None:
    """Refuse (and audit the refusal) unless the user holds the action permission."""
    if not user.has_perm(perm):
        audit_record(
            actor=user,
            action=AuditEvent.Action.ACCESS_DENIED,
            object_type=perm,
            outcome=AuditEvent.Outcome.REFUSED,
        )
        raise PermissionDenied("You do not have permission to do this.")


def require_perm_in(user: Actor, perm: str, partnership_id: int) -> None:
    """`require_perm`, and the object belongs to the user's own partnership (a coordinator elsewhere is refused)."""
    require_perm(user, perm)
    from .access import viewer_for

    if viewer_for(user).partnership_id != partnership_id:
        audit_record(
            actor=user,
            action=AuditEvent.Action.ACCESS_DENIED,
            object_type=perm,
            outcome=AuditEvent.Outcome.REFUSED,
        )
        raise PermissionDenied("You do not have permission to do this.")


def refuse(actor: Actor, obj: models.Model, message: str) -> NoReturn:
    """Refuse an action on one object: audit the refusal (identifiers only), then raise PermissionDenied."""
    audit_record(actor=actor, action=AuditEvent.Action.ACCESS_DENIED, obj=obj)
    raise PermissionDenied(message)
