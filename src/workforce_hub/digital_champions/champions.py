"""Writes for the people who help: digital champions (the directory), their drop-in sessions and bookings, the
support log, and skill checks."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.services import model_create
from workforce_hub.digital_skills.access import MANAGE as MANAGE
from workforce_hub.digital_skills.framework import current_framework
from workforce_hub.digital_skills.models import Item
from workforce_hub.notifications.services import notification_queue
from workforce_hub.organisations.models import Membership, Organisation, Site
from workforce_hub.people.models import Person

from .models import (
    Booking,
    Champion,
    DropIn,
    SkillCheck,
    SupportContact,
)

CHAMPION_ASKED = "Only the champion who was asked can confirm."

# ---------------------------------------------------------------------------------------------- champions


def own_champion(user: Actor) -> Champion | None:
    """The actor's active champion record, if they are one."""
    viewer = viewer_for(user)
    if viewer.is_anonymous:
        return None
    return Champion.objects.filter(person_id=viewer.pkey, is_active=True).order_by("pk").first()


def champion_create(
    *,
    actor: Actor,
    person: Person,
    organisation: Organisation,
    site: Site | None,
    team: str,
    domain_codes: list[str],
    contact_note: str,
) -> Champion:
    require_perm(actor, MANAGE)
    if not Membership.objects.active().filter(person=person, organisation=organisation).exists():
        raise ValidationError({"person": "Choose someone who works for that organisation."})
    if site is not None and site.organisation_id != organisation.pk:
        raise ValidationError({"site": "Choose a site of that organisation."})
    known = set(current_framework().domains.values_list("code", flat=True))
    if not set(domain_codes) <= known:
        raise ValidationError({"domain_codes": "Choose areas from the list."})
    if Champion.objects.filter(person=person, organisation=organisation).exists():
        raise ValidationError({"person": "They are already a champion for that organisation."})
    return model_create(
        model=Champion,
        data={
            "partnership_id": person.partnership_id,
            "person": person,
            "organisation": organisation,
            "site": site,
            "team": team.strip(),
            "domain_codes": domain_codes,
            "contact_note": contact_note.strip(),
        },
        actor=actor,
    )


def drop_in_create(
    *, actor: Actor, champion: Champion, starts_at: datetime, minutes: int, place: str, topic: str, places: int
) -> DropIn:
    """A champion offers a session (admins and coordinators may add one for any champion)."""
    mine = own_champion(actor)
    if (mine is None or mine.pk != champion.pk) and not actor.has_perm(MANAGE):
        raise PermissionDenied("Only the champion can offer their drop-in sessions.")
    errors = {}
    if starts_at <= timezone.now():
        errors["starts_at"] = "The session must start in the future."
    if not 15 <= minutes <= 480:
        errors["minutes"] = "A session lasts between 15 minutes and 8 hours."
    if not 1 <= places <= 100:
        errors["places"] = "Allow between 1 and 100 people to book."
    if not place.strip():
        errors["place"] = "Say where the session is, for example 'Meeting room 2' or 'Teams'."
    if errors:
        raise ValidationError(errors)
    return model_create(
        model=DropIn,
        data={
            "champion": champion,
            "starts_at": starts_at,
            "minutes": minutes,
            "place": place.strip(),
            "topic": topic.strip(),
            "places": places,
        },
        actor=actor,
    )


def booking_create(*, actor: Actor, drop_in: DropIn) -> Booking:
    """Book a place for yourself: not in the past, not twice, not when the session is full."""
    viewer = viewer_for(actor)
    if viewer.is_anonymous or drop_in.champion.partnership_id != viewer.partnership_id:
        raise PermissionDenied("You cannot book this session.")
    with transaction.atomic():
        session = DropIn.objects.select_for_update().get(pk=drop_in.pk)
        if session.starts_at <= timezone.now():
            raise ValidationError("This session has already started.")
        active = Booking.objects.filter(drop_in=session, cancelled_at__isnull=True)
        if active.filter(person_id=viewer.pkey).exists():
            raise ValidationError("You have already booked this session.")
        if active.count() >= session.places:
            raise ValidationError("This session is full. Choose another one.")
        booking = Booking.objects.create(drop_in=session, person_id=viewer.pkey)
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=booking)
    return booking


