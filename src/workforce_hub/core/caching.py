"""Figures that are slow to work out at the size of an integrated care system, kept until the data changes.

Every change through the Hub's services writes an audit event, so a partnership's latest audit event says whether
anything it holds has changed. A value cached under that event (and the day, for lists that depend on today's date)
is made afresh after the next change, and after `seconds` at most. The cache is the one every process shares
(`CACHES`: a database table in production), so each web process does not work the same figure out again.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db.models import Max

from .models import AuditEvent

#: the longest a cached figure is kept, even if nothing is audited in the meantime
KEEP_SECONDS = 600


def partnership_version(partnership_id: int) -> int:
    """The partnership's latest audit event (0 before the first): one look-up in an index."""
    latest = AuditEvent.objects.filter(partnership_id=partnership_id).aggregate(m=Max("pk"))["m"]
    return int(latest or 0)


def until_changed[T](partnership_id: int, key: str, compute: Callable[[], T], *, seconds: int = KEEP_SECONDS) -> T:
    """`compute()`, kept under `key` until the partnership's next audited change or for `seconds`. The key must say
    everything else the value depends on: whose view it is (their person, or a role that sees the same) and the
    day if it depends on today's date."""
    full = f"{key}:p{partnership_id}:v{partnership_version(partnership_id)}"
    found: T | None = cache.get(full)
    if found is None:
        found = compute()
        cache.set(full, found, seconds)
    return found
