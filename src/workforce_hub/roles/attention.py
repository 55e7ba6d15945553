"""What role design puts on the "needs attention" list: people who need a competence check (back from a long
absence, or new in a role an organisation has a profile for) and have none yet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from workforce_hub.core.access import Actor
from workforce_hub.core.attention import AttentionItem, register

from .selectors import needs_check


@register("roles", order=65)
def roles_attention(user: Actor, today: date) -> Iterator[AttentionItem]:
    for need in needs_check(user, today)[:20]:
        yield AttentionItem(
            "Competence check needed",
            need.person.display_name,
            f"{need.why} at {need.organisation.name}. Check their competences instead of retraining them",
            reverse("roles:checks"),
            key=f"competence-check:{need.person.pk}:{need.organisation.pk}:{need.reason}",
        )
