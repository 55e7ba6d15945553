"""The scheme report is kept between requests until the partnership's next audited change (`core.caching`), and
only ever shared between people given the same cohorts."""

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


def test_the_report_is_kept_until_an_audited_change(world: World, login: Any) -> None:
    client = login("coordinator")
    before = _accepted(client, world)
    enrol(world, "late", world.cohorts["main"], world.people["other_line_manager"])  # written without the services
    assert _accepted(client, world) == before  # kept: nothing audited since
    audit_record(actor=None, action=AuditEvent.Action.UPDATE, object_type="test", partnership_id=world.p2.pk)
    assert _accepted(client, world) == before  # another partnership's change does not touch this one
    audit_record(actor=None, action=AuditEvent.Action.UPDATE, object_type="test", partnership_id=world.p1.pk)
    assert _accepted(client, world) == before + 1


def test_a_report_for_one_cohort_is_kept_apart_from_the_whole_scheme(world: World, login: Any) -> None:
    client = login("coordinator")
    whole = _accepted(client, world)
    one = _accepted(client, world, f"?cohort={world.cohorts['main'].pk}")
    cohort_size = world.cohorts["main"].enrolments.count()
    assert one == cohort_size and whole == sum(c.enrolments.count() for c in world.scheme.cohorts.all())
