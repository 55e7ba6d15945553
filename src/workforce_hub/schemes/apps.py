from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "workforce_hub.schemes"
    label = "schemes"
    verbose_name = "Schemes"

    def ready(self) -> None:
        from workforce_hub.core import privacy

        from . import sections  # noqa: F401  (sections on other apps' pages)
        from .models import Enrolment, EnrolmentPattern, EnrolmentStatusChange, HostAgreement, PlannedAbsence
        from .privacy import ENROLMENT, FUNDED, still_enrolled

        privacy.block_erasure(still_enrolled)
        privacy.register(
            Enrolment,
            person_path="apprentice_id",
            fields=(
                "cohort",
                "status",
                "line_manager",
                "started_on",
                "ended_on",
                "allowed_shifts",
                "preferred_setting_types",
            ),
            retention="6 years after the enrolment ends (apprenticeship funding audit).",
            erasure=ENROLMENT,
        )
        privacy.register(
            EnrolmentStatusChange,
            person_path="enrolment__apprentice_id",
            fields=("from_status", "to_status", "reason", "effective_on", "changed_at"),
            retention="As the enrolment.",
            erasure=FUNDED,
        )
        privacy.register(
            PlannedAbsence,
            person_path="enrolment__apprentice_id",
            fields=("reason", "start_date", "planned_return", "recorded_at"),
            retention="As the enrolment.",
            erasure=FUNDED,
        )
        privacy.register(
            EnrolmentPattern,
            person_path="enrolment__apprentice_id",
            fields=("host_days", "learning_day", "training_day_frequency", "other_day", "hours_per_day"),
            retention="As the enrolment.",
            erasure=FUNDED,
        )
        # who signed for the host (their name is shown with the signature)
        privacy.register(
            HostAgreement,
            person_path="host_signed_by_id",
            fields=("scheme", "organisation", "host_signed_at"),
            retention="While the scheme runs and 6 years after (it records the partnership's agreements).",
            erasure=privacy.AUTHORED,
        )
