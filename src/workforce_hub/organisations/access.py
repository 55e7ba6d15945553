"""Fetch-and-authorise for the organisations app: each function fetches one object the actor may see (404
otherwise) and, with `for_write=True`, also checks that they may change it, auditing a refusal
(`core.permissions`). Pages call one of these once, then the service (which checks again, for other callers)."""

from __future__ import annotations

from workforce_hub.core.access import Actor, get_visible_or_404
from workforce_hub.core.permissions import require_perm

from .models import Organisation, PlacementSetting, Site

#: add and change organisations, their sites and placement settings (partnership admins)
MANAGE_ORGANISATIONS = "hub.manage_organisations"
#: change places and an organisation's limit on apprentices at a time (partnership admins, coordinators)
CHANGE_CAPACITY = "hub.change_capacity"


def access_organisation(
    actor: Actor, pk: int, *, for_write: bool = False, to_change_limit: bool = False
) -> Organisation:
    """An organisation of the actor's partnership; with `for_write`, one they may change; with `to_change_limit`,
    one whose limit on apprentices at a time they may set. The permission is checked first, so someone who may
    not change organisations is told so whichever one they ask for."""
    if for_write:
        require_perm(actor, MANAGE_ORGANISATIONS)
    if to_change_limit:
        require_perm(actor, CHANGE_CAPACITY)
    return get_visible_or_404(Organisation.objects.visible_to(actor), pk=pk)


def access_site(actor: Actor, pk: int, *, organisation: Organisation, for_write: bool = False) -> Site:
    """A site of `organisation` that the actor may see; with `for_write`, one they may change."""
    if for_write:
        require_perm(actor, MANAGE_ORGANISATIONS)
    return get_visible_or_404(Site.objects.visible_to(actor), pk=pk, organisation=organisation)


def access_setting(actor: Actor, pk: int, *, for_write: bool = False) -> PlacementSetting:
    """A placement setting the actor may see, with its site, organisation and contact; with `for_write`, one they
    may change."""
    if for_write:
        require_perm(actor, MANAGE_ORGANISATIONS)
    return get_visible_or_404(
        PlacementSetting.objects.visible_to(actor).select_related("site__organisation", "contact"), pk=pk
    )
