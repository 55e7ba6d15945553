from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "workforce_hub.recruitment"
    label = "recruitment"
    verbose_name = "Recruitment"

    def ready(self) -> None:
        from workforce_hub.core import privacy

        from . import rules  # noqa: F401  (registers permissions)
        from .models import Application

        privacy.register(
            Application,
            person_path="person_id",
            fields=("reference", "vacancy", "given_name", "family_name", "email", "date_of_birth", "stage"),
            retention="Unsuccessful: 6 months after the vacancy closes. Accepted: as the enrolment.",
        )
