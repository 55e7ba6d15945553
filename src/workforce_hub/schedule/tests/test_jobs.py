"""Scheduled jobs: each registered with the scheduler, idempotent in a day, retried after a failure, never two at
once, a run that died counted as failed; the page for admins and coordinators only."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import summary_of
from workforce_hub.schedule import jobs
from workforce_hub.schedule.models import JobRun

pytestmark = pytest.mark.django_db
DAY = date(2026, 12, 3)


def test_every_job_is_on_the_scheduler() -> None:
    from crontask import scheduler

    from workforce_hub.schedule import tasks  # noqa: F401  (registers the jobs, as `manage.py crontask` does)

    scheduled = {j.name: j.trigger for j in scheduler.get_jobs()}
    assert set(jobs.JOBS) <= set(scheduled)
    assert all(str(scheduled[name]).startswith("cron[") for name in jobs.JOBS)


def test_a_job_does_its_work_once_a_day(monkeypatch: Any) -> None:
    calls: list[date] = []
    monkeypatch.setitem(jobs.JOBS, "job_alerts", jobs.Job("job_alerts", "t", "d", lambda day: calls.append(day) or 3))
    first = jobs.run_job("job_alerts", DAY)
    assert first is not None and first.outcome == "done" and first.detail == "3 sent"
    assert jobs.run_job("job_alerts", DAY) is None  # the second run that day does nothing
    assert jobs.run_job("job_alerts", DAY + timedelta(days=1)) is not None
    assert calls == [DAY, DAY + timedelta(days=1)]


def test_a_failure_is_recorded_and_tried_again(monkeypatch: Any) -> None:
    attempts: list[int] = []

    def flaky(day: date) -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionError("smtp down for someone@example.org")  # the message never reaches the record
        return 5

    monkeypatch.setitem(jobs.JOBS, "job_alerts", jobs.Job("job_alerts", "t", "d", flaky))
    failed = jobs.run_job("job_alerts", DAY)
    assert failed is not None and failed.outcome == "failed" and failed.detail == "Failed: ConnectionError"
    retried = jobs.run_job("job_alerts", DAY)
    assert retried is not None and retried.outcome == "done"
    assert list(JobRun.objects.filter(job="job_alerts").values_list("outcome", flat=True)) == ["done", "failed"]


def test_never_two_at_once_and_a_dead_run_is_counted_failed(monkeypatch: Any) -> None:
    monkeypatch.setitem(jobs.JOBS, "job_alerts", jobs.Job("job_alerts", "t", "d", lambda day: 1))
    stuck = JobRun.objects.create(job="job_alerts", day=DAY)
    assert jobs.run_job("job_alerts", DAY) is None  # one is running
    JobRun.objects.filter(pk=stuck.pk).update(started_at=timezone.now() - timedelta(hours=2))
    run = jobs.run_job("job_alerts", DAY)
    assert run is not None and run.outcome == "done"
    stuck.refresh_from_db()
    assert stuck.outcome == "failed" and stuck.detail == "Stopped without finishing"


def test_the_real_jobs_run(world: Any) -> None:
    for name in jobs.JOBS:
        run = jobs.run_job(name)
        assert run is not None and run.outcome == "done", (name, run and run.detail)


@pytest.mark.parametrize(
    ("key", "allowed"), [("admin", True), ("coordinator", True), ("host_manager", False), ("apprentice", False)]
)
def test_the_jobs_page(world: Any, login: Any, key: str, allowed: bool) -> None:
    client = login(key)
    page = client.get("/scheduled-jobs/")
    assert (page.status_code == 200) is allowed
    ran = client.post("/scheduled-jobs/indicator_reminders/run/")
    if allowed:
        assert ran.status_code == 302
        assert (
            JobRun.objects.filter(job="indicator_reminders", outcome="done").count() == 1
        )  # the test runs tasks at once
        listed = client.get("/scheduled-jobs/").content.decode()
        assert "Indicator reminders" in listed
        section = listed.split("<h2>Indicator reminders</h2>")[1].split("<h2>")[0]
        assert summary_of(section)["Last run"].endswith("Done </strong> 0 sent")  # the outcome as an NHS.UK tag
        assert 'nhsuk-tag--green"' in section and "&lt;" not in section  # markup, not escaped text
        assert client.post("/scheduled-jobs/nonsense/run/").status_code == 404
    else:
        assert ran.status_code == 403 and not JobRun.objects.exists()


def test_the_api(world: Any) -> None:
    api = world.api("admin")
    listed = api.get("/api/v1/scheduled-jobs/")
    assert listed.status_code == 200 and {j["name"] for j in listed.json()["results"]} == set(jobs.JOBS)
    ran = api.post("/api/v1/scheduled-jobs/job_alerts/run/")
    assert ran.status_code == 202 and ran.json()["recent"][0]["outcome"] == "done"
    assert api.post("/api/v1/scheduled-jobs/nonsense/run/").status_code == 404
    assert world.api("apprentice").get("/api/v1/scheduled-jobs/").status_code == 403
    assert world.api("host_manager").post("/api/v1/scheduled-jobs/job_alerts/run/").status_code == 403


def test_old_task_results_and_job_runs_are_tidied_away() -> None:
    from django_tasks_db.models import DBTaskResult

    def result(days_ago: int) -> None:
        finished = timezone.now() - timedelta(days=days_ago)
        DBTaskResult.objects.create(
            task_path="crontask.tasks.heartbeat",
            args_kwargs={"args": [], "kwargs": {}},
            queue_name="default",
            backend_name="default",
            run_after=finished,
            priority=0,
            status="SUCCESSFUL",
            finished_at=finished,
        )

    result(8)
    result(6)
    old = JobRun.objects.create(job="job_alerts", day=DAY - timedelta(days=100), outcome="done")
    JobRun.objects.filter(pk=old.pk).update(started_at=timezone.now() - timedelta(days=100))
    run = jobs.run_job("prune_task_results")
    assert run is not None and run.detail == "2 removed"  # the 8-day-old result and the 100-day-old run
    assert DBTaskResult.objects.count() == 1 and not JobRun.objects.filter(pk=old.pk).exists()


def test_running_a_job_now_is_audited_and_a_refusal_too_by_page_and_api(world: Any, login: Any) -> None:
    from workforce_hub.core.models import AuditEvent
    from workforce_hub.schedule.access import VIEW_JOBS

    assert login("coordinator").post("/scheduled-jobs/job_alerts/run/").status_code == 302
    assert world.api("admin").post("/api/v1/scheduled-jobs/review_reminders/run/").status_code == 202
    queued = AuditEvent.objects.filter(object_type="schedule.job", action="update")
    assert sorted(e.detail["job"] for e in queued) == ["job_alerts", "review_reminders"]
    assert world.api("host_manager").post("/api/v1/scheduled-jobs/job_alerts/run/").status_code == 403
    assert login("apprentice").get("/scheduled-jobs/").status_code == 403
    refused = AuditEvent.objects.filter(action="access_denied", object_type=VIEW_JOBS)
    assert refused.count() == 2 and queued.count() == 2


def test_database_statistics_are_refreshed(world: Any) -> None:
    """The daily job analyses every table, the small ones autovacuum never reaches included."""
    from django.db import connection

    def analysed() -> bool:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'schemes_scheme'")
            else:
                cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
                if cursor.fetchone()[0]:
                    cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'schemes_scheme'")
                else:
                    return False
            return bool(cursor.fetchone()[0])

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone()[0]:
                cursor.execute("DELETE FROM sqlite_stat1")
    assert not analysed()
    run = jobs.run_job("refresh_statistics")
    assert run is not None and run.outcome == "done"
    tables = int(run.detail.split()[0])
    assert run.detail.endswith("tables analysed") and tables == len(connection.introspection.django_table_names(True))
    assert analysed()
