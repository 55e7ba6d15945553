from django.apps import AppConfig


class RotationsConfig(AppConfig):
    name = "workforce_hub.rotations"
    label = "rotations"
    verbose_name = "Rotations"

    def ready(self) -> None:
        from workforce_hub.core import privacy

        from .models import Placement

        privacy.register(
            Placement,
            person_path="enrolment__apprentice_id",
            fields=("setting", "block_index", "start_date", "end_date", "status"),
            retention="As the enrolment.",
        )
