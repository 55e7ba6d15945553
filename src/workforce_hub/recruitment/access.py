"""Fetch-and-authorise for the recruitment app: a vacancy or an application is fetched once through what the
actor may see (404 otherwise) and, with `for_write=True`, only for someone who may run recruitment (the
permission first, audited when refused). Pages call one of these once, then the service (which checks again,
within the record's partnership, for callers that are not pages)."""

from __future__ import annotations

from workforce_hub.core.access import Actor, get_visible_or_404
from workforce_hub.core.permissions import require_perm

from .models import Application, Vacancy

#: advertise vacancies and move applications through the stages (coordinators)
MANAGE_RECRUITMENT = "hub.manage_recruitment"


def access_vacancy(actor: Actor, pk: int, *, for_write: bool = False) -> Vacancy:
    """A vacancy the actor may see, with its scheme and cohort; with `for_write`, one they may change."""
    if for_write:
        require_perm(actor, MANAGE_RECRUITMENT)
    return get_visible_or_404(Vacancy.objects.visible_to(actor).select_related("scheme", "cohort"), pk=pk)


def access_application(actor: Actor, pk: int, *, for_write: bool = False) -> Application:
    """An application the actor may see, with its vacancy's cohort and the enrolment it became; with `for_write`,
    one they may move on, pool or screen again (checked after the fetch: someone who cannot see it gets a 404)."""
    application = get_visible_or_404(
        Application.objects.visible_to(actor).select_related("vacancy__cohort", "enrolment"), pk=pk
    )
    if for_write:
        require_perm(actor, MANAGE_RECRUITMENT)
    return application
