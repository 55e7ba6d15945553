"""Running a queued plan: the body of the `plan_rotation` task (tasks.py), kept apart from the services that queue
it so that services → tasks → execution has no cycle."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from rotation_planner import InstanceError, parse_instance, solve

from .models import PlanRun

logger = logging.getLogger("workforce_hub.rotations.services")


def plan_run_execute(run_id: int) -> str:
    """Run the planner for a queued run (the background task calls this). Idempotent: only a queued run runs."""
    with transaction.atomic():
        run = PlanRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != PlanRun.Status.QUEUED:
            return "nothing to do"
        run.status, run.started_at = PlanRun.Status.RUNNING, timezone.now()
        run.save(update_fields=["status", "started_at", "updated_at"])

    def progress(report: dict[str, Any]) -> None:
        PlanRun.objects.filter(pk=run_id).update(progress=report)

    try:
        instance = parse_instance(run.instance)
        plan = solve(instance, time_limit=max(1.0, run.time_limit - 1.0), progress=progress)
    except InstanceError as exc:
        _fail(run_id, f"The records could not be turned into a plan: {exc}. Correct them and plan again.")
        return "failed"
    except Exception:
        logger.exception("plan run %s failed", run_id)
        _fail(run_id, "The planner stopped unexpectedly. Try again; if it fails again, tell the Hub's support team.")
        return "failed"
    data = plan.to_json()
    PlanRun.objects.filter(pk=run_id).update(
        status=PlanRun.Status.FINISHED,
        plan=data,
        result=plan.status,
        objective=plan.objective,
        bound=plan.bound,
        finished_at=timezone.now(),
        progress={"stage": "finished", "best": plan.objective, "bound": plan.bound, "seconds": plan.solve_seconds},
    )
    return plan.status


def _fail(run_id: int, message: str) -> None:
    PlanRun.objects.filter(pk=run_id).update(status=PlanRun.Status.FAILED, error=message, finished_at=timezone.now())
