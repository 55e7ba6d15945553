"""The schemes access seam: schemes, cohorts and enrolments are fetched once through what the actor may see (404
otherwise, another partnership's included), and a change is authorised there with the refusal audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from workforce_hub.core.models import AuditEvent
from workforce_hub.schemes.access import (
    MANAGE_ENROLMENTS,
    MANAGE_SCHEMES,
    access_cohort,
    access_enrolment,
    access_scheme,
)


def test_a_scheme_is_changed_by_its_coordinator_and_refused_to_others_with_an_audit(world: Any) -> None:
    scheme = world.scheme
    assert access_scheme(world.user("coordinator"), scheme.pk, for_write=True) == scheme
    assert access_scheme(world.user("tutor"), scheme.pk) == scheme
    with pytest.raises(PermissionDenied):
        access_scheme(world.user("tutor"), scheme.pk, for_write=True)
    assert AuditEvent.objects.filter(action="access_denied", object_type=MANAGE_SCHEMES).exists()
    with pytest.raises(Http404):
        access_scheme(world.user("p2_coordinator"), scheme.pk)


def test_a_cohort_is_fetched_within_its_scheme_and_enrolling_needs_the_enrolment_permission(world: Any) -> None:
    main, p2 = world.cohorts["main"], world.cohorts["p2"]
    assert access_cohort(world.user("coordinator"), main.pk, scheme=world.scheme) == main
    with pytest.raises(Http404):
        access_cohort(world.user("coordinator"), p2.pk)
    with pytest.raises(Http404):  # a cohort asked for under another scheme's address
        access_cohort(world.user("p2_coordinator"), p2.pk, scheme=world.scheme)
    assert access_cohort(world.user("coordinator"), main.pk, to_enrol=True) == main
    with pytest.raises(PermissionDenied):
        access_cohort(world.user("host_manager"), main.pk, to_enrol=True)
    assert AuditEvent.objects.filter(action="access_denied", object_type=MANAGE_ENROLMENTS).exists()


def test_an_enrolment_is_the_apprentices_own_and_changed_by_coordinators_only(world: Any, login: Any) -> None:
    mine, theirs = world.enrolments["apprentice"], world.enrolments["other_apprentice"]
    assert access_enrolment(world.user("apprentice"), mine.pk) == mine
    with pytest.raises(Http404):  # not who cannot see it: a 404, never a 403
        access_enrolment(world.user("apprentice"), theirs.pk, for_write=True)
    with pytest.raises(PermissionDenied):
        access_enrolment(world.user("apprentice"), mine.pk, for_write=True)
    assert access_enrolment(world.user("coordinator"), theirs.pk, for_write=True) == theirs
    assert login("apprentice").get(f"/schemes/enrolments/{mine.pk}/absences/add/").status_code == 403
    assert login("coordinator").get(f"/schemes/enrolments/{mine.pk}/absences/add/").status_code == 200


def test_someone_who_reaches_an_apprentice_by_every_path_sees_each_record_once(world: Any) -> None:
    """`Enrolment.visible_to` and `Placement.visible_to` have no DISTINCT (it sorted every column of thousands of
    rows), so no path may join to many rows: a host with two placements under way, who also tutors and line-manages
    the apprentice, still gets the enrolment, its placements and the person once each."""
    from datetime import timedelta

    from django.utils import timezone

    from conftest import make_person, place
    from workforce_hub.core.roles import Role
    from workforce_hub.people.models import Person
    from workforce_hub.rotations.models import Placement
    from workforce_hub.schemes.models import Enrolment

    everyone = make_person(
        world,
        "everything",
        world.p1,
        [("host", Role.HOST_MANAGER), ("provider", Role.TUTOR), ("employer", Role.LINE_MANAGER)],
    )
    enrolment = world.enrolments["apprentice"]
    Enrolment.objects.filter(pk=enrolment.pk).update(line_manager=everyone)
    today = timezone.localdate()
    place(
        world,
        "second",
        enrolment,
        world.settings["host"],
        today - timedelta(days=5),
        today + timedelta(days=5),
        block=1,
    )
    user = world.user("everything")

    enrolments = list(Enrolment.objects.visible_to(user).values_list("pk", flat=True))
    assert enrolment.pk in enrolments and len(enrolments) == len(set(enrolments))
    assert Enrolment.objects.visible_to(user).count() == len(set(enrolments))
    placements = list(Placement.objects.visible_to(user).values_list("pk", flat=True))
    assert world.placements["second"].pk in placements and len(placements) == len(set(placements))
    people = list(Person.objects.visible_to(user).values_list("pk", flat=True))
    assert enrolment.apprentice_id in people and len(people) == len(set(people))
    # the host alone reaches the apprentice through the two placements, still once
    host_only = world.user("host_manager")
    reached = list(Enrolment.objects.visible_to(host_only).values_list("pk", flat=True))
    assert reached == [enrolment.pk]
