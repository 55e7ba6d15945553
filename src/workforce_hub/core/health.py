"""Health of a running Hub, for the load balancer and the operators: `/healthz` (the process answers) and `/readyz`
(it can serve: the database answers, every migration is applied, the task queue is being worked, and each check an
app registers — the virus scanner, for one — passes). No personal data in either; no sign-in needed.

Apps register their own readiness checks (`register`), so `core` knows nothing of the apps above it."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

#: a check returns what it found in a few words, and raises when the Hub is not ready
Check = Callable[[], str]
_CHECKS: dict[str, Check] = {}
#: work waiting this long with nothing taking it means no worker is running
WORKER_LAG = timedelta(minutes=5)


def register(name: str) -> Callable[[Check], Check]:
    def decorator(check: Check) -> Check:
        _CHECKS[name] = check
        return check

    return decorator


@register("database")
def _database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return "answers"


@register("migrations")
def _migrations() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    waiting = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if waiting:
        raise RuntimeError(f"{len(waiting)} not applied")
    return "all applied"


@register("task queue")
def _tasks() -> str:
    from django_tasks_db.models import DBTaskResult

    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    if oldest is None:
        return "nothing waiting"
    waited = timezone.now() - oldest
    if waited > WORKER_LAG:
        raise RuntimeError(f"work has waited {int(waited.total_seconds())} s: is a worker running?")
    return f"oldest waiting {int(waited.total_seconds())} s"


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    results: dict[str, dict[str, object]] = {}
    ready = True
    for name, check in sorted(_CHECKS.items()):
        started = time.perf_counter()
        try:
            results[name] = {"ok": True, "found": check()}
        except Exception as exc:  # any failure means: not ready; say which check and what it found
            ready = False
            results[name] = {"ok": False, "found": str(exc)[:200] or exc.__class__.__name__}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return JsonResponse({"ready": ready, "checks": results}, status=200 if ready else 503)
