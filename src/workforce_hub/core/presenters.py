"""Typed page data. A selector for a page returns a frozen dataclass (a presenter) instead of a dict, so what a
template gets is declared and checked; `as_context()` hands its fields to the template as they are (no copies)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Presenter:
    def as_context(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
