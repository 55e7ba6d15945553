"""What digital champions put on the coordinator's "needs attention" list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from workforce_hub.core.access import Actor
from workforce_hub.core.attention import AttentionItem, register

from .selectors import awaiting_review


@register("digital_champions", order=50)
def quality_mark_attention(user: Actor, today: date) -> Iterator[AttentionItem]:
    for award in awaiting_review(user):
        yield AttentionItem(
            "Digital quality mark waiting for peer review",
            award.maturity.organisation.name,
            "Review the practice's seven Cs and action plan, then award the mark or send it back with advice",
            award.maturity.get_absolute_url(),
        )
