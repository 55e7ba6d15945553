"""Writes for support during the scheme. Every refusal says why; every pastoral read is audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from workforce_hub.core.access import Actor, actor_id, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import refuse, require_perm_in
from workforce_hub.notifications.services import notification_queue
from workforce_hub.people.models import Person
from workforce_hub.people.selectors import coordinators_of
from workforce_hub.rotations.models import Placement
from workforce_hub.rotations.services import setting_leads
from workforce_hub.schemes.models import Enrolment, EnrolmentStatus

from .access import acts_for_placement, appraisal_window, can_appraise, feedback_open
from .models import (
    APPRAISAL_DUE_DAYS_AFTER_END,
    HANDOVER_DAYS_BEFORE_END,
    OPENS_DAYS_BEFORE_END,
    Appraisal,
    ExitQuestionnaire,
    HandoverMeeting,
    PastoralAccessRequest,
    PastoralNote,
    PastoralStatus,
    PlacementFeedback,
)

FINAL = (EnrolmentStatus.COMPLETED, EnrolmentStatus.WITHDRAWN, EnrolmentStatus.TRANSFERRED)


def _person(actor: Actor) -> Person:
    viewer = viewer_for(actor)
    if viewer.is_anonymous:
        raise PermissionDenied("Not a member of a partnership.")
    return Person.objects.get(pk=viewer.pkey)


# --- handover meetings ---------------------------------------------------------------------------------------------
def _meeting_time(placement: Placement) -> datetime:
    day = placement.end_date - timedelta(days=HANDOVER_DAYS_BEFORE_END)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    day = max(day, placement.start_date)
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def participants(meeting: HandoverMeeting) -> list[tuple[str, Person]]:
    """(role in the meeting, person): apprentice, current and next placement line managers, coordinator."""
    enrolment = meeting.placement.enrolment
    out: list[tuple[str, Person]] = [("Apprentice", enrolment.apprentice)]
    out += [("Line manager at this placement", p) for p in setting_leads(meeting.placement.setting)]
    if meeting.next_placement is not None:
        out += [("Line manager at the next placement", p) for p in setting_leads(meeting.next_placement.setting)]
    if enrolment.cohort.coordinator is not None:
        out.append(("Coordinator", enrolment.cohort.coordinator))
    return out


def handovers_schedule(*, enrolment_ids: Iterable[int], today: date | None = None) -> list[HandoverMeeting]:
    """Arrange (or move) a handover meeting near the end of every live published placement. Idempotent: a meeting
    already held is left alone, and people hear again only when the time or the next placement changes."""
    today = today or timezone.localdate()
    changed = []
    for enrolment in Enrolment.objects.filter(pk__in=list(enrolment_ids)).select_related("apprentice", "cohort"):
        placements = list(
            Placement.objects.live()
            .filter(enrolment=enrolment, status=Placement.Status.PUBLISHED)
            .select_related("setting__site__organisation", "setting__contact")
            .order_by("start_date")
        )
        for i, placement in enumerate(placements):
            nxt = placements[i + 1] if i + 1 < len(placements) else None
            when = _meeting_time(placement)
            meeting = HandoverMeeting.objects.filter(placement=placement).first()
            if meeting is not None and (
                meeting.completed_at
                or (meeting.scheduled_for == when and meeting.next_placement_id == (nxt and nxt.pk))
            ):
                continue
            if meeting is None:
                meeting = HandoverMeeting(placement=placement)
            meeting.scheduled_for, meeting.next_placement = when, nxt
            meeting.save()
            changed.append(meeting)
            if when.date() >= today:
                _invite(meeting)
    return changed


def _invite(meeting: HandoverMeeting) -> None:
    when = timezone.localtime(meeting.scheduled_for)
    for role, person in participants(meeting):
        notification_queue(
            key=f"handover:{meeting.pk}:{person.pk}:{when:%Y%m%d%H%M}:{meeting.next_placement_id}",
            recipient=person,
            kind="handover_meeting",
            subject="A placement handover meeting has been arranged",
            body=f"A handover meeting at the end of a placement is arranged for {when:%A %-d %B %Y at %-I:%M%p}. "
            f"You are invited as: {role.lower()}.",
            link=meeting.get_absolute_url(),
        )


def handover_record(*, meeting: HandoverMeeting, data: dict[str, Any], actor: Actor) -> HandoverMeeting:
    """The coordinator, or the host of the placement while it runs, writes the record after the meeting."""
    if not acts_for_placement(meeting.placement, actor):
        refuse(actor, meeting, "Only the coordinator or this placement's host can write the handover record.")
    fields = ("progress", "strengths", "areas_to_develop", "for_next_host")
    if not all(str(data.get(f, "")).strip() for f in ("progress", "strengths", "areas_to_develop")):
        raise ValidationError("Write the progress, strengths and areas to develop.")
    for f in fields:
        setattr(meeting, f, str(data.get(f, "")).strip())
    meeting.completed_at = meeting.completed_at or timezone.now()
    meeting.completed_by_id = actor_id(actor)
    meeting.save()
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=meeting, detail={"fields": list(fields)})
    return meeting


# --- arrival, appraisal, feedback, exit ----------------------------------------------------------------------------
def placement_arrival_confirm(*, placement: Placement, actor: Actor) -> Placement:
    if not acts_for_placement(placement, actor):
        refuse(actor, placement, "Only the host during the placement, or the coordinator, can confirm arrival.")
    if placement.arrival_confirmed_at is None:
        placement.arrival_confirmed_at, placement.arrival_confirmed_by_id = timezone.now(), actor_id(actor)
        placement.save(update_fields=["arrival_confirmed_at", "arrival_confirmed_by", "updated_at"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=placement, detail={"arrival": "confirmed"})
    return placement


def appraisal_submit(*, placement: Placement, data: dict[str, Any], actor: Actor) -> Appraisal:
    if not can_appraise(placement, actor):
        opens, closes = appraisal_window(placement)
        refuse(
            actor,
            placement,
            f"The placement's line manager writes the appraisal between {opens:%-d %B} and {closes:%-d %B %Y}.",
        )
    if Appraisal.objects.filter(placement=placement).exists():
        raise ValidationError("This placement already has an appraisal.")
    with transaction.atomic():
        appraisal = Appraisal(placement=placement, author=_person(actor), **data)
        appraisal.full_clean()
        appraisal.save()
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=appraisal)
        notification_queue(
            key=f"appraisal:{appraisal.pk}",
            recipient=placement.enrolment.apprentice,
            kind="appraisal_written",
            subject="Your placement appraisal is ready",
            body="Your host has written the appraisal for your placement. Read it in the Hub.",
            link=appraisal.get_absolute_url(),
            about=appraisal,
        )
    return appraisal


def feedback_submit(*, placement: Placement, data: dict[str, Any], actor: Actor) -> PlacementFeedback:
    viewer = viewer_for(actor)
    if placement.enrolment.apprentice_id != viewer.person_id:
        refuse(actor, placement, "Only the apprentice gives feedback on their placement.")
    if not feedback_open(placement):
        raise ValidationError("Feedback opens two weeks before the placement ends.")
    if PlacementFeedback.objects.filter(placement=placement).exists():
        raise ValidationError("You have already given feedback on this placement.")
    feedback = PlacementFeedback(placement=placement, author=_person(actor), **data)
    feedback.full_clean()
    feedback.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=feedback)
    return feedback


def exit_submit(*, enrolment: Enrolment, data: dict[str, Any], actor: Actor) -> ExitQuestionnaire:
    viewer = viewer_for(actor)
    if enrolment.apprentice_id != viewer.person_id:
        refuse(actor, enrolment, "Only the apprentice answers their exit questionnaire.")
    if enrolment.status not in FINAL:
        raise ValidationError("The exit questionnaire opens when you complete or leave the scheme.")
    if ExitQuestionnaire.objects.filter(enrolment=enrolment).exists():
        raise ValidationError("You have already answered the exit questionnaire.")
    answers = ExitQuestionnaire(enrolment=enrolment, author=_person(actor), **data)
    answers.full_clean()
    answers.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=answers)
    return answers


# --- pastoral ------------------------------------------------------------------------------------------------------
def pastoral_read(*, enrolment: Enrolment, actor: Actor) -> tuple[PastoralStatus | None, list[PastoralNote]]:
    """Coordinators only; every read is audited (even when there is nothing to read)."""
    viewer = viewer_for(actor)
    if not viewer.is_coordinator or viewer.partnership_id != enrolment.partnership_id:
        refuse(actor, enrolment, "Pastoral notes are for scheme coordinators only.")
    status = PastoralStatus.objects.visible_to(actor).filter(enrolment=enrolment).first()
    notes = list(PastoralNote.objects.visible_to(actor).filter(enrolment=enrolment).select_related("author"))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.READ_SENSITIVE,
        obj=enrolment,
        detail={"pastoral_notes": len(notes), "status": status is not None},
    )
    return status, notes


def pastoral_note_add(*, enrolment: Enrolment, text: str, actor: Actor) -> PastoralNote:
    require_perm_in(actor, "hub.pastoral", enrolment.partnership_id)
    if not text.strip():
        raise ValidationError({"text": "Write the note."})
    note = PastoralNote.objects.create(enrolment=enrolment, author=_person(actor), text=text.strip())
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=note, partnership_id=enrolment.partnership_id)
    return note


def pastoral_status_set(*, enrolment: Enrolment, rag: str, summary: str, actor: Actor) -> PastoralStatus:
    require_perm_in(actor, "hub.pastoral", enrolment.partnership_id)
    status, _ = PastoralStatus.objects.get_or_create(enrolment=enrolment)
    status.rag, status.summary = rag, summary.strip()
    status.updated_at, status.updated_by = timezone.now(), _person(actor)
    status.full_clean()
    status.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=status,
        partnership_id=enrolment.partnership_id,
        detail={"rag": rag},
    )
    return status


def pastoral_request(*, enrolment: Enrolment, actor: Actor) -> PastoralAccessRequest:
    """The apprentice asks for their notes; the coordinators are told (no names in the message)."""
    if enrolment.apprentice_id != viewer_for(actor).person_id:
        refuse(actor, enrolment, "Only the apprentice can ask for their own notes.")
    open_request = PastoralAccessRequest.objects.filter(enrolment=enrolment, answered_at__isnull=True).first()
    if open_request:
        return open_request
    request = PastoralAccessRequest.objects.create(enrolment=enrolment)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=request, partnership_id=enrolment.partnership_id)
    for person in coordinators_of(enrolment.partnership_id):
        notification_queue(
            key=f"pastoral-request:{request.pk}:{person.pk}",
            recipient=person,
            kind="pastoral_request",
            subject="A request to see pastoral notes",
            body="An apprentice has asked to see the pastoral notes about them. Please answer within one month.",
            link=f"/support/enrolments/{enrolment.pk}/pastoral/",
            about=enrolment,
        )
    return request


def pastoral_request_answer(*, request: PastoralAccessRequest, actor: Actor) -> PastoralAccessRequest:
    """Share the notes written until now with the apprentice."""
    require_perm_in(actor, "hub.pastoral", request.enrolment.partnership_id)
    if request.answered_at is None:
        request.answered_at, request.answered_by = timezone.now(), _person(actor)
        request.save(update_fields=["answered_at", "answered_by"])
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, obj=request, partnership_id=request.enrolment.partnership_id
        )
        notification_queue(
            key=f"pastoral-answer:{request.pk}",
            recipient=request.enrolment.apprentice,
            kind="pastoral_answer",
            subject="You can now read your notes",
            body="The coordinator has answered your request. You can read the notes in the Hub.",
            link=f"/support/enrolments/{request.enrolment_id}/",
        )
    return request


def pastoral_shared_notes(*, enrolment: Enrolment, actor: Actor) -> list[PastoralNote]:
    """The apprentice's own notes, written up to their last answered request. The read is audited."""
    if enrolment.apprentice_id != viewer_for(actor).person_id:
        refuse(actor, enrolment, "Only the apprentice reads their shared notes.")
    answered = (
        PastoralAccessRequest.objects.filter(enrolment=enrolment, answered_at__isnull=False)
        .order_by("-answered_at")
        .first()
    )
    if answered is None or answered.answered_at is None:
        return []
    notes = list(PastoralNote.objects.filter(enrolment=enrolment, created_at__lte=answered.answered_at))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.READ_SENSITIVE,
        obj=enrolment,
        detail={"pastoral_notes": len(notes), "subject_access": answered.pk},
    )
    return notes


