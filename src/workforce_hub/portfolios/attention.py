"""What the learning record puts on the coordinator's "needs attention" list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from workforce_hub.core.access import Actor
from workforce_hub.core.attention import AttentionItem, register

from .selectors import behind_on_hours, care_certificates_due, overdue_reviews


@register("portfolios", order=20)
def learning_attention(user: Actor, today: date) -> Iterator[AttentionItem]:
    for review in overdue_reviews(user, today)[:20]:
        yield AttentionItem(
            f"Progress review overdue since {review.due_on:%d %B %Y}",
            review.record.enrolment.apprentice.display_name,
            "Hold the three-way review, write it up and get it signed",
            review.get_absolute_url(),
        )
    for record, summary in behind_on_hours(user, today):
        yield AttentionItem(
            "Behind on off-the-job hours",
            record.enrolment.apprentice.display_name,
            f"{summary.approved} hours approved, {summary.pace} needed by now: agree protected learning time",
            reverse("portfolios:hours", args=[record.pk]),
        )

    for item in care_certificates_due(user, today)[:20]:
        overdue = item.overdue
        yield AttentionItem(
            f"Care Certificate {'overdue since' if overdue else 'due on'} {item.due:%d %B %Y}",
            item.record.enrolment.apprentice.display_name,
            f"{item.signed_off} of {item.of} standards signed off: agree with the tutor how the rest will be done"
            if overdue
            else f"{item.signed_off} of {item.of} standards signed off so far",
            reverse("portfolios:qualifications", args=[item.record.pk]),
            key=f"care-certificate:{item.record.pk}:{'overdue' if overdue else 'due'}",
        )
