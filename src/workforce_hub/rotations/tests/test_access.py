"""The rotations access seam: a plan run is fetched once through what the actor may see, and planning again,
publishing or downloading it is for those who may plan, with the refusal audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from workforce_hub.core.models import AuditEvent
from workforce_hub.rotations.access import PLAN, access_plan_run
from workforce_hub.rotations.models import PlanRun


def test_a_plan_run_is_planned_by_the_coordinator_looked_at_by_the_admin_and_hidden_from_others(
    world: Any, login: Any
) -> None:
    run = PlanRun.objects.get(scheme=world.scheme)
    found = access_plan_run(world.user("coordinator"), run.pk, for_write=True)
    assert found == run and found.scheme == world.scheme
    assert access_plan_run(world.user("admin"), run.pk) == run
    with pytest.raises(PermissionDenied):
        access_plan_run(world.user("admin"), run.pk, for_write=True)
    assert AuditEvent.objects.filter(action="access_denied", object_type=PLAN).exists()
    for outsider in ("tutor", "apprentice", "p2_coordinator"):
        with pytest.raises(Http404):
            access_plan_run(world.user(outsider), run.pk)
    assert login("admin").get(f"/rotations/plans/{run.pk}/plan.json").status_code == 403
    assert login("tutor").get(f"/rotations/plans/{run.pk}/").status_code == 404


def test_the_progress_poll_and_the_download_fetch_only_what_they_show(world: Any, login: Any) -> None:
    """The poll runs every second while a plan is worked out; an ICS's instance and plan are megabytes."""
    run = PlanRun.objects.get(scheme=world.scheme)
    PlanRun.objects.filter(pk=run.pk).update(status=PlanRun.Status.RUNNING, progress={"elapsed": 3})
    client = login("coordinator")
    with CaptureQueriesContext(connection) as queries:
        poll = client.get(f"/rotations/plans/{run.pk}/progress/")
    assert poll.status_code == 200 and "HX-Refresh" not in poll
    fetched = [q["sql"] for q in queries.captured_queries if 'FROM "rotations_planrun"' in q["sql"]]
    assert fetched and not any('"instance"' in sql or '"plan"' in sql for sql in fetched)
    with CaptureQueriesContext(connection) as queries:
        download = client.get(f"/rotations/plans/{run.pk}/instance.json")
    assert download.status_code == 200 and download.json() == run.instance
    fetched = [q["sql"] for q in queries.captured_queries if 'FROM "rotations_planrun"' in q["sql"]]
    assert fetched and not any('"plan"' in sql for sql in fetched)
    assert login("tutor").get(f"/rotations/plans/{run.pk}/progress/").status_code == 404
