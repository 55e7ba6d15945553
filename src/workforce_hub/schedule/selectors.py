"""What the scheduled-jobs page shows: each job, when it runs next, and its latest runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from apscheduler.triggers.cron import CronTrigger
from django.utils import timezone

from .jobs import HOURLY, JOBS, Job
from .models import JobRun


@dataclass(frozen=True)
class JobRow:
    job: Job
    next_run: datetime | None
    last: JobRun | None
    last_done: JobRun | None
    recent: list[JobRun]


def job_rows(now: datetime | None = None) -> list[JobRow]:
    now = now or timezone.now()
    trigger = CronTrigger.from_crontab(HOURLY, timezone=timezone.get_default_timezone())
    next_run = trigger.get_next_fire_time(None, now)
    rows = []
    for job in JOBS.values():
        runs = list(JobRun.objects.filter(job=job.name)[:10])
        done = next((r for r in runs if r.outcome == JobRun.Outcome.DONE), None)
        if done is None:
            done = JobRun.objects.filter(job=job.name, outcome=JobRun.Outcome.DONE).first()
        rows.append(JobRow(job, next_run, runs[0] if runs else None, done, runs))
    return rows
