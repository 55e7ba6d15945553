"""Reading readiness: which template fits a placement, each placement's progress, what is not ready soon."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.rotations.models import Placement

from .models import NOT_READY_WARNING_DAYS, ChecklistTemplate, PlacementAgreement, PreArrivalTask


def template_for(placement: Placement) -> ChecklistTemplate | None:
    """The most specific active template for the placement's organisation and setting type."""
    setting = placement.setting
    candidates = ChecklistTemplate.objects.filter(
        partnership_id=placement.enrolment.cohort.scheme.partnership_id, is_active=True
    ).filter(
        Q(organisation__isnull=True) | Q(organisation_id=setting.site.organisation_id),
        Q(setting_type="") | Q(setting_type=setting.setting_type),
    )
    return max(candidates, key=lambda t: (t.specificity, -t.pk), default=None)


@dataclass(frozen=True)
class Readiness:
    placement: Placement
    tasks_done: int
    tasks: int
    agreement: PlacementAgreement | None

    @property
    def agreement_signed(self) -> bool:
        return self.agreement is not None and self.agreement.is_signed

    @property
    def ready(self) -> bool:
        return self.tasks_done == self.tasks and self.agreement_signed

    @property
    def summary(self) -> str:
        signed = "agreement signed" if self.agreement_signed else "agreement not yet signed by everyone"
        return f"{self.tasks_done} of {self.tasks} pre-arrival tasks done; {signed}"


def readiness_of(placements: Iterable[Placement]) -> list[Readiness]:
    placements = list(placements)
    ids = [p.pk for p in placements]
    done: dict[int, list[int]] = {pk: [0, 0] for pk in ids}
    for task in PreArrivalTask.objects.filter(placement_id__in=ids).values("placement_id", "done_at"):
        done[task["placement_id"]][1] += 1
        done[task["placement_id"]][0] += task["done_at"] is not None
    agreements = {a.placement_id: a for a in PlacementAgreement.objects.filter(placement_id__in=ids)}
    return [Readiness(p, done[p.pk][0], done[p.pk][1], agreements.get(p.pk)) for p in placements]


def starting_soon(user: Actor, today: date, days: int = NOT_READY_WARNING_DAYS) -> list[Readiness]:
    """Published placements the viewer may see that start within `days` and are not ready."""
    placements = (
        Placement.objects.visible_to(user)
        .filter(status=Placement.Status.PUBLISHED, start_date__gt=today, start_date__lte=today + timedelta(days=days))
        .select_related("setting__site__organisation", "enrolment__apprentice")
        .order_by("start_date", "pk")
    )
    return [r for r in readiness_of(placements) if not r.ready]


def host_preparing(user: Actor, today: date) -> list[Readiness]:
    """Published placements to come at the viewer's host organisations, each with its progress (nobody named)."""
    viewer = viewer_for(user)
    if not viewer.host_org_ids:
        return []
    placements = (
        Placement.objects.filter(
            status=Placement.Status.PUBLISHED,
            start_date__gt=today,
            setting__site__organisation_id__in=viewer.host_org_ids,
            enrolment__cohort__scheme__partnership_id=viewer.partnership_id or 0,
        )
        .select_related("setting", "enrolment__cohort")
        .order_by("start_date", "pk")
    )
    return readiness_of(placements)
