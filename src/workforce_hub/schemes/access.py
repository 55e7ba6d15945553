"""Fetch-and-authorise for the schemes app: each function fetches one object the actor may see (404 otherwise)
and, with `for_write=True`, also checks that they may change it, auditing a refusal (`core.permissions`). Pages
and the API call one of these once, then the service (which checks again, for callers that are not pages)."""

from __future__ import annotations

from workforce_hub.core.access import Actor, get_visible_or_404
from workforce_hub.core.permissions import require_perm

from .models import Cohort, Enrolment, Scheme

#: set up schemes and their cohorts (coordinators)
MANAGE_SCHEMES = "hub.manage_schemes"
#: enrol apprentices and keep their enrolments (coordinators)
MANAGE_ENROLMENTS = "hub.manage_enrolments"


def access_scheme(actor: Actor, pk: int, *, for_write: bool = False) -> Scheme:
    """A scheme the actor may see; with `for_write`, one they may change (the permission is checked first, so
    someone who may not change schemes is told so whichever scheme they ask for)."""
    if for_write:
        require_perm(actor, MANAGE_SCHEMES)
    return get_visible_or_404(Scheme.objects.visible_to(actor), pk=pk)


def access_cohort(
    actor: Actor, pk: int, *, for_write: bool = False, to_enrol: bool = False, scheme: Scheme | None = None
) -> Cohort:
    """A cohort the actor may see (of `scheme`, when given); with `for_write`, one they may change; with
    `to_enrol`, one they may enrol apprentices in."""
    if for_write:
        require_perm(actor, MANAGE_SCHEMES)
    if to_enrol:
        require_perm(actor, MANAGE_ENROLMENTS)
    cohorts = Cohort.objects.visible_to(actor).select_related("scheme", "employer", "training_provider", "coordinator")
    return get_visible_or_404(cohorts.filter(scheme=scheme) if scheme is not None else cohorts, pk=pk)


def access_enrolment(actor: Actor, pk: int, *, for_write: bool = False) -> Enrolment:
    """An enrolment the actor may see (an apprentice their own; staff those their roles reach); with `for_write`,
    one they may change (checked after the fetch: someone who cannot see it gets a 404, as for any record)."""
    enrolment = get_visible_or_404(
        Enrolment.objects.visible_to(actor).select_related("cohort__scheme", "apprentice", "line_manager"), pk=pk
    )
    if for_write:
        require_perm(actor, MANAGE_ENROLMENTS)
    return enrolment
