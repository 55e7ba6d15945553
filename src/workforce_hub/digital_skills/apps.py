from datetime import timedelta

from django.apps import AppConfig


class DigitalSkillsConfig(AppConfig):
    name = "workforce_hub.digital_skills"
    label = "digital_skills"
    verbose_name = "Digital skills"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from workforce_hub.core import privacy

        from .framework import load_shipped_frameworks
        from .models import Answer, Assessment
        from .services import answers_sweep

        privacy.register(
            Assessment,
            person_path="person_id",
            fields=(
                "framework",
                "staff_group",
                "organisation",
                "site",
                "team",
                "band",
                "job_role",
                "started_at",
                "completed_at",
            ),
            retention="Six years after the person leaves the partnership.",
            erasure=privacy.Keep(
                "The levels reached are counted in the needs analysis (kept as counts, with where and as what they "
                "worked when they answered). Their answers to each question are deleted."
            ),
        )
        privacy.register(
            Answer,
            person_path="assessment__person_id",
            fields=("item", "response", "answered_at"),
            retention="As the assessment.",
            erasure=privacy.ERASE,
        )
        privacy.retain(
            privacy.RetentionRule(
                name="digital_skills.answers",
                title="Answers to each question of a digital-skills assessment",
                period=timedelta(days=730),
                counted_from="the assessment is finished (or started, if never finished)",
                action="erased",
                sweep=answers_sweep,
            )
        )
        post_migrate.connect(load_shipped_frameworks, sender=self)
