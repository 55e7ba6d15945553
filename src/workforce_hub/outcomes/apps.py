from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "workforce_hub.outcomes"
    label = "outcomes"
    verbose_name = "Employability, destinations and reports"

    def ready(self) -> None:
        from workforce_hub.core import privacy
        from workforce_hub.schemes.privacy import FUNDED

        from . import (
            attention,  # noqa: F401  (registers the coordinator's needs-attention items)
            rules,  # noqa: F401  (registers permissions)
        )
        from .models import Destination, EventSignup, JobAlertDigest, JobPreference

        privacy.register(
            JobPreference,
            person_path="person_id",
            fields=("sectors", "areas", "max_distance_km", "alerts"),
            retention="Until the person leaves the partnership.",
            erasure=privacy.ERASE,
        )
        privacy.register(
            JobAlertDigest,
            person_path="person_id",
            fields=("period_start", "created_at"),
            retention="1 year.",
            erasure=privacy.ERASE,
        )
        privacy.register(
            EventSignup,
            person_path="person_id",
            fields=("event", "created_at"),
            retention="1 year.",
            erasure=privacy.ERASE,
        )
        privacy.register(
            Destination,
            person_path="enrolment__apprentice_id",
            fields=(
                "point",
                "recorded_on",
                "outcome",
                "role",
                "organisation",
                "organisation_name",
                "at_placement_host",
            ),
            retention="6 years after the enrolment ends (scheme evaluation and funding audit).",
            erasure=FUNDED,
        )
