from __future__ import annotations

from django.core.exceptions import PermissionDenied

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
