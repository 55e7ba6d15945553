"""What readiness puts on the coordinator's "needs attention" list: placements starting soon that are not ready,
and agreements not signed by everyone a week before the start."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from workforce_hub.core.access import Actor
from workforce_hub.core.attention import AttentionItem, register

from .models import AGREEMENT_WARNING_DAYS
from .selectors import starting_soon


@register("readiness", order=15)
def readiness_attention(user: Actor, today: date) -> Iterator[AttentionItem]:
    soon = starting_soon(user, today)
    if soon:
        yield AttentionItem(
            f"{len(soon)} {'placement starts' if len(soon) == 1 else 'placements start'} within 2 weeks and "
            f"{'is' if len(soon) == 1 else 'are'} not ready",
            "",
            "Check the pre-arrival tasks and the agreements with the hosts",
            reverse("readiness:not_ready"),
            key=f"not-ready:{today.isoformat()}",
        )
    for r in soon:
        if (
            r.agreement is not None
            and not r.agreement.is_signed
            and (r.placement.start_date - today).days <= AGREEMENT_WARNING_DAYS
        ):
            yield AttentionItem(
                f"Placement agreement not signed; starts {r.placement.start_date:%d %B %Y}",
                r.placement.enrolment.apprentice.display_name,
                "Get the apprentice, the host and yourself to sign it before the first day",
                reverse("readiness:agreement", args=[r.placement.pk]),
                key=f"agreement:{r.placement.pk}",
            )
