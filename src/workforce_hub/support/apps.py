from datetime import timedelta

from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "workforce_hub.support"
    label = "support"
    verbose_name = "Support during the scheme"

    def ready(self) -> None:
        from workforce_hub.core import privacy
        from workforce_hub.schemes.privacy import FUNDED

        from . import (  # noqa: F401  (signal receivers and permissions)
            attention,
            receivers,
            rules,
        )
        from .models import (
            Appraisal,
            ExitQuestionnaire,
            HandoverMeeting,
            PastoralAccessRequest,
            PastoralNote,
            PastoralStatus,
            PlacementFeedback,
        )
        from .services import pastoral_records_sweep

        as_enrolment = "6 years after the enrolment ends, as the enrolment."
        privacy.register(
            HandoverMeeting,
            person_path="placement__enrolment__apprentice_id",
            fields=("scheduled_for", "progress", "strengths", "areas_to_develop", "for_next_host", "completed_at"),
            retention=as_enrolment,
            erasure=FUNDED,
        )
        for model in (Appraisal, PlacementFeedback):
            privacy.register(
                model,
                person_path="placement__enrolment__apprentice_id",
                fields=tuple(f.name for f in model._meta.fields if f.name not in ("id", "placement", "author")),
                retention=as_enrolment,
                erasure=FUNDED,
            )
        privacy.register(
            ExitQuestionnaire,
            person_path="enrolment__apprentice_id",
            fields=("overall", "support", "rotation", "would_recommend", "best_part", "improve", "plans"),
            retention=as_enrolment,
            erasure=privacy.Anonymise(
                "Their written answers are removed; the ratings stay in the scheme's figures.",
                lambda rows: rows.update(best_part="", improve="", plans=""),
            ),
        )
        privacy.register(
            PastoralNote,
            person_path="enrolment__apprentice_id",
            fields=("text", "created_at"),
            retention="Until the apprentice has left the scheme for 1 year, then deleted.",
            erasure=privacy.ERASE,
        )
        privacy.register(
            PastoralStatus,
            person_path="enrolment__apprentice_id",
            fields=("rag", "summary", "updated_at"),
            retention="Until the apprentice has left the scheme for 1 year, then deleted.",
            erasure=privacy.ERASE,
        )
        privacy.register(
            PastoralAccessRequest,
            person_path="enrolment__apprentice_id",
            fields=("requested_at", "answered_at"),
            retention="2 years after the answer.",
            erasure=privacy.ERASE,
        )
        privacy.retain(
            privacy.RetentionRule(
                name="support.pastoral_records",
                title="Pastoral notes, statuses and requests to see them",
                period=timedelta(days=365),
                counted_from="the apprentice leaves or finishes the scheme",
                action="erased",
                sweep=pastoral_records_sweep,
            )
        )
