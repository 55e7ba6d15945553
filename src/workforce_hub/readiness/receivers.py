"""Published placements get their pre-arrival checklist and a draft placement agreement."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from workforce_hub.rotations.signals import placements_published

from . import services


@receiver(placements_published)
def _on_publish(sender: Any, run: Any, placements: list[Any], **kwargs: Any) -> None:
    services.placements_prepare(placements)
