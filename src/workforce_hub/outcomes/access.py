"""Fetch-and-authorise for the outcomes app: each function fetches one object the actor may see (404 otherwise)
and, with `for_write=True`, also checks that they may change it, auditing a refusal. Views and the API call these
once and then the service; the permission rules for jobs live here, beside the app's `rules.py` predicates."""

from __future__ import annotations

from workforce_hub.core.access import Actor, get_visible_or_404, viewer_for
from workforce_hub.core.permissions import refuse, require_perm
from workforce_hub.core.roles import Role

from .models import JobVacancy

POST_JOBS = "hub.post_jobs"


def job_organisations(actor: Actor) -> set[int] | None:
    """The organisations someone may post jobs for: None (any in the partnership) for coordinators and admins,
    else those where they are a partner lead, host manager or line manager."""
    viewer = viewer_for(actor)
    if viewer.is_partnership_wide:
        return None
    return viewer.orgs_for(Role.PARTNER_LEAD, Role.HOST_MANAGER, Role.LINE_MANAGER)


def can_change_job(actor: Actor, job: JobVacancy) -> bool:
    own = job_organisations(actor)
    return actor.has_perm(POST_JOBS) and (own is None or job.organisation_id in own)


def access_job(actor: Actor, pk: int, *, for_write: bool = False) -> JobVacancy:
    """A job the actor may see; with `for_write`, one they may change (their own organisation's, unless they work
    across the partnership)."""
    job = get_visible_or_404(JobVacancy.objects.visible_to(actor).select_related("organisation"), pk=pk)
    if for_write:
        require_perm(actor, POST_JOBS)
        if not can_change_job(actor, job):
            refuse(actor, job, "You can change jobs of your own organisation only.")
    return job
