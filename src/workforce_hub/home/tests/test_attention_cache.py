"""The coordinator's "needs attention" list at the size of an integrated care system is kept between requests
(`core.caching.kept_for`): for two minutes, made afresh at once after the coordinator's own change, never shared
between people, and what the coordinator hides leaves it at once. `until_changed` (monitoring) lasts until any change
in the partnership."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from workforce_hub.core import attention
from workforce_hub.core.attention import AttentionItem
from workforce_hub.core.audit import audit_record
from workforce_hub.core.caching import kept_for, until_changed
from workforce_hub.core.models import AuditEvent


@pytest.fixture
def counted() -> Iterator[list[str]]:
    """A source that names whoever it was asked for, and counts how often it was worked out."""
    calls: list[str] = []

    def source(user: Any, today: date) -> Iterator[AttentionItem]:
        calls.append(user.email)
        yield AttentionItem(f"Counted {len(calls)}", user.email, "Nothing", "/", key=f"counted:{user.pk}")

    attention.register("zz-counted", order=999)(source)
    yield calls
    del attention._SOURCES["zz-counted"]


def _items(client: Any) -> str:
    page = client.get("/home/coordinator/")
    assert page.status_code == 200
    return str(page.content.decode())


def _change(world: Any, key: str | None, partnership: str = "p1", action: str = AuditEvent.Action.UPDATE) -> None:
    audit_record(
        actor=world.users[key] if key else None,
        action=action,
        object_type="test",
        partnership_id=getattr(world, partnership).pk,
    )


def test_the_list_is_kept_until_the_coordinators_own_change(
    world: Any, login: Any, client: Any, counted: list[str]
) -> None:
    login("coordinator")
    first = _items(client)
    assert "Counted 1" in first and "Worked out " in first and "other people's within two minutes" in first
    assert "Counted 1" in _items(client) and len(counted) == 1  # kept: not worked out again
    _change(world, "admin")  # someone else's change shows within two minutes, not at once
    _change(world, "coordinator", action=AuditEvent.Action.READ_SENSITIVE)  # reading changes nothing
    assert "Counted 1" in _items(client) and len(counted) == 1
    _change(world, "coordinator")  # their own change shows at once
    assert "Counted 2" in _items(client) and len(counted) == 2


def test_each_person_has_their_own_list(world: Any, login: Any, client: Any, counted: list[str]) -> None:
    world.people["admin"].memberships.update(role="coordinator")  # a second coordinator of the same partnership
    login("coordinator")
    mine = _items(client)
    login("admin")
    theirs = _items(client)
    assert world.users["coordinator"].email in mine and world.users["coordinator"].email not in theirs
    assert world.users["admin"].email in theirs and len(counted) == 2


def test_hiding_an_item_takes_it_off_the_kept_list_at_once(
    world: Any, login: Any, client: Any, counted: list[str]
) -> None:
    login("coordinator")
    assert "Counted 1" in _items(client)
    key = f"counted:{world.users['coordinator'].pk}"
    response = client.post("/home/attention/hide/", {"key": key, "reason": "Known", "snooze": "week"})
    assert response.status_code == 302
    assert "Counted" not in _items(client)


def test_until_changed_keeps_a_value_per_key_until_the_partnerships_next_change(world: Any) -> None:
    made: list[int] = []

    def make() -> int:
        made.append(1)
        return len(made)

    assert until_changed(world.p1.pk, "k", make) == 1
    assert until_changed(world.p1.pk, "k", make) == 1
    assert until_changed(world.p1.pk, "other", make) == 2  # another key: worked out on its own
    assert until_changed(world.p2.pk, "k", make) == 3  # another partnership: never shared
    _change(world, "coordinator", action=AuditEvent.Action.EXPORT)  # an export changes nothing
    assert until_changed(world.p1.pk, "k", make) == 1
    _change(world, None)
    assert until_changed(world.p1.pk, "k", make) == 4


def test_kept_for_is_shared_under_one_key_and_made_again_after_the_readers_change(world: Any) -> None:
    made: list[int] = []

    def make() -> int:
        made.append(1)
        return len(made)

    coordinator, admin = world.users["coordinator"], world.users["admin"]
    assert kept_for(coordinator, "k", make)[0] == 1
    assert kept_for(admin, "k", make)[0] == 1  # the same key: shared
    _change(world, "admin")
    assert kept_for(coordinator, "k", make)[0] == 1  # another's change: kept
    assert kept_for(admin, "k", make)[0] == 2  # the reader's own change: worked out again
    assert kept_for(admin, "short", make, seconds=0)[0] == 3
    assert kept_for(admin, "short", make, seconds=0)[0] == 4  # gone after its time
    assert kept_for(AnonymousUser(), "k", make)[0] == 5  # nobody signed in: never given a kept value
