"""What employability and destinations put on the coordinator's "needs attention" list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from workforce_hub.core.access import Actor
from workforce_hub.core.attention import AttentionItem, register

from .selectors import follow_ups_due


@register("outcomes", order=40)
def destination_attention(user: Actor, today: date) -> Iterator[AttentionItem]:
    for enrolment, point in follow_ups_due(user, today):
        yield AttentionItem(
            f"Destination due: {point.lower()}",
            enrolment.apprentice.display_name,
            "Contact them and record where they are working or studying",
            reverse("outcomes:destinations", args=[enrolment.pk]),
        )
