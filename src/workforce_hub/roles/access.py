"""Object rules for role design, shared by the pages, the API and the services.

- Taking part (adding activities, commenting): the review's participants, coordinators of the partnership, and
  line and host managers of the review's organisations.
- Agreeing an activity's decision, and drafting a profile from the review: the same people except plain
  participants — a coordinator or a manager of one of the review's organisations (the person accountable for the
  team's skill mix). Who agreed it and when is kept on the activity."""

from __future__ import annotations

from workforce_hub.core.access import Actor, get_visible_or_404, viewer_for
from workforce_hub.core.roles import Role

from .models import REVIEW_MANAGERS, CompetenceCheck, RoleProfile, RoleReview, TrainingAgreement, TrainingRequest


def _manages(actor: Actor, review: RoleReview) -> bool:
    viewer = viewer_for(actor)
    if viewer.coordinates(review.partnership_id):
        return True
    mine = viewer.orgs_for(*REVIEW_MANAGERS)
    return bool(mine) and review.organisations.filter(pk__in=mine).exists()


def takes_part(actor: Actor, review: RoleReview) -> bool:
    viewer = viewer_for(actor)
    if viewer.person_id is not None and review.participants.filter(pk=viewer.person_id).exists():
        return True
    return _manages(actor, review)


def agrees(actor: Actor, review: RoleReview) -> bool:
    return _manages(actor, review)


def keeps_profile(actor: Actor, profile: RoleProfile) -> bool:
    """Change or publish a profile: a coordinator of the partnership, or a manager of its organisation."""
    viewer = viewer_for(actor)
    return viewer.coordinates(profile.partnership_id) or profile.organisation_id in viewer.orgs_for(*REVIEW_MANAGERS)


def manages_org(actor: Actor, partnership_id: int, organisation_id: int) -> bool:
    """A coordinator of the partnership, or a line or host manager of the organisation."""
    viewer = viewer_for(actor)
    return viewer.coordinates(partnership_id) or organisation_id in viewer.orgs_for(*REVIEW_MANAGERS)


def signs_agreement_as(actor: Actor, agreement: TrainingAgreement) -> str | None:
    """Which signature this person gives: the learner; the employer (a manager of the requesting organisation); the
    provider (a tutor or assessor of the named training provider). None for anyone else."""
    viewer = viewer_for(actor)
    if viewer.person_id is not None and viewer.person_id == agreement.learner_id:
        return "learner"
    if agreement.request.organisation_id in viewer.orgs_for(*REVIEW_MANAGERS):
        return "employer"
    if agreement.provider_id is not None and agreement.provider_id in viewer.orgs_for(Role.TUTOR, Role.ASSESSOR):
        return "provider"
    return None


def signs_off(actor: Actor, check: CompetenceCheck) -> bool:
    """An authorised supervisor: a manager or mentor of the check's organisation, or a coordinator — never the
    person being checked."""
    viewer = viewer_for(actor)
    if viewer.person_id is not None and viewer.person_id == check.person_id:
        return False
    return viewer.coordinates(check.organisation.partnership_id) or check.organisation_id in viewer.orgs_for(
        *REVIEW_MANAGERS, Role.MENTOR
    )


# ------------------------------------------------------------------------------------------ fetch (404 otherwise)


def access_review(actor: Actor, pk: int) -> RoleReview:
    """A role review the actor may see (what they may do in it: `takes_part`, `agrees`)."""
    return get_visible_or_404(RoleReview.objects.visible_to(actor), pk=pk)


def access_profile(actor: Actor, pk: int) -> RoleProfile:
    """A role profile the actor may see, with its organisation, standard and review (who keeps it: `keeps_profile`)."""
    return get_visible_or_404(
        RoleProfile.objects.visible_to(actor).select_related("organisation", "standard", "review"), pk=pk
    )


def access_training_request(actor: Actor, pk: int) -> TrainingRequest:
    """A funding request the actor may see, with its organisation, profile and learner."""
    return get_visible_or_404(
        TrainingRequest.objects.visible_to(actor).select_related("organisation", "profile", "learner"), pk=pk
    )