def pastoral_note_dates(enrolment: Enrolment) -> list[datetime]:
    """For the apprentice: when notes were written, never what they say."""
    return list(PastoralNote.objects.filter(enrolment=enrolment).values_list("created_at", flat=True))


# ---------------------------------------------------------------------------------------------------- reminders

#: reminders about a late appraisal or handover record stop this many days after it fell due
REMIND_LATE_FOR_DAYS = 14


def _coordinators(placement: Placement) -> list[Person]:
    coordinator = placement.enrolment.cohort.coordinator
    return [coordinator] if coordinator is not None and coordinator.is_active else []


def appraisal_reminders(today: date | None = None) -> int:
    """Daily: when a placement's appraisal opens (two weeks before it ends), tell the placement's line managers
    once; if it is still not written when it is due, tell them and the cohort's coordinator once. Idempotent.
    Returns how many placements were reminded about."""
    today = today or timezone.localdate()
    placements = (
        Placement.objects.live()
        .filter(
            status=Placement.Status.PUBLISHED,
            appraisal__isnull=True,
            end_date__lte=today + timedelta(days=OPENS_DAYS_BEFORE_END),
            end_date__gt=today - timedelta(days=APPRAISAL_DUE_DAYS_AFTER_END + REMIND_LATE_FOR_DAYS),
        )
        .select_related("setting__site__organisation", "setting__contact", "enrolment__cohort__coordinator")
        .order_by("pk")
    )
    count = 0
    for placement in placements:
        _, closes = appraisal_window(placement)
        late = today > closes
        people = setting_leads(placement.setting) + (_coordinators(placement) if late else [])
        for person in people:
            notification_queue(
                key=f"appraisal-{'late' if late else 'open'}:{placement.pk}:{person.pk}",
                recipient=person,
                kind="appraisal_due",
                subject="A placement appraisal is overdue" if late else "A placement appraisal is due",
                body=(
                    f"The appraisal of an apprentice's placement was due by {closes:%-d %B %Y} and has not been "
                    "written."
                    if late
                    else f"An apprentice's placement ends on {placement.end_date:%-d %B %Y}. Write their appraisal "
                    f"by {closes:%-d %B %Y}: it goes to their coordinator and training provider."
                ),
                link=reverse("support:placement", args=[placement.pk]),
                about=placement,
            )
        count += 1
    return count


