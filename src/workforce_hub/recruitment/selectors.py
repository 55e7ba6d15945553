"""Reads for recruitment: lists with filters, and time from application to start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import Any

from django.db.models import Count, Q, QuerySet

from workforce_hub.core.access import Actor

from .models import Application, Stage, Vacancy


def vacancy_list(*, user: Actor) -> QuerySet[Vacancy]:
    return (
        Vacancy.objects.visible_to(user)
        .select_related("scheme", "cohort")
        .annotate(
            n_applications=Count("applications", distinct=True),
            n_accepted=Count("applications", filter=Q(applications__stage=Stage.ACCEPTED), distinct=True),
        )
        .order_by("-closes_on", "title")
    )


def applications_for(*, user: Actor, vacancy: Vacancy, stage: str = "", q: str = "", eligible: str = "") -> Any:
    qs = Application.objects.visible_to(user).filter(vacancy=vacancy).select_related("enrolment")
    if stage:
        qs = qs.filter(stage=stage)
    if eligible in ("yes", "no"):
        qs = qs.filter(is_eligible=eligible == "yes")
    if q:
        qs = qs.filter(
            Q(given_name__icontains=q) | Q(family_name__icontains=q) | Q(reference__iexact=q) | Q(email__iexact=q)
        )
    return qs


@dataclass(frozen=True)
class TimeToStart:
    application: Application
    days: int
    started: bool  # False: the cohort's start date is used until the apprentice starts


def time_to_start(applications: list[Application]) -> list[TimeToStart]:
    """Accepted applicants: days from applying to starting (or to the cohort's planned start, until they start)."""
    out = []
    for a in applications:
        if a.stage != Stage.ACCEPTED:
            continue
        started_on: date | None = a.enrolment.started_on if a.enrolment else None
        end = started_on or a.vacancy.cohort.start_date
        out.append(TimeToStart(a, (end - a.created_at.date()).days, started_on is not None))
    return out


def time_to_start_summary(rows: list[TimeToStart]) -> dict[str, float | int | None]:
    started = [r.days for r in rows if r.started]
    return {
        "started": len(started),
        "waiting": len(rows) - len(started),
        "median_days": median(started) if started else None,
        "longest_days": max(started) if started else None,
    }


def sent_application(pk: object, slug: str) -> Application | None:
    """The application this browser has just sent (its id comes from the session, never from the address)."""
    if not isinstance(pk, int):
        return None
    return Application.objects.filter(pk=pk, vacancy__slug=slug).select_related("vacancy__cohort").first()
