from django.apps import AppConfig


class DigitalSkillsConfig(AppConfig):
    name = "workforce_hub.digital_skills"
    label = "digital_skills"
    verbose_name = "Digital skills"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from workforce_hub.core import privacy

        from . import attention  # noqa: F401  (registers the coordinator's needs-attention items)
        from .framework import load_shipped_frameworks
        from .models import (
            Answer,
            Assessment,
            Booking,
            Champion,
            MaturityAssessment,
            QualityMarkAward,
            SkillCheck,
        )

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
        )
        privacy.register(
            Answer,
            person_path="assessment__person_id",
            fields=("item", "response", "answered_at"),
            retention="As the assessment.",
        )
        privacy.register(
            Champion,
            person_path="person_id",
            fields=("organisation", "site", "team", "domain_codes", "contact_note", "is_active"),
            retention="While they are a champion, then one year.",
        )
        privacy.register(
            Booking,
            person_path="person_id",
            fields=("drop_in", "created_at", "cancelled_at"),
            retention="One year after the session.",
        )
        privacy.register(
            SkillCheck,
            person_path="person_id",
            fields=("champion", "created_at", "confirmed_at"),
            retention="As the person's assessments.",
        )
        # the manager who opened a practice assessment, and who sent and reviewed a quality mark, are named as
        # part of the practice's record
        privacy.register(
            MaturityAssessment,
            person_path="created_by_id",
            fields=("organisation", "assessed_on", "status"),
            retention="Six years: part of the practice's quality record.",
        )
        privacy.register(
            QualityMarkAward,
            person_path="submitted_by_id",
            fields=("maturity", "level", "submitted_at", "reviewed_at", "expires_on"),
            retention="Six years: part of the practice's quality record.",
        )
        post_migrate.connect(load_shipped_frameworks, sender=self)
