"""Reads for scheme, cohort and enrolment pages."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from workforce_hub.core.access import Actor

from .models import Cohort, Enrolment, EnrolmentStatus, Scheme


def scheme_list(*, user: Actor, q: str = "") -> QuerySet[Scheme]:
    qs = Scheme.objects.visible_to(user).annotate(cohort_count=Count("cohorts", distinct=True))
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.prefetch_related("funders").order_by("name")


def cohort_status_counts(*, user: Actor, cohorts: list[Cohort]) -> dict[int, dict[str, int]]:
    """Counts by status per cohort, of the enrolments this user may see."""
    rows = (
        Enrolment.objects.visible_to(user)
        .filter(cohort__in=cohorts)
        .values("cohort_id", "status")
        .annotate(n=Count("id", distinct=True))
    )
    out: dict[int, dict[str, int]] = {c.pk: {} for c in cohorts}
    for row in rows:
        out[row["cohort_id"]][row["status"]] = row["n"]
    return out


def cohort_enrolments(*, user: Actor, cohort: Cohort, status: str = "") -> QuerySet[Enrolment]:
    qs = Enrolment.objects.visible_to(user).filter(cohort=cohort).select_related("apprentice", "line_manager")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("apprentice__family_name", "apprentice__given_name")


STATUS_LABELS = dict(EnrolmentStatus.choices)
