"""Run daily (cron or a scheduler): Care Certificate reminders two weeks before the 12-week deadline and when it is
overdue, once each."""

from typing import Any

from django.core.management.base import BaseCommand

from workforce_hub.portfolios.services import care_certificate_reminders


class Command(BaseCommand):
    help = "Remind apprentices and tutors of Care Certificates due within two weeks or overdue (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Care Certificates due or overdue: {care_certificate_reminders()}")
