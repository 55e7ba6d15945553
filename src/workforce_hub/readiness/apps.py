from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "workforce_hub.readiness"
    label = "readiness"
    verbose_name = "Ready before day one"

    def ready(self) -> None:
        from workforce_hub.core import privacy
        from workforce_hub.schemes.privacy import FUNDED

        from . import attention, receivers, rules  # noqa: F401  (needs-attention items, signal receivers, permissions)
        from .models import AGREEMENT_FIELDS, InductionDone, PlacementAgreement, PreArrivalTask

        privacy.register(
            PlacementAgreement,
            person_path="placement__enrolment__apprentice_id",
            fields=(*AGREEMENT_FIELDS, "apprentice_signed_at", "host_signed_at", "coordinator_signed_at"),
            retention="As the enrolment (6 years after it ends).",
            erasure=FUNDED,
        )
        privacy.register(
            PreArrivalTask,
            person_path="placement__enrolment__apprentice_id",
            fields=("title", "due_on", "done_at", "note"),
            retention="As the enrolment (6 years after it ends).",
            erasure=privacy.ERASE,
        )
        privacy.register(
            InductionDone,
            person_path="person_id",
            fields=("item", "done_at"),
            retention="While the person is in the partnership.",
            erasure=privacy.ERASE,
        )
