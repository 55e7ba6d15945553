from django.apps import AppConfig


class RotationsConfig(AppConfig):
    name = "workforce_hub.rotations"
    label = "rotations"
    verbose_name = "Rotations"

    def ready(self) -> None:
        from workforce_hub.core import privacy

        from . import (
            attention,  # noqa: F401  (registers the coordinator's needs-attention items)
            receivers,  # noqa: F401  (connects the re-plan offer to enrolment changes)
            sections,  # noqa: F401  (sections on other apps' pages)
        )
        from .models import CalendarFeed, Placement

        privacy.register(
            Placement,
            person_path="enrolment__apprentice_id",
            fields=("setting", "block_index", "start_date", "end_date", "status"),
            retention="As the enrolment.",
        )
        privacy.register(
            CalendarFeed,
            person_path="person_id",
            fields=("created_at", "last_read_at"),
            retention="Until the person leaves the partnership or resets the address.",
        )
