from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "workforce_hub.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring and evaluation"

    def ready(self) -> None:
        from workforce_hub.core import privacy

        from . import attention, rules  # noqa: F401  (needs-attention items, permissions)
        from .models import Indicator, ItemRating, ManualValue

        # an indicator names the person responsible for it
        privacy.register(
            Indicator,
            person_path="owner_id",
            fields=("name", "item", "due_on"),
            retention="As the logic model (kept for the scheme's evaluation).",
            erasure=privacy.AUTHORED,
        )
        privacy.register(
            ManualValue,
            person_path="recorded_by_id",
            fields=("indicator", "value", "recorded_on"),
            retention="As the logic model.",
            erasure=privacy.AUTHORED,
        )
        privacy.register(
            ItemRating,
            person_path="decided_by_id",
            fields=("item", "review_on", "rating", "reason"),
            retention="As the logic model.",
            erasure=privacy.AUTHORED,
        )
