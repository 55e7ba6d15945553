"""Running a scheduled job now, for the jobs page and the API alike: queued for the worker and audited. The job
still does its work only once a day, so a second run the same day does nothing."""

from __future__ import annotations

from workforce_hub.core.access import Actor
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent

from .access import access_job


def job_queue(*, actor: Actor, name: str) -> None:
    """Queue the job called `name` (404 when there is none; refused, audited, for anyone who may not see jobs)."""
    access_job(actor, name).enqueue()
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, object_type="schedule.job", detail={"job": name})
