"""The reminder jobs: progress reviews, appraisals, handover records and destination follow-ups. Each goes to the
right people once (a second run the same day, or the next day, sends nothing new), not before or long after its
window, never to someone outside the relationship, and names nobody in the message."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from conftest import World
from workforce_hub.notifications.models import Notification
from workforce_hub.outcomes.models import Destination
from workforce_hub.outcomes.services import follow_up_reminders
from workforce_hub.portfolios.models import ProgressReview
from workforce_hub.portfolios.services import review_reminders
from workforce_hub.portfolios.tests.factories import LearningRecordFactory
from workforce_hub.rotations.models import Placement
from workforce_hub.schedule.jobs import JOBS, run_job
from workforce_hub.schemes.models import Enrolment
from workforce_hub.support.models import Appraisal, HandoverMeeting
from workforce_hub.support.services import appraisal_reminders, handover_reminders


def _to(kind: str) -> dict[str, int]:
    """Recipient key -> messages of this kind."""
    out: dict[str, int] = {}
    for n in Notification.objects.filter(kind=kind).select_related("recipient"):
        assert n.recipient is not None
        key = n.recipient.given_name.lower().replace(" ", "_")
        out[key] = out.get(key, 0) + 1
    return out


def _no_names(kind: str, world: World) -> None:
    names = {p.family_name for p in world.people.values()} | {p.given_name for p in world.people.values()}
    for n in Notification.objects.filter(kind=kind):
        assert not any(name in n.body or name in n.subject for name in names if len(name) > 4)


def test_progress_review_reminders(world: World) -> None:
    today = timezone.localdate()
    record = LearningRecordFactory(enrolment=world.enrolments["apprentice"])
    due = ProgressReview.objects.create(record=record, due_on=today + timedelta(days=14))
    ProgressReview.objects.create(record=record, due_on=today + timedelta(days=15))  # not yet
    ProgressReview.objects.create(record=record, due_on=today - timedelta(days=3), held_on=today)  # held

    assert review_reminders(today) == 1
    assert _to("progress_review_due") == {"apprentice": 1, "line_manager": 1, "tutor": 1, "assessor": 1}
    assert review_reminders(today) == 1 and Notification.objects.filter(kind="progress_review_due").count() == 4

    # overdue: the line manager and the provider's staff hear once more; the apprentice does not
    late = today + timedelta(days=15)
    assert review_reminders(late) >= 1
    overdue = Notification.objects.filter(kind="progress_review_due", key__startswith=f"review-overdue:{due.pk}:")
    assert {n.recipient.given_name for n in overdue if n.recipient} == {"Line Manager", "Tutor", "Assessor"}
    assert all("overdue" in n.subject for n in overdue)
    # a month after it was due, the reminders stop
    Notification.objects.all().delete()
    assert review_reminders(today + timedelta(days=14 + 30)) == 1  # only the later review is still in its window
    assert not Notification.objects.filter(key__contains=f":{due.pk}:").exists()
    _no_names("progress_review_due", world)


def test_appraisal_reminders(world: World) -> None:
    today = timezone.localdate()
    placement = world.placements["apprentice"]
    Placement.objects.exclude(pk=placement.pk).update(end_date=today + timedelta(days=60))
    Placement.objects.filter(pk=placement.pk).update(end_date=today + timedelta(days=15))
    assert appraisal_reminders(today) == 0  # the appraisal opens two weeks before the end

    assert appraisal_reminders(today + timedelta(days=1)) == 1
    assert _to("appraisal_due") == {"host_manager": 1}
    assert appraisal_reminders(today + timedelta(days=2)) == 1
    assert Notification.objects.filter(kind="appraisal_due").count() == 1  # once

    late = today + timedelta(days=15 + 15)
    assert appraisal_reminders(late) == 1
    late_to = {
        n.recipient.given_name for n in Notification.objects.filter(key__startswith="appraisal-late") if n.recipient
    }
    assert late_to == {"Host Manager"}  # the cohort has no coordinator named: only the line managers

    Appraisal.objects.create(
        placement=placement,
        author=world.people["host_manager"],
        practice=3,
        communication=3,
        teamwork=3,
        reliability=3,
        strengths="s",
        to_develop="d",
    )
    assert appraisal_reminders(late) == 0
    _no_names("appraisal_due", world)


def _meeting_on(world: World, day: date) -> HandoverMeeting:
    return HandoverMeeting.objects.create(
        placement=world.placements["apprentice"],
        scheduled_for=timezone.make_aware(datetime.combine(day, time(10))),
    )


def test_handover_reminders(world: World) -> None:
    today = timezone.localdate()
    meeting = _meeting_on(world, today + timedelta(days=3))
    assert handover_reminders(today) == 0  # three days before: not yet

    assert handover_reminders(today + timedelta(days=1)) == 1
    invited = {
        n.recipient.given_name for n in Notification.objects.filter(key__startswith="handover-soon") if n.recipient
    }
    assert invited == {"Apprentice", "Host Manager"}
    assert handover_reminders(today + timedelta(days=2)) == 1
    assert Notification.objects.filter(key__startswith="handover-soon").count() == 2

    assert handover_reminders(today + timedelta(days=4)) == 0  # the day after: time to write it
    assert handover_reminders(today + timedelta(days=5)) == 1
    late = {n.recipient.given_name for n in Notification.objects.filter(key__startswith="handover-late") if n.recipient}
    assert late == {"Host Manager"}

    meeting.completed_at = timezone.now()
    meeting.save()
    assert handover_reminders(today + timedelta(days=6)) == 0
    _no_names("handover_meeting", world)


def test_destination_follow_up_reminders(world: World) -> None:
    today = timezone.localdate()
    left = world.enrolments["apprentice"]
    Enrolment.objects.filter(pk=left.pk).update(status="completed", ended_on=today - timedelta(days=182))
    Enrolment.objects.filter(pk=world.enrolments["p2_apprentice"].pk).update(
        status="completed", ended_on=today - timedelta(days=182)
    )
    assert follow_up_reminders(today - timedelta(days=1)) == 0  # not due yet

    assert follow_up_reminders(today) == 2  # one in each partnership
    to = {n.recipient.given_name for n in Notification.objects.filter(kind="destination_follow_up") if n.recipient}
    assert to == {"Coordinator", "P2 Coordinator"}
    assert follow_up_reminders(today + timedelta(days=1)) == 2
    assert Notification.objects.filter(kind="destination_follow_up").count() == 2  # once each

    Destination.objects.create(enrolment=left, point="6_months", recorded_on=today, outcome="employed_social_care")
    assert follow_up_reminders(today + timedelta(days=2)) == 1
    # the 12-month follow-up has its own reminder
    assert follow_up_reminders(today + timedelta(days=183)) == 2
    assert Notification.objects.filter(key__startswith=f"follow-up:{left.pk}:12_months").count() == 1
    _no_names("destination_follow_up", world)


def test_the_reminders_are_scheduled_jobs(world: World) -> None:
    for name in ("review_reminders", "appraisal_reminders", "handover_reminders", "follow_up_reminders"):
        assert name in JOBS
        run = run_job(name)
        assert run is not None and run.outcome == "done"
        assert run_job(name) is None
