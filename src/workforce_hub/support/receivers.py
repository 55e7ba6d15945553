"""Published placements get their handover meetings arranged."""

from __future__ import annotations

from django.dispatch import receiver

from workforce_hub.rotations.models import Placement, PlanRun
from workforce_hub.rotations.signals import placements_published

from . import services


@receiver(placements_published)
def _on_publish(sender: object, run: PlanRun, placements: list[Placement], **kwargs: object) -> None:
    services.handovers_schedule(enrolment_ids={p.enrolment_id for p in placements})