def handover_reminders(today: date | None = None) -> int:
    """Daily: two days before a handover meeting, remind everyone invited; if its record is still not written two
    days after the meeting, tell the coordinator and the placement's line managers. Once each (idempotent).
    Returns how many meetings were reminded about."""
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.combine(today - timedelta(days=REMIND_LATE_FOR_DAYS), time.min))
    end = timezone.make_aware(datetime.combine(today + timedelta(days=3), time.min))
    meetings = (
        HandoverMeeting.objects.filter(completed_at__isnull=True, scheduled_for__gte=start, scheduled_for__lt=end)
        .select_related(
            "placement__enrolment__apprentice",
            "placement__enrolment__cohort__coordinator",
            "placement__setting__site__organisation",
            "placement__setting__contact",
            "next_placement__setting__site__organisation",
            "next_placement__setting__contact",
        )
        .order_by("pk")
    )
    count = 0
    for meeting in meetings:
        at = timezone.localtime(meeting.scheduled_for)
        day = at.date()
        if day - timedelta(days=2) <= today <= day:
            late = False
        elif today >= day + timedelta(days=2):
            late = True
        else:
            continue  # the day after the meeting: give people a day to write it
        if late:
            people = [("", p) for p in _coordinators(meeting.placement) + setting_leads(meeting.placement.setting)]
        else:
            people = participants(meeting)
        for _, person in people:
            notification_queue(
                key=f"handover-{'late' if late else 'soon'}:{meeting.pk}:{person.pk}:{day:%Y%m%d}",
                recipient=person,
                kind="handover_meeting",
                subject="A handover record has not been written" if late else "A handover meeting is coming up",
                body=(
                    f"The handover meeting on {day:%-d %B %Y} has no record yet. Write it, so the next host knows "
                    "what the apprentice has done and what to work on."
                    if late
                    else f"A placement handover meeting is on {at:%A %-d %B at %-I:%M%p}. Bring what the apprentice "
                    "has done well and what they should work on next."
                ),
                link=meeting.get_absolute_url(),
            )
        count += 1
    return count


# ---------------------------------------------------------------------------------------------------- retention


def pastoral_records_sweep(cutoff: date) -> int:
    """Retention: delete pastoral notes, statuses and requests to see them for enrolments that ended before
    `cutoff`. Returns how many records were deleted."""
    ended = Enrolment.objects.filter(status__in=FINAL, ended_on__lt=cutoff).values("pk")
    deleted = 0
    for model in (PastoralNote, PastoralStatus, PastoralAccessRequest):
        count, _ = model._default_manager.filter(enrolment__in=ended).delete()
        deleted += count
    return deleted
