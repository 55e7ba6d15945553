from datetime import timedelta

from django.apps import AppConfig


class RotationsConfig(AppConfig):
    name = "workforce_hub.rotations"
    label = "rotations"
    verbose_name = "Rotations"

    def ready(self) -> None:
        from workforce_hub.core import privacy
        from workforce_hub.schemes.privacy import FUNDED

        from . import (
            attention,  # noqa: F401  (registers the coordinator's needs-attention items)
            receivers,  # noqa: F401  (connects the re-plan offer to enrolment changes)
            sections,  # noqa: F401  (sections on other apps' pages)
        )
        from .models import CalendarFeed, Placement
        from .services import plan_inputs_erase, plan_inputs_of, plan_inputs_sweep

        privacy.register(
            Placement,
            person_path="enrolment__apprentice_id",
            fields=("setting", "block_index", "start_date", "end_date", "status"),
            retention="As the enrolment.",
            erasure=FUNDED,
        )
        privacy.register(
            CalendarFeed,
            person_path="person_id",
            fields=("created_at", "last_read_at"),
            retention="Until the person leaves the partnership or resets the address.",
            erasure=privacy.ERASE,
        )
        privacy.retain(
            privacy.RetentionRule(
                name="rotations.plan_inputs",
                title="Dates of birth and home locations in the planner's inputs",
                period=timedelta(days=365),
                counted_from="the plan was made",
                action="erased",
                sweep=plan_inputs_sweep,
            )
        )
        privacy.erase_also(
            privacy.ErasureHook(
                label="rotations.planrun",
                title="Planner inputs",
                what="Their date of birth, home location and any reason naming their postcode are taken out of the "
                "inputs kept with each plan; the plans stay.",
                count=plan_inputs_of,
                apply=plan_inputs_erase,
            )
        )