def booking_cancel(*, actor: Actor, booking: Booking) -> None:
    if booking.person_id != viewer_for(actor).person_id:
        raise PermissionDenied("You can only cancel your own booking.")
    if booking.cancelled_at is None:
        booking.cancelled_at = timezone.now()
        booking.save(update_fields=["cancelled_at", "updated_at"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=booking, detail={"cancelled": True})


def support_contact_create(
    *,
    actor: Actor,
    happened_on: date,
    domain_code: str,
    summary: str,
    minutes: int,
    outcome: str,
    referred_to: str,
) -> SupportContact:
    """A champion logs one time they helped someone (who it was is not recorded)."""
    champion = own_champion(actor)
    if champion is None:
        raise PermissionDenied("Only digital champions log support.")
    errors = {}
    if happened_on > timezone.localdate():
        errors["happened_on"] = "The date cannot be in the future."
    if not current_framework().domains.filter(code=domain_code).exists():
        errors["domain_code"] = "Choose the area the question was about."
    if outcome not in SupportContact.Outcome.values:
        errors["outcome"] = "Choose what happened."
    elif outcome == SupportContact.Outcome.REFERRED and not referred_to.strip():
        errors["referred_to"] = "Say who you referred them to."
    if errors:
        raise ValidationError(errors)
    return model_create(
        model=SupportContact,
        data={
            "champion": champion,
            "happened_on": happened_on,
            "domain_code": domain_code,
            "summary": summary.strip(),
            "minutes": minutes,
            "outcome": outcome,
            "referred_to": referred_to.strip(),
        },
        actor=actor,
    )


def skill_check_request(*, actor: Actor, champion: Champion) -> SkillCheck:
    """Ask a champion to confirm skills you can show them. They are told there is a request, and nothing else."""
    viewer = viewer_for(actor)
    if viewer.is_anonymous or champion.partnership_id != viewer.partnership_id or not champion.is_active:
        raise PermissionDenied("You cannot ask this champion.")
    if champion.person_id == viewer.person_id:
        raise ValidationError("Ask another champion: you cannot confirm your own skills.")
    open_check = SkillCheck.objects.filter(person_id=viewer.pkey, champion=champion, confirmed_at__isnull=True)
    existing = open_check.first()
    if existing is not None:
        return existing
    check = SkillCheck.objects.create(person_id=viewer.pkey, champion=champion, framework=current_framework())
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=check)
    notification_queue(
        key=f"skill-check-{check.pk}",
        recipient=champion.person,
        kind="skill_check",
        subject="A colleague has asked you to confirm their digital skills",
        body="A colleague would like to show you some digital skills. Open the link to see the request.",
        link=reverse("digital_champions:champion_home"),
        about=check,
    )
    return check


def skill_check_confirm(*, actor: Actor, check: SkillCheck, items: list[Item]) -> None:
    """The champion ticks the skills the person showed them."""
    if check.champion.person_id != viewer_for(actor).person_id:
        raise PermissionDenied(CHAMPION_ASKED)
    if check.confirmed_at is not None:
        raise ValidationError("This request has already been confirmed.")
    if not items:
        raise ValidationError({"items": "Tick at least one skill they showed you."})
    if any(i.domain.framework_id != check.framework_id for i in items):
        raise ValidationError({"items": "Choose skills from the list."})
    with transaction.atomic():
        check.confirmed_items.set(items)
        check.confirmed_at = timezone.now()
        check.save(update_fields=["confirmed_at", "updated_at"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=check, detail={"confirmed": len(items)})
