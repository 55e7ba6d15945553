"""The scheme report's counting rules at their edges: a place accepted but never started, a transfer to another
apprenticeship, and applications made outside the Hub (seed 001, Figure 9 and its notes)."""

from __future__ import annotations

from typing import Any

import pytest

from workforce_hub.outcomes import reports
from workforce_hub.recruitment.tests.factories import ApplicationFactory, VacancyFactory
from workforce_hub.schemes.models import Enrolment, EnrolmentStatus, LeavingReason
from workforce_hub.schemes.services import enrolment_change_status
from workforce_hub.schemes.tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def _move(world: Any, enrolment: Enrolment, to: str, reason: str = "") -> None:
    enrolment_change_status(
        enrolment=enrolment, to_status=to, reason="Recorded", actor=world.user("coordinator"), leaving_reason=reason
    )


def test_never_started_is_accepted_but_not_a_leaver(world: Any) -> None:
    cohort = world.cohorts["main"]
    offered = EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.OFFERED)
    _move(world, offered, EnrolmentStatus.WITHDRAWN, LeavingReason.JOB)  # took another job just before the start
    report = reports.scheme_report(world.scheme, [cohort])
    assert report.funnel_value("Accepted") == 2 and report.funnel_value("Started") == 1
    assert report.funnel_value("Left early") == 0 and report.never_started == 1
    assert not Enrolment.objects.filter(pk=offered.pk).left_early().exists()
    # the same reason after starting is a leaver
    _move(world, world.enrolments["apprentice"], EnrolmentStatus.WITHDRAWN, LeavingReason.JOB)
    assert reports.scheme_report(world.scheme, [cohort]).funnel_value("Left early") == 1


def test_a_transfer_has_started_is_not_eligible_to_complete_and_has_not_left(world: Any) -> None:
    cohort = world.cohorts["main"]
    _move(world, world.enrolments["apprentice"], EnrolmentStatus.TRANSFERRED)
    report = reports.scheme_report(world.scheme, [cohort])
    assert report.funnel_value("Started") == 1
    assert report.funnel_value("Eligible to complete") == 0
    assert report.funnel_value("Left early") == 0 and report.transferred == 1
    left_table = {row[0]: row[1] for row in reports.tables(report)[1][2]}
    assert left_table["Transferred to another apprenticeship (not counted as left early)"] == 1


def test_applications_are_not_known_for_a_cohort_recruited_outside_the_hub(world: Any) -> None:
    main, other = world.cohorts["main"], world.cohorts["other"]
    assert reports.scheme_report(world.scheme, [main]).funnel_value("Applied") is None
    vacancy = VacancyFactory(cohort=main)
    ApplicationFactory.create_batch(3, vacancy=vacancy)
    assert reports.scheme_report(world.scheme, [main]).funnel_value("Applied") == 3
    whole = reports.scheme_report(world.scheme)  # the other cohort has no vacancy: the total is not known
    assert whole.funnel_value("Applied") is None
    assert reports.tables(whole)[0][2][0] == ["Applied", "Not known"]
    assert reports.charts(whole)["funnel"]["data"]["values"][0]["label"] == "Accepted"  # not drawn as a zero
    ApplicationFactory(vacancy=VacancyFactory(cohort=other))
    assert reports.scheme_report(world.scheme).funnel_value("Applied") == 4
