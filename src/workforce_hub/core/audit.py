"""Writing to the audit log. Only identifiers and field names go in; never personal values."""

from __future__ import annotations

from typing import Any

from django.db import models

from .access import Actor, actor_id, viewer_for
from .models import AuditEvent


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    outcome: str = AuditEvent.Outcome.SUCCESS,
    detail: dict[str, Any] | None = None,
    partnership_id: int | None = None,
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        partnership_id = partnership_id or getattr(obj, "partnership_id", None)
    user_id = actor_id(actor)
    if partnership_id is None and actor is not None and user_id is not None:
        partnership_id = viewer_for(actor).partnership_id
    return AuditEvent.objects.create(
        actor_id=user_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        outcome=outcome,
        detail=detail or {},
        partnership_id=partnership_id,
    )
