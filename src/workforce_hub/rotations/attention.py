"""What the rotations app puts on the coordinator's "needs attention" list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from workforce_hub.core.access import Actor
from workforce_hub.core.attention import AttentionItem, register
from workforce_hub.schemes.models import Cohort

from .models import Placement, ReplanNeed


@register("rotations", order=10)
def rotation_attention(user: Actor, today: date) -> Iterator[AttentionItem]:
    cohorts = Cohort.objects.visible_to(user).select_related("scheme").filter(start_date__gte=today)
    for c in cohorts.order_by("start_date"):
        if (
            c.start_date <= today + timedelta(weeks=c.scheme.minimum_notice_weeks)
            and not Placement.objects.visible_to(user)
            .filter(enrolment__cohort=c, status=Placement.Status.PUBLISHED)
            .exists()
        ):
            yield AttentionItem(
                f"Starts on {c.start_date:%d %B %Y} with no published placements",
                c.name,
                "Plan and publish the rotation now: notice is shorter than the scheme's minimum",
                c.get_absolute_url(),
            )
    for need in ReplanNeed.objects.visible_to(user).open().select_related("cohort"):
        yield AttentionItem(
            need.get_kind_display(),
            need.cohort.name,
            "Re-plan the remaining blocks (blocks already started stay as they are)",
            need.cohort.get_absolute_url() + "#calendar",
        )
