"""Fetch-and-authorise for digital champions: each function fetches one record the actor may see (404 otherwise)
and, with `for_write=True`, also checks that they may act on it, auditing a refusal. Pages and the API call these
once, then the service (which checks again, for callers that come another way)."""

from __future__ import annotations

from workforce_hub.core.access import Actor, get_visible_or_404, viewer_for
from workforce_hub.core.permissions import refuse

from .champions import CHAMPION_ASKED
from .maturity import ASSESSORS_ONLY, SECOND_PERSON, can_assess, can_review
from .models import (
    ActionItem,
    Booking,
    Champion,
    DropIn,
    MaturityAssessment,
    MaturityScore,
    QualityMarkAward,
    SkillCheck,
)


def access_champion(actor: Actor, pk: int) -> Champion:
    """A champion in the actor's partnership (the directory is for every member)."""
    return get_visible_or_404(Champion.objects.visible_to(actor).select_related("person"), pk=pk)


def access_drop_in(actor: Actor, pk: int) -> DropIn:
    return get_visible_or_404(DropIn.objects.visible_to(actor).select_related("champion"), pk=pk)


def access_booking(actor: Actor, pk: int) -> Booking:
    """One of the actor's own bookings (or, for a champion, one on their session)."""
    return get_visible_or_404(Booking.objects.visible_to(actor), pk=pk)


def access_skill_check(actor: Actor, pk: int, *, for_write: bool = False) -> SkillCheck:
    """A skill check the actor may see; with `for_write`, one they were asked to confirm."""
    check = get_visible_or_404(
        SkillCheck.objects.visible_to(actor).select_related("champion__person", "person", "framework"), pk=pk
    )
    if for_write and check.champion.person_id != viewer_for(actor).person_id:
        refuse(actor, check, CHAMPION_ASKED)
    return check


def access_maturity(actor: Actor, pk: int, *, for_write: bool = False) -> MaturityAssessment:
    """A practice's maturity assessment the actor may see; with `for_write`, one they may work on (a manager of
    the practice, a coordinator or an admin)."""
    record = get_visible_or_404(
        MaturityAssessment.objects.visible_to(actor).select_related("organisation", "created_by"), pk=pk
    )
    if for_write and not can_assess(actor, record.organisation):
        refuse(actor, record, ASSESSORS_ONLY)
    return record


def access_score(actor: Actor, pk: int) -> MaturityScore:
    return get_visible_or_404(MaturityScore.objects.visible_to(actor).select_related("maturity__organisation"), pk=pk)


def access_action(actor: Actor, pk: int) -> ActionItem:
    return get_visible_or_404(ActionItem.objects.visible_to(actor).select_related("maturity"), pk=pk)


def access_quality_mark(actor: Actor, maturity_pk: int, *, for_write: bool = False) -> QualityMarkAward:
    """The quality mark sent for an assessment; with `for_write`, one the actor may peer review."""
    award = get_visible_or_404(
        QualityMarkAward.objects.visible_to(actor).select_related("maturity__organisation"), maturity_id=maturity_pk
    )
    if for_write and not can_review(actor, award):
        refuse(actor, award, SECOND_PERSON)
    return award
