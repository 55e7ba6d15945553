"""What the passport puts on the "needs attention" list: for an organisation's managers (and coordinators), the
required training people arriving or joining have still to do within two weeks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.db.models import Count
from django.urls import reverse

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.attention import AttentionItem, register

from .models import MANAGERS, TrainingAssignment

SOON_DAYS = 14


@register("passport", order=70)
def passport_attention(user: Actor, today: date) -> Iterator[AttentionItem]:
    viewer = viewer_for(user)
    if viewer.is_anonymous or not (viewer.is_partnership_wide or viewer.orgs_for(*MANAGERS)):
        return
    qs = TrainingAssignment.objects.visible_to(user).filter(
        done_at__isnull=True, due_on__lte=today + timedelta(days=SOON_DAYS)
    )
    if not viewer.is_partnership_wide:
        qs = qs.filter(organisation_id__in=viewer.orgs_for(*MANAGERS))
    for row in (
        qs.values("organisation_id", "organisation__name").annotate(n=Count("pk")).order_by("organisation__name")
    ):
        n = row["n"]
        yield AttentionItem(
            f"{n} required {'training' if n == 1 else 'trainings'} still to do within {SOON_DAYS} days",
            row["organisation__name"],
            "Only what people do not already hold in date was assigned. Record it when done",
            reverse("passport:organisation", args=[row["organisation_id"]]),
            key=f"passport-due:{row['organisation_id']}:{today.isoformat()}",
        )
