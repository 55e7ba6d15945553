"""Refusing an action, always audited.

A refusal is written to the audit log at once. Inside a service that runs in its own transaction
(`atomic_service`), writing it at once would roll it back with everything else, so the refusal rides on the
exception and is written as soon as that transaction has rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from .access import Actor, viewer_for
from .audit import audit_record
from .models import AuditEvent

#: True while an `atomic_service` runs: refusals are then written after its transaction rolls back
_IN_SERVICE_TRANSACTION: ContextVar[bool] = ContextVar("hub_in_service_transaction", default=False)
_PENDING = "hub_refusal_audit"


def audit_refusal(exc: Exception, **audit: Any) -> Exception:
    """Audit a refusal (an ACCESS_DENIED, REFUSED row) now, or after the enclosing service transaction rolls back.
    Returns the exception to raise."""
    audit = {"action": AuditEvent.Action.ACCESS_DENIED, "outcome": AuditEvent.Outcome.REFUSED, **audit}
    if _IN_SERVICE_TRANSACTION.get():
        setattr(exc, _PENDING, audit)
    else:
        audit_record(**audit)
    return exc


def atomic_service[**P, R](func: Callable[P, R]) -> Callable[P, R]:
    """`transaction.atomic` for a service, keeping the audit of any refusal it raises (see the module's doc)."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        outermost = not _IN_SERVICE_TRANSACTION.get()
        token = _IN_SERVICE_TRANSACTION.set(True)
        try:
            with transaction.atomic():
                return func(*args, **kwargs)
        except Exception as exc:
            pending = getattr(exc, _PENDING, None)
            if outermost and pending is not None:
                delattr(exc, _PENDING)
                audit_record(**pending)
            raise
        finally:
            _IN_SERVICE_TRANSACTION.reset(token)

    return wrapper


def require_perm(user: Actor, perm: str) -> None:
    """Refuse (and audit the refusal) unless the user holds the action permission."""
    if not user.has_perm(perm):
        raise audit_refusal(PermissionDenied("You do not have permission to do this."), actor=user, object_type=perm)


def require_perm_in(user: Actor, perm: str, partnership_id: int) -> None:
    """`require_perm`, and the object belongs to the user's own partnership (a coordinator elsewhere is refused)."""
    require_perm(user, perm)
    if viewer_for(user).partnership_id != partnership_id:
        raise audit_refusal(PermissionDenied("You do not have permission to do this."), actor=user, object_type=perm)


def refuse(actor: Actor, obj: models.Model, message: str) -> NoReturn:
    """Refuse an action on one object: audit the refusal (identifiers only), then raise PermissionDenied."""
    raise audit_refusal(PermissionDenied(message), actor=actor, obj=obj)
