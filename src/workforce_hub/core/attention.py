"""The coordinator's "needs attention" list, assembled from every app without `core` or `home` knowing them.

Each app that has something a coordinator must act on registers a source in its `attention.py` (imported by
its `AppConfig.ready`). A source takes the user and today's date and yields items; it must start from
`visible_to` querysets, so the list never shows what the user could not open. The home page shows the items
in the order of each source's `order` (lower first), then in the order the source yields them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .access import Actor


@dataclass(frozen=True)
class AttentionItem:
    what: str
    who: str
    action: str
    link: str


AttentionSource = Callable[[Any, date], Iterable[AttentionItem]]
_SOURCES: dict[str, tuple[int, AttentionSource]] = {}


def register(name: str, *, order: int) -> Callable[[AttentionSource], AttentionSource]:
    """Decorator: add a source under a unique name (registering the same name again replaces it)."""

    def decorator(source: AttentionSource) -> AttentionSource:
        _SOURCES[name] = (order, source)
        return source

    return decorator


def sources() -> list[str]:
    """The registered source names, in the order their items are shown."""
    return [name for name, _ in sorted(_SOURCES.items(), key=lambda kv: (kv[1][0], kv[0]))]


def attention_items(user: Actor, today: date) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    for name in sources():
        items.extend(_SOURCES[name][1](user, today))
    return items
