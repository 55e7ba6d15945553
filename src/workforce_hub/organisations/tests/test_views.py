"""Organisation, site and setting pages: admins manage them; others are refused; bad input is kept and explained."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import summary_of
from workforce_hub.organisations.models import Organisation, PlacementSetting, Site


def test_admin_adds_organisation_site_and_setting(world: Any, login: Any) -> None:
    client = login("admin")
    r = client.post(
        "/organisations/add/",
        {"name": "Willow Care", "org_type": "pvi_care_provider", "sector": "pvi", "size": "120", "is_active": "on"},
    )
    assert r.status_code == 302
    org = Organisation.objects.get(name="Willow Care")
    r = client.post(
        f"/organisations/{org.pk}/sites/add/",
        {
            "name": "Willow House",
            "address": "2 Mill Lane, Derwent",
            "postcode": "de1 2ab",
            "latitude": "52.91",
            "longitude": "-1.47",
        },
    )
    assert r.status_code == 302
    site = Site.objects.get(name="Willow House")
    assert site.postcode == "DE1 2AB"
    r = client.post(
        f"/organisations/settings/add/?organisation={org.pk}",
        {
            "site": site.pk,
            "name": "Willow Residential",
            "setting_type": "residential_care",
            "capacity": "2",
            "min_age": "18",
            "working_days": ["mon", "tue"],
            "working_hours": "8am to 4pm",
            "tasks_allowed": "Personal care\nMealtimes\n",
            "tasks_not_allowed": "Medicines",
            "is_active": "on",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    setting = PlacementSetting.objects.get(name="Willow Residential")
    assert setting.tasks_allowed == ["Personal care", "Mealtimes"]
    assert setting.working_days == ["mon", "tue"]
    page = client.get(setting.get_absolute_url()).content.decode()
    assert "Mealtimes" in page and "no apprentices under 18" in page
    rows = summary_of(page)
    assert rows["Working days"] == "Monday and Tuesday" and rows["Hours"] == "8am to 4pm"
    assert rows["Minimum age"] == "18 – no apprentices under 18" and rows["Named mentors"] == "Not named"


def test_bad_site_keeps_input_and_explains(world: Any, login: Any) -> None:
    client = login("admin")
    org = world.orgs["host"]
    r = client.post(
        f"/organisations/{org.pk}/sites/add/",
        {"name": "Typed site", "address": "x", "postcode": "NOPE", "latitude": "10", "longitude": "-1.4"},
    )
    body = r.content.decode()
    assert r.status_code == 200
    assert "Enter a full UK postcode, like DE1 3AA" in body
    assert 'value="Typed site"' in body
    assert not Site.objects.filter(name="Typed site").exists()


def test_duplicate_organisation_name_refused(world: Any, login: Any) -> None:
    r = login("admin").post(
        "/organisations/add/", {"name": "Oak Care", "org_type": "other", "sector": "other", "size": "1"}
    )
    assert r.status_code == 200
    assert "already exists" in r.content.decode()


@pytest.mark.parametrize("who", ["coordinator", "tutor", "host_manager", "apprentice"])
def test_only_admins_manage_organisations(world: Any, login: Any, who: str) -> None:
    client = login(who)
    assert client.get("/organisations/add/").status_code == 403
    assert client.post("/organisations/add/", {"name": "X", "org_type": "other", "sector": "other"}).status_code == 403
    assert client.get(f"/organisations/settings/{world.settings['host'].pk}/change/").status_code == 403
    assert not Organisation.objects.filter(name="X").exists()


def test_other_partnership_setting_is_404_even_for_admin(world: Any, login: Any) -> None:
    assert login("admin").get(f"/organisations/settings/{world.settings['p2'].pk}/change/").status_code == 404


def test_filters_and_empty_state(world: Any, login: Any) -> None:
    client = login("staff")
    body = client.get("/organisations/settings/", {"setting_type": "acute_ward"}).content.decode()
    assert "Ward 1" in body and "Oak House" not in body
    body = client.get("/organisations/", {"q": "zzz-nothing"}).content.decode()
    assert "No organisations match" in body
    body = client.get("/organisations/settings/", {"under_18": "on"}).content.decode()
    assert "Oak House" in body and "Ward 1" not in body
