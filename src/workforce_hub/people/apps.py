from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "workforce_hub.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from workforce_hub.core import access, privacy

        from .access import build_viewer

        access.install_viewer_loader(build_viewer)

        from .models import Person
        from .services import people_anonymise

        privacy.register(
            Person,
            person_path="id",
            fields=(
                "given_name",
                "family_name",
                "preferred_name",
                "email",
                "phone",
                "date_of_birth",
                "postcode",
                "latitude",
                "longitude",
                "health_and_adjustment_notes",
                "is_active",
            ),
            retention="Kept while active in the partnership and 6 years after the last enrolment ends.",
            erasure=privacy.Anonymise(
                "Name, contact details, date of birth and health notes removed, and their login deleted. The "
                'record stays as "Erased person" so that records kept for a reason still point at someone.',
                people_anonymise,
            ),
        )
