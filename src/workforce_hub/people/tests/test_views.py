"""People pages: add, roles, invite; refusals; bad input kept."""

from __future__ import annotations

from typing import Any

from django.core import mail

from workforce_hub.people.models import Person


def test_coordinator_adds_person_gives_role_and_invites(
    world: Any, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login("coordinator")
    r = client.post(
        "/people/add/",
        {
            "given_name": "Nia",
            "family_name": "Roberts",
            "email": "Nia.Roberts@Example.org",
            "postcode": "de22 1aa",
            "date_of_birth": "2008-05-01",
            "is_active": "on",
        },
    )
    assert r.status_code == 302
    nia = Person.objects.get(email="nia.roberts@example.org")
    assert nia.postcode == "DE22 1AA"
    r = client.post(f"/people/{nia.pk}/roles/add/", {"organisation": world.orgs["employer"].pk, "role": "apprentice"})
    assert r.status_code == 302
    assert nia.memberships.filter(role="apprentice").exists()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/people/{nia.pk}/invite/")
    assert r.status_code == 302
    assert mail.outbox[-1].to == ["nia.roberts@example.org"]


def test_bad_person_form_keeps_input(world: Any, login: Any) -> None:
    r = login("coordinator").post("/people/add/", {"given_name": "Kept", "family_name": "", "email": "nope"})
    body = r.content.decode()
    assert r.status_code == 200
    assert "There is a problem" in body and 'value="Kept"' in body


def test_membership_dates_checked(world: Any, login: Any) -> None:
    person = world.people["staff"]
    r = login("coordinator").post(
        f"/people/{person.pk}/roles/add/",
        {"organisation": world.orgs["host"].pk, "role": "mentor", "starts_on": "2027-01-02", "ends_on": "2026-01-01"},
    )
    assert r.status_code == 200
    assert "The end date must be on or after the start date." in r.content.decode()


def test_tutor_cannot_add_people_or_invite(world: Any, login: Any) -> None:
    client = login("tutor")
    assert client.get("/people/add/").status_code == 403
    apprentice = world.people["apprentice"]
    assert client.post(f"/people/{apprentice.pk}/invite/").status_code == 403


def test_people_search(world: Any, login: Any) -> None:
    client = login("coordinator")
    target = world.people["apprentice"]
    body = client.get("/people/", {"q": target.family_name}).content.decode()
    assert target.display_name in body
    assert world.people["tutor"].display_name not in body
