"""What digital skills put on the coordinator's "needs attention" list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from workforce_hub.core.attention import AttentionItem, register

from .selectors import awaiting_review


@register("digital_skills", order=50)
def quality_mark_attention(user: Any, today: date) -> Iterator[AttentionItem]:
    for award in awaiting_review(user):
        yield AttentionItem(
            "Digital quality mark waiting for peer review",
            award.maturity.organisation.name,
            "Review the practice's seven Cs and action plan, then award the mark or send it back with advice",
            award.maturity.get_absolute_url(),
        )
