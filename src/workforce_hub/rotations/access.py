"""Fetch-and-authorise for the rotations app: a plan run is fetched once through what the actor may see (404
otherwise) and, with `for_write=True`, only for someone who may plan (the permission first, audited when refused).
Pages call this once, then the service (which checks again, for other callers)."""

from __future__ import annotations

from workforce_hub.core.access import Actor, get_visible_or_404
from workforce_hub.core.permissions import require_perm

from .models import PlanRun

#: plan, plan again, publish and download plans (coordinators)
PLAN = "hub.plan_rotations"


def access_plan_run(actor: Actor, pk: int, *, for_write: bool = False, only: tuple[str, ...] = ()) -> PlanRun:
    """A plan run the actor may see, with its scheme and who made and published it; with `for_write`, one they may
    plan again, publish or download. `only` names the fields a caller reads, and then nothing else is fetched: the
    progress poll asks for its four every two seconds, and an ICS's instance and plan are megabytes."""
    if for_write:
        require_perm(actor, PLAN)
    runs = PlanRun.objects.visible_to(actor)
    if only:
        runs = runs.only("partnership", *only)
    else:
        runs = runs.select_related("scheme", "parent", "created_by", "published_by")
    return get_visible_or_404(runs, pk=pk)
