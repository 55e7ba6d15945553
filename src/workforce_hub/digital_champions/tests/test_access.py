"""The digital champions' access seam: records are fetched once through what the actor may see (404 otherwise,
another partnership's included); working on a practice's assessment, peer reviewing its quality mark and confirming
a colleague's skills are for the right person only, and each refusal is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from conftest import World, make_person
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.roles import Role
from workforce_hub.digital_champions.access import (
    access_maturity,
    access_quality_mark,
    access_skill_check,
)
from workforce_hub.digital_champions.models import QualityMarkAward, SkillCheck
from workforce_hub.digital_skills.framework import current_framework

from .factories import ChampionFactory, MaturityAssessmentFactory


def _refusals(object_type: str) -> int:
    return AuditEvent.objects.filter(action="access_denied", object_type=object_type).count()


def test_a_practice_assessment_is_worked_on_by_its_managers_and_refused_to_others(world: World) -> None:
    record = MaturityAssessmentFactory(organisation=world.orgs["host"], created_by=world.people["host_manager"])
    assert access_maturity(world.user("host_manager"), record.pk, for_write=True) == record
    assert access_maturity(world.user("coordinator"), record.pk, for_write=True) == record
    assert access_maturity(world.user("partner_lead"), record.pk) == record  # partner leads read every practice's
    with pytest.raises(PermissionDenied):
        access_maturity(world.user("partner_lead"), record.pk, for_write=True)
    assert _refusals("digital_champions.maturityassessment") == 1
    for outsider in ("other_host", "p2_coordinator"):  # another practice's manager is not told it exists
        with pytest.raises(Http404):
            access_maturity(world.user(outsider), record.pk, for_write=True)


def test_a_quality_mark_is_reviewed_by_a_second_person_only(world: World, login: Any) -> None:
    record = MaturityAssessmentFactory(organisation=world.orgs["host"], created_by=world.people["host_manager"])
    award = QualityMarkAward.objects.create(
        maturity=record, submitted_by=world.people["host_manager"], submitted_at=timezone.now()
    )
    assert access_quality_mark(world.user("partner_lead"), record.pk, for_write=True) == award
    with pytest.raises(PermissionDenied):  # who sent it cannot review it
        access_quality_mark(world.user("host_manager"), record.pk, for_write=True)
    assert _refusals("digital_champions.qualitymarkaward") == 1
    assert login("host_manager").get(f"/digital-skills/maturity/{record.pk}/review/").status_code == 403
    assert _refusals("digital_champions.qualitymarkaward") == 2
    assert login("partner_lead").get(f"/digital-skills/maturity/{record.pk}/review/").status_code == 200
    with pytest.raises(Http404):
        access_quality_mark(world.user("p2_coordinator"), record.pk)


def test_only_the_champion_asked_confirms_a_skill_check(world: World, login: Any) -> None:
    person = make_person(world, "champ", world.p1, [("host", Role.STAFF)])
    champion = ChampionFactory(person=person, organisation=world.orgs["host"])
    check = SkillCheck.objects.create(person=world.people["staff"], champion=champion, framework=current_framework())
    assert access_skill_check(world.user("champ"), check.pk, for_write=True) == check
    assert access_skill_check(world.user("staff"), check.pk) == check  # who asked sees their request
    with pytest.raises(PermissionDenied):
        access_skill_check(world.user("staff"), check.pk, for_write=True)
    assert _refusals("digital_champions.skillcheck") == 1
    assert login("staff").get(f"/digital-skills/skill-checks/{check.pk}/").status_code == 403
    assert login("champ").get(f"/digital-skills/skill-checks/{check.pk}/").status_code == 200
    with pytest.raises(Http404):
        access_skill_check(world.user("p2_coordinator"), check.pk)
