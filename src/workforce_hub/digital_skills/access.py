"""Fetch-and-authorise for digital skills: a person's own assessment (nobody else's answers are ever fetched), the
needs analysis (a permission, asked once by the page, its exports and the API, with refusals audited) and the
catalogue's learning resources (read by every member, changed by admins and coordinators)."""

from __future__ import annotations

from workforce_hub.core.access import Actor, get_visible_or_404
from workforce_hub.core.permissions import require_perm

from .models import Assessment, LearningResource

VIEW_NEEDS = "hub.view_needs_analysis"
MANAGE = "hub.manage_digital_skills"


def access_assessment(actor: Actor, pk: int) -> Assessment:
    """One of the actor's own assessments (404 for anyone else's, a manager's included)."""
    return get_visible_or_404(Assessment.objects.visible_to(actor).select_related("framework", "person"), pk=pk)


def access_needs(actor: Actor) -> None:
    """The needs analysis is for those with the permission; a refusal is audited."""
    require_perm(actor, VIEW_NEEDS)


def access_resource(actor: Actor, pk: int, *, for_write: bool = False) -> LearningResource:
    """A resource in the actor's partnership's catalogue; with `for_write`, one they may change or remove (the
    permission is role-wide, so it is asked before the fetch)."""
    if for_write:
        require_perm(actor, MANAGE)
    return get_visible_or_404(LearningResource.objects.visible_to(actor), pk=pk)
