"""What the rotations app puts on the coordinator's "needs attention" list: live cohorts only, each item naming
who and what, and only where its action can work."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from workforce_hub.core.access import Actor
from workforce_hub.core.attention import AttentionItem, register
from workforce_hub.schemes.models import Cohort

from .models import CohortBlock, Placement, ReplanNeed


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
                key=f"unplanned:{c.pk}",
            )
    # re-plans: one item per live cohort that still has a block to come (a re-plan changes only those)
    needs = (
        ReplanNeed.objects.visible_to(user)
        .open()
        .filter(cohort__end_date__gte=today)
        .select_related("cohort", "enrolment__apprentice", "setting")
        .order_by("created_at", "pk")
    )
    by_cohort: dict[int, list[ReplanNeed]] = defaultdict(list)
    for need in needs:
        by_cohort[need.cohort_id].append(need)
    can_replan = set(
        CohortBlock.objects.visible_to(user)
        .filter(cohort_id__in=by_cohort, start_date__gt=today)
        .values_list("cohort_id", flat=True)
    )
    for cohort_id, group in by_cohort.items():
        if cohort_id not in can_replan:
            continue
        cohort = group[0].cohort
        names = []
        for need in group:
            if need.enrolment is not None:
                names.append(f"{need.enrolment.apprentice.display_name} left")
            elif need.setting is not None:
                names.append(f"{need.setting.name} changed its places")
            else:
                names.append(need.summary)
        yield AttentionItem(
            "Re-plan needed: " + "; ".join(dict.fromkeys(names)),
            cohort.name,
            "Re-plan the remaining blocks (blocks already started stay as they are)",
            cohort.get_absolute_url() + "#calendar",
            key=f"replan:{cohort_id}:{group[-1].pk}",
        )
