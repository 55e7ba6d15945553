"""Bulk import: every row is validated first; one bad row means nothing is written, and each problem is reported."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from workforce_hub.organisations.models import Membership
from workforce_hub.people.importing import people_import
from workforce_hub.people.models import Person

HEADER = "given_name,family_name,email,organisation,role,job_title,phone,date_of_birth,postcode\n"


def _csv(text: str) -> io.BytesIO:
    return io.BytesIO((HEADER + text).encode())


def test_valid_csv_creates_people_and_roles(world: Any) -> None:
    data = _csv(
        "Ann,Lee,ann.lee@example.org,Oak Care,host_manager,Manager,07700 900001,1980-02-03,DE1 2AB\n"
        "Ann,Lee,ann.lee@example.org,Oak Care,Mentor,,,,\n"  # same person, second role, role by label
        "Bo,Kim,bo.kim@example.org,County Council,apprentice,,,08/09/2008,S40 1AA\n"
    )
    result = people_import(partnership=world.p1, upload=data, filename="people.csv", actor=world.users["admin"])
    assert result.ok, result.errors
    assert (result.people_created, result.memberships_created) == (2, 3)
    ann = Person.objects.get(partnership=world.p1, email="ann.lee@example.org")
    assert set(ann.memberships.values_list("role", flat=True)) == {"host_manager", "mentor"}
    bo = Person.objects.get(email="bo.kim@example.org")
    assert bo.date_of_birth.isoformat() == "2008-09-08"


def test_one_bad_row_writes_nothing_and_reports_every_problem(world: Any) -> None:
    people_before, roles_before = Person.objects.count(), Membership.objects.count()
    data = _csv(
        "Ann,Lee,ann.lee@example.org,Oak Care,host_manager,,,,\n"  # fine
        ",Kim,not-an-email,Nowhere Trust,wizard,,,31/02/2000,XYZ\n"  # five problems
        "Cy,Dee,cy@example.org,Southern Trust,mentor,,,,\n"  # organisation of another partnership
        "Ann,Lee,ann.lee@example.org,Oak Care,host_manager,,,,\n"  # duplicate role
    )
    result = people_import(partnership=world.p1, upload=data, filename="people.csv", actor=world.users["admin"])
    assert not result.ok
    problems = {(e.row, e.column) for e in result.errors}
    assert {
        (3, "given_name"),
        (3, "email"),
        (3, "organisation"),
        (3, "role"),
        (3, "date_of_birth"),
        (3, "postcode"),
        (4, "organisation"),
        (5, "role"),
    } <= problems
    assert all(e.row != 2 for e in result.errors)
    assert Person.objects.count() == people_before
    assert Membership.objects.count() == roles_before


def test_same_email_with_different_names_is_refused(world: Any) -> None:
    data = _csv("Ann,Lee,ann@example.org,Oak Care,mentor,,,,\nAnne,Leigh,ann@example.org,Oak Care,host_manager,,,,\n")
    result = people_import(partnership=world.p1, upload=data, filename="p.csv", actor=world.users["admin"])
    assert [(e.row, e.column) for e in result.errors] == [(3, "email")]


def test_existing_person_gets_new_role(world: Any) -> None:
    existing = world.people["staff"]
    data = _csv(f"{existing.given_name},{existing.family_name},{existing.email},Oak Care,mentor,,,,\n")
    result = people_import(partnership=world.p1, upload=data, filename="p.csv", actor=world.users["coordinator"])
    assert result.ok and result.people_created == 0 and result.people_matched == 1
    assert existing.memberships.filter(role="mentor").exists()


def test_xlsx_import(world: Any) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Given name", "Family name", "Email", "Organisation", "Role"])
    ws.append(["Dee", "Fox", "dee.fox@example.org", "Skills Ltd", "tutor"])
    ws.append(["Eve", "", "eve@example.org", "Skills Ltd", "tutor"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    result = people_import(partnership=world.p1, upload=buf, filename="people.xlsx", actor=world.users["admin"])
    assert [(e.row, e.column) for e in result.errors] == [(3, "family_name")]
    assert not Person.objects.filter(email="dee.fox@example.org").exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "p.csv", "empty"),
        (b"name,email\nA,b@c.d\n", "p.csv", "Missing"),
        (b"\xff\xfe\x00bad", "p.csv", "UTF-8"),
        (b"not a zip", "p.xlsx", "not a valid Excel"),
        (b"PK\x03\x04garbage", "p.xlsx", "could not be read"),
        (b"given_name", "p.pdf", "Upload a .csv or .xlsx"),
    ],
)
def test_unreadable_files_are_refused_clearly(world: Any, content: bytes, name: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        people_import(partnership=world.p1, upload=io.BytesIO(content), filename=name, actor=world.users["admin"])
    assert message in " ".join(exc.value.messages)


def test_too_large_file_refused(world: Any) -> None:
    big = io.BytesIO(HEADER.encode() + b"x" * (2 * 1024 * 1024 + 10))
    with pytest.raises(ValidationError) as exc:
        people_import(partnership=world.p1, upload=big, filename="p.csv", actor=world.users["admin"])
    assert "larger than 2 MB" in exc.value.messages[0]


@pytest.mark.parametrize("who", ["tutor", "host_manager", "apprentice", "line_manager", "partner_lead"])
def test_only_coordinators_and_admins_import(world: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        people_import(partnership=world.p1, upload=_csv(""), filename="p.csv", actor=world.users[who])


def test_import_page_shows_row_report(world: Any, login: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login("coordinator")
    upload = SimpleUploadedFile("people.csv", (HEADER + "Ann,Lee,bad-email,Oak Care,mentor,,,,\n").encode(), "text/csv")
    r = client.post("/people/import/", {"file": upload})
    body = r.content.decode()
    assert r.status_code == 200
    assert "Nothing was imported" in body
    assert "Enter an e-mail address like name@example.nhs.uk." in body
    assert not Person.objects.filter(given_name="Ann", family_name="Lee").exists()


def test_import_page_refused_for_tutor(world: Any, login: Any) -> None:
    assert login("tutor").get("/people/import/").status_code == 403
