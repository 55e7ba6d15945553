"""The digital-skills access seam: an assessment is fetched for the person who gave it only (a manager or
coordinator gets a 404, never someone else's answers), the needs analysis is refused with an audit by page, export
and API alike, and a learning resource is changed by admins and coordinators only."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from conftest import World
from workforce_hub.core.models import AuditEvent
from workforce_hub.digital_skills import services
from workforce_hub.digital_skills.access import VIEW_NEEDS, access_assessment, access_needs, access_resource
from workforce_hub.people.models import Person

from .factories import LearningResourceFactory


def test_an_assessment_is_fetched_for_the_person_who_gave_it_only(world: World) -> None:
    staff = world.user("staff")
    assessment = services.assessment_start(person=Person.objects.get(user=staff), actor=staff)
    assert access_assessment(staff, assessment.pk) == assessment
    for other in ("coordinator", "admin", "host_manager", "p2_coordinator"):
        with pytest.raises(Http404):
            access_assessment(world.user(other), assessment.pk)


def test_the_needs_analysis_is_refused_with_an_audit_by_page_export_and_api(world: World, login: Any) -> None:
    access_needs(world.user("coordinator"))
    with pytest.raises(PermissionDenied):
        access_needs(world.user("staff"))
    assert login("staff").get("/digital-skills/needs/").status_code == 403
    assert login("staff").get("/digital-skills/needs.csv").status_code == 403
    assert world.api("staff").get("/api/v1/digital-skills/needs/").status_code == 403
    assert AuditEvent.objects.filter(action="access_denied", object_type=VIEW_NEEDS).count() == 4


def test_a_learning_resource_is_read_by_members_and_changed_by_coordinators(world: World) -> None:
    resource = LearningResourceFactory(partnership=world.p1)
    assert access_resource(world.user("staff"), resource.pk) == resource
    assert access_resource(world.user("coordinator"), resource.pk, for_write=True) == resource
    with pytest.raises(PermissionDenied):
        access_resource(world.user("staff"), resource.pk, for_write=True)
    with pytest.raises(Http404):
        access_resource(world.user("p2_coordinator"), resource.pk)
