"""Core guarantees: audit log is append-only, every personal-data model is registered, views start from
visible_to, role home pages, query counts, and no personal data in logs."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workforce_hub.core import privacy
from workforce_hub.core.models import AuditEvent
from workforce_hub.people.models import Person

SRC = Path(__file__).resolve().parents[2]


def test_audit_events_cannot_be_changed_or_deleted(world: Any) -> None:
    event = AuditEvent.objects.create(action="create", object_type="x", object_id="1")
    event.outcome = "failed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(outcome="failed")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_every_model_linked_to_a_person_is_registered() -> None:
    registered = set(privacy.registered())
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("workforce_hub"):
            continue
        links = [
            f
            for f in model._meta.get_fields()
            if getattr(f, "related_model", None) is Person and (f.many_to_one or f.one_to_one) and f.concrete
        ]
        if model is Person or links:
            label = model._meta.label_lower
            # settings and cohorts name a work contact (kept: the link shows an erased person)
            if label in {"organisations.placementsetting", "schemes.cohort"}:
                continue
            if label not in registered:
                missing.append(label)
    assert missing == []


def test_subject_access_export_has_everything(world: Any) -> None:
    data = privacy.export_person(world.people["apprentice"].pk)
    assert data["people.person"][0]["health_and_adjustment_notes"] == "MARKER-HEALTH-NOTE"
    assert len(data["schemes.enrolment"]) == 1
    assert len(data["rotations.placement"]) == 1
    assert len(data["organisations.membership"]) == 1
    assert data["schemes.enrolmentstatuschange"][0]["reason"] == "Test set-up"


#: the modules that read for pages and the API: views (or a views package), API, and the
#: registry sources that add to other apps' pages
PAGE_MODULES = {"views.py", "api.py", "attention.py", "sections.py"}


def test_views_and_api_never_start_from_objects_all() -> None:
    """CONVENTIONS 3: every query a view or API runs starts from visible_to."""
    offenders = []
    pattern = re.compile(r"\b[A-Z]\w+\.objects\.(all|filter|get|exclude)\(")
    pages = [p for p in SRC.rglob("*.py") if p.parent.name == "views" or p.name in PAGE_MODULES]
    for path in pages:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if pattern.search(line) and "visible_to" not in line:
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    allowed = {"core/views.py"}  # the audit log filters by the viewer's partnership explicitly
    offenders = [o for o in offenders if o.split(":")[0] not in allowed]
    assert offenders == []


HOMES = {
    "coordinator": "/home/coordinator/",
    "admin": "/home/partnership_admin/",
    "tutor": "/home/tutor/",
    "assessor": "/home/tutor/",
    "host_manager": "/home/host/",
    "mentor": "/home/host/",
    "line_manager": "/home/line_manager/",
    "partner_lead": "/home/partner_lead/",
    "apprentice": "/home/apprentice/",
    "staff": "/home/staff/",
}


@pytest.mark.parametrize(("who", "home"), sorted(HOMES.items()))
def test_each_role_lands_on_its_home(world: Any, client: Any, who: str, home: str) -> None:
    client.force_login(world.users[who], backend="allauth.account.auth_backends.AuthenticationBackend")
    r = client.get("/", follow=True)
    assert r.redirect_chain[-1][0] == home
    assert r.status_code == 200


@pytest.mark.parametrize("who", ["tutor", "apprentice", "staff"])
def test_someone_elses_home_is_404(world: Any, client: Any, who: str) -> None:
    client.force_login(world.users[who], backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.get("/home/coordinator/").status_code == 404


def test_host_home_names_current_apprentice_only(world: Any, client: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from conftest import enrol, make_person, place
    from workforce_hub.core.roles import Role

    future = make_person(world, "future_apprentice", world.p1, [("employer", Role.APPRENTICE)])
    e = enrol(world, "future", world.cohorts["other"], future)
    today = timezone.localdate()
    place(world, "future", e, world.settings["host"], today + timedelta(days=30), today + timedelta(days=90))
    client.force_login(world.users["host_manager"], backend="allauth.account.auth_backends.AuthenticationBackend")
    body = client.get("/home/host/").content.decode()
    assert world.people["apprentice"].display_name in body
    assert future.display_name not in body  # coming, but not named before the start
    assert "Cohort B" in body


def test_coordinator_home_lists_attention(world: Any, client: Any) -> None:
    from workforce_hub.schemes.models import Enrolment

    Enrolment.objects.filter(pk=world.enrolments["apprentice"].pk).update(status="on_break")
    client.force_login(world.users["coordinator"], backend="allauth.account.auth_backends.AuthenticationBackend")
    body = client.get("/home/coordinator/").content.decode()
    assert "On a break" in body and "Agree a return date" in body


LIST_PAGES = ["/organisations/", "/organisations/settings/", "/people/", "/schemes/", "/home/coordinator/"]


@pytest.mark.parametrize("path", LIST_PAGES)
def test_list_page_query_count_does_not_grow_with_rows(world: Any, client: Any, path: str) -> None:
    """Adding rows must not add queries (no N+1)."""
    from conftest import enrol, make_org, make_person, make_setting
    from workforce_hub.core.roles import Role

    client.force_login(world.users["coordinator"], backend="allauth.account.auth_backends.AuthenticationBackend")
    client.get(path)
    with CaptureQueriesContext(connection) as before:
        assert client.get(path).status_code == 200
    for i in range(5):
        org = make_org(world.p1, f"Extra org {i}", "pvi_care_provider", "pvi")
        make_setting(org, f"Extra setting {i}")
        person = make_person(world, f"extra{i}", world.p1, [("employer", Role.APPRENTICE)], login=False)
        enrol(world, f"extra{i}", world.cohorts["main"], person)
    with CaptureQueriesContext(connection) as after:
        assert client.get(path).status_code == 200
    assert len(after) <= len(before) + 1, [q["sql"] for q in after.captured_queries]


def test_no_personal_data_in_logs(world: Any, client: Any, caplog: Any) -> None:
    """SECURITY 12: seeded marker values never appear in captured logs."""
    caplog.set_level(logging.DEBUG)
    person = world.people["apprentice"]
    for who in ("coordinator", "tutor", "host_manager"):
        client.force_login(world.users[who], backend="allauth.account.auth_backends.AuthenticationBackend")
        client.get(f"/people/{person.pk}/")
        world.api(who).get(f"/api/v1/people/{person.pk}/")
    client.post("/accounts/login/", {"login": person.email, "password": "wrong"})
    text = caplog.text
    for marker in ("MARKER-HEALTH-NOTE", person.email, person.phone, person.family_name):
        assert marker not in text


@pytest.mark.parametrize(
    ("who", "has_people"),
    [("coordinator", True), ("tutor", True), ("host_manager", True), ("apprentice", False), ("staff", False)],
)
def test_navigation_offers_only_usable_sections(world: Any, client: Any, who: str, has_people: bool) -> None:
    client.force_login(world.users[who], backend="allauth.account.auth_backends.AuthenticationBackend")
    body = client.get("/", follow=True).content.decode()
    assert ('href="/people/"' in body) is has_people
    # apprentices and staff: their own pages, not the partnership's schemes, organisations and settings
    for section in ('href="/schemes/"', 'href="/organisations/"', 'href="/organisations/settings/"'):
        assert (section in body) is has_people
