"""The REST API: schema, pagination, authentication, throttling, and writes through the same services as the UI."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.core.cache import cache
from django.core.management import call_command
from openapi_spec_validator import validate
from rest_framework.test import APIClient

from workforce_hub.api.urls import router
from workforce_hub.organisations.models import Organisation

LIST_ENDPOINTS = sorted(prefix for prefix, _, _ in router.registry)


def test_schema_is_valid_openapi(db: Any, tmp_path: Any) -> None:
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    validate(schema)
    assert schema["openapi"].startswith("3.")
    for prefix in LIST_ENDPOINTS:
        assert f"/api/v1/{prefix}/" in schema["paths"]


def test_schema_and_docs_are_served(world: Any) -> None:
    client = world.api("coordinator")
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "swagger" in docs.content.decode().lower()


@pytest.mark.parametrize("prefix", LIST_ENDPOINTS)
def test_every_list_endpoint_paginates(world: Any, prefix: str) -> None:
    data = world.api("coordinator").get(f"/api/v1/{prefix}/", {"page_size": 1}).json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert len(data["results"]) <= 1
    if data["count"] > 1:
        assert data["next"] is not None


@pytest.mark.parametrize("prefix", LIST_ENDPOINTS)
def test_unauthenticated_requests_are_refused(db: Any, prefix: str) -> None:
    assert APIClient().get(f"/api/v1/{prefix}/").status_code == 401


def test_filtering(world: Any) -> None:
    data = world.api("coordinator").get("/api/v1/organisations/", {"sector": "pvi"}).json()
    assert {r["name"] for r in data["results"]} == {"Oak Care"}
    data = world.api("coordinator").get("/api/v1/enrolments/", {"cohort": world.cohorts["main"].pk}).json()
    assert [r["id"] for r in data["results"]] == [world.enrolments["apprentice"].pk]


def test_admin_creates_organisation_through_service(world: Any) -> None:
    r = world.api("admin").post(
        "/api/v1/organisations/",
        {"name": "New Practice", "org_type": "gp_practice", "sector": "primary_care", "size": 20},
        format="json",
    )
    assert r.status_code == 201, r.json()
    org = Organisation.objects.get(name="New Practice")
    assert org.partnership == world.p1


def test_bad_organisation_gets_clear_errors(world: Any) -> None:
    r = world.api("admin").post(
        "/api/v1/organisations/", {"name": "", "org_type": "spaceport", "sector": "pvi"}, format="json"
    )
    assert r.status_code == 400
    body = r.json()
    assert "name" in body and "org_type" in body


@pytest.mark.parametrize("who", ["coordinator", "tutor", "host_manager", "apprentice"])
def test_only_partnership_admin_creates_organisations(world: Any, who: str) -> None:
    r = world.api(who).post(
        "/api/v1/organisations/", {"name": "X", "org_type": "other", "sector": "other"}, format="json"
    )
    assert r.status_code == 403
    assert not Organisation.objects.filter(name="X").exists()


def test_cannot_attach_site_to_other_partnership(world: Any) -> None:
    r = world.api("admin").post(
        "/api/v1/sites/",
        {
            "organisation": world.orgs["p2_org"].pk,
            "name": "Sneaky",
            "address": "x",
            "postcode": "DE1 1AA",
            "latitude": "52.9",
            "longitude": "-1.4",
        },
        format="json",
    )
    assert r.status_code == 400


def test_setting_create_and_validation(world: Any) -> None:
    site = world.settings["host"].site
    ok = world.api("admin").post(
        "/api/v1/settings/",
        {
            "site": site.pk,
            "name": "Oak Annex",
            "setting_type": "residential_care",
            "capacity": 2,
            "min_age": 18,
            "working_days": ["mon", "tue"],
            "tasks_allowed": ["Personal care"],
            "tasks_not_allowed": ["Medicines"],
        },
        format="json",
    )
    assert ok.status_code == 201, ok.json()
    assert ok.json()["postcode"] == "DE1 1AA"
    bad = world.api("admin").post(
        "/api/v1/settings/",
        {
            "site": site.pk,
            "name": "Bad",
            "setting_type": "residential_care",
            "capacity": 500,
            "min_age": 12,
            "working_days": ["someday"],
        },
        format="json",
    )
    assert bad.status_code == 400
    assert {"capacity", "min_age", "working_days"} <= set(bad.json())


def test_enrolment_lifecycle_via_api(world: Any) -> None:
    api = world.api("coordinator")
    r = api.post(
        "/api/v1/enrolments/",
        {"cohort": world.cohorts["other"].pk, "apprentice": world.people["apprentice"].pk, "reason": "Applied"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    r = api.post(f"/api/v1/enrolments/{pk}/change-status/", {"to_status": "completed", "reason": "x"}, format="json")
    assert r.status_code == 400
    assert "cannot become completed" in r.json()["to_status"][0]
    r = api.post(
        f"/api/v1/enrolments/{pk}/change-status/", {"to_status": "offered", "reason": "Interview passed"}, format="json"
    )
    assert r.status_code == 200
    assert r.json()["status"] == "offered"
    assert [h["to_status"] for h in r.json()["status_history"]] == ["applied", "offered"]


def test_status_cannot_be_patched_directly(world: Any) -> None:
    e = world.enrolments["apprentice"]
    r = world.api("coordinator").patch(f"/api/v1/enrolments/{e.pk}/", {"status": "completed"}, format="json")
    assert r.status_code == 405
    e.refresh_from_db()
    assert e.status == "started"


def test_change_status_on_invisible_enrolment_is_404(world: Any) -> None:
    e = world.enrolments["p2_apprentice"]
    r = world.api("coordinator").post(
        f"/api/v1/enrolments/{e.pk}/change-status/", {"to_status": "withdrawn", "reason": "x"}, format="json"
    )
    assert r.status_code == 404


def test_throttling_answers_429(world: Any) -> None:
    from rest_framework.throttling import UserRateThrottle

    original = UserRateThrottle.THROTTLE_RATES
    cache.clear()
    UserRateThrottle.THROTTLE_RATES = {**original, "user": "3/min"}
    try:
        api = world.api("tutor")
        codes = [api.get("/api/v1/schemes/").status_code for _ in range(5)]
    finally:
        UserRateThrottle.THROTTLE_RATES = original
        cache.clear()
    assert codes[:3] == [200, 200, 200]
    assert codes[-1] == 429
