"""Postcodes become locations: postcodes.io (a server on loopback that speaks its API), the table loaded from the
open government files, and what records keep (the location, where it came from and when)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from conftest import _PostcodesIo
from workforce_hub.core import geocoding
from workforce_hub.core.geocoding import NOT_FOUND, TYPED, UNAVAILABLE, PostcodesIo, place
from workforce_hub.core.models import PostcodeCentroid


def test_postcodes_io_finds_a_postcode_then_a_district_then_nothing(postcodes_server: str) -> None:
    api = PostcodesIo(postcodes_server)
    found = api.locate("de1 3aa")
    assert found == geocoding.Located(Decimal("52.92251"), Decimal("-1.47663"), "postcodes.io")
    district = api.locate("DE99 1XX")
    assert district is not None and district.source == "postcodes.io (district centre)"
    assert api.locate("AB1 2CD") is None
    with pytest.raises(geocoding.GeocoderUnavailable):
        api.locate("ZZ99 9ZZ")  # the service answers with an error
    with pytest.raises(geocoding.GeocoderUnavailable):
        PostcodesIo("http://127.0.0.1:9", timeout=1).locate("DE1 3AA")  # nothing listens there


def test_a_record_keeps_its_location_where_it_came_from_and_when(db: Any, postcodes_server: str) -> None:
    looked_up = place({"postcode": "DE1 3AA"})
    assert (looked_up["latitude"], looked_up["location_source"]) == (Decimal("52.92251"), "postcodes.io")
    assert looked_up["located_on"] is not None
    typed = place({"postcode": "DE1 3AA", "latitude": Decimal("52.5"), "longitude": Decimal("-1.2")})
    assert typed["location_source"] == TYPED and typed["latitude"] == Decimal("52.5")
    assert place({"postcode": "AB1 2CD"})["location_source"] == NOT_FOUND
    assert place({"postcode": "ZZ99 9ZZ"})["location_source"] == UNAVAILABLE
    assert "latitude" not in place({"given_name": "Ann"})  # no postcode: nothing to look up


def test_an_unchanged_postcode_is_not_looked_up_again_and_a_changed_one_is(db: Any, postcodes_server: str) -> None:
    class Current:
        postcode, latitude, longitude = "DE1 3AA", Decimal("52.92251"), Decimal("-1.47663")

    _PostcodesIo.asked.clear()
    assert place({"postcode": "de1 3aa", "given_name": "Ann"}, Current()) == {
        "postcode": "de1 3aa",
        "given_name": "Ann",
    }
    assert _PostcodesIo.asked == []
    moved = place({"postcode": "NG1 2BB", "latitude": Decimal("52.92251"), "longitude": Decimal("-1.47663")}, Current())
    assert moved["latitude"] == Decimal("52.95360") and moved["location_source"] == "postcodes.io"


def test_the_loaded_table_answers_first_without_the_network(db: Any, postcodes_server: str) -> None:
    PostcodeCentroid.objects.create(
        key="DE13AA",
        kind="postcode",
        latitude=Decimal("52.1"),
        longitude=Decimal("-1.1"),
        source="ONS Postcode Directory",
    )
    _PostcodesIo.asked.clear()
    found = geocoding.locate("DE1 3AA")
    assert found is not None and found.source == "ONS Postcode Directory" and _PostcodesIo.asked == []


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "postcodes.csv"
    path.write_text(text)
    return str(path)


def test_load_postcodes_reads_the_ons_directory_code_point_open_and_districts(db: Any, tmp_path: Path) -> None:
    onspd = "pcd,pcds,lat,long,doterm\nDE1 3AA,DE1 3AA,52.922510,-1.476630,\nGY1 1AA,GY1 1AA,99.999999,0.000000,\n"
    call_command("load_postcodes", _write(tmp_path, onspd), layout="onspd")
    assert PostcodeCentroid.objects.get(key="DE13AA").source == "ONS Postcode Directory"
    assert not PostcodeCentroid.objects.filter(key="GY11AA").exists()  # no grid reference: skipped
    codepoint = '"NG1 2BB",10,457500,339900,"E92000001","","E18000004","","E10000024","E07000173"\n'
    call_command("load_postcodes", _write(tmp_path, codepoint), layout="codepoint")
    row = PostcodeCentroid.objects.get(key="NG12BB")
    assert abs(row.latitude - Decimal("52.9474")) < Decimal("0.01") and abs(
        row.longitude - Decimal("-1.1490")
    ) < Decimal("0.01")
    call_command(
        "load_postcodes", _write(tmp_path, "district,latitude,longitude\nDE22,52.90,-1.50\n"), layout="districts"
    )
    found = geocoding.PostcodeTable().locate("DE22 9ZZ")
    assert found is not None and found.source == "postcode districts (district centre)"


def test_load_postcodes_reports_every_bad_row_and_writes_nothing(db: Any, tmp_path: Path) -> None:
    bad = "district,latitude,longitude\nDE22,52.90,-1.50\nXX,abc,-1\nNG1,10.0,-1\n"
    with pytest.raises(CommandError, match="Nothing was loaded: 2 row"):
        call_command("load_postcodes", _write(tmp_path, bad), layout="districts")
    assert not PostcodeCentroid.objects.exists()
    with pytest.raises(CommandError, match="no file"):
        call_command("load_postcodes", str(tmp_path / "missing.csv"), layout="onspd")


def test_a_site_added_with_only_a_postcode_gets_its_location_and_an_unknown_one_asks_for_it(
    world: Any, login: Any, postcodes_server: str
) -> None:
    from workforce_hub.organisations.models import Site

    org = world.orgs["host"]
    client = login("admin")
    data = {
        "name": "Riverside",
        "address": "1 River Road, Derby",
        "postcode": "de1 3aa",
        "latitude": "",
        "longitude": "",
    }
    assert client.post(f"/organisations/{org.pk}/sites/add/", data).status_code == 302
    site = Site.objects.get(name="Riverside")
    assert (site.latitude, site.location_source) == (Decimal("52.92251"), "postcodes.io")
    page = client.post(f"/organisations/{org.pk}/sites/add/", {**data, "name": "Nowhere", "postcode": "AB1 2CD"})
    html = page.content.decode()
    assert page.status_code == 200 and "We could not find the postcode AB1 2CD" in html
    assert 'href="#id_latitude"' in html and "Nowhere" in html  # on the field, and nothing typed is lost
    assert not Site.objects.filter(name="Nowhere").exists()


def test_a_persons_page_says_when_their_postcode_was_not_found(world: Any, login: Any, postcodes_server: str) -> None:
    person = world.people["apprentice"]
    client = login("coordinator")
    from workforce_hub.people.services import person_update

    person_update(
        person=person,
        data={"postcode": "AB1 2CD", "latitude": None, "longitude": None},
        actor=world.user("coordinator"),
    )
    html = client.get(f"/people/{person.pk}/").content.decode()
    assert "Not known: the postcode was not found." in html
    person_update(person=person, data={"postcode": "DE1 3AA"}, actor=world.user("coordinator"))
    html = client.get(f"/people/{person.pk}/").content.decode()
    assert "52.92251" in html and "From postcodes.io" in html


def test_the_api_looks_postcodes_up_too_and_says_where_locations_came_from(world: Any, postcodes_server: str) -> None:
    org = world.orgs["host"]
    api = world.api("admin")
    made = api.post(
        "/api/v1/sites/",
        {"organisation": org.pk, "name": "Riverside", "address": "1 River Road", "postcode": "DE1 3AA"},
        format="json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["latitude"] == "52.92251" and made.json()["location_source"] == "postcodes.io"
    unknown = api.post(
        "/api/v1/sites/",
        {"organisation": org.pk, "name": "Nowhere", "address": "x", "postcode": "AB1 2CD"},
        format="json",
    )
    assert unknown.status_code == 400 and "could not find the postcode" in str(unknown.json())
    person = world.people["apprentice"]
    seen = world.api("coordinator").get(f"/api/v1/people/{person.pk}/").json()
    assert "location_source" in seen
    assert "location_source" not in world.api("mentor").get("/api/v1/people/").json()["results"][0]  # contact field
