from datetime import timedelta

from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "workforce_hub.recruitment"
    label = "recruitment"
    verbose_name = "Recruitment"

    def ready(self) -> None:
        from workforce_hub.core import privacy

        from . import rules  # noqa: F401  (registers permissions)
        from .models import Application
        from .services import applications_anonymise, unsuccessful_applications_sweep

        privacy.register(
            Application,
            person_path="person_id",
            fields=("reference", "vacancy", "given_name", "family_name", "email", "date_of_birth", "stage"),
            retention="Unsuccessful: 6 months after the vacancy closes. Accepted: as the enrolment.",
            erasure=privacy.Anonymise(
                "Name, contact details, date of birth and statement removed; the application's stage stays in the "
                "recruitment figures.",
                applications_anonymise,
            ),
        )
        privacy.retain(
            privacy.RetentionRule(
                name="recruitment.unsuccessful_applications",
                title="Applications that were not accepted",
                period=timedelta(days=183),
                counted_from="the vacancy closes",
                action="anonymised",
                sweep=unsuccessful_applications_sweep,
            )
        )
