"""A task for the concurrency test: it records each run it makes (so a task run twice shows as two rows)."""

from __future__ import annotations

import time

from django.tasks import task

from workforce_hub.core.models import AuditEvent


@task
def count_run(n: int) -> None:
    time.sleep(0.2)  # 40 tasks take 8 s: long enough for the second worker to start while the first is busy
    AuditEvent.objects.create(action=AuditEvent.Action.CREATE, object_type="test.counted", object_id=str(n))
