from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "workforce_hub.programmes"
    label = "programmes"
    verbose_name = "Programmes"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .services import load_shipped_catalogue

        post_migrate.connect(load_shipped_catalogue, sender=self)
