"""Field-level hiding (SECURITY.md 3): sensitive fields appear only for roles that need them, in pages and the
API; reads of health notes are audited; writes by roles without need are refused."""

from __future__ import annotations

from typing import Any

import pytest

from workforce_hub.core.models import AuditEvent

# viewer -> field groups they may see on apprentice A
EXPECTED = {
    "coordinator": {"contact", "date_of_birth", "health"},
    "admin": {"contact", "date_of_birth"},
    "line_manager": {"contact", "health"},
    "tutor": {"contact"},
    "assessor": {"contact"},
    "host_manager": set(),
    "mentor": set(),
    "apprentice": {"contact", "date_of_birth", "health"},
}
FIELDS = {
    "contact": ["email", "phone", "postcode"],
    "date_of_birth": ["date_of_birth"],
    "health": ["health_and_adjustment_notes"],
}


@pytest.mark.parametrize("viewer", sorted(EXPECTED))
def test_api_shows_only_allowed_fields(world: Any, viewer: str) -> None:
    person = world.people["apprentice"]
    data = world.api(viewer).get(f"/api/v1/people/{person.pk}/").json()
    for group, fields in FIELDS.items():
        for field in fields:
            assert (field in data) is (group in EXPECTED[viewer]), (viewer, field)
    assert data["family_name"] == person.family_name


@pytest.mark.parametrize("viewer", sorted(EXPECTED))
def test_page_shows_only_allowed_fields(world: Any, client: Any, viewer: str) -> None:
    person = world.people["apprentice"]
    client.force_login(world.users[viewer], backend="allauth.account.auth_backends.AuthenticationBackend")
    body = client.get(f"/people/{person.pk}/").content.decode()
    assert ("MARKER-HEALTH-NOTE" in body) is ("health" in EXPECTED[viewer])
    assert (person.email in body) is ("contact" in EXPECTED[viewer])
    assert ("1 January 2000" in body) is ("date_of_birth" in EXPECTED[viewer])


def test_health_reads_are_audited(world: Any) -> None:
    person = world.people["apprentice"]
    before = AuditEvent.objects.filter(action="read_sensitive", object_id=str(person.pk)).count()
    world.api("coordinator").get(f"/api/v1/people/{person.pk}/")
    world.api("host_manager").get(f"/api/v1/people/{person.pk}/")  # sees no health: no audit row
    events = AuditEvent.objects.filter(action="read_sensitive", object_id=str(person.pk))
    assert events.count() == before + 1
    event = events.first()
    assert event.actor == world.users["coordinator"]
    assert "MARKER" not in str(event.detail)


def test_partnership_admin_cannot_write_health_notes(world: Any) -> None:
    person = world.people["apprentice"]
    r = world.api("admin").patch(f"/api/v1/people/{person.pk}/", {"health_and_adjustment_notes": "x"}, format="json")
    assert r.status_code == 400
    assert "health_and_adjustment_notes" in r.json()
    person.refresh_from_db()
    assert person.health_and_adjustment_notes == "MARKER-HEALTH-NOTE"


def test_coordinator_can_write_health_notes(world: Any) -> None:
    person = world.people["apprentice"]
    r = world.api("coordinator").patch(
        f"/api/v1/people/{person.pk}/", {"health_and_adjustment_notes": "Ramp"}, format="json"
    )
    assert r.status_code == 200
    person.refresh_from_db()
    assert person.health_and_adjustment_notes == "Ramp"


@pytest.mark.parametrize("viewer", ["tutor", "line_manager", "host_manager", "apprentice"])
def test_non_managers_cannot_change_people(world: Any, viewer: str) -> None:
    person = world.people["apprentice"]
    r = world.api(viewer).patch(f"/api/v1/people/{person.pk}/", {"given_name": "Changed"}, format="json")
    assert r.status_code == 403
    person.refresh_from_db()
    assert person.given_name != "Changed"


def test_partnership_cannot_be_reassigned_by_mass_assignment(world: Any) -> None:
    person = world.people["apprentice"]
    r = world.api("coordinator").patch(
        f"/api/v1/people/{person.pk}/", {"partnership": world.p2.pk, "user": 1}, format="json"
    )
    assert r.status_code == 200
    person.refresh_from_db()
    assert person.partnership_id == world.p1.pk
