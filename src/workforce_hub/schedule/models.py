"""Each run of a scheduled job: which job, for which day, when it started and finished, what it did or why it
failed. A job that succeeded for a day does not run again that day (idempotent); one that failed runs again at its
next hourly chance (retried). The jobs themselves touch no personal data here: only counts and error classes."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class JobRun(models.Model):
    class Outcome(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    job = models.CharField(max_length=80)
    day = models.DateField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.RUNNING)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            # at most one successful run of a job a day, even with two schedulers or workers at once
            models.UniqueConstraint(fields=["job", "day"], condition=Q(outcome="done"), name="job_done_once_a_day"),
            models.UniqueConstraint(
                fields=["job", "day"], condition=Q(outcome="running"), name="job_runs_once_at_a_time"
            ),
        ]
        indexes = [models.Index(fields=["job", "-started_at"], name="job_latest_run")]

    def __str__(self) -> str:
        return f"{self.job} on {self.day}: {self.outcome}"
