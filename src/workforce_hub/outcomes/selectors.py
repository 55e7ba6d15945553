"""Reads for jobs, events, destinations and the follow-ups that are due."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.people.models import Person
from workforce_hub.schemes.models import Enrolment, EnrolmentStatus

from .models import FOLLOW_UP_DAYS, CareersEvent, Destination, EventSignup, JobVacancy, Point


def job_list(
    *, user: Actor, q: str = "", sector: str = "", area: str = "", open_only: bool = True
) -> QuerySet[JobVacancy]:
    qs = JobVacancy.objects.visible_to(user).select_related("organisation")
    if open_only:
        qs = qs.filter(closes_on__gte=timezone.localdate())
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(organisation__name__icontains=q))
    if sector:
        qs = qs.filter(sector=sector)
    if area:
        qs = qs.filter(area__icontains=area)
    return qs


def event_list(*, user: Actor, upcoming: bool, now: datetime) -> QuerySet[CareersEvent]:
    qs = CareersEvent.objects.visible_to(user).annotate(taken=Count("signups"))
    return qs.filter(ends_at__gte=now) if upcoming else qs.filter(ends_at__lt=now).order_by("-starts_at")


def event_signups(*, user: Actor, event: CareersEvent) -> list[EventSignup]:
    """Who signed up: coordinators and admins see the list; everyone else only their own sign-up."""
    if viewer_for(user).is_partnership_wide:
        return list(event.signups.select_related("person"))
    return list(EventSignup.objects.visible_to(user).filter(event=event))


def follow_ups_due(user: Actor, today: date) -> list[tuple[Enrolment, str]]:
    """Enrolments that ended and are missing a destination at a point that is due (the end at once; 6 and 12
    months after they left). Coordinators and admins only."""
    if not viewer_for(user).is_partnership_wide:
        return []
    ended = list(
        Enrolment.objects.visible_to(user)
        .filter(
            status__in=[EnrolmentStatus.COMPLETED, EnrolmentStatus.WITHDRAWN], ended_on__gte=today - timedelta(days=400)
        )
        .select_related("apprentice")
        .only("ended_on", "apprentice", *Person.name_fields("apprentice__"))
    )
    # the points recorded, read as plain values: prefetching them as records cost half a second for an ICS's leavers
    have: dict[int, set[str]] = defaultdict(set)
    for enrolment_id, recorded in Destination.objects.filter(enrolment_id__in=[e.pk for e in ended]).values_list(
        "enrolment_id", "point"
    ):
        have[enrolment_id].add(recorded)
    out = []
    for e in ended:
        due = [Point.END] + [
            p for p, days in FOLLOW_UP_DAYS.items() if e.ended_on and e.ended_on + timedelta(days=days) <= today
        ]
        missing = [p for p in due if p not in have[e.pk]]
        if missing:
            out.append((e, str(Point(missing[0]).label)))
    return out


def destinations_for(*, user: Actor, enrolment: Enrolment) -> QuerySet[Destination]:
    return Destination.objects.visible_to(user).filter(enrolment=enrolment).select_related("organisation")
