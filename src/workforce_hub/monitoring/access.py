"""Fetch-and-authorise for monitoring: a logic model, an item or an indicator is fetched once through what the
actor may see (404 otherwise) and, with `for_write=True`, only for someone who keeps logic models (the permission
first, audited when refused). Pages call one of these once, then the service (which checks again)."""

from __future__ import annotations

from workforce_hub.core.access import Actor, get_visible_or_404
from workforce_hub.core.permissions import require_perm

from .models import Indicator, Item, LogicModel

#: draft and change logic models, their items and indicators (coordinators)
MANAGE_LOGIC_MODELS = "hub.manage_logic_models"


def access_logic_model(actor: Actor, pk: int, *, for_write: bool = False) -> LogicModel:
    """A logic model the actor may see, with its scheme; with `for_write`, one they may change."""
    if for_write:
        require_perm(actor, MANAGE_LOGIC_MODELS)
    return get_visible_or_404(LogicModel.objects.visible_to(actor).select_related("scheme"), pk=pk)


def access_item(actor: Actor, pk: int, *, for_write: bool = False) -> Item:
    """An item of a logic model the actor may see, with its model and scheme; with `for_write`, one they may
    change."""
    if for_write:
        require_perm(actor, MANAGE_LOGIC_MODELS)
    return get_visible_or_404(Item.objects.visible_to(actor).select_related("model__scheme"), pk=pk)


def access_indicator(actor: Actor, pk: int, *, for_write: bool = False) -> Indicator:
    """An indicator the actor may see, with its item, model, scheme, owner and cohort; with `for_write`, one they
    may change."""
    if for_write:
        require_perm(actor, MANAGE_LOGIC_MODELS)
    return get_visible_or_404(
        Indicator.objects.visible_to(actor).select_related("item__model__scheme", "owner", "cohort"), pk=pk
    )
