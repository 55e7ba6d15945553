from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "workforce_hub.organisations"
    label = "organisations"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from workforce_hub.core import privacy
        from workforce_hub.core.privacy import EMPLOYMENT

        from .models import Membership

        privacy.register(
            Membership,
            person_path="person_id",
            fields=("organisation", "role", "starts_on", "ends_on"),
            retention="Kept while the person is active in the partnership, then 6 years (employment records).",
            erasure=EMPLOYMENT,
        )
