from django.apps import AppConfig


class DigitalSkillsConfig(AppConfig):
    name = "workforce_hub.digital_skills"
    label = "digital_skills"
    verbose_name = "Digital skills"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from workforce_hub.core import privacy

        from .models import Answer, Assessment
        from .services import load_shipped_frameworks

        privacy.register(
            Assessment,
            person_path="person_id",
            fields=("framework", "staff_group", "organisation", "started_at", "completed_at"),
            retention="Six years after the person leaves the partnership.",
        )
        privacy.register(
            Answer,
            person_path="assessment__person_id",
            fields=("item", "response", "answered_at"),
            retention="As the assessment.",
        )
        post_migrate.connect(load_shipped_frameworks, sender=self)
