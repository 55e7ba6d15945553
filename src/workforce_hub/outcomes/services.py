"""Writes for jobs, job alerts, careers events and destinations."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone

from rotation_planner import haversine_km
from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.geocoding import place
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import require_perm_in
from workforce_hub.core.services import model_create, model_update
from workforce_hub.notifications.services import notification_queue
from workforce_hub.organisations.models import Organisation, Partnership
from workforce_hub.people.models import Person
from workforce_hub.people.selectors import coordinators_of
from workforce_hub.rotations.models import Placement
from workforce_hub.schemes.models import ACTIVE_STATUSES, Enrolment, Scheme

from . import funding
from .access import job_organisations
from .models import (
    CareersEvent,
    Destination,
    EventSignup,
    JobAlertDigest,
    JobPreference,
    JobVacancy,
    LevyTransfer,
)

#: the first Monday of the fortnights job alerts are counted in
DIGEST_EPOCH = date(2024, 1, 1)
DIGEST_DAYS = 14


# --- jobs --------------------------------------------------------------------------------------------------------
def _check_job(actor: Actor, partnership_id: int, data: dict[str, Any]) -> None:
    org = data.get("organisation")
    if org is None or org.partnership_id != partnership_id:
        raise ValidationError({"organisation": "Choose an organisation in this partnership."})
    own = job_organisations(actor)
    if own is not None and org.pk not in own:
        raise ValidationError({"organisation": "You can post jobs for your own organisation only."})
    if any(s.partnership_id != partnership_id for s in data.get("schemes") or []):
        raise ValidationError({"schemes": "Choose schemes in this partnership."})


def job_create(*, partnership: Partnership, data: dict[str, Any], actor: Actor) -> JobVacancy:
    require_perm_in(actor, "hub.post_jobs", partnership.pk)
    _check_job(actor, partnership.pk, data)
    return model_create(model=JobVacancy, data=place({**data, "partnership": partnership}), actor=actor)


def job_update(*, job: JobVacancy, data: dict[str, Any], actor: Actor) -> JobVacancy:
    require_perm_in(actor, "hub.post_jobs", job.partnership_id)
    data = place({k: v for k, v in data.items() if k != "partnership"}, job)
    _check_job(actor, job.partnership_id, {"organisation": job.organisation, **data})
    _check_job(actor, job.partnership_id, {"organisation": job.organisation})  # may change only their own jobs
    model_update(instance=job, data=data, actor=actor)
    return job


def preferences_set(*, person: Person, data: dict[str, Any], actor: Actor) -> JobPreference:
    if viewer_for(actor).person_id != person.pk:
        raise PermissionDenied("People set their own job preferences.")
    pref, _ = JobPreference.objects.get_or_create(person=person)
    model_update(instance=pref, data=data, actor=actor)
    return pref


# --- the job alert digest ------------------------------------------------------------------------------------------
def digest_period(on: date) -> date:
    """The first day of the fortnight `on` falls in."""
    return DIGEST_EPOCH + timedelta(days=DIGEST_DAYS * ((on - DIGEST_EPOCH).days // DIGEST_DAYS))


def near_end(on: date) -> Any:
    """Enrolments near the end of their scheme: active, and the cohort (or the apprentice's own planned end, when
    their learning record has one) ends within the alert window."""
    window = (on, on + timedelta(weeks=settings.JOB_ALERT_WEEKS_BEFORE_END))
    return (
        Enrolment.objects.filter(status__in=ACTIVE_STATUSES)
        .filter(Q(cohort__end_date__range=window) | Q(learning_record__planned_end__range=window))
        .select_related("apprentice", "cohort")
        .distinct()
    )


def matching_jobs(enrolment: Enrolment, on: date) -> list[JobVacancy]:
    """Open jobs in the partnership that suit the apprentice's scheme, their preferred sectors and areas, and their
    travel limit (straight-line from home; jobs with no location pass the travel check), not sent to them before."""
    person = enrolment.apprentice
    pref = JobPreference.objects.filter(person=person).first()
    if pref is not None and not pref.alerts:
        return []
    jobs = (
        JobVacancy.objects.filter(partnership_id=person.partnership_id, closes_on__gte=on)
        .filter(Q(schemes__isnull=True) | Q(schemes=enrolment.cohort.scheme_id))
        .exclude(digests__person=person)
        .select_related("organisation")
        .distinct()
    )
    if pref is not None and pref.sectors:
        jobs = jobs.filter(sector__in=pref.sectors)
    out = []
    areas = {a.strip().lower() for a in (pref.areas if pref else []) if a.strip()}
    for job in jobs:
        if areas and job.area.strip().lower() not in areas:
            continue
        if pref is not None and pref.max_distance_km and _km(person, job) > pref.max_distance_km:
            continue
        out.append(job)
    return out


def _km(person: Person, job: JobVacancy) -> float:
    """Straight-line distance from home to the job; 0 when either has no location (the travel check passes)."""
    if person.latitude is None or person.longitude is None or job.latitude is None or job.longitude is None:
        return 0.0
    return haversine_km(float(person.latitude), float(person.longitude), float(job.latitude), float(job.longitude))


def grouped_by_area(jobs: list[JobVacancy]) -> list[tuple[str, list[JobVacancy]]]:
    groups: dict[str, list[JobVacancy]] = defaultdict(list)
    for job in jobs:
        groups[job.area.strip() or "Area not given"].append(job)
    return sorted(groups.items())


def job_alerts_send(*, on: date | None = None) -> int:
    """Send this fortnight's digest to each apprentice near the end who has new matching jobs. Safe to run every
    day: a person gets at most one digest a fortnight (a unique constraint, so even two runs at once cannot)."""
    on = on or timezone.localdate()
    period = digest_period(on)
    sent = 0
    for enrolment in near_end(on):
        person = enrolment.apprentice
        if not person.is_active or JobAlertDigest.objects.filter(person=person, period_start=period).exists():
            continue
        jobs = matching_jobs(enrolment, on)
        if not jobs:
            continue
        try:
            with transaction.atomic():
                digest = JobAlertDigest.objects.create(person=person, period_start=period)
                digest.jobs.set(jobs)
                areas = ", ".join(f"{len(js)} in {area}" for area, js in grouped_by_area(jobs))
                notification_queue(
                    key=f"job-digest:{person.pk}:{period.isoformat()}",
                    recipient=person,
                    kind="job_digest",
                    subject="New jobs that match your preferences",
                    body=f"There {'is 1 new job' if len(jobs) == 1 else f'are {len(jobs)} new jobs'} for you to "
                    f"look at: {areas}.",
                    link=digest.get_absolute_url(),
                )
        except IntegrityError:
            continue  # another run sent this period's digest first
        sent += 1
    return sent


# --- careers events ------------------------------------------------------------------------------------------------
def event_create(*, partnership: Partnership, data: dict[str, Any], actor: Actor) -> CareersEvent:
    require_perm_in(actor, "hub.manage_events", partnership.pk)
    return model_create(model=CareersEvent, data={**data, "partnership": partnership}, actor=actor)


def event_update(*, event: CareersEvent, data: dict[str, Any], actor: Actor) -> CareersEvent:
    require_perm_in(actor, "hub.manage_events", event.partnership_id)
    data = {k: v for k, v in data.items() if k != "partnership"}  # an event stays with its partnership
    model_update(instance=event, data=data, actor=actor)
    return event


def event_signup(*, event: CareersEvent, actor: Actor) -> EventSignup:
    viewer = viewer_for(actor)
    if viewer.partnership_id != event.partnership_id:
        raise PermissionDenied("Not a member of this partnership.")
    if event.starts_at <= timezone.now():
        raise ValidationError("This event has already started.")
    with transaction.atomic():
        locked = CareersEvent.objects.select_for_update().get(pk=event.pk)
        existing = EventSignup.objects.filter(event=locked, person_id=viewer.pkey).first()
        if existing:
            return existing
        if locked.signups.count() >= locked.capacity:
            raise ValidationError("This event is full.")
        signup = EventSignup.objects.create(event=locked, person_id=viewer.pkey)
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=signup, partnership_id=event.partnership_id)
    return signup


def event_cancel(*, event: CareersEvent, actor: Actor) -> None:
    viewer = viewer_for(actor)
    EventSignup.objects.filter(event=event, person_id=viewer.pkey).delete()


# --- destinations --------------------------------------------------------------------------------------------------
def _at_host(enrolment: Enrolment, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return Placement.objects.filter(
        enrolment=enrolment, status=Placement.Status.PUBLISHED, setting__site__organisation=organisation
    ).exists()


def destination_record(*, enrolment: Enrolment, data: dict[str, Any], actor: Actor) -> Destination:
    """Record (or correct) where an apprentice went, at the end or at a follow-up. Whether they work for one of
    their placement hosts is worked out from the placements."""
    require_perm_in(actor, "hub.record_destinations", enrolment.partnership_id)
    org = data.get("organisation")
    if org is not None and org.partnership_id != enrolment.partnership_id:
        raise ValidationError({"organisation": "Choose an organisation in this partnership."})
    if enrolment.ended_on is None:
        raise ValidationError("Record a destination once the apprentice has completed or left the scheme.")
    if data.get("recorded_on") and data["recorded_on"] < enrolment.ended_on:
        raise ValidationError({"recorded_on": "The date cannot be before the apprentice left the scheme."})
    data = {**data, "at_placement_host": _at_host(enrolment, org)}
    existing = Destination.objects.filter(enrolment=enrolment, point=data["point"]).first()
    if existing is not None:
        model_update(instance=existing, data=data, actor=actor)
        return existing
    return model_create(model=Destination, data={**data, "enrolment": enrolment}, actor=actor)


def _levy_year(on: date) -> tuple[date, date]:
    """The year from 1 April to 31 March that `on` falls in."""
    first = date(on.year if on.month >= 4 else on.year - 1, 4, 1)
    return first, date(first.year + 1, 3, 31)


def levy_transfer_record(*, scheme: Scheme, data: dict[str, Any], actor: Actor) -> LevyTransfer:
    """Record a levy transfer between two partners for the scheme, within the sender's cap for the year."""
    require_perm_in(actor, "hub.manage_schemes", scheme.partnership_id)
    sender, receiver = data.get("sender"), data.get("receiver")
    errors: dict[str, str] = {}
    for key, org in (("sender", sender), ("receiver", receiver)):
        if org is not None and org.partnership_id != scheme.partnership_id:
            errors[key] = "Choose an organisation in this partnership."
    if sender is not None and sender == receiver:
        errors["receiver"] = "A transfer goes from one partner to another: choose a different organisation."
    amount, funds, on = data.get("amount"), data.get("levy_funds"), data.get("agreed_on")
    if amount is not None and amount <= 0:
        errors["amount"] = "Enter an amount more than £0."
    if not errors and sender is not None and amount is not None and funds is not None and on is not None:
        first, last = _levy_year(on)
        sent = LevyTransfer.objects.filter(
            scheme__partnership_id=scheme.partnership_id, sender=sender, agreed_on__range=(first, last)
        ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
        room = funding.transfer_room(funds, sent)
        if amount > room:
            errors["amount"] = (
                f"{sender.name} can transfer up to a quarter of its levy funds in the year to 31 March "
                f"{last.year}: £{room:,.2f} left (£{sent:,.2f} already transferred)."
            )
    if errors:
        raise ValidationError(errors)
    return model_create(model=LevyTransfer, data={**data, "scheme": scheme}, actor=actor)


def levy_transfer_delete(*, transfer: LevyTransfer, actor: Actor) -> None:
    """Remove a transfer recorded by mistake (the audit trail keeps that it existed)."""
    require_perm_in(actor, "hub.manage_schemes", transfer.scheme.partnership_id)
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=transfer, detail={"scheme": transfer.scheme_id})
    transfer.delete()


