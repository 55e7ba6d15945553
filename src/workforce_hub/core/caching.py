"""Figures that are slow to work out at the size of an integrated care system, kept for a short while.

Every change through the Hub's services writes an audit event, so the latest audit event that changed something says
whether anything has changed. Two ways to keep a figure:

- `until_changed`: until the partnership's next change (or `seconds`). Right for a figure that few people read and
  that must never lag, such as the monitoring list on partner leads' homes.
- `kept_for`: for `seconds` (two minutes by default), and made afresh at once after a change **by the person reading
  it**. Right for what busy pages show to many people in a partnership where someone changes something every few
  seconds (then `until_changed` would work everything out again on nearly every request): a coordinator sees their
  own changes at once and everyone else's within two minutes, and the page says when its figures were worked out.

The cache is the one every process shares (`CACHES`: a database table in production), so each web process does not
work the same figure out again. Keys must say everything else the value depends on: whose view it is (their person,
or a role that sees the same) and the day if it depends on today's date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

from .access import Actor, actor_id
from .models import AuditEvent

#: the longest a figure kept `until_changed` is kept, even if nothing changes in the meantime
KEEP_SECONDS = 600
#: how long a figure `kept_for` a person may lag behind other people's changes
LAG_SECONDS = 120
#: what an audit event records that changes data (reads, sign-ins, refusals and exports change nothing)
CHANGES = (
    AuditEvent.Action.CREATE,
    AuditEvent.Action.UPDATE,
    AuditEvent.Action.DELETE,
    AuditEvent.Action.IMPORT,
    AuditEvent.Action.PUBLISH,
)


def partnership_version(partnership_id: int) -> int:
    """The partnership's latest change (0 before the first): read backwards along an index."""
    latest = AuditEvent.objects.filter(partnership_id=partnership_id, action__in=CHANGES).aggregate(m=Max("pk"))
    return int(latest["m"] or 0)


def until_changed[T](partnership_id: int, key: str, compute: Callable[[], T], *, seconds: int = KEEP_SECONDS) -> T:
    """`compute()`, kept under `key` until the partnership's next change or for `seconds`."""
    full = f"{key}:p{partnership_id}:v{partnership_version(partnership_id)}"
    found: T | None = cache.get(full)
    if found is None:
        found = compute()
        cache.set(full, found, seconds)
    return found


def kept_for[T](reader: Actor, key: str, compute: Callable[[], T], *, seconds: int = LAG_SECONDS) -> tuple[T, datetime]:
    """`compute()` and when it was worked out, kept under `key` for `seconds`, but worked out afresh when the reader
    has changed something since. Everyone whose key is the same shares the value. Someone not signed in is never
    given a kept value."""
    uid = actor_id(reader)
    found: tuple[T, datetime] | None = cache.get(key) if uid is not None else None
    if found is not None:
        worked_out = found[1]
        if not AuditEvent.objects.filter(actor_id=uid, action__in=CHANGES, at__gte=worked_out).exists():
            return found
    started = timezone.now()  # before reading: a change made while it is worked out makes it again next time
    value = compute()
    if uid is not None:
        cache.set(key, (value, started), seconds)
    return value, started
