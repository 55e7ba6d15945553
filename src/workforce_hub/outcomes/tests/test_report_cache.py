"""The scheme report is kept between requests for two minutes and until the reader's own next change
(`core.caching.kept_for`), and only ever shared between people given the same cohorts."""

from __future__ import annotations

import re
from typing import Any

from conftest import World, enrol
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent


def _accepted(client: Any, world: World, query: str = "") -> int:
    """The "Accepted" figure of the page (not the export: an export is audited, which is itself a change)."""
    page = client.get(f"/outcomes/reports/schemes/{world.scheme.pk}/{query}")
    assert page.status_code == 200
    found = re.search(r"Accepted\s*</t[hd]>\s*<td[^>]*>\s*(\d+)\s*<", page.content.decode())
    assert found, "no Accepted row"
    return int(found.group(1))


def test_the_report_is_kept_until_the_readers_own_change(world: World, login: Any) -> None:
    client = login("coordinator")
    before = _accepted(client, world)
    enrol(world, "late", world.cohorts["main"], world.people["other_line_manager"])  # written without the services
    assert _accepted(client, world) == before  # kept
    audit_record(actor=world.users["admin"], action=AuditEvent.Action.UPDATE, object_type="test")
    assert _accepted(client, world) == before  # someone else's change shows within two minutes
    audit_record(actor=world.users["coordinator"], action=AuditEvent.Action.UPDATE, object_type="test")
    assert _accepted(client, world) == before + 1  # the reader's own change shows at once


def test_a_report_for_one_cohort_is_kept_apart_from_the_whole_scheme(world: World, login: Any) -> None:
    client = login("coordinator")
    whole = _accepted(client, world)
    one = _accepted(client, world, f"?cohort={world.cohorts['main'].pk}")
    cohort_size = world.cohorts["main"].enrolments.count()
    assert one == cohort_size and whole == sum(c.enrolments.count() for c in world.scheme.cohorts.all())
