"""The daily jobs: what each does, when it is scheduled, and the runner that makes each idempotent and retried.

Every job is scheduled hourly (`HOURLY`) and does its work once a day: the first run of a day that succeeds records
`done`, and later runs that day find it and stop. A run that fails records `failed` with the error's class (never its
message, which could hold personal data) and the next hourly run tries again. Two runs at once cannot both work: a
unique constraint lets only one be `running`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from workforce_hub.core import privacy
from workforce_hub.core.database import refresh_statistics
from workforce_hub.monitoring.services import indicator_reminders
from workforce_hub.organisations.models import Partnership
from workforce_hub.outcomes.services import follow_up_reminders, job_alerts_send
from workforce_hub.passport.services import expiry_reminders, issue_pending
from workforce_hub.portfolios.services import care_certificate_reminders, review_reminders
from workforce_hub.support.services import appraisal_reminders, handover_reminders

from .models import JobRun

log = logging.getLogger(__name__)
HOURLY = "5 * * * *"


@dataclass(frozen=True)
class Job:
    name: str
    title: str
    does: str
    run: Callable[[date], int]
    #: what the count it returns is of, for the run's record
    unit: str = "sent"


#: finished task results (one a minute from the scheduler's heartbeat alone) and job runs are kept this long
TASK_RESULTS_KEPT = timedelta(days=7)
JOB_RUNS_KEPT = timedelta(days=90)


def prune_task_results(day: date) -> int:
    """Remove finished task results older than a week and job runs older than 90 days; returns how many."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    results, _ = DBTaskResult.objects.filter(finished_at__lt=now - TASK_RESULTS_KEPT).delete()
    runs, _ = JobRun.objects.filter(started_at__lt=now - JOB_RUNS_KEPT).exclude(outcome=JobRun.Outcome.RUNNING).delete()
    return results + runs


def retention_sweep(day: date) -> int:
    """Apply every retention period in the privacy register: erase or anonymise what is overdue."""
    return sum(privacy.sweep(day).values())


def issue_credentials(day: date) -> int:
    """Issue passport credentials for every achievement recorded since the last run, in every partnership."""
    return sum(len(issue_pending(pk, day)) for pk in Partnership.objects.values_list("pk", flat=True))


JOBS: dict[str, Job] = {
    j.name: j
    for j in (
        Job(
            "job_alerts",
            "Job alerts",
            "Sends each apprentice near the end of their scheme at most one digest of new jobs a fortnight.",
            lambda day: job_alerts_send(on=day),
        ),
        Job(
            "certificate_reminders",
            "Care Certificate reminders",
            "Reminds apprentices and tutors two weeks before the 12-week deadline and once when it has passed.",
            care_certificate_reminders,
        ),
        Job(
            "indicator_reminders",
            "Indicator reminders",
            "Tells each indicator's owner two weeks before it is due and once when its date has passed unmet.",
            indicator_reminders,
        ),
        Job(
            "issue_credentials",
            "Passport credentials",
            "Issues a signed credential for each unit, qualification, placement, training and competence signed off "
            "since the last run.",
            issue_credentials,
            unit="issued",
        ),
        Job(
            "passport_expiry_reminders",
            "Passport expiry reminders",
            "Tells holders and their line managers 60 and 14 days before a credential goes out of date.",
            expiry_reminders,
        ),
        Job(
            "review_reminders",
            "Progress review reminders",
            "Reminds the apprentice, line manager and tutors two weeks before a progress review, and the line "
            "manager and tutors once if it is overdue.",
            review_reminders,
        ),
        Job(
            "appraisal_reminders",
            "Appraisal reminders",
            "Reminds a placement's line managers when its appraisal opens, and them and the coordinator once if it "
            "is late.",
            appraisal_reminders,
        ),
        Job(
            "handover_reminders",
            "Handover reminders",
            "Reminds everyone invited two days before a handover meeting, and the coordinator and line managers if "
            "its record is not written two days after.",
            handover_reminders,
        ),
        Job(
            "follow_up_reminders",
            "Destination follow-ups",
            "Tells the coordinator when a destination follow-up (6 and 12 months after an apprentice left) is due "
            "and not recorded.",
            follow_up_reminders,
        ),
        Job(
            "retention_sweep",
            "Retention periods",
            "Erases or anonymises records whose retention period in the privacy register has ended: applications "
            "that were not accepted, planner inputs, digital-skills answers, pastoral notes, old messages and the "
            "audit log.",
            retention_sweep,
            unit="records changed",
        ),
        Job(
            "prune_task_results",
            "Tidy the task queue",
            "Removes finished background-task results older than a week, and records of job runs older than 90 days.",
            prune_task_results,
            unit="removed",
        ),
        Job(
            "refresh_statistics",
            "Database statistics",
            "Has the database look again at how much each table holds and what is in it, so that it finds records "
            "the quickest way as the partnership grows.",
            lambda day: refresh_statistics(),
            unit="tables analysed",
        ),
    )
}


def run_job(name: str, day: date | None = None) -> JobRun | None:
    """Run a job for `day` (today) unless it already succeeded that day or is running now; None when skipped."""
    job = JOBS[name]
    day = day or timezone.localdate()
    if JobRun.objects.filter(job=name, day=day, outcome=JobRun.Outcome.DONE).exists():
        return None
    # a run that has said "running" for an hour died with its process: count it as failed so the job can run again
    JobRun.objects.filter(
        job=name, outcome=JobRun.Outcome.RUNNING, started_at__lt=timezone.now() - timedelta(hours=1)
    ).update(outcome=JobRun.Outcome.FAILED, detail="Stopped without finishing", finished_at=timezone.now())
    try:
        with transaction.atomic():
            run = JobRun.objects.create(job=name, day=day)
    except IntegrityError:
        return None  # another run of the same job is at work
    try:
        count = job.run(day)
    except Exception as exc:  # recorded and retried at the next hourly run
        run.outcome, run.detail = JobRun.Outcome.FAILED, f"Failed: {exc.__class__.__name__}"
        run.finished_at = timezone.now()
        run.save()
        log.warning("Scheduled job %s failed (%s); it will be tried again next hour", name, exc.__class__.__name__)
        return run
    run.outcome, run.detail, run.finished_at = JobRun.Outcome.DONE, f"{count} {job.unit}", timezone.now()
    run.save()
    return run
