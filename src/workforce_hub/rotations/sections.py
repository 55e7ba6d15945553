"""What the rotations app adds to other apps' pages (see `core.sections`)."""

from __future__ import annotations

from workforce_hub.core.access import Actor
from workforce_hub.core.sections import Section, register
from workforce_hub.organisations.models import PlacementSetting
from workforce_hub.schemes.models import Cohort, Enrolment, Scheme

from .models import CapacityChange, CohortBlock, Placement, PlanRun, ReplanNeed, TrainingUnit


@register("scheme_detail", "training_schedule", order=10)
def scheme_training(user: Actor, scheme: Scheme) -> Section:
    return Section(
        "rotations/sections/scheme_training.jinja",
        {
            "training_units": TrainingUnit.objects.visible_to(user).filter(scheme=scheme),
            "can_plan": user.has_perm("hub.plan_rotations"),
        },
    )


@register("cohort_detail", "calendar", order=10)
def cohort_calendar(user: Actor, cohort: Cohort) -> Section:
    return Section(
        "rotations/sections/cohort_calendar.jinja",
        {
            "can_plan": user.has_perm("hub.plan_rotations"),
            "blocks": CohortBlock.objects.visible_to(user).filter(cohort=cohort),
            "replan_needs": ReplanNeed.objects.visible_to(user).open().filter(cohort=cohort),
            "runs": PlanRun.objects.visible_to(user).filter(cohorts=cohort)[:5],
        },
    )


@register("enrolment_detail", "placements", order=20)
def enrolment_placements(user: Actor, enrolment: Enrolment) -> Section:
    """The live placements, one per block; replaced and cancelled ones apart, in a history, each marked."""
    placements = list(
        Placement.objects.visible_to(user)
        .filter(enrolment=enrolment)
        .select_related("setting__site__organisation")
        .order_by("block_index", "start_date", "pk")
    )
    live = [p for p in placements if p.status != Placement.Status.CANCELLED]
    live_blocks = {p.block_index for p in live}
    history = [
        (p, "Replaced" if p.block_index in live_blocks else "Cancelled")
        for p in placements
        if p.status == Placement.Status.CANCELLED
    ]
    return Section("rotations/sections/enrolment_placements.jinja", {"placements": live, "history": history})


@register("setting_detail", "capacity", order=10)
def setting_capacity(user: Actor, setting: PlacementSetting) -> Section:
    return Section(
        "rotations/sections/setting_capacity.jinja",
        {
            "capacity_changes": CapacityChange.objects.visible_to(user).filter(setting=setting),
            "can_change_capacity": user.has_perm("hub.change_capacity"),
        },
    )
