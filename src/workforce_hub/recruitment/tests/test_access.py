"""The recruitment access seam: vacancies and applications are fetched once through what the actor may see (404
otherwise, another partnership's included), and changing them is for coordinators, with the refusal audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from workforce_hub.core.models import AuditEvent
from workforce_hub.recruitment.access import MANAGE_RECRUITMENT, access_application, access_vacancy

from .factories import ApplicationFactory, VacancyFactory


def test_a_vacancy_is_changed_by_the_coordinator_and_refused_to_others_with_an_audit(world: Any) -> None:
    vacancy = VacancyFactory(cohort=world.cohorts["main"])
    found = access_vacancy(world.user("coordinator"), vacancy.pk, for_write=True)
    assert found == vacancy and found.cohort == world.cohorts["main"]
    assert access_vacancy(world.user("admin"), vacancy.pk) == vacancy
    with pytest.raises(PermissionDenied):
        access_vacancy(world.user("admin"), vacancy.pk, for_write=True)
    assert AuditEvent.objects.filter(action="access_denied", object_type=MANAGE_RECRUITMENT).exists()
    for outsider in ("p2_coordinator", "apprentice"):
        with pytest.raises(Http404):
            access_vacancy(world.user(outsider), vacancy.pk)


def test_an_application_is_hidden_before_the_permission_is_asked(world: Any, login: Any) -> None:
    application = ApplicationFactory(vacancy=VacancyFactory(cohort=world.cohorts["main"]))
    assert access_application(world.user("coordinator"), application.pk, for_write=True) == application
    with pytest.raises(PermissionDenied):
        access_application(world.user("admin"), application.pk, for_write=True)
    for outsider in ("p2_coordinator", "apprentice", "host_manager"):
        with pytest.raises(Http404):  # not told that the application exists, even when writing
            access_application(world.user(outsider), application.pk, for_write=True)
    url = f"/recruitment/applications/{application.pk}/"
    assert login("admin").post(url, {"to_stage": "shortlisted", "note": ""}).status_code == 403
    assert login("p2_coordinator").post(url, {"to_stage": "shortlisted", "note": ""}).status_code == 404
    assert login("coordinator").post(url, {"to_stage": "shortlisted", "note": ""}).status_code == 302
    application.refresh_from_db()
    assert application.stage == "shortlisted"
