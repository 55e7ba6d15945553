"""The enrolment status lifecycle: every allowed move works, every other is refused with a clear message."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from workforce_hub.core.models import AuditEvent
from workforce_hub.schemes import services
from workforce_hub.schemes.models import ALLOWED_TRANSITIONS, Enrolment, EnrolmentStatus, EnrolmentStatusChange

ALL = list(EnrolmentStatus)
PAIRS = [(a, b) for a in ALL for b in ALL if a != b]


def _enrolment_in(world: Any, status: str) -> Enrolment:
    e = world.enrolments["apprentice"]
    Enrolment.objects.filter(pk=e.pk).update(status=status)
    e.refresh_from_db()
    return e


@pytest.mark.parametrize(("start", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_transition_is_allowed_or_refused(world: Any, start: str, target: str) -> None:
    e = _enrolment_in(world, start)
    actor = world.users["coordinator"]
    before = e.status_history.count()
    if target in ALLOWED_TRANSITIONS[EnrolmentStatus(start)]:
        leaving = {"leaving_reason": "job"} if target == "withdrawn" else {}  # a withdrawal needs its reason
        change = services.enrolment_change_status(
            enrolment=e, to_status=target, reason="Agreed at review", actor=actor, **leaving
        )
        e.refresh_from_db()
        assert e.status == target
        assert change.from_status == start and change.reason == "Agreed at review"
        assert change.changed_by == actor
        assert e.status_history.count() == before + 1
    else:
        with pytest.raises(ValidationError) as exc:
            services.enrolment_change_status(enrolment=e, to_status=target, reason="Try", actor=actor)
        message = exc.value.message_dict["to_status"][0]
        assert EnrolmentStatus(start).label.lower() in message
        e.refresh_from_db()
        assert e.status == start
        assert e.status_history.count() == before


def test_full_journey_keeps_history_and_dates(world: Any) -> None:
    actor = world.users["coordinator"]
    e = services.enrolment_create(
        cohort=world.cohorts["other"], apprentice=world.people["apprentice"], actor=actor, reason="Applied online"
    )
    today = timezone.localdate()
    for status, when in (
        ("offered", today),
        ("started", today + timedelta(days=7)),
        ("on_break", today + timedelta(days=60)),
        ("started", today + timedelta(days=90)),
        ("completed", today + timedelta(days=400)),
    ):
        services.enrolment_change_status(
            enrolment=e, to_status=status, reason=f"Moved to {status}", actor=actor, effective_on=when
        )
    e.refresh_from_db()
    assert e.started_on == today + timedelta(days=7)
    assert e.ended_on == today + timedelta(days=400)
    history = list(e.status_history.values_list("from_status", "to_status"))
    assert history == [
        ("", "applied"),
        ("applied", "offered"),
        ("offered", "started"),
        ("started", "on_break"),
        ("on_break", "started"),
        ("started", "completed"),
    ]
    assert AuditEvent.objects.filter(object_type="schemes.enrolment", object_id=str(e.pk)).count() == 6


def test_reason_is_required(world: Any) -> None:
    e = world.enrolments["apprentice"]
    with pytest.raises(ValidationError) as exc:
        services.enrolment_change_status(
            enrolment=e, to_status="on_break", reason="   ", actor=world.users["coordinator"]
        )
    assert "reason" in exc.value.message_dict


def test_reason_is_a_database_constraint(world: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentStatusChange.objects.create(
            enrolment=world.enrolments["apprentice"], to_status="on_break", reason="", effective_on=timezone.localdate()
        )


def test_change_cannot_be_backdated_before_last_change(world: Any) -> None:
    e = world.enrolments["apprentice"]
    with pytest.raises(ValidationError) as exc:
        services.enrolment_change_status(
            enrolment=e,
            to_status="on_break",
            reason="Break",
            actor=world.users["coordinator"],
            effective_on=timezone.localdate() - timedelta(days=365),
        )
    assert "effective_on" in exc.value.message_dict


def test_unknown_status_refused(world: Any) -> None:
    with pytest.raises(ValidationError):
        services.enrolment_change_status(
            enrolment=world.enrolments["apprentice"],
            to_status="graduated",
            reason="x",
            actor=world.users["coordinator"],
        )


@pytest.mark.parametrize("who", ["admin", "tutor", "line_manager", "host_manager", "apprentice", "partner_lead"])
def test_only_coordinators_change_status(world: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.enrolment_change_status(
            enrolment=world.enrolments["apprentice"], to_status="on_break", reason="x", actor=world.users[who]
        )
    assert AuditEvent.objects.filter(action="access_denied", outcome="refused").exists()


def test_enrol_twice_refused(world: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.enrolment_create(
            cohort=world.cohorts["main"],
            apprentice=world.people["apprentice"],
            actor=world.users["coordinator"],
            reason="Again",
        )
    assert "already enrolled" in exc.value.message_dict["apprentice"][0]


def test_enrol_other_partnership_refused(world: Any) -> None:
    with pytest.raises(ValidationError):
        services.enrolment_create(
            cohort=world.cohorts["main"],
            apprentice=world.people["p2_apprentice"],
            actor=world.users["coordinator"],
            reason="Wrong partnership",
        )


def test_new_enrolment_cannot_start_completed(world: Any) -> None:
    with pytest.raises(ValidationError):
        services.enrolment_create(
            cohort=world.cohorts["other"],
            apprentice=world.people["apprentice"],
            actor=world.users["coordinator"],
            reason="x",
            status="completed",
        )


def test_cohort_must_end_after_start(world: Any) -> None:
    from decimal import Decimal

    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.cohort_create(
            scheme=world.scheme,
            actor=world.users["coordinator"],
            data={
                "name": "Backwards",
                "employer": world.orgs["employer"],
                "training_provider": world.orgs["provider"],
                "start_date": today,
                "end_date": today - timedelta(days=1),
                "contracted_hours": Decimal("37"),
            },
        )


def test_cohort_provider_must_be_a_training_organisation(world: Any) -> None:
    from decimal import Decimal

    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.cohort_create(
            scheme=world.scheme,
            actor=world.users["coordinator"],
            data={
                "name": "Wrong provider",
                "employer": world.orgs["employer"],
                "training_provider": world.orgs["host"],
                "start_date": today,
                "end_date": today + timedelta(days=300),
                "contracted_hours": Decimal("37"),
            },
        )
    assert "training_provider" in exc.value.message_dict


def test_scheme_refuses_unknown_setting_type(world: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.scheme_create(
            partnership=world.p1,
            actor=world.users["coordinator"],
            data={"name": "New", "required_setting_types": ["moon_base"]},
        )
    assert "moon_base" in exc.value.message_dict["required_setting_types"][0]


def test_a_withdrawal_needs_its_reason_for_leaving_and_a_wrong_one_can_be_corrected(world: Any) -> None:
    from workforce_hub.core.models import AuditEvent
    from workforce_hub.schemes.models import LeavingReasonCorrection

    e = _enrolment_in(world, "started")
    coordinator = world.users["coordinator"]
    with pytest.raises(ValidationError) as refused:
        services.enrolment_change_status(enrolment=e, to_status="withdrawn", reason="Left", actor=coordinator)
    assert "Choose the main reason for leaving" in refused.value.message_dict["leaving_reason"][0]
    change = services.enrolment_change_status(
        enrolment=e, to_status="withdrawn", reason="Left", actor=coordinator, leaving_reason="not_eligible"
    )
    services.leaving_reason_correct(enrolment=e, leaving_reason="job", note="She left for a job", actor=coordinator)
    change.refresh_from_db()
    e.refresh_from_db()
    assert change.leaving_reason == "job" and e.status == "withdrawn"  # still final
    kept = LeavingReasonCorrection.objects.get(status_change=change)
    assert (kept.from_reason, kept.to_reason, kept.corrected_by) == ("not_eligible", "job", coordinator)
    assert AuditEvent.objects.filter(object_type="schemes.enrolment", object_id=str(e.pk), action="update").exists()
    with pytest.raises(ValidationError):
        services.leaving_reason_correct(enrolment=e, leaving_reason="job", note="again", actor=coordinator)
    with pytest.raises(ValidationError):
        services.leaving_reason_correct(enrolment=e, leaving_reason="health", note=" ", actor=coordinator)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.leaving_reason_correct(enrolment=e, leaving_reason="health", note="x", actor=world.users["tutor"])
    with pytest.raises(ValidationError, match="Only a withdrawal"):
        services.leaving_reason_correct(
            enrolment=_enrolment_in(world, "started"), leaving_reason="job", note="x", actor=coordinator
        )


def test_the_partner_home_and_the_scheme_report_count_leavers_the_same_way(world: Any, login: Any) -> None:
    from workforce_hub.outcomes.reports import scheme_report

    coordinator = world.users["coordinator"]
    for key, reason in (("apprentice", "not_eligible"), ("other_apprentice", "job")):
        Enrolment.objects.filter(pk=world.enrolments[key].pk).update(status="started")
        services.enrolment_change_status(
            enrolment=world.enrolments[key],
            to_status="withdrawn",
            reason="Left",
            actor=coordinator,
            leaving_reason=reason,
        )
    report = scheme_report(world.scheme)
    left = report.funnel_value("Left early")
    assert left == 1  # the one found not eligible is not a leaver (it was two before: every withdrawal counted)
    html = login("partner_lead").get("/home/partner_lead/").content.decode()
    row = html.split(world.scheme.name)[1].split("</tr>")[0]
    assert row.rstrip().endswith(f">{left}</td>")


def test_the_status_form_chooses_nothing_for_the_coordinator(world: Any, login: Any) -> None:
    e = _enrolment_in(world, "started")
    html = login("coordinator").get(e.get_absolute_url()).content.decode()
    select = html.split('name="to_status"')[1].split("</select>")[0]
    assert "selected" not in select and "Choose the new status" in select
    page = login("coordinator").post(e.get_absolute_url(), {"effective_on": "", "reason": ""})
    body = page.content.decode()
    assert "Choose the new status" in body and "Enter the reason for the change" in body
