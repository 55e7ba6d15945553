"""The outcomes access seam: a job is fetched once, through what the actor may see, and a change is authorised
there (their own organisation's jobs, unless they work across the partnership) with the refusal audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from workforce_hub.core.models import AuditEvent
from workforce_hub.outcomes.access import access_job, can_change_job
from workforce_hub.outcomes.models import JobVacancy


@pytest.fixture
def job(world: Any) -> JobVacancy:
    return JobVacancy.objects.create(
        partnership=world.p1,
        organisation=world.orgs["host2"],
        title="Healthcare support worker",
        sector="nhs",
        area="Derby",
        how_to_apply="Apply online",
        closes_on=world.cohorts["main"].end_date,
    )


def test_a_job_is_read_by_members_and_changed_by_its_own_organisation_or_the_coordinator(
    world: Any, job: JobVacancy, login: Any
) -> None:
    assert access_job(world.user("apprentice"), job.pk) == job
    with pytest.raises(Http404):
        access_job(world.user("p2_coordinator"), job.pk)
    assert access_job(world.user("coordinator"), job.pk, for_write=True) == job
    assert access_job(world.user("other_host"), job.pk, for_write=True) == job  # host manager at Elm Hospital
    assert can_change_job(world.user("host_manager"), job) is False
    with pytest.raises(PermissionDenied, match="own organisation"):
        access_job(world.user("host_manager"), job.pk, for_write=True)
    assert AuditEvent.objects.filter(action="access_denied", object_id=str(job.pk)).exists()
    with pytest.raises(PermissionDenied):
        access_job(world.user("apprentice"), job.pk, for_write=True)
    assert login("host_manager").get(f"/outcomes/jobs/{job.pk}/edit/").status_code == 403
    page = login("other_host").get(f"/outcomes/jobs/{job.pk}/edit/")
    assert page.status_code == 200 and "Healthcare support worker" in page.content.decode()
