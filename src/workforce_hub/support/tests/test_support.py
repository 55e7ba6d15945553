"""Support during the scheme: handover meetings shared with the next host only from the first day of the next
placement, pastoral confidentiality (coordinators only, every read audited, subject access), appraisals, feedback,
exit questionnaires, arrivals and the coordinator's needs-attention list."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import place
from workforce_hub.core.models import AuditEvent
from workforce_hub.notifications.models import Notification
from workforce_hub.schemes.models import EnrolmentStatus
from workforce_hub.support import selectors, services
from workforce_hub.support.models import (
    Appraisal,
    ExitQuestionnaire,
    HandoverMeeting,
    PastoralNote,
    PastoralStatus,
    PlacementFeedback,
)

TODAY = timezone.localdate


@pytest.fixture
def handover(world: Any) -> HandoverMeeting:
    """A is at `host` now (to today+20); the next placement is at `host2` (Elm Hospital) from today+21."""
    today = TODAY()
    place(
        world,
        "next",
        world.enrolments["apprentice"],
        world.settings["host2"],
        today + timedelta(days=21),
        today + timedelta(days=80),
        block=1,
    )
    world.cohorts["main"].coordinator = world.people["coordinator"]
    world.cohorts["main"].save()
    services.handovers_schedule(enrolment_ids=[world.enrolments["apprentice"].pk])
    meeting = HandoverMeeting.objects.get(placement=world.placements["apprentice"])
    services.handover_record(
        meeting=meeting,
        data={"progress": "Good", "strengths": "Kind", "areas_to_develop": "Hoist", "for_next_host": "NEXT-HOST-NOTE"},
        actor=world.user("coordinator"),
    )
    return meeting


def _sees(world: Any, key: str, meeting: HandoverMeeting) -> bool:
    return HandoverMeeting.objects.visible_to(world.user(key)).filter(pk=meeting.pk).exists()


def test_meetings_are_arranged_near_the_end_with_everyone_invited(world: Any, handover: HandoverMeeting) -> None:
    placement = world.placements["apprentice"]
    when = timezone.localtime(handover.scheduled_for).date()
    assert placement.end_date - timedelta(days=9) <= when <= placement.end_date - timedelta(days=7)
    assert when.weekday() < 5 and handover.next_placement == world.placements["next"]
    roles = {role for role, _ in services.participants(handover)}
    assert roles == {
        "Apprentice",
        "Line manager at this placement",
        "Line manager at the next placement",
        "Coordinator",
    }
    invited = set(Notification.objects.filter(kind="handover_meeting").values_list("recipient_id", flat=True))
    for key in ("apprentice", "host_manager", "other_host", "coordinator"):
        assert world.people[key].pk in invited
    body = Notification.objects.filter(kind="handover_meeting").first().body
    assert world.people["apprentice"].family_name not in body
    # scheduling again sends nothing new
    before = Notification.objects.count()
    assert services.handovers_schedule(enrolment_ids=[world.enrolments["apprentice"].pk]) == []
    assert Notification.objects.count() == before


def test_next_host_sees_the_record_only_from_the_first_day_of_the_next_placement(
    world: Any, login: Any, handover: HandoverMeeting
) -> None:
    nxt = world.placements["next"]
    assert not _sees(world, "other_host", handover)  # next placement starts in 3 weeks
    assert login("other_host").get(f"/support/handovers/{handover.pk}/").status_code == 404
    nxt.start_date = TODAY() + timedelta(days=1)
    nxt.save()
    assert not _sees(world, "other_host", handover)  # the day before
    nxt.start_date = TODAY()
    nxt.save()
    assert _sees(world, "other_host", handover)  # the first day
    page = login("other_host").get(f"/support/handovers/{handover.pk}/").content.decode()
    assert "NEXT-HOST-NOTE" in page
    nxt.status = "cancelled"
    nxt.save()
    assert not _sees(world, "other_host", handover)  # a cancelled placement shares nothing
    nxt.status, nxt.start_date, nxt.end_date = "published", TODAY() - timedelta(days=30), TODAY() - timedelta(days=1)
    nxt.save()
    assert not _sees(world, "other_host", handover)  # and nothing after it ends


@pytest.mark.parametrize(
    ("key", "sees"),
    [
        ("coordinator", True),
        ("admin", True),
        ("apprentice", True),
        ("line_manager", True),
        ("host_manager", True),
        ("mentor", True),
        ("other_line_manager", False),
        ("tutor", False),
        ("partner_lead", False),
        ("staff", False),
        ("other_apprentice", False),
        ("p2_coordinator", False),
    ],
)
def test_who_sees_a_handover_record(world: Any, handover: HandoverMeeting, key: str, sees: bool) -> None:
    assert _sees(world, key, handover) is sees


def test_only_the_coordinator_or_current_host_writes_the_record(world: Any, handover: HandoverMeeting) -> None:
    data = {"progress": "x", "strengths": "y", "areas_to_develop": "z"}
    with pytest.raises(PermissionDenied):
        services.handover_record(meeting=handover, data=data, actor=world.user("line_manager"))
    services.handover_record(meeting=handover, data=data, actor=world.user("host_manager"))
    with pytest.raises(ValidationError):
        services.handover_record(meeting=handover, data={"progress": "x"}, actor=world.user("coordinator"))


# --- pastoral ------------------------------------------------------------------------------------------------------
@pytest.fixture
def pastoral(world: Any) -> Any:
    e = world.enrolments["apprentice"]
    services.pastoral_note_add(enrolment=e, text="PASTORAL-SECRET", actor=world.user("coordinator"))
    services.pastoral_status_set(enrolment=e, rag="red", summary="Needs help", actor=world.user("coordinator"))
    return e


NOT_COORDINATORS = [
    "admin",
    "line_manager",
    "other_line_manager",
    "host_manager",
    "mentor",
    "other_host",
    "tutor",
    "assessor",
    "other_tutor",
    "partner_lead",
    "staff",
    "apprentice",
    "other_apprentice",
    "p2_coordinator",
    "p2_apprentice",
]


@pytest.mark.parametrize("key", NOT_COORDINATORS)
def test_pastoral_notes_are_for_coordinators_only(world: Any, login: Any, pastoral: Any, key: str) -> None:
    user = world.user(key)
    assert not PastoralNote.objects.visible_to(user).exists()
    assert not PastoralStatus.objects.visible_to(user).exists()
    refusals = AuditEvent.objects.filter(action="access_denied").count()
    with pytest.raises(PermissionDenied):
        services.pastoral_read(enrolment=pastoral, actor=user)
    assert AuditEvent.objects.filter(action="access_denied").count() == refusals + 1
    with pytest.raises(PermissionDenied):
        services.pastoral_note_add(enrolment=pastoral, text="x", actor=user)
    client = login(key)
    assert client.get(f"/support/enrolments/{pastoral.pk}/pastoral/").status_code == 404
    for page in (f"/support/enrolments/{pastoral.pk}/", "/", f"/schemes/enrolments/{pastoral.pk}/"):
        assert "PASTORAL-SECRET" not in client.get(page, follow=True).content.decode()
    if key != "apprentice":
        assert "Needs help" not in client.get("/", follow=True).content.decode()


def test_every_read_of_pastoral_notes_is_audited(world: Any, login: Any, pastoral: Any) -> None:
    client = login("coordinator")
    reads = AuditEvent.objects.filter(
        action="read_sensitive", object_type="schemes.enrolment", object_id=str(pastoral.pk)
    )
    for n in (1, 2):
        page = client.get(f"/support/enrolments/{pastoral.pk}/pastoral/")
        assert "PASTORAL-SECRET" in page.content.decode()
        assert reads.count() == n
    assert reads.first().actor == world.user("coordinator")
    assert "PASTORAL-SECRET" not in str(reads.first().detail)
    # the red status is on the coordinator's needs-attention list, with the action
    home = client.get("/home/coordinator/").content.decode()
    assert "Pastoral status red" in home and "Needs help" in home


def test_apprentice_sees_notes_exist_and_can_ask_for_them(world: Any, login: Any, pastoral: Any) -> None:
    client = login("apprentice")
    page = client.get(f"/support/enrolments/{pastoral.pk}/").content.decode()
    assert "There is 1 note" in page and "PASTORAL-SECRET" not in page
    client.post(f"/support/enrolments/{pastoral.pk}/pastoral/request/")
    note = Notification.objects.get(kind="pastoral_request")
    assert note.recipient == world.people["coordinator"] and world.people["apprentice"].family_name not in note.body
    with pytest.raises(PermissionDenied):
        services.pastoral_request(enrolment=pastoral, actor=world.user("other_apprentice"))
    access = pastoral.pastoral_requests.get()
    coordinator = login("coordinator")
    assert "Asked to see their pastoral notes" in coordinator.get("/home/coordinator/").content.decode()
    coordinator.post(f"/support/enrolments/{pastoral.pk}/pastoral/", {"form": "answer", "request": access.pk})
    services.pastoral_note_add(enrolment=pastoral, text="WRITTEN-LATER", actor=world.user("coordinator"))
    page = login("apprentice").get(f"/support/enrolments/{pastoral.pk}/").content.decode()
    assert "PASTORAL-SECRET" in page and "WRITTEN-LATER" not in page
    assert AuditEvent.objects.filter(action="read_sensitive", actor=world.user("apprentice")).exists()


# --- appraisal, feedback, exit, arrival ----------------------------------------------------------------------------
APPRAISAL = {
    "practice": 4,
    "communication": 5,
    "teamwork": 4,
    "reliability": 3,
    "strengths": "Calm",
    "to_develop": "Notes",
    "comments": "",
}


def test_appraisal_by_the_placement_line_manager_near_the_end(world: Any, login: Any) -> None:
    placement = world.placements["apprentice"]
    with pytest.raises(PermissionDenied, match="between"):
        services.appraisal_submit(placement=placement, data=APPRAISAL, actor=world.user("host_manager"))
    placement.end_date = TODAY() + timedelta(days=5)
    placement.save()
    for key in ("mentor", "other_host", "line_manager", "apprentice"):
        with pytest.raises(PermissionDenied):
            services.appraisal_submit(placement=placement, data=APPRAISAL, actor=world.user(key))
    r = login("host_manager").post(f"/support/placements/{placement.pk}/appraisal/", {**APPRAISAL, "practice": 9})
    assert r.status_code == 200 and not Appraisal.objects.exists()  # a bad rating is refused, the rest kept
    name = world.people["apprentice"].display_name
    assert f"Appraisal of {name} at {placement.setting.name}" in r.content.decode()  # the page names who it is about
    r = login("host_manager").post(f"/support/placements/{placement.pk}/appraisal/", APPRAISAL)
    assert r.status_code == 302 and Appraisal.objects.get().average == 4.0
    assert Notification.objects.filter(kind="appraisal_written", recipient=world.people["apprentice"]).exists()
    for key, sees in (("apprentice", True), ("line_manager", True), ("tutor", True), ("mentor", False)):
        assert Appraisal.objects.visible_to(world.user(key)).exists() is sees


def test_feedback_only_from_the_apprentice_and_exit_only_at_the_end(world: Any) -> None:
    placement = world.placements["apprentice"]
    data = {"overall": 4, "welcome": 5, "learning": 4, "support": 3, "went_well": "a", "could_improve": "b"}
    with pytest.raises(ValidationError, match="two weeks"):
        services.feedback_submit(placement=placement, data=data, actor=world.user("apprentice"))
    placement.end_date = TODAY() + timedelta(days=3)
    placement.save()
    with pytest.raises(PermissionDenied):
        services.feedback_submit(placement=placement, data=data, actor=world.user("host_manager"))
    services.feedback_submit(placement=placement, data=data, actor=world.user("apprentice"))
    assert not PlacementFeedback.objects.visible_to(world.user("host_manager")).exists()
    exit_data = {
        "overall": 4,
        "support": 4,
        "rotation": 3,
        "would_recommend": True,
        "best_part": "x",
        "improve": "y",
        "plans": "",
    }
    enrolment = world.enrolments["apprentice"]
    with pytest.raises(ValidationError, match="opens when"):
        services.exit_submit(enrolment=enrolment, data=exit_data, actor=world.user("apprentice"))
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.save()
    services.exit_submit(enrolment=enrolment, data=exit_data, actor=world.user("apprentice"))
    assert ExitQuestionnaire.objects.visible_to(world.user("coordinator")).count() == 1
    assert not ExitQuestionnaire.objects.visible_to(world.user("line_manager")).exists()


def test_missed_start_is_on_the_needs_attention_list_until_the_host_confirms(world: Any, login: Any) -> None:
    placement = world.placements["apprentice"]
    assert "has not confirmed arrival" in login("coordinator").get("/home/coordinator/").content.decode()
    with pytest.raises(PermissionDenied):
        services.placement_arrival_confirm(placement=placement, actor=world.user("other_host"))
    r = login("host_manager").post(f"/support/placements/{placement.pk}/arrived/")
    assert r.status_code == 302
    placement.refresh_from_db()
    assert placement.arrival_confirmed_at is not None
    missed = selectors.missed_starts(world.user("coordinator"), TODAY())
    assert placement not in missed and world.placements["other_apprentice"] in missed


def test_ratings_are_radios_and_yes_no_questions_keep_their_answers() -> None:
    from django import forms

    from workforce_hub.support.forms import ExitForm

    form = ExitForm()
    assert isinstance(form.fields["overall"].widget, forms.RadioSelect)
    assert [v for v, _ in form.fields["overall"].widget.choices] == [1, 2, 3, 4, 5]
    assert [v for v, _ in form.fields["would_recommend"].widget.choices] == ["yes", "no"]
