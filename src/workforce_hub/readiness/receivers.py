"""Published placements get their pre-arrival checklist and a draft placement agreement."""

from __future__ import annotations

from django.dispatch import receiver

from workforce_hub.rotations.models import Placement, PlanRun
from workforce_hub.rotations.signals import placements_published

from . import services


@receiver(placements_published)
def _on_publish(sender: object, run: PlanRun, placements: list[Placement], **kwargs: object) -> None:
    services.placements_prepare(placements)
