"""Run daily (cron or a scheduler): sends each apprentice near the end of their scheme at most one job alert a
fortnight."""

from typing import Any

from django.core.management.base import BaseCommand

from workforce_hub.outcomes.services import job_alerts_send


class Command(BaseCommand):
    help = "Send this fortnight's job alert digests (idempotent: safe to run every day)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = job_alerts_send()
        self.stdout.write(f"Job alerts sent: {sent}")
