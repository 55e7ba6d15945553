"""Audit every login, logout and failed login (SECURITY.md 11)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from .access import Actor
from .audit import audit_record
from .models import AuditEvent


@receiver(user_logged_in)
def _on_login(sender: object, request: HttpRequest, user: Actor, **kwargs: Any) -> None:
    audit_record(actor=user, action=AuditEvent.Action.LOGIN, object_type="accounts.user", object_id=user.pk)


@receiver(user_logged_out)
def _on_logout(sender: object, request: HttpRequest, user: Actor, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditEvent.Action.LOGOUT, object_type="accounts.user", object_id=user.pk)


@receiver(user_login_failed)
def _on_login_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The typed login is personal data: record only that a failure happened.
    audit_record(
        actor=None,
        action=AuditEvent.Action.LOGIN_FAILED,
        object_type="accounts.user",
        outcome=AuditEvent.Outcome.FAILED,
    )


def migrated(post_migrate_kwargs: dict[str, Any], *models: str) -> bool:
    """Whether the tables of these models ("app_label.Model") exist after the migrate that sent post_migrate.
    post_migrate follows every migrate, also one that took an app back to nothing (scripts/check_migrations.py)."""
    state = post_migrate_kwargs.get("apps")
    if state is None:
        return True
    try:
        for model in models:
            state.get_model(model)
    except LookupError:
        return False
    return True
