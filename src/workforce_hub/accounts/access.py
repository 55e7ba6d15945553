"""Fetch-and-authorise for accounts: a login's own API tokens. Anyone else's token is not found (404), for every
role: nobody manages another person's tokens, and nobody learns that one exists."""

from __future__ import annotations

from django.http import Http404

from workforce_hub.core.access import Actor, get_visible_or_404, viewer_for

from .models import ApiToken


def access_token(actor: Actor, pk: int) -> ApiToken:
    """One of the actor's own tokens."""
    user_id = viewer_for(actor).user_id
    if user_id is None:
        raise Http404("Not found")
    return get_visible_or_404(ApiToken.objects.filter(user_id=user_id), pk=pk)
