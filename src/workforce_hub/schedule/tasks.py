"""The scheduled jobs as tasks: `manage.py crontask` (django-crontask) enqueues each on its schedule and the task
worker (`manage.py db_worker`) runs it. Each is hourly; `jobs.run_job` makes it do its work once a day."""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from .jobs import HOURLY, run_job


@cron(HOURLY)
@task
def job_alerts() -> None:
    run_job("job_alerts")


@cron(HOURLY)
@task
def certificate_reminders() -> None:
    run_job("certificate_reminders")


@cron(HOURLY)
@task
def indicator_reminders() -> None:
    run_job("indicator_reminders")


@cron(HOURLY)
@task
def issue_credentials() -> None:
    run_job("issue_credentials")


@cron(HOURLY)
@task
def passport_expiry_reminders() -> None:
    run_job("passport_expiry_reminders")


@cron(HOURLY)
@task
def review_reminders() -> None:
    run_job("review_reminders")


@cron(HOURLY)
@task
def appraisal_reminders() -> None:
    run_job("appraisal_reminders")


@cron(HOURLY)
@task
def handover_reminders() -> None:
    run_job("handover_reminders")


@cron(HOURLY)
@task
def follow_up_reminders() -> None:
    run_job("follow_up_reminders")


@cron(HOURLY)
@task
def retention_sweep() -> None:
    run_job("retention_sweep")


@cron(HOURLY)
@task
def prune_task_results() -> None:
    run_job("prune_task_results")


@cron(HOURLY)
@task
def refresh_statistics() -> None:
    run_job("refresh_statistics")


#: job name → its task (for "run now")
TASKS = {
    t.name: t
    for t in (
        job_alerts,
        certificate_reminders,
        indicator_reminders,
        issue_credentials,
        passport_expiry_reminders,
        review_reminders,
        appraisal_reminders,
        handover_reminders,
        follow_up_reminders,
        retention_sweep,
        prune_task_results,
        refresh_statistics,
    )
}
