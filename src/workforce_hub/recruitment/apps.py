from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "workforce_hub.recruitment"
    label = "recruitment"
    verbose_name = "Recruitment"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers permissions)
