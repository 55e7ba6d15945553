"""The digital champions' API: champions, drop-ins and booking, the support log, skill checks, practice maturity
with its peer-reviewed quality mark and its levels — through the same services as the pages, refusing the same
people and the same bad input."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from conftest import World, make_person
from workforce_hub.core.roles import Role
from workforce_hub.digital_champions.models import (
    Booking,
    Champion,
    QualityMarkLevel,
    SkillCheck,
    SupportContact,
)
from workforce_hub.digital_skills.models import Item


def _champion(world: World) -> Champion:
    person = make_person(world, "champ", world.p1, [("host", Role.STAFF)])
    body = {
        "person": person.pk,
        "organisation": world.orgs["host"].pk,
        "team": "Day care",
        "domain_codes": ["communication"],
        "contact_note": "Ask at reception",
    }
    assert world.api("staff").post("/api/v1/digital-champions/", body, format="json").status_code == 403
    elsewhere = world.api("coordinator").post(
        "/api/v1/digital-champions/", {**body, "organisation": world.orgs["host2"].pk}, format="json"
    )
    assert elsewhere.status_code == 400 and "person" in elsewhere.json()
    made = world.api("coordinator").post("/api/v1/digital-champions/", body, format="json")
    assert made.status_code == 201, made.content
    return Champion.objects.get(pk=made.json()["id"])


def test_champions_offer_drop_ins_that_members_book(world: World) -> None:
    champion = _champion(world)
    starts = (timezone.now() + timedelta(days=2)).isoformat()
    body = {"champion": champion.pk, "starts_at": starts, "minutes": 60, "place": "Room 2", "places": 1}
    assert world.api("staff").post("/api/v1/drop-ins/", body, format="json").status_code == 403
    past = {**body, "starts_at": (timezone.now() - timedelta(days=1)).isoformat()}
    assert world.api("champ").post("/api/v1/drop-ins/", past, format="json").status_code == 400
    made = world.api("champ").post("/api/v1/drop-ins/", body, format="json")
    assert made.status_code == 201, made.content
    url = f"/api/v1/drop-ins/{made.json()['id']}/"
    assert world.api("staff").post(url + "book/").json()["booked"] == 1
    full = world.api("apprentice").post(url + "book/")
    assert full.status_code == 400 and "full" in str(full.json())
    assert world.api("p2_apprentice").post(url + "book/").status_code == 404
    assert world.api("apprentice").post(url + "cancel/").status_code == 404  # nothing to cancel
    assert world.api("staff").post(url + "cancel/").json()["booked"] == 0
    assert Booking.objects.get().cancelled_at is not None


def test_only_champions_log_support_and_nobody_is_named(world: World) -> None:
    _champion(world)
    body = {"happened_on": timezone.localdate().isoformat(), "domain_code": "communication", "minutes": 15}
    resolved = {**body, "outcome": "resolved", "summary": "Shared a calendar"}
    assert world.api("staff").post("/api/v1/support-contacts/", resolved, format="json").status_code == 403
    referred = world.api("champ").post("/api/v1/support-contacts/", {**body, "outcome": "referred"}, format="json")
    assert referred.status_code == 400 and "referred_to" in referred.json()
    assert world.api("champ").post("/api/v1/support-contacts/", resolved, format="json").status_code == 201
    assert SupportContact.objects.count() == 1
    assert world.api("coordinator").get("/api/v1/support-contacts/").json()["count"] == 1
    assert world.api("tutor").get("/api/v1/support-contacts/").json()["count"] == 0
    assert "person" not in world.api("champ").get("/api/v1/support-contacts/").json()["results"][0]


def test_a_champion_confirms_the_skills_a_colleague_showed(world: World) -> None:
    champion = _champion(world)
    asked = world.api("apprentice").post("/api/v1/skill-checks/", {"champion": champion.pk}, format="json")
    assert asked.status_code == 201
    check = SkillCheck.objects.get()
    url = f"/api/v1/skill-checks/{check.pk}/confirm/"
    code = Item.objects.filter(domain__framework_id=check.framework_id).values_list("code", flat=True).first()
    assert world.api("coordinator").post(url, {"items": [code]}, format="json").status_code == 404
    assert world.api("champ").post(url, {"items": ["NOPE"]}, format="json").status_code == 400
    done = world.api("champ").post(url, {"items": [code]}, format="json")
    assert done.status_code == 200 and done.json()["confirmed"] == [code]
    assert world.api("champ").post(url, {"items": [code]}, format="json").status_code == 400  # already confirmed


def test_maturity_is_scored_planned_submitted_and_peer_reviewed(world: World) -> None:
    QualityMarkLevel.objects.create(partnership=world.p1, name="Ready", min_average=Decimal("2.5"), min_each=2)
    host = world.api("host_manager")
    assert (
        world.api("mentor").post("/api/v1/practice-maturity/", {"organisation": world.orgs["host"].pk}).status_code
        == 403
    )
    made = host.post("/api/v1/practice-maturity/", {"organisation": world.orgs["host"].pk})
    assert made.status_code == 201 and len(made.json()["scores"]) == 7
    url = f"/api/v1/practice-maturity/{made.json()['id']}/"
    early = host.post(url + "submit/")
    assert early.status_code == 400 and "Score every C" in str(early.json())
    assert host.post(url + "score/", {"dimension": "capacity", "score": 9}, format="json").status_code == 400
    for dim in ("competence", "capability", "capacity", "confidence", "creativity", "communication", "continuity"):
        assert host.post(url + "score/", {"dimension": dim, "score": 3}, format="json").status_code == 200
    due = (timezone.localdate() + timedelta(days=60)).isoformat()
    action = {"dimension": "capacity", "action": "Protected time", "owner": "Practice manager", "due_on": due}
    assert host.post(url + "actions/", action, format="json").json()["actions"][0]["action"] == "Protected time"
    assert host.post(url + "submit/").json()["status"] == "submitted"
    award = world.api("coordinator").get("/api/v1/quality-marks/").json()["results"][0]
    review = f"/api/v1/quality-marks/{award['id']}/review/"
    assert host.post(review, {"agree": True, "note": "Fine"}, format="json").status_code == 403  # not their own
    assert world.api("coordinator").post(review, {"agree": True, "note": ""}, format="json").status_code == 400
    awarded = world.api("coordinator").post(review, {"agree": True, "note": "Evidence checked"}, format="json")
    assert awarded.status_code == 200 and awarded.json()["level"] == "Ready" and awarded.json()["expires_on"]


def test_quality_levels_and_finishing_actions(world: World) -> None:
    level = {"name": "Leader", "min_average": "3.5", "min_each": 3, "valid_months": 24}
    assert world.api("staff").post("/api/v1/quality-mark-levels/", level, format="json").status_code == 403
    wrong = world.api("admin").post("/api/v1/quality-mark-levels/", {**level, "min_average": "9"}, format="json")
    assert wrong.status_code == 400 and "min_average" in wrong.json()
    assert world.api("admin").post("/api/v1/quality-mark-levels/", level, format="json").status_code == 201
    assert world.api("staff").get("/api/v1/quality-mark-levels/").json()["count"] == 1

    host = world.api("host_manager")
    maturity = host.post("/api/v1/practice-maturity/", {"organisation": world.orgs["host"].pk}).json()
    url = f"/api/v1/practice-maturity/{maturity['id']}/"
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    action = {"dimension": "capacity", "action": "Protected time", "owner": "Manager", "due_on": due}
    item = host.post(url + "actions/", action, format="json").json()["actions"][0]
    assert world.api("mentor").post(url + "action-done/", {"action": item["id"]}).status_code == 404
    assert host.post(url + "action-done/", {"action": 999999}).status_code == 404
    done = host.post(url + "action-done/", {"action": item["id"]})
    assert done.status_code == 200 and done.json()["actions"][0]["done_on"] == timezone.localdate().isoformat()
