"""What monitoring puts on the coordinator's "needs attention" list: indicators due within a month and not met,
and those past their date and not met."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from workforce_hub.core.access import Actor
from workforce_hub.core.attention import AttentionItem, register

from .selectors import RATING_WORDS, due_or_off_track


@register("monitoring", order=60)
def monitoring_attention(user: Actor, today: date) -> Iterator[AttentionItem]:
    for w in due_or_off_track(user, today)[:20]:
        ind = w.row.indicator
        due = ind.due_on
        assert due is not None
        yield AttentionItem(
            f"Indicator {'off track: was due' if w.overdue else 'due'} {due:%d %B %Y}",
            "",
            f"{ind.name} ({w.model.subject}): {w.row.value if w.row.value is not None else 'no value'} of "
            f"{ind.target}; the Hub proposes {RATING_WORDS[w.row.proposal].lower()}. Review it and rate the item",
            w.model.get_absolute_url() + f"#item-{ind.item_id}",
            key=f"indicator:{ind.pk}:{'overdue' if w.overdue else 'due'}",
        )