#: a follow-up reminder is sent from the day it falls due, for this many days (the first daily run sends it once)
FOLLOW_UP_REMIND_FOR_DAYS = 30


def follow_up_reminders(today: date | None = None) -> int:
    """Daily: when a destination follow-up (6 or 12 months after an apprentice left) falls due and is not recorded,
    tell the cohort's coordinator (or, if it has none, the partnership's coordinators) once. Returns how many
    follow-ups were reminded about."""
    from .models import FOLLOW_UP_DAYS, Point

    today = today or timezone.localdate()
    longest = max(FOLLOW_UP_DAYS.values())
    ended = (
        Enrolment.objects.filter(
            status__in=["completed", "withdrawn"],
            ended_on__lte=today - timedelta(days=min(FOLLOW_UP_DAYS.values())),
            ended_on__gt=today - timedelta(days=longest + FOLLOW_UP_REMIND_FOR_DAYS),
        )
        .select_related("cohort__coordinator", "cohort__scheme")
        .prefetch_related("destinations")
        .order_by("pk")
    )
    count = 0
    everyone: dict[int, list[Person]] = {}  # each partnership's coordinators, read once
    for enrolment in ended:
        have = {d.point for d in enrolment.destinations.all()}
        assert enrolment.ended_on is not None
        for point, days in FOLLOW_UP_DAYS.items():
            due = enrolment.ended_on + timedelta(days=days)
            if point in have or not due <= today < due + timedelta(days=FOLLOW_UP_REMIND_FOR_DAYS):
                continue
            coordinator = enrolment.cohort.coordinator
            if coordinator is not None and coordinator.is_active:
                people = [coordinator]
            else:
                partnership_id = enrolment.cohort.scheme.partnership_id
                if partnership_id not in everyone:
                    everyone[partnership_id] = list(coordinators_of(partnership_id))
                people = everyone[partnership_id]
            for person in people:
                notification_queue(
                    key=f"follow-up:{enrolment.pk}:{point}:{person.pk}",
                    recipient=person,
                    kind="destination_follow_up",
                    subject="A destination follow-up is due",
                    body=f"{'A year' if point == Point.TWELVE_MONTHS else 'Six months'} ago an apprentice left "
                    f"{enrolment.cohort}. Contact them and record where they are now: the scheme report counts who "
                    "stays in health and care.",
                    link=reverse("outcomes:destinations", args=[enrolment.pk]),
                    about=enrolment,
                )
            count += 1
    return count
