"""The coordinator's "needs attention" list, assembled from every app without `core` or `home` knowing them.

Each app that has something a coordinator must act on registers a source in its `attention.py` (imported by
its `AppConfig.ready`). A source takes the user and today's date and yields items; it must start from
`visible_to` querysets, so the list never shows what the user could not open. The home page shows the items
in the order of each source's `order` (lower first), then in the order the source yields them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q

from .access import Actor, actor_id


@dataclass(frozen=True)
class AttentionItem:
    what: str
    who: str
    action: str
    link: str
    #: what the item is about, stable from day to day, so it can be snoozed or dismissed (defaults to its words)
    key: str = ""

    @property
    def identity(self) -> str:
        return self.key or f"{self.what}|{self.who}|{self.link}"


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


def attention_items(
    user: Actor, today: date, first: Iterable[AttentionItem] = (), *, found: list[AttentionItem] | None = None
) -> list[AttentionItem]:
    """`first`, then every source's items (or those `found` by `kept_sources`): each once, leaving out what this
    user dismissed or snoozed."""
    from .models import AttentionDismissal

    hidden = set(
        AttentionDismissal.objects.visible_to(user)
        .filter(Q(until__isnull=True) | Q(until__gt=today))
        .values_list("key", flat=True)
    )
    seen: set[str] = set()
    items: list[AttentionItem] = []
    for item in [*first, *(found if found is not None else _work_out(user, today))]:
        if item.identity in seen or item.identity in hidden:
            continue
        seen.add(item.identity)
        items.append(item)
    return items


def kept_sources(user: Actor, today: date) -> tuple[list[AttentionItem], datetime]:
    """Every source's items for this user today, and when they were worked out. At the size of an
    integrated care system that is thousands of items (about half a second), so they are kept for two minutes and
    until the user's own next change (`core.caching.kept_for`); what the user hides is left out on every request."""
    from .caching import kept_for

    uid = actor_id(user)
    return kept_for(user, f"attention:{uid}:{today.isoformat()}", lambda: _work_out(user, today))


def _work_out(user: Actor, today: date) -> list[AttentionItem]:
    return [item for name in sources() for item in _SOURCES[name][1](user, today)]


SNOOZES = {"week": 7, "month": 30, "good": None}


def attention_dismiss(*, actor: Actor, key: str, reason: str, snooze: str, today: date) -> date | None:
    """Snooze an item (for a week or a month) or dismiss it for good, with a reason; audited. Returns the day it
    comes back (None: never)."""
    from .audit import audit_record
    from .models import AttentionDismissal, AuditEvent

    uid = actor_id(actor)
    if uid is None:
        raise PermissionDenied("Sign in to hide an item.")
    errors = {}
    if snooze not in SNOOZES:
        errors["snooze"] = "Choose how long to hide it"
    if not reason.strip():
        errors["reason"] = "Say why it can wait or needs nothing"
    if not key or len(key) > 300:
        errors["key"] = "There is no such item"
    if errors:
        raise ValidationError(errors)
    days = SNOOZES[snooze]
    until = today + timedelta(days=days) if days else None
    AttentionDismissal.objects.update_or_create(
        user_id=uid, key=key, defaults={"reason": reason.strip(), "until": until}
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        object_type="attention",
        object_id=key[:64],
        detail={"snooze": snooze, "until": until.isoformat() if until else None},
    )
    return until
