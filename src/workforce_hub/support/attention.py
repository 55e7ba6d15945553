"""What support during the scheme puts on the coordinator's "needs attention" list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from workforce_hub.core.access import Actor
from workforce_hub.core.attention import AttentionItem, register
from workforce_hub.people.models import Person

from .selectors import missed_starts, open_access_requests, overdue_appraisals, pastoral_concerns

#: what the items below read from a placement: an ICS has thousands of them, and whole records cost twice as much
_NAMED = (
    "start_date",
    "end_date",
    "enrolment",
    "enrolment__apprentice",
    *Person.name_fields("enrolment__apprentice__"),
    "setting",
    "setting__site",
    "setting__site__organisation",
    "setting__site__organisation__name",
)


@register("support", order=30)
def support_attention(user: Actor, today: date) -> Iterator[AttentionItem]:
    for placement in missed_starts(user, today).only(*_NAMED):
        yield AttentionItem(
            f"Placement began {placement.start_date:%d %B %Y}; the host has not confirmed arrival",
            placement.enrolment.apprentice.display_name,
            f"Call {placement.setting.site.organisation.name} and the apprentice; record a break if they are off",
            reverse("support:placement", args=[placement.pk]),
        )
    for placement in overdue_appraisals(user, today).only(*_NAMED)[:20]:
        yield AttentionItem(
            f"Appraisal overdue: placement ended {placement.end_date:%d %B %Y}",
            placement.enrolment.apprentice.display_name,
            f"Remind the line manager at {placement.setting.site.organisation.name} to write it",
            reverse("support:placement", args=[placement.pk]),
        )
    for status in pastoral_concerns(user):
        yield AttentionItem(
            f"Pastoral status {status.get_rag_display().split(':')[0].lower()}",
            status.enrolment.apprentice.display_name,
            status.summary or "Read the notes and agree support with the apprentice",
            reverse("support:pastoral", args=[status.enrolment_id]),
        )
    for access in open_access_requests(user):
        yield AttentionItem(
            f"Asked to see their pastoral notes on {access.requested_at:%d %B %Y}",
            access.enrolment.apprentice.display_name,
            f"Answer by {access.due_by:%d %B %Y} (subject access)",
            reverse("support:pastoral", args=[access.enrolment_id]),
        )
