"""Induction checklists per audience tracked to completion, the glossary everyone reads, and the host briefing pack
sent with the advance notice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from workforce_hub.notifications.models import Notification
from workforce_hub.readiness import selectors, services
from workforce_hub.readiness.models import GlossaryTerm, InductionDone, InductionItem
from workforce_hub.rotations.models import TrainingUnit

pytestmark = pytest.mark.django_db

LINES = {
    "apprentice": ["1: The NHS and primary care in brief", "2: Information governance"],
    "mentor": ["0: What the apprentice may and must not do"],
    "tutor": ["4: The placement calendar"],
}


def test_the_induction_is_for_its_audience_and_tracked(world: Any) -> None:
    services.induction_save(actor=world.user("coordinator"), scheme=world.scheme, lines=LINES)
    mine = selectors.my_induction(world.user("apprentice"))
    assert [(lst.audience, len(lst.items)) for lst in mine] == [("apprentice", 2)]
    item = mine[0].items[0]
    services.induction_tick(actor=world.user("apprentice"), item=item)
    services.induction_tick(actor=world.user("apprentice"), item=item)  # twice is once
    assert InductionDone.objects.count() == 1
    for key in ("mentor", "tutor", "p2_apprentice"):
        with pytest.raises(PermissionDenied):
            services.induction_tick(actor=world.user(key), item=item)
    tutor_item = InductionItem.objects.get(audience="tutor")
    services.induction_tick(actor=world.user("tutor"), item=tutor_item)
    rows = {(r.person.pk, r.audience): (r.done, r.total) for r in selectors.induction_progress(world.scheme)}
    assert rows[(world.people["apprentice"].pk, "apprentice")] == (1, 2)
    assert rows[(world.people["tutor"].pk, "tutor")] == (1, 1)
    assert rows[(world.people["mentor"].pk, "mentor")] == (0, 1)  # the host of a placement in the scheme
    services.induction_tick(actor=world.user("apprentice"), item=item, done=False)
    assert not InductionDone.objects.filter(person=world.people["apprentice"]).exists()


def test_saving_again_keeps_who_did_what_and_bad_lines_are_reported(world: Any) -> None:
    coordinator = world.user("coordinator")
    services.induction_save(actor=coordinator, scheme=world.scheme, lines=LINES)
    item = InductionItem.objects.get(title="Information governance")
    services.induction_tick(actor=world.user("apprentice"), item=item)
    services.induction_save(
        actor=coordinator, scheme=world.scheme, lines={**LINES, "apprentice": ["3: Information governance"]}
    )
    assert InductionDone.objects.filter(item__title="Information governance").exists()
    assert InductionItem.objects.get(title="Information governance").due_weeks == 3
    with pytest.raises(ValidationError) as err:
        services.induction_save(
            actor=coordinator, scheme=world.scheme, lines={"mentor": ["soon: x"], "tutor": ["60: y"]}
        )
    assert set(err.value.message_dict) == {"mentor", "tutor"}
    with pytest.raises(PermissionDenied):
        services.induction_save(actor=world.user("host_manager"), scheme=world.scheme, lines=LINES)


def test_pages(world: Any, login: Any) -> None:
    services.induction_save(actor=world.user("coordinator"), scheme=world.scheme, lines=LINES)
    apprentice = login("apprentice")
    page = apprentice.get("/readiness/induction/").content.decode()
    assert "The NHS and primary care in brief" in page and "What the apprentice may" not in page
    item = InductionItem.objects.get(title="Information governance")
    assert apprentice.post("/readiness/induction/", {"item": item.pk}).status_code == 302
    assert InductionDone.objects.filter(item=item).exists()
    other = InductionItem.objects.get(audience="tutor")
    assert apprentice.post("/readiness/induction/", {"item": other.pk}).status_code == 404
    coordinator = login("coordinator")
    bad = coordinator.post(f"/readiness/schemes/{world.scheme.pk}/induction/", {"apprentice": "soon: read this"})
    assert bad.status_code == 200 and "soon: read this" in bad.content.decode()
    assert login("mentor").get(f"/readiness/schemes/{world.scheme.pk}/induction/").status_code == 403


def test_the_glossary_is_for_everyone_and_kept_by_coordinators(world: Any, login: Any) -> None:
    coordinator = world.user("coordinator")
    term = services.glossary_save(
        actor=coordinator, partnership=world.p1, data={"term": "PCN", "meaning": "Primary care network"}
    )
    with pytest.raises(ValidationError):
        services.glossary_save(actor=coordinator, partnership=world.p1, data={"term": "pcn", "meaning": "again"})
    with pytest.raises(PermissionDenied):
        services.glossary_save(actor=world.user("apprentice"), partnership=world.p1, data={"term": "X", "meaning": "y"})
    page = login("staff").get("/readiness/glossary/?q=network").content.decode()
    assert "Primary care network" in page and f'id="term-{term.pk}"' in page  # where the term's link lands
    assert f"/readiness/glossary/{term.pk}/change/" not in page  # staff cannot change it
    assert f"/readiness/glossary/{term.pk}/change/" in login("coordinator").get("/readiness/glossary/").content.decode()
    assert "Primary care network" not in login("staff").get("/readiness/glossary/?q=hospital").content.decode()
    assert world.api("apprentice").get("/api/v1/glossary-terms/?search=PCN").json()["count"] == 1
    assert world.api("p2_coordinator").get("/api/v1/glossary-terms/").json()["count"] == 0
    client = login("coordinator")
    assert client.post(f"/readiness/glossary/{term.pk}/change/", {"delete": "1"}).status_code == 302
    assert not GlossaryTerm.objects.exists()


def test_the_briefing_pack_goes_with_the_advance_notice(world: Any, login: Any) -> None:
    coordinator = world.user("coordinator")
    services.briefing_save(
        actor=coordinator,
        scheme=world.scheme,
        data={"role_is": "A support worker learning across settings.", "role_is_not": "Not a registered nurse."},
    )
    services.faq_save(
        actor=coordinator, partnership=world.p1, data={"question": "Who pays them?", "answer": "Their employer."}
    )
    placement = world.placements["apprentice"]
    placement.start_date = timezone.localdate() + timedelta(days=40)
    placement.end_date = placement.start_date + timedelta(weeks=12)
    placement.save()
    TrainingUnit.objects.create(scheme=world.scheme, block_number=placement.block_number, title="Dementia care")
    placement.setting.mentors.add(world.people["mentor"])  # the setting's named mentors hear too
    services.placements_prepare([placement])
    sent = Notification.objects.filter(kind="host_briefing")
    assert {n.recipient for n in sent} >= {world.people["host_manager"], world.people["mentor"]}
    assert all(world.people["apprentice"].family_name not in n.body for n in sent)
    page = login("mentor").get(f"/readiness/placements/{placement.pk}/briefing/").content.decode()
    for text in ("Not a registered nurse.", "Who pays them?", "Dementia care"):
        assert text in page
    assert world.people["apprentice"].display_name not in page
    assert login("other_host").get(f"/readiness/placements/{placement.pk}/briefing/").status_code == 404
    made = world.api("coordinator").post(
        "/api/v1/briefings/", {"scheme": world.scheme.pk, "role_is": "New", "role_is_not": "Not a nurse"}, format="json"
    )
    assert made.status_code == 201 and made.json()["role_is"] == "New"
    assert (
        world.api("mentor")
        .post("/api/v1/briefings/", {"scheme": world.scheme.pk, "role_is": "x", "role_is_not": "y"}, format="json")
        .status_code
        == 403
    )


def test_induction_api(world: Any) -> None:
    api = world.api("coordinator")
    made = api.post(
        "/api/v1/induction-items/",
        {"scheme": world.scheme.pk, "audience": "apprentice", "title": "Systems", "due_weeks": 2},
        format="json",
    )
    assert made.status_code == 201, made.content
    item = made.json()["id"]
    done = world.api("apprentice").post(f"/api/v1/induction-items/{item}/done/")
    assert done.status_code == 200 and done.json()["done"] is True
    assert world.api("tutor").post(f"/api/v1/induction-items/{item}/done/").status_code == 403
    assert (
        world.api("mentor").patch(f"/api/v1/induction-items/{item}/", {"title": "x"}, format="json").status_code == 403
    )
    assert api.delete(f"/api/v1/induction-items/{item}/").status_code == 204
