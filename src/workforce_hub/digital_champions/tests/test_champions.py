"""Digital champions: the directory and its coverage, drop-ins and bookings, the support log and its impact,
skill checks shown beside self-rating, practice digital maturity, the quality mark's peer review, and who curates
the quality levels and resources."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import World, make_person
from workforce_hub.core.roles import Role
from workforce_hub.digital_champions import champions, maturity, selectors
from workforce_hub.digital_champions.models import (
    Booking,
    Champion,
    MaturityAssessment,
    QualityMarkLevel,
    SkillCheck,
    SupportContact,
)
from workforce_hub.digital_champions.presenters import Impact, TopicCount
from workforce_hub.digital_skills.models import (
    DomainResult,
    Item,
    LearningResource,
)
from workforce_hub.digital_skills.tests.test_needs import complete, many
from workforce_hub.notifications.models import Notification
from workforce_hub.people.models import Person


@pytest.fixture
def champion(world: World) -> Champion:
    person = make_person(world, "champ", world.p1, [("host", Role.STAFF)])
    return champions.champion_create(
        actor=world.users["coordinator"],
        person=person,
        organisation=world.orgs["host"],
        site=world.settings["host"].site,
        team="Day care",
        domain_codes=["communication", "technical"],
        contact_note="Ask at reception",
    )


def test_admins_and_coordinators_add_champions_through_the_page(world: World, login: Any) -> None:
    person = world.people["mentor"]
    data = {
        "person": person.pk,
        "organisation": world.orgs["host"].pk,
        "team": "Day care",
        "domain_codes": ["communication"],
    }
    assert login("staff").post("/digital-skills/champions/add/", data).status_code == 403
    assert login("host_manager").get("/digital-skills/champions/add/").status_code == 403
    r = login("coordinator").post("/digital-skills/champions/add/", data)
    assert r.status_code == 302 and Champion.objects.filter(person=person).exists()
    wrong = {**data, "person": world.people["tutor"].pk}  # does not work at Oak Care
    r = login("admin").post("/digital-skills/champions/add/", wrong)
    assert "Choose someone who works for that organisation" in r.content.decode()
    assert not Champion.objects.filter(person=world.people["tutor"]).exists()


def test_directory_is_for_the_partnership_only(world: World, login: Any, champion: Champion) -> None:
    page = login("staff").get("/digital-skills/champions/").content.decode()
    assert champion.person.display_name in page and "Ask at reception" in page
    assert "Champions per 100 staff" not in page  # coverage is for managers
    p2 = login("p2_coordinator").get("/digital-skills/champions/").content.decode()
    assert champion.person.display_name not in p2
    searched = login("staff").get("/digital-skills/champions/?q=nobody-like-this").content.decode()
    assert "No champions match" in searched


def test_coverage_per_100_staff_beside_need(world: World, champion: Champion) -> None:
    many(world, 5, "host", weak=True)
    rows = {r.organisation.name: r for r in selectors.coverage(world.users["coordinator"])}
    oak = rows["Oak Care"]
    assert oak.champions == 1 and oak.staff == 200 and oak.per_100 == 0.5
    assert oak.not_confident is not None and oak.not_confident > 0
    assert rows["Elm Hospital"].not_confident is None  # nobody assessed there: nothing shown


def test_drop_in_booking_rules(world: World, login: Any, champion: Champion) -> None:
    champ_user = world.users["champ"]
    with pytest.raises(ValidationError):
        champions.drop_in_create(
            actor=champ_user,
            champion=champion,
            starts_at=timezone.now() - timedelta(hours=1),
            minutes=60,
            place="Room 1",
            topic="",
            places=1,
        )
    with pytest.raises(PermissionDenied):  # only the champion (or a manager) offers their sessions
        champions.drop_in_create(
            actor=world.users["staff"],
            champion=champion,
            starts_at=timezone.now() + timedelta(days=1),
            minutes=60,
            place="Room 1",
            topic="",
            places=1,
        )
    session = champions.drop_in_create(
        actor=champ_user,
        champion=champion,
        starts_at=timezone.now() + timedelta(days=2),
        minutes=60,
        place="Room 1",
        topic="Teams",
        places=1,
    )
    r = login("staff").post(f"/digital-skills/drop-ins/{session.pk}/book/")
    assert r.status_code == 302 and Booking.objects.filter(drop_in=session, person=world.people["staff"]).exists()
    with pytest.raises(ValidationError, match="already booked"):
        champions.booking_create(actor=world.users["staff"], drop_in=session)
    with pytest.raises(ValidationError, match="full"):
        champions.booking_create(actor=world.users["mentor"], drop_in=session)
    # the champion sees who booked; another member of staff does not
    assert world.people["staff"].display_name in login("champ").get("/digital-skills/champions/me/").content.decode()
    assert login("mentor").get("/digital-skills/champions/me/").status_code == 403
    booking = Booking.objects.get(drop_in=session)
    assert login("mentor").post(f"/digital-skills/bookings/{booking.pk}/cancel/").status_code == 404
    login("staff").post(f"/digital-skills/bookings/{booking.pk}/cancel/")
    booking.refresh_from_db()
    assert booking.cancelled_at is not None
    champions.booking_create(actor=world.users["mentor"], drop_in=session)  # the place is free again
    assert login("p2_coordinator").post(f"/digital-skills/drop-ins/{session.pk}/book/").status_code == 404


def test_support_log_measures_impact_without_naming_anyone(world: World, login: Any, champion: Champion) -> None:
    form = {"happened_on": timezone.localdate().isoformat(), "domain_code": "technical", "minutes": "20"}
    assert login("staff").post("/digital-skills/support/add/", {**form, "outcome": "resolved"}).status_code == 403
    r = login("champ").post("/digital-skills/support/add/", {**form, "outcome": "referred", "summary": "Printer"})
    assert "Say who you referred them to" in r.content.decode()
    assert 'value="Printer"' in r.content.decode()  # what was typed is kept
    login("champ").post("/digital-skills/support/add/", {**form, "outcome": "referred", "referred_to": "IT desk"})
    login("champ").post("/digital-skills/support/add/", {**form, "outcome": "resolved", "minutes": "40"})
    assert SupportContact.objects.count() == 2
    impact = selectors.impact(SupportContact.objects.visible_to(world.users["coordinator"]))
    assert impact == Impact(
        contacts=2, hours=1.0, resolved_pct=50, referred=1, topics=[TopicCount("Technical proficiency", 2)]
    )
    assert SupportContact.objects.visible_to(world.users["line_manager"]).count() == 0
    future = {**form, "happened_on": (timezone.localdate() + timedelta(days=2)).isoformat(), "outcome": "resolved"}
    assert "cannot be in the future" in login("champ").post("/digital-skills/support/add/", future).content.decode()


def test_a_champion_confirms_skills_shown_beside_self_rating(world: World, login: Any, champion: Champion) -> None:
    a = complete(world, "staff", "employer", "admin")
    r = login("staff").post(f"/digital-skills/champions/{champion.pk}/ask/")
    assert r.status_code == 302
    check = SkillCheck.objects.get(person=world.people["staff"])
    note = Notification.objects.get(recipient=champion.person, kind="skill_check")
    assert world.people["staff"].family_name not in note.subject + note.body  # nothing personal in the message
    # nobody else can open the request: not another member of staff, not a manager
    for key in ("mentor", "line_manager", "coordinator"):
        assert login(key).get(f"/digital-skills/skill-checks/{check.pk}/").status_code == 404
    # the person who asked can see it exists but cannot confirm their own skills
    assert login("staff").get(f"/digital-skills/skill-checks/{check.pk}/").status_code == 403
    item = Item.objects.get(domain__framework=a.framework, code="F-COMM")
    assert "Tick at least one" in login("champ").post(f"/digital-skills/skill-checks/{check.pk}/", {}).content.decode()
    r = login("champ").post(f"/digital-skills/skill-checks/{check.pk}/", {"items": [item.pk]})
    assert r.status_code == 302
    page = login("staff").get(f"/digital-skills/{a.pk}/results/").content.decode()
    confirmed = page.split('data-testid="confirmed-communication">')[1].split("</dd>")[0]
    assert item.text in confirmed and champion.person.display_name in confirmed
    check.refresh_from_db()
    with pytest.raises(ValidationError, match="already been confirmed"):
        champions.skill_check_confirm(actor=world.users["champ"], check=check, items=[item])
    with pytest.raises(ValidationError, match="cannot confirm your own"):
        champions.skill_check_request(actor=world.users["champ"], champion=champion)


# --------------------------------------------------------------------------------- maturity, quality mark


@pytest.fixture
def levels(world: World) -> list[QualityMarkLevel]:
    return [
        QualityMarkLevel.objects.create(partnership=world.p1, name="Ready", min_average=Decimal("2.5"), min_each=2),
        QualityMarkLevel.objects.create(partnership=world.p1, name="Leader", min_average=Decimal("3.5"), min_each=3),
    ]


def _score_all(world: World, record: MaturityAssessment, value: int, key: str = "host_manager") -> None:
    for s in record.scores.all():
        maturity.maturity_score_update(actor=world.users[key], score=s, value=value, metric="m", evidence="e")


def test_competence_and_confidence_come_from_staff_results_only_with_enough_people(world: World) -> None:
    many(world, 4, "host")
    few = maturity.maturity_start(actor=world.users["host_manager"], organisation=world.orgs["host"])
    assert {s.dimension: s.score for s in few.scores.all()}["competence"] is None  # 4 people: too few to say
    many(world, 1, "host", "clinical")
    record = maturity.maturity_start(actor=world.users["host_manager"], organisation=world.orgs["host"])
    scores = {s.dimension: s for s in record.scores.all()}
    assert len(scores) == 7
    assert scores["competence"].score == 4 and "100% of staff skills" in scores["competence"].metric
    assert scores["confidence"].score is not None and scores["capacity"].score is None


def test_who_can_assess_and_see_a_practices_maturity(world: World, login: Any) -> None:
    with pytest.raises(PermissionDenied):
        maturity.maturity_start(actor=world.users["other_host"], organisation=world.orgs["host"])
    with pytest.raises(PermissionDenied):
        maturity.maturity_start(actor=world.users["staff"], organisation=world.orgs["employer"])
    record = maturity.maturity_start(actor=world.users["host_manager"], organisation=world.orgs["host"])
    assert login("host_manager").get(record.get_absolute_url()).status_code == 200
    assert login("partner_lead").get(record.get_absolute_url()).status_code == 200
    for key in ("other_host", "staff", "mentor", "apprentice", "p2_coordinator"):
        assert login(key).get(record.get_absolute_url()).status_code == 404, key
    score = record.scores.first()
    assert score is not None
    assert login("other_host").post(f"/digital-skills/maturity/scores/{score.pk}/", {"score": "3"}).status_code == 404


def test_quality_mark_needs_a_second_person_to_review(world: World, login: Any, levels: Any) -> None:
    record = maturity.maturity_start(actor=world.users["host_manager"], organisation=world.orgs["host"])
    with pytest.raises(ValidationError, match="Score every C"):
        maturity.maturity_submit(actor=world.users["host_manager"], maturity=record)
    _score_all(world, record, 3)
    with pytest.raises(ValidationError, match="action plan"):
        maturity.maturity_submit(actor=world.users["host_manager"], maturity=record)
    r = login("host_manager").post(
        f"/digital-skills/maturity/{record.pk}/actions/add/",
        {"dimension": "capacity", "action": "Protected learning time", "owner": "Practice manager", "due_on": ""},
    )
    assert "Enter the date it is due" in r.content.decode()
    due = (timezone.localdate() + timedelta(days=60)).isoformat()
    login("host_manager").post(
        f"/digital-skills/maturity/{record.pk}/actions/add/",
        {"dimension": "capacity", "action": "Protected learning time", "owner": "Practice manager", "due_on": due},
    )
    login("host_manager").post(f"/digital-skills/maturity/{record.pk}/submit/")
    record.refresh_from_db()
    assert record.status == "submitted"
    award = record.award
    score = record.scores.first()
    assert score is not None
    with pytest.raises(ValidationError):  # sent for review: frozen
        maturity.maturity_score_update(actor=world.users["host_manager"], score=score, value=1, metric="", evidence="")
    # not the person who sent it, not someone who works there, not a role without review rights
    make_person(world, "lead_at_host", world.p1, [("host", Role.PARTNER_LEAD)])
    for key in ("lead_at_host", "staff", "other_host"):
        with pytest.raises(PermissionDenied):
            maturity.quality_mark_review(actor=world.users[key], award=award, agree=True, note="Fine")
    assert login("lead_at_host").get(f"/digital-skills/maturity/{record.pk}/review/").status_code == 403
    assert record in [a.maturity for a in selectors.awaiting_review(world.users["partner_lead"])]
    home = login("coordinator").get("/home/coordinator/").content.decode()
    assert "Digital quality mark waiting for peer review" in home and "Oak Care" in home
    r = login("partner_lead").post(f"/digital-skills/maturity/{record.pk}/review/", {"decision": "agree"})
    assert "Write a short note" in r.content.decode()
    login("partner_lead").post(f"/digital-skills/maturity/{record.pk}/review/", {"decision": "agree", "note": "Good"})
    award.refresh_from_db()
    assert award.level == levels[0]  # average 3, every C 3: 'Ready', not 'Leader' (3.5)
    assert award.reviewed_by == world.people["partner_lead"]
    assert award.expires_on is not None and award.expires_on.year == timezone.localdate().year + 2
    register = selectors.quality_mark_register(world.users["staff"])
    assert [(r.organisation.name, r.level.name, r.state) for r in register] == [("Oak Care", "Ready", "held")]
    with pytest.raises(ValidationError, match="already been reviewed"):
        maturity.quality_mark_review(actor=world.users["coordinator"], award=award, agree=True, note="Again")


def test_an_expired_mark_asks_for_reassessment(world: World, levels: Any) -> None:
    record = maturity.maturity_start(actor=world.users["host_manager"], organisation=world.orgs["host"])
    _score_all(world, record, 2)
    maturity.action_add(
        actor=world.users["host_manager"],
        maturity=record,
        dimension="capacity",
        action="x",
        owner="y",
        due_on=timezone.localdate(),
    )
    award = maturity.maturity_submit(actor=world.users["host_manager"], maturity=record)
    with pytest.raises(ValidationError, match="do not reach"):  # average 2 is below every level
        maturity.quality_mark_review(actor=world.users["coordinator"], award=award, agree=True, note="n")
    maturity.quality_mark_review(actor=world.users["coordinator"], award=award, agree=False, note="More evidence")
    record.refresh_from_db()
    assert record.status == "not_awarded"
    award.level, award.expires_on = levels[0], timezone.localdate() - timedelta(days=1)
    award.save()
    assert selectors.quality_mark_register(world.users["staff"])[0].state == "expired"


def test_quality_levels_and_resources_are_curated_by_admins_and_coordinators(world: World, login: Any) -> None:
    level = {"name": "Gold", "min_average": "3.5", "min_each": "3", "valid_months": "24"}
    assert login("host_manager").post("/digital-skills/quality-mark/", level).status_code == 403
    assert login("coordinator").post("/digital-skills/quality-mark/", level).status_code == 302
    bad = {**level, "name": "Too high", "min_average": "4.5"}
    assert (
        "Enter an average from 1 to 4"
        in login("coordinator").post("/digital-skills/quality-mark/", bad).content.decode()
    )
    resource = {
        "title": "Using the NHS App",
        "url": "https://www.nhs.uk/nhs-app/",
        "domain_code": "technical",
        "level": "1",
        "duration_minutes": "15",
        "format": "guide",
    }
    assert login("staff").post("/digital-skills/resources/add/", resource).status_code == 403
    assert login("admin").post("/digital-skills/resources/add/", resource).status_code == 302
    added = LearningResource.objects.get(title="Using the NHS App")
    assert "Using the NHS App" in login("staff").get("/digital-skills/resources/?domain=technical").content.decode()
    login("admin").post(f"/digital-skills/resources/{added.pk}/", {**resource, "duration_minutes": "20"})
    added.refresh_from_db()
    assert added.duration_minutes == 20
    assert login("staff").post(f"/digital-skills/resources/{added.pk}/delete/").status_code == 403
    assert login("p2_coordinator").post(f"/digital-skills/resources/{added.pk}/delete/").status_code == 404
    login("admin").post(f"/digital-skills/resources/{added.pk}/delete/")
    assert not LearningResource.objects.filter(pk=added.pk).exists()


def test_pages_for_every_role_hold_no_one_elses_answers(world: World, login: Any, champion: Champion) -> None:
    many(world, 6, "host", weak=True)
    names = set(
        Person.objects.filter(digital_assessments__isnull=False)
        .exclude(pk=champion.person_id)
        .values_list("family_name", flat=True)
    )
    pages = [
        "/digital-skills/",
        "/digital-skills/champions/",
        "/digital-skills/maturity/",
        "/digital-skills/resources/",
        "/digital-skills/quality-mark/",
        "/digital-skills/needs/?group_by=team",
        "/digital-skills/needs/?group_by=band",
    ]
    assert DomainResult.objects.count() > 0
    for key in ("coordinator", "partner_lead", "host_manager", "line_manager"):
        client = login(key)
        for url in pages:
            r = client.get(url)
            assert r.status_code == 200, (key, url)
            assert not {n for n in names if n in r.content.decode()}, (key, url)
