"""Right to erasure (SECURITY.md 14): after an erasure a dump of the database holds none of the person's marker
values except in records kept for a documented reason; who may erase, what stops an erasure, and the page and API."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from conftest import World
from workforce_hub.accounts.models import User
from workforce_hub.core import privacy
from workforce_hub.core.models import AuditEvent
from workforce_hub.digital_skills.models import Answer, Assessment
from workforce_hub.digital_skills.tests.test_needs import complete
from workforce_hub.notifications.models import Notification
from workforce_hub.people import services
from workforce_hub.people.models import Person
from workforce_hub.rotations.models import PlanRun
from workforce_hub.schemes.models import Enrolment, EnrolmentStatusChange
from workforce_hub.support.models import PastoralNote

MARKERS = {
    "given": "Qwyndolyn",
    "family": "Zarkovitch",
    "email": "qwyndolyn.zarkovitch@mail.example",
    "phone": "07700 900871",
    "postcode": "ZE2 9QP",
    "health": "MARKER-ERASE-HEALTH",
    "birth": "1987-03-17",
    "latitude": "52.87531",
}


def _dump() -> list[dict[str, Any]]:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return json.loads(out.getvalue())


def _holding(objects: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Marker name -> the models (app.model) of the rows that hold it."""
    found: dict[str, set[str]] = {}
    for obj in objects:
        text = json.dumps(obj).lower()
        for name, value in MARKERS.items():
            if value.lower() in text:
                found.setdefault(name, set()).add(obj["model"])
    return found


