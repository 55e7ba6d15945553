from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "workforce_hub.roles"
    label = "roles"
    verbose_name = "New roles"

    def ready(self) -> None:
        from workforce_hub.core import privacy
        from workforce_hub.core.privacy import EMPLOYMENT

        from . import attention, rules  # noqa: F401  (needs-attention items, permissions)
        from .models import (
            Activity,
            ActivityComment,
            CheckItem,
            CompetenceCheck,
            RoleReview,
            StaffAbsence,
            TrainingAgreement,
            TrainingRequest,
        )

        review = "While the review is kept (it is how the role was agreed)."
        privacy.register(
            ActivityComment, person_path="author_id", fields=("text",), retention=review, erasure=privacy.AUTHORED
        )
        privacy.register(
            RoleReview, person_path="created_by_id", fields=("title",), retention=review, erasure=privacy.AUTHORED
        )
        privacy.register(
            Activity,
            person_path="decided_by_id",
            fields=("name", "decision", "decided_at"),
            retention=review,
            erasure=privacy.AUTHORED,
        )
        employment = "While the person works in the partnership, and 6 years after (funding and repayment)."
        privacy.register(
            TrainingRequest,
            person_path="learner_id",
            fields=("profile", "status", "decided_at"),
            retention=employment,
            erasure=EMPLOYMENT,
        )
        privacy.register(
            TrainingAgreement,
            person_path="learner_id",
            fields=("version", "study_hours_a_week", "repayment", "learner_signed_at", "employer_signed_at"),
            retention=employment,
            erasure=EMPLOYMENT,
        )
        privacy.register(
            StaffAbsence,
            person_path="person_id",
            fields=("started_on", "returned_on"),
            retention="Until their competence check after it is done, and 1 year after.",
            erasure=privacy.ERASE,
        )
        privacy.register(
            CompetenceCheck,
            person_path="person_id",
            fields=("profile", "reason"),
            retention=employment,
            erasure=EMPLOYMENT,
        )
        privacy.register(
            CheckItem,
            person_path="competence_check__person_id",
            fields=("competence", "outcome", "plan", "signed_at"),
            retention=employment,
            erasure=EMPLOYMENT,
        )
