"""The privacy registry: every model holding personal data says how to find a person's rows.

Used for subject-access export (and, later, erasure and retention). A test fails when a model with a
link to a person is not registered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class PersonalDataEntry:
    model: type[models.Model]
    rows_for_person: Callable[[int], Iterable[models.Model]]
    fields: tuple[str, ...]
    retention: str


_REGISTRY: dict[str, PersonalDataEntry] = {}


def register(model: type[models.Model], *, person_path: str, fields: Iterable[str], retention: str) -> None:
    """Register `model`; `person_path` is the ORM path from the model to the Person id."""

    def rows(person_id: int) -> Iterable[models.Model]:
        return model._default_manager.filter(**{person_path: person_id})

    _REGISTRY[model._meta.label_lower] = PersonalDataEntry(model, rows, tuple(fields), retention)


def registered() -> dict[str, PersonalDataEntry]:
    return dict(_REGISTRY)


def export_person(person_id: int) -> dict[str, list[dict[str, Any]]]:
    """Everything the registry knows about one person, as plain data."""
    out: dict[str, list[dict[str, Any]]] = {}
    for label, entry in sorted(_REGISTRY.items()):
        rows = []
        for obj in entry.rows_for_person(person_id):
            rows.append({f: _plain(getattr(obj, f, None)) for f in ("id", *entry.fields)})
        out[label] = rows
    return out


def _plain(value: object) -> object:
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool, list, dict)) or value is None:
        return value
    return str(value)
