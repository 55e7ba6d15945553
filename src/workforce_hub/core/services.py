"""Shared write helpers: every create and update is validated, saved and audited in one place."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction

from .access import Actor
from .audit import audit_record
from .models import AuditEvent

M = TypeVar("M", bound=models.Model)


def _field_values(instance: models.Model, names: list[str]) -> dict[str, Any]:
    out = {}
    for name in names:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            out[name] = sorted((instance.pk and getattr(instance, name).values_list("pk", flat=True)) or [])
        else:
            out[name] = getattr(instance, getattr(field, "attname", name))
    return out


@transaction.atomic
def model_create[M: models.Model](*, model: type[M], data: dict[str, Any], actor: Actor) -> M:
    m2m = {k: v for k, v in data.items() if model._meta.get_field(k).many_to_many}
    plain = {k: v for k, v in data.items() if k not in m2m}
    instance = model(**plain)
    instance.full_clean()
    instance.save()
    for name, values in m2m.items():
        getattr(instance, name).set(values)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=instance, detail={"fields": sorted(data)})
    return instance


@transaction.atomic
def model_update[M: models.Model](*, instance: M, data: dict[str, Any], actor: Actor) -> list[str]:
    """Apply `data`, validate, save and audit the names (never the values) of changed fields."""
    names = list(data)
    before = _field_values(instance, names)
    m2m = {k: v for k, v in data.items() if instance._meta.get_field(k).many_to_many}
    for name, value in data.items():
        if name not in m2m:
            setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    for name, values in m2m.items():
        getattr(instance, name).set(values)
    after = _field_values(instance, names)
    changed = sorted(k for k in names if before[k] != after[k])
    if changed:
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=instance, detail={"fields": changed})
    return changed
