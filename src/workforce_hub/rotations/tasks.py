"""Background work for rotations: the planner runs in the task worker, never in a web request."""

from __future__ import annotations

from django.tasks import task

from .execution import plan_run_execute


@task()
def plan_rotation(*, run_id: int) -> str:
    """Idempotent: a run that is not waiting to start is left alone."""
    return plan_run_execute(run_id)
