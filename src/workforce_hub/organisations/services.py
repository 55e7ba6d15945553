"""Writes for organisations, sites and placement settings. Partnership admins call these, and coordinators set an
organisation's limit on apprentices at a time."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from workforce_hub.core.access import Actor
from workforce_hub.core.geocoding import UNAVAILABLE, place
from workforce_hub.core.permissions import require_perm, require_perm_in
from workforce_hub.core.services import model_create, model_update

from .models import Organisation, Partnership, PlacementSetting, Site
from .signals import organisation_limit_changed


def organisation_create(*, partnership: Partnership, data: dict[str, Any], actor: Actor) -> Organisation:
    require_perm(actor, "hub.manage_organisations")
    return model_create(model=Organisation, data={**data, "partnership": partnership}, actor=actor)


def organisation_update(*, organisation: Organisation, data: dict[str, Any], actor: Actor) -> Organisation:
    require_perm(actor, "hub.manage_organisations")
    data = {k: v for k, v in data.items() if k != "partnership"}
    before = organisation.apprentices_at_a_time
    model_update(instance=organisation, data=data, actor=actor)
    if organisation.apprentices_at_a_time != before:
        organisation_limit_changed.send(sender=Organisation, organisation=organisation)
    return organisation


def organisation_limit_set(*, organisation: Organisation, limit: int | None, actor: Actor) -> Organisation:
    """How many apprentices the organisation hosts at a time, across all its settings (None: no limit of its own).
    Coordinators set it as they set a setting's places; published placements over it prompt a re-plan."""
    require_perm_in(actor, "hub.change_capacity", organisation.partnership_id)
    if limit is not None and not 0 <= limit <= 50:
        raise ValidationError({"apprentices_at_a_time": "Enter a number from 0 to 50, or leave it empty."})
    if organisation.apprentices_at_a_time != limit:
        model_update(instance=organisation, data={"apprentices_at_a_time": limit}, actor=actor)
        organisation_limit_changed.send(sender=Organisation, organisation=organisation)
    return organisation


def _located(data: dict[str, Any], site: Site | None = None) -> dict[str, Any]:
    """A site needs a location (travel is planned from it): from its postcode, or typed when the postcode is
    not known."""
    data = place(data, site)
    if data.get("latitude") is None or data.get("longitude") is None:
        if data.get("location_source") == UNAVAILABLE:
            why = "The postcode service could not be reached, so the site's location could not be looked up."
        else:
            why = f"We could not find the postcode {data.get('postcode', '')}."
        raise ValidationError(
            {"latitude": f"{why} Check the postcode, or type the latitude and longitude (from a map)."}
        )
    return data


def site_create(*, organisation: Organisation, data: dict[str, Any], actor: Actor) -> Site:
    require_perm(actor, "hub.manage_organisations")
    return model_create(model=Site, data=_located({**data, "organisation": organisation}), actor=actor)


def site_update(*, site: Site, data: dict[str, Any], actor: Actor) -> Site:
    require_perm(actor, "hub.manage_organisations")
    data = _located({k: v for k, v in data.items() if k != "organisation"}, site)
    model_update(instance=site, data=data, actor=actor)
    return site


def _check_setting_people(site: Site, data: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError

    partnership_id = site.organisation.partnership_id
    contact = data.get("contact")
    if contact is not None and contact.partnership_id != partnership_id:
        raise ValidationError({"contact": "Choose a contact from this partnership."})
    for mentor in data.get("mentors", []) or []:
        if mentor.partnership_id != partnership_id:
            raise ValidationError({"mentors": "Choose mentors from this partnership."})


def setting_create(*, site: Site, data: dict[str, Any], actor: Actor) -> PlacementSetting:
    require_perm(actor, "hub.manage_organisations")
    _check_setting_people(site, data)
    return model_create(model=PlacementSetting, data={**data, "site": site}, actor=actor)


def setting_update(*, setting: PlacementSetting, data: dict[str, Any], actor: Actor) -> PlacementSetting:
    require_perm(actor, "hub.manage_organisations")
    if "site" in data and data["site"].organisation.partnership_id != setting.site.organisation.partnership_id:
        from django.core.exceptions import ValidationError

        raise ValidationError({"site": "Choose a site in this partnership."})
    _check_setting_people(data.get("site", setting.site), data)
    model_update(instance=setting, data=data, actor=actor)
    return setting
