"""Who sees the scheduled jobs and may run one now: partnership admins and coordinators (`rules.py`). A refusal is
audited (`core.permissions`); a job that does not exist is a 404 for everyone who may see the list."""

from __future__ import annotations

from django.http import Http404
from django.tasks import Task

from workforce_hub.core.access import Actor
from workforce_hub.core.permissions import require_perm

from .tasks import TASKS

#: see the scheduled jobs and run one now (partnership admins and coordinators)
VIEW_JOBS = "hub.view_jobs"


def access_jobs(actor: Actor) -> None:
    """Refuse, audited, anyone who may not see the scheduled jobs."""
    require_perm(actor, VIEW_JOBS)


def access_job(actor: Actor, name: str) -> Task[[], None]:
    """The task that runs the job called `name` (the permission first, so the refusal does not depend on the
    name)."""
    access_jobs(actor)
    if name not in TASKS:
        raise Http404("No such job.")
    return TASKS[name]
