from django.apps import AppConfig


class PortfoliosConfig(AppConfig):
    name = "workforce_hub.portfolios"
    label = "portfolios"
    verbose_name = "Learning records"

    def ready(self) -> None:
        from workforce_hub.core import privacy
        from workforce_hub.schemes.privacy import FUNDED

        from . import attention, health, sections  # noqa: F401  (attention items; readiness check; sections)
        from .models import (
            Evidence,
            LearningRecord,
            OffTheJobEntry,
            PriorQualification,
            ProgressReview,
            Testimonial,
            TrainingPlan,
            UnitAchievement,
        )

        privacy.register(
            LearningRecord,
            person_path="enrolment__apprentice_id",
            fields=(
                "standard",
                "pathway",
                "rule_set",
                "start_date",
                "planned_end",
                "english_achieved",
                "maths_achieved",
                "employer_confirmed_at",
                "gateway_on",
            ),
            retention="Six years after the apprenticeship ends (funding audit).",
            erasure=FUNDED,
        )
        privacy.register(
            TrainingPlan,
            person_path="record__enrolment__apprentice_id",
            fields=(
                "version",
                "summary",
                "otj_plan",
                "apprentice_signed_at",
                "employer_signed_at",
                "provider_signed_at",
            ),
            retention="As the learning record.",
            erasure=FUNDED,
        )
        privacy.register(
            OffTheJobEntry,
            person_path="record__enrolment__apprentice_id",
            fields=("activity", "date", "hours", "description", "status", "feedback"),
            retention="As the learning record.",
            erasure=FUNDED,
        )
        privacy.register(
            Evidence,
            person_path="record__enrolment__apprentice_id",
            fields=("kind", "title", "reflection", "original_name", "screening", "status", "feedback", "created_at"),
            retention="As the learning record; quarantined files are deleted when replaced.",
            erasure=FUNDED,
        )
        privacy.register(
            Testimonial,
            person_path="author_id",
            fields=("record", "placement", "status", "responses", "completed_at"),
            retention="As the apprentice's learning record.",
            erasure=privacy.AUTHORED,
        )
        privacy.register(
            ProgressReview,
            person_path="record__enrolment__apprentice_id",
            fields=("due_on", "held_on", "progress", "actions", "apprentice_signed_at"),
            retention="As the learning record.",
            erasure=FUNDED,
        )
        # the tutor who signed a unit off is named on the apprentice's record
        privacy.register(
            UnitAchievement,
            person_path="record__enrolment__apprentice_id",
            fields=("unit", "achieved_on"),
            retention="As the learning record.",
            erasure=FUNDED,
        )
        privacy.register(
            PriorQualification,
            person_path="record__enrolment__apprentice_id",
            fields=("qualification", "achieved_on", "evidence"),
            retention="As the learning record.",
            erasure=FUNDED,
        )
