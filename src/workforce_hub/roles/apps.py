from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "workforce_hub.roles"
    label = "roles"
    verbose_name = "New roles"

    def ready(self) -> None:
        from workforce_hub.core import privacy

        from . import rules  # noqa: F401  (permissions)
        from .models import ActivityComment

        privacy.register(
            ActivityComment,
            person_path="author_id",
            fields=("text",),
            retention="While the review is kept (its comments are part of how the role was agreed).",
        )
