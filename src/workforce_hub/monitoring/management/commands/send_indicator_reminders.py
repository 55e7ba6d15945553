"""Run daily (cron or a scheduler): remind owners of indicators due within two weeks or past their date, unmet."""

from typing import Any

from django.core.management.base import BaseCommand

from workforce_hub.monitoring.services import indicator_reminders


class Command(BaseCommand):
    help = "Remind owners of logic-model indicators due soon or past their date (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Indicator reminders: {indicator_reminders()}")
