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