def _mark(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(
        given_name=MARKERS["given"],
        family_name=MARKERS["family"],
        email=MARKERS["email"],
        phone=MARKERS["phone"],
        postcode=MARKERS["postcode"],
        health_and_adjustment_notes=MARKERS["health"],
        date_of_birth=MARKERS["birth"],
        latitude=MARKERS["latitude"],
        longitude="-1.23456",
    )
    if person.user_id:
        User.objects.filter(pk=person.user_id).update(email=MARKERS["email"])
    Notification.objects.create(
        key=f"test:{person.pk}", recipient=person, kind="test", subject="Hello", body=f"Dear {MARKERS['given']}"
    )
    Notification.objects.create(
        key=f"test-to:{person.pk}", to_email=MARKERS["email"], kind="test", subject="Hi", body="."
    )
    AccessAttempt.objects.create(username=MARKERS["email"], ip_address="127.0.0.1", failures_since_start=1)


def _finish(enrolment: Enrolment, *, started: bool = True) -> None:
    today = timezone.localdate()
    Enrolment.objects.filter(pk=enrolment.pk).update(
        status="completed" if started else "withdrawn",
        started_on=today - timedelta(days=400) if started else None,
        ended_on=today - timedelta(days=10),
    )


def test_a_staff_member_is_erased_everywhere(world: World) -> None:
    staff = world.people["staff"]
    _mark(staff)
    complete(world, "staff", "employer", "care")
    assert Answer.objects.filter(assessment__person=staff).exists()
    before = _holding(_dump())
    assert set(before) == set(MARKERS)

    done = services.person_erase(person=staff, reference="DSAR-2026-014", actor=world.users["admin"])

    assert _holding(_dump()) == {}
    staff.refresh_from_db()
    assert staff.erased_at is not None and not staff.is_active and staff.user_id is None
    assert str(staff) == "Erased person"
    assert not User.objects.filter(pk=world.users["staff"].pk).exists()
    assert not Answer.objects.filter(assessment__person=staff).exists()
    # the levels reached stay in the needs-analysis counts (kept, with the reason in the plan)
    assert Assessment.objects.filter(person=staff, completed_at__isnull=False).exists()
    assert done["people.person"] == 1 and done["digital_skills.answer"] > 0
    event = AuditEvent.objects.filter(object_type="people.person", object_id=str(staff.pk)).latest("id")
    assert event.detail["reference"] == "DSAR-2026-014" and event.detail["records"] == done
    assert not _holding([{"model": "audit", "detail": event.detail}])


def test_a_funded_apprentice_keeps_the_funding_evidence_and_loses_the_rest(world: World) -> None:
    apprentice, enrolment = world.people["apprentice"], world.enrolments["apprentice"]
    _mark(apprentice)
    _finish(enrolment)
    EnrolmentStatusChange.objects.create(
        enrolment=enrolment,
        to_status="completed",
        reason=f"{MARKERS['given']} finished",
        effective_on=timezone.localdate(),
    )
    PastoralNote.objects.create(
        enrolment=enrolment, author=world.people["coordinator"], text=f"{MARKERS['given']} is worried"
    )
    run = PlanRun.objects.get(scheme=world.scheme)
    PlanRun.objects.filter(pk=run.pk).update(
        instance={
            "apprentices": [
                {"id": f"E{enrolment.pk}", "date_of_birth": MARKERS["birth"], "lat": 52.87531, "lon": -1.2},
                {"id": "E999999", "date_of_birth": "2001-01-01", "lat": 50.1, "lon": -1.2},
            ]
        },
        left_out=[{"enrolment": enrolment.pk, "reason": f"the postcode {MARKERS['postcode']} was not found"}],
    )
    lines = {line.label: line for line in privacy.erasure_plan(apprentice.pk)}
    assert lines["schemes.enrolmentstatuschange"].action == "keep"
    assert "funding" in lines["schemes.enrolmentstatuschange"].why
    assert lines["support.pastoralnote"].action == "erase"
    assert lines["rotations.planrun"].count == 1

    services.person_erase(person=apprentice, reference="REQ/7", actor=world.users["admin"])

    held = _holding(_dump())
    # only the status change, kept for the funding audit, still holds the name
    assert held == {"given": {"schemes.enrolmentstatuschange"}}
    assert not PastoralNote.objects.filter(enrolment=enrolment).exists()
    run.refresh_from_db()
    assert run.instance["apprentices"][0] == {"id": f"E{enrolment.pk}"}
    assert run.instance["apprentices"][1]["date_of_birth"] == "2001-01-01"  # someone else's is untouched
    assert run.instance["personal_data_removed"] is True
    # the kept records are listed afterwards, with the reason
    after = {line.label: line.action for line in privacy.erasure_plan(apprentice.pk)}
    assert after["schemes.enrolment"] == "keep" and "support.pastoralnote" not in after


def test_someone_who_never_started_loses_the_records_kept_only_for_funding(world: World) -> None:
    apprentice, enrolment = world.people["apprentice"], world.enrolments["apprentice"]
    _finish(enrolment, started=False)
    EnrolmentStatusChange.objects.create(
        enrolment=enrolment, to_status="withdrawn", reason="Changed their mind", effective_on=timezone.localdate()
    )
    services.person_erase(person=apprentice, reference="REQ-8", actor=world.users["admin"])
    assert not EnrolmentStatusChange.objects.filter(enrolment=enrolment).exists()
    assert Enrolment.objects.filter(pk=enrolment.pk).exists()  # the place itself stays in the scheme's figures


def test_erasure_waits_until_the_apprentice_has_left_the_scheme(world: World, login: Any) -> None:
    apprentice = world.people["apprentice"]
    assert services.person_erasure_refusals(person=apprentice, actor=world.users["admin"])
    with pytest.raises(ValidationError, match="still on Support worker scheme: Cohort A"):
        services.person_erase(person=apprentice, reference="REQ-1", actor=world.users["admin"])
    page = login("admin").get(f"/people/{apprentice.pk}/erase/")
    assert "cannot be erased yet" in page.content.decode()
    assert 'name="reference"' not in page.content.decode()
    response = world.api("admin").post(f"/api/v1/people/{apprentice.pk}/erase/", {"reference": "REQ-1"})
    assert response.status_code == 400
    assert Person.objects.get(pk=apprentice.pk).erased_at is None


@pytest.mark.parametrize("key", ["coordinator", "line_manager", "staff", "p2_coordinator"])
def test_only_a_partnership_admin_may_erase(world: World, login: Any, key: str) -> None:
    staff = world.people["other_line_manager"]
    assert login(key).get(f"/people/{staff.pk}/erase/").status_code in (403, 404)
    response = world.api(key).post(f"/api/v1/people/{staff.pk}/erase/", {"reference": "REQ-2"})
    assert response.status_code in (403, 404)
    assert world.api(key).get(f"/api/v1/people/{staff.pk}/erasure/").status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        services.person_erase(person=staff, reference="REQ-2", actor=world.users[key])
    assert Person.objects.get(pk=staff.pk).erased_at is None
    assert AuditEvent.objects.filter(outcome="refused").exists()


def test_an_admin_cannot_erase_themselves(world: World) -> None:
    admin = world.people["admin"]
    with pytest.raises(PermissionDenied):
        services.person_erase(person=admin, reference="REQ-3", actor=world.users["admin"])
    assert Person.objects.get(pk=admin.pk).erased_at is None


def test_the_page_shows_the_plan_refuses_a_name_as_reference_and_erases(world: World, login: Any) -> None:
    client = login("admin")
    staff = world.people["other_line_manager"]
    page = client.get(f"/people/{staff.pk}/erase/").content.decode()
    assert "What happens to each kind of record" in page
    assert "Memberships" in page and "Kept" in page and "Anonymised" in page

    bad = client.post(f"/people/{staff.pk}/erase/", {"reference": "Ann Smith's request", "confirm": "on"})
    assert bad.status_code == 200
    body = bad.content.decode()
    assert "letters, numbers, slashes, dots or dashes" in body
    assert "Ann Smith&#39;s request" in body or "Ann Smith&#x27;s request" in body  # what was typed is kept
    unconfirmed = client.post(f"/people/{staff.pk}/erase/", {"reference": "REQ-4"})
    assert "Confirm that you have checked" in unconfirmed.content.decode()
    assert Person.objects.get(pk=staff.pk).erased_at is None

    done = client.post(f"/people/{staff.pk}/erase/", {"reference": "REQ-4", "confirm": "on"}, follow=True)
    body = done.content.decode()
    assert "Their data was erased" in body and "What is still held" in body
    assert Person.objects.get(pk=staff.pk).erased_at is not None
    detail = client.get(f"/people/{staff.pk}/").content.decode()
    assert "This person&#39;s data was erased" in detail or "This person's data was erased" in detail
    assert f"/people/{staff.pk}/change/" not in detail
    # a second erasure is refused
    with pytest.raises(ValidationError, match="already been erased"):
        services.person_erase(person=Person.objects.get(pk=staff.pk), reference="REQ-5", actor=world.users["admin"])


def test_the_api_gives_the_plan_and_erases(world: World) -> None:
    staff = world.people["other_line_manager"]
    client = world.api("admin")
    plan = client.get(f"/api/v1/people/{staff.pk}/erasure/").json()
    assert plan["refusals"] == [] and plan["erased_at"] is None
    kinds = {r["kind"]: r["action"] for r in plan["records"]}
    assert kinds["people.person"] == "anonymise" and kinds["organisations.membership"] == "keep"
    assert client.post(f"/api/v1/people/{staff.pk}/erase/", {"reference": "no spaces allowed"}).status_code == 400
    response = client.post(f"/api/v1/people/{staff.pk}/erase/", {"reference": "API-1"})
    assert response.status_code == 200 and response.json()["records"]["people.person"] == 1
    assert client.get(f"/api/v1/people/{staff.pk}/erasure/").json()["erased_at"] is not None


def test_every_kind_of_record_says_what_an_erasure_does(world: World, login: Any) -> None:
    for entry in privacy.registered().values():
        assert privacy.erasure_summary(entry.erasure)
    page = login("admin").get("/privacy/").content.decode()
    assert "recruitment.unsuccessful_applications" in page and "Kept for someone who started" in page
    assert login("coordinator").get("/privacy/").status_code == 403


def test_nothing_kept_for_a_while_outlives_an_erasure(
    world: World, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.cache import cache

    login("coordinator").get("/home/coordinator/")  # the needs-attention list, kept for two minutes
    assert cache.get(f"attention:{world.users['coordinator'].pk}:{timezone.localdate().isoformat()}") is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.person_erase(person=world.people["staff"], reference="DSAR-2026-015", actor=world.users["admin"])
    assert cache.get(f"attention:{world.users['coordinator'].pk}:{timezone.localdate().isoformat()}") is None
