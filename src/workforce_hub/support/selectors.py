"""Reads for support pages and the coordinator's needs-attention list."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.roles import Role
from workforce_hub.rotations.models import Placement

from .models import APPRAISAL_DUE_DAYS_AFTER_END, OPENS_DAYS_BEFORE_END, PastoralAccessRequest, PastoralStatus

#: a placement that started this many days ago without the host confirming arrival is a missed start
MISSED_START_AFTER_DAYS = 2


def support_placement(user: Actor, pk: int, today: date) -> Placement | None:
    """A placement the user may see, or one whose appraisal they may write now (the window runs past the end)."""
    viewer = viewer_for(user)
    qs = Placement.objects.select_related(
        "enrolment__apprentice", "enrolment__cohort__coordinator", "setting__site__organisation", "setting__contact"
    )
    visible = Placement.objects.visible_to(user).filter(pk=pk)
    appraiser = Q(pk=pk, enrolment__cohort__scheme__partnership_id=viewer.partnership_id) & (
        Q(setting__contact_id=viewer.person_id)
        | Q(setting__site__organisation_id__in=viewer.orgs_for(Role.HOST_MANAGER))
    )
    window = Q(
        status="published",
        end_date__gte=today - timedelta(days=APPRAISAL_DUE_DAYS_AFTER_END),
        end_date__lte=today + timedelta(days=OPENS_DAYS_BEFORE_END),
    )
    if viewer.is_anonymous:
        return None
    return qs.filter(Q(pk__in=visible.values("pk")) | (appraiser & window)).first()


def missed_starts(user: Actor, today: date) -> QuerySet[Placement]:
    return (
        Placement.objects.visible_to(user)
        .filter(
            status="published",
            arrival_confirmed_at__isnull=True,
            start_date__lte=today - timedelta(days=MISSED_START_AFTER_DAYS),
            end_date__gte=today,
            enrolment__status__in=["started", "offered"],
        )
        .select_related("enrolment__apprentice", "setting__site__organisation")
    )


def overdue_appraisals(user: Actor, today: date) -> QuerySet[Placement]:
    return (
        Placement.objects.visible_to(user)
        .filter(
            status="published",
            appraisal__isnull=True,
            end_date__lt=today - timedelta(days=APPRAISAL_DUE_DAYS_AFTER_END),
            end_date__gte=today - timedelta(days=365),
        )
        .select_related("enrolment__apprentice", "setting__site__organisation")
    )


def pastoral_concerns(user: Actor) -> QuerySet[PastoralStatus]:
    """Red and amber statuses (coordinators only: empty for anyone else)."""
    return (
        PastoralStatus.objects.visible_to(user)
        .filter(rag__in=["red", "amber"], enrolment__status__in=["started", "on_break", "offered"])
        .select_related("enrolment__apprentice")
        .order_by("-rag", "updated_at")
    )


def open_access_requests(user: Actor) -> QuerySet[PastoralAccessRequest]:
    viewer = viewer_for(user)
    if not viewer.is_coordinator:
        return PastoralAccessRequest.objects.none()
    return (
        PastoralAccessRequest.objects.visible_to(user)
        .filter(answered_at__isnull=True)
        .select_related("enrolment__apprentice")
    )
