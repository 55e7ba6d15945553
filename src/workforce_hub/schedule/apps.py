from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "workforce_hub.schedule"
    label = "schedule"
    verbose_name = "Scheduled jobs"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (permissions)
