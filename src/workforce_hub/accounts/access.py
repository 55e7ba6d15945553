"""Fetch-and-authorise for accounts: a login's own API tokens. Anyone else's token is not found (404), for every
role: nobody manages another person's tokens, and nobody learns that one exists."""

from __future__ import annotations

from workforce_hub.core.access import Actor, get_visible_or_404

from .models import ApiToken


def access_token(actor: Actor, pk: int) -> ApiToken:
    """One of the actor's own tokens."""
    return get_visible_or_404(ApiToken.objects.filter(user_id=actor.pk if actor.is_authenticated else None), pk=pk)
