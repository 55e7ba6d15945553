from datetime import timedelta

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
        privacy.register(
            Champion,
            person_path="person_id",
            fields=("organisation", "site", "team", "domain_codes", "contact_note", "is_active"),
            retention="While they are a champion, then one year.",
            erasure=privacy.Anonymise(
                "Their contact note is removed and they stop being a champion; the help they gave stays in the "
                "programme's counts.",
                lambda rows: rows.update(contact_note="", is_active=False),
            ),
        )
        privacy.register(
            Booking,
            person_path="person_id",
            fields=("drop_in", "created_at", "cancelled_at"),
            retention="One year after the session.",
            erasure=privacy.ERASE,
        )
        privacy.register(
            SkillCheck,
            person_path="person_id",
            fields=("champion", "created_at", "confirmed_at"),
            retention="As the person's assessments.",
            erasure=privacy.ERASE,
        )
        # the manager who opened a practice assessment, and who sent and reviewed a quality mark, are named as
        # part of the practice's record
        privacy.register(
            MaturityAssessment,
            person_path="created_by_id",
            fields=("organisation", "assessed_on", "status"),
            retention="Six years: part of the practice's quality record.",
            erasure=privacy.AUTHORED,
        )
        privacy.register(
            QualityMarkAward,
            person_path="submitted_by_id",
            fields=("maturity", "level", "submitted_at", "reviewed_at", "expires_on"),
            retention="Six years: part of the practice's quality record.",
            erasure=privacy.AUTHORED,
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
