from django.apps import AppConfig


class PassportConfig(AppConfig):
    name = "workforce_hub.passport"
    label = "passport"
    verbose_name = "Competence passport"

    def ready(self) -> None:
        from workforce_hub.core import privacy

        from . import attention, receivers, rules, sections  # noqa: F401  (registries, signal receivers, permissions)
        from .models import Credential, ImportedCredential, ShareLink, TrainingAssignment, TrainingRecord

        retention = "While the person is in the partnership, then 6 years (their record of training)."
        privacy.register(
            Credential,
            person_path="holder_id",
            fields=("name", "awarded_on", "valid_until", "token", "revoked_reason"),
            retention=retention,
            erasure=privacy.ERASE,
        )
        privacy.register(
            ImportedCredential,
            person_path="person_id",
            fields=("content", "issuer_name", "name", "valid_until", "outcome"),
            retention=retention,
            erasure=privacy.ERASE,
        )
        privacy.register(
            TrainingRecord,
            person_path="person_id",
            fields=("course", "completed_on", "evidence"),
            retention=retention,
            erasure=privacy.ERASE,
        )
        privacy.register(
            TrainingAssignment,
            person_path="person_id",
            fields=("topic", "due_on", "done_at"),
            retention=retention,
            erasure=privacy.ERASE,
        )
        privacy.register(
            ShareLink,
            person_path="person_id",
            fields=("label", "token", "expires_on"),
            retention="Until it expires or the holder revokes it; deleted a year later.",
            erasure=privacy.ERASE,
        )
