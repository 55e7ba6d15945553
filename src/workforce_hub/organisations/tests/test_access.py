"""The organisations access seam: organisations, sites and settings are fetched once through what the actor may
see (404 otherwise, another partnership's included); a change is authorised there, with the refusal audited.
Admins keep organisations; coordinators set how many apprentices one takes at a time."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from workforce_hub.core.models import AuditEvent
from workforce_hub.organisations.access import (
    CHANGE_CAPACITY,
    MANAGE_ORGANISATIONS,
    access_organisation,
    access_setting,
    access_site,
)


def test_an_organisation_is_changed_by_the_admin_its_limit_by_the_coordinator_and_neither_by_a_host_manager(
    world: Any, login: Any
) -> None:
    host = world.orgs["host"]
    assert access_organisation(world.user("admin"), host.pk, for_write=True) == host
    assert access_organisation(world.user("coordinator"), host.pk, to_change_limit=True) == host
    with pytest.raises(PermissionDenied):
        access_organisation(world.user("host_manager"), host.pk, for_write=True)
    with pytest.raises(PermissionDenied):
        access_organisation(world.user("host_manager"), host.pk, to_change_limit=True)
    refused = AuditEvent.objects.filter(action="access_denied").values_list("object_type", flat=True)
    assert {MANAGE_ORGANISATIONS, CHANGE_CAPACITY} <= set(refused)
    with pytest.raises(Http404):
        access_organisation(world.user("coordinator"), world.orgs["p2_org"].pk)
    assert login("host_manager").get(f"/organisations/{host.pk}/change/").status_code == 403
    assert login("admin").get(f"/organisations/{host.pk}/change/").status_code == 200
    assert login("coordinator").get(f"/organisations/{host.pk}/limit/").status_code == 200


def test_a_site_is_fetched_within_its_organisation_and_a_setting_with_its_host(world: Any) -> None:
    setting = world.settings["host"]
    site = setting.site
    assert access_site(world.user("coordinator"), site.pk, organisation=world.orgs["host"]) == site
    with pytest.raises(Http404):  # the site asked for under another organisation's address
        access_site(world.user("coordinator"), site.pk, organisation=world.orgs["host2"])
    found = access_setting(world.user("admin"), setting.pk, for_write=True)
    assert found == setting and found.site.organisation == world.orgs["host"]
    for who in ("coordinator", "tutor"):
        with pytest.raises(PermissionDenied):
            access_setting(world.user(who), setting.pk, for_write=True)
    with pytest.raises(Http404):
        access_setting(world.user("coordinator"), world.settings["p2"].pk)
