from django.apps import AppConfig


class DigitalChampionsConfig(AppConfig):
    """Digital champions and the help around the self-assessment; split from `digital_skills` (ADR 0029)."""

    name = "workforce_hub.digital_champions"
    label = "digital_champions"
    verbose_name = "Digital champions and the quality mark"

    def ready(self) -> None:
        from workforce_hub.core import backup, privacy

        from . import (
            attention,  # noqa: F401  (registers the coordinator's needs-attention items)
            selectors,  # noqa: F401  (registers the skills champions confirm, for the results page)
        )
        from .models import Booking, Champion, MaturityAssessment, QualityMarkAward, SkillCheck

        for model in self.get_models():  # they were digital_skills' models until ADR 0029: old backups say so
            backup.moved(f"digital_skills.{model._meta.model_name}", model._meta.label_lower)

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
