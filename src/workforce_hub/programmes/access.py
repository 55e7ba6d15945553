"""Fetch-and-authorise for the catalogue: it is the same for every partnership, so any member reads it (404 for a
record that does not exist); nobody changes it through the Hub (the shipped catalogue is loaded by migrations)."""

from __future__ import annotations

from django.db.models import Prefetch

from workforce_hub.core.access import Actor, get_visible_or_404

from .models import Criterion, Standard


def access_standard(actor: Actor, pk: int) -> Standard:
    """A standard with its pathways, criteria (each with its pathway) and qualifications, fetched once."""
    return get_visible_or_404(
        Standard.objects.visible_to(actor).prefetch_related(
            "pathways", Prefetch("criteria", queryset=Criterion.objects.select_related("pathway")), "qualifications"
        ),
        pk=pk,
    )
