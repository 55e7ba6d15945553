"""SECURITY.md 17 on PostgreSQL: two task workers never run one task twice, and two people publishing one plan at
the same moment publish it once. (SQLite has no row locks to test: these run in CI's PostgreSQL pass.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from conftest import World, at_once
from workforce_hub.core.models import AuditEvent
from workforce_hub.rotations import services as rotation_services
from workforce_hub.rotations.models import Placement, PlanRun
from workforce_hub.rotations.tests.conftest import build_planning


def _postgresql_only() -> None:
    # skipped inside the test, after the live world is set up, so that its teardown finds the tables it empties
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")


ROOT = Path(__file__).resolve().parents[4]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_two_workers_never_run_one_task_twice(live_world: World, settings: Any) -> None:
    _postgresql_only()
    from django_tasks_db.models import DBTaskResult

    from .counting import count_run

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for n in range(40):
        count_run.enqueue(n)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workforce_hub.config.settings.local",
        "DATABASE_URL": _database_url(),
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--batch", "--interval", "0.05", "--worker-id", f"w{i}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for i in range(2)
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err.decode()[-2000:]

    ran = list(AuditEvent.objects.filter(object_type="test.counted").values_list("object_id", flat=True))
    assert sorted(ran, key=int) == [str(n) for n in range(40)]  # every task once, none twice
    results = DBTaskResult.objects.all()
    assert results.count() == 40 and all(r.status == "SUCCESSFUL" for r in results)
    assert all(len(r.worker_ids) == 1 for r in results)
    # both workers took part (the second starts within a second or two; the tasks take 8 s in all)
    assert {r.worker_ids[0] for r in results} == {"w0", "w1"}


def test_publishing_one_plan_twice_at_once_publishes_it_once(live_world: World) -> None:
    _postgresql_only()
    planning = build_planning(live_world)
    run = rotation_services.plan_run_create(cohorts=[planning.cohort], actor=planning.coordinator)
    run.refresh_from_db()
    assert run.has_plan
    before = Placement.objects.count()
    outcomes = at_once(
        2, lambda: rotation_services.plan_run_publish(run=PlanRun.objects.get(pk=run.pk), actor=planning.coordinator)
    )

    assert sorted(getattr(o, "already_published", None) for o in outcomes) == [False, True], outcomes
    assigned = len(run.plan["assignments"])
    assert Placement.objects.count() == before + assigned
    assert Placement.objects.filter(status="published", published_at__isnull=False).count() >= assigned
    run.refresh_from_db()
    assert run.published_at is not None and run.published_at <= timezone.now()
    assert (
        AuditEvent.objects.filter(action="publish", object_type="rotations.planrun", object_id=str(run.pk)).count() == 1
    )
