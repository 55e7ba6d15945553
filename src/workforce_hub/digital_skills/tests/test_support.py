"""Digital skills beyond the self-assessment: crosswalks between framework versions, groupings by band, role and
team, spreadsheet export, champions (directory, drop-ins, support log, skill checks), practice digital maturity
and the quality mark's peer review, and the resource catalogue."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from conftest import World, make_person
from workforce_hub.core.roles import Role
from workforce_hub.digital_skills import champions, maturity, selectors, services
from workforce_hub.digital_skills.models import (
    Assessment,
    AssessmentRound,
    Booking,
    Champion,
    Crosswalk,
    DomainResult,
    Framework,
    Item,
    LearningResource,
    MaturityAssessment,
    NeedsTally,
    QualityMarkLevel,
    Response,
    SkillCheck,
    SupportContact,
)
from workforce_hub.digital_skills.presenters import Impact, TopicCount
from workforce_hub.notifications.models import Notification
from workforce_hub.people.models import Person

from .test_digital_skills import answer_all


def complete(world: World, key: str, org_key: str, group: str, *, weak: bool = False, **about: Any) -> Assessment:
    """A person at `org_key` completes an assessment (weak: cannot yet send an email)."""
    person = world.people.get(key) or make_person(world, key, world.p1, [(org_key, Role.STAFF)], login=False)
    a = services.assessment_start(person=person, actor=None)
    services.assessment_set_group(assessment=a, staff_group=group, organisation=None, **about)
    if weak:
        first = Item.objects.get(domain__framework=a.framework, code="F-COMM")
        services.assessment_answer(assessment=a, item=first, response=Response.NOT_YET)
    answer_all(a)
    services.assessment_complete(assessment=a, actor=None)
    return a


def many(world: World, n: int, org_key: str, group: str = "care", **kw: Any) -> list[Assessment]:
    return [complete(world, f"{org_key}_{group}_{i}_{kw.get('band', '')}", org_key, group, **kw) for i in range(n)]


# ------------------------------------------------------------------------------------ crosswalk, groupings


def _v2_file(tmp_path: Path) -> Path:
    """A second version: the communication domain is renamed 'talking-online' and its first item reworded."""
    v1 = json.loads((services.DATA / "hub-digital-skills-v1.json").read_text())
    v2 = json.loads(json.dumps(v1))
    v2["version"] = "2"
    comm = next(d for d in v2["domains"] if d["code"] == "communication")
    comm["code"], comm["name"] = "talking-online", "Talking and working together online"
    comm["items"][0]["code"] = "F-TALK"
    comm["items"][0]["text"] = "Can you send a message to a colleague by email or Teams?"
    items = [i["code"] for d in v1["domains"] for i in d["items"]]
    v2["crosswalk"] = {
        "from": {"name": v1["name"], "version": "1"},
        "items": {("F-TALK" if code == "F-COMM" else code): [code] for code in items},
    }
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(v2))
    return path


def test_a_new_framework_version_compares_with_the_old_through_the_crosswalk(world: World, tmp_path: Path) -> None:
    today = timezone.localdate()
    spring = AssessmentRound.objects.create(
        partnership=world.p1, name="Spring", opens_on=today - timedelta(days=200), closes_on=today - timedelta(days=150)
    )
    old = many(world, 5, "host", weak=True)  # on version 1, struggling with communication
    Assessment.objects.filter(pk__in=[a.pk for a in old]).update(round=spring)
    services.tally_rebuild()
    v1 = Framework.objects.get(version="1")
    v2 = services.load_framework(_v2_file(tmp_path))
    assert services.current_framework() == v2 and not Framework.objects.get(pk=v1.pk).is_current
    assert Crosswalk.objects.filter(from_item__code="F-COMM", to_item__code="F-TALK").exists()
    assert services.load_framework(_v2_file(tmp_path)) == v2  # loading again changes nothing
    mapping = selectors.domain_map(v1, v2)
    assert mapping[v1.domains.get(code="communication").pk] == v2.domains.get(code="talking-online").pk

    autumn = AssessmentRound.objects.create(
        partnership=world.p1, name="Autumn", opens_on=today - timedelta(days=10), closes_on=today + timedelta(days=10)
    )
    new = [complete(world, f"v2_{i}", "host", "care") for i in range(5)]  # on version 2, confident
    assert {a.framework_id for a in new} == {v2.pk}
    Assessment.objects.filter(pk__in=[a.pk for a in new]).update(round=autumn)
    services.tally_rebuild()  # the rounds were set after completion

    trend = selectors.trend(world.users["coordinator"])
    talk = [d.code for d in trend["domains"]].index("talking-online")
    by_round = {r.label: r for r in trend["rows"]}
    assert by_round["Spring"].cells[talk].basics == 100  # version 1 results, shown under the version 2 domain
    assert by_round["Autumn"].cells[talk].basics == 0
    spring_only = selectors.needs_analysis(user=world.users["coordinator"], round_id=spring.pk)
    assert next(d.code for d in spring_only["domains"]) == "talking-online"
    assert spring_only["rows"][0].cells[0].basics == 100


def test_groups_by_band_role_and_team_with_suppression(world: World) -> None:
    many(world, 5, "host2", "clinical", band="5", team="Ward 1", job_role="Staff nurse")
    many(world, 3, "host2", "care", band="3", team="Ward 1", job_role="Healthcare assistant")
    many(world, 6, "host", "care", band="3", team="Day care", job_role="Care worker")
    coordinator = world.users["coordinator"]
    bands = {r.label: r for r in selectors.needs_analysis(user=coordinator, group_by="band")["rows"]}
    # Band 3 (9) holds all 6 care workers, whose role is shown: 9 - 6 would reveal the 3 healthcare assistants
    # (ADR 0008, across groupings); Band 5 is then hidden too, or the total minus Band 5 would give Band 3
    assert bands["Band 3"].suppressed and bands["Band 5"].suppressed
    roles = {r.label: r for r in selectors.needs_analysis(user=coordinator, group_by="job_role")["rows"]}
    assert roles["Healthcare assistant"].suppressed  # 3 people
    assert roles["Staff nurse"].suppressed  # next smallest: else 14 - 6 - 5 would reveal the 3
    assert not roles["Care worker"].suppressed and roles["Care worker"].n == 6
    teams = {r.label: r for r in selectors.needs_analysis(user=coordinator, group_by="team")["rows"]}
    # Ward 1 (8) minus the 5 band 5 staff nurses would reveal the 3 healthcare assistants; Day care then goes too,
    # or the total minus Day care would give Ward 1
    assert teams["Ward 1"].suppressed and teams["Day care"].suppressed


def test_no_small_group_can_be_worked_out_by_subtracting_one_grouping_from_another(world: World) -> None:
    """Seven receptionists and one medical secretary, all in the admin staff group: the role of one is hidden,
    and the staff group (8) minus the receptionists (7) would reveal her answers unless one of them is hidden."""
    many(world, 7, "host", "admin", job_role="Receptionist")
    many(world, 1, "host", "admin", job_role="Medical secretary")
    many(world, 6, "host", "care", job_role="Care worker")
    coordinator = world.users["coordinator"]
    roles = {r.label: r for r in selectors.needs_analysis(user=coordinator, group_by="job_role")["rows"]}
    groups = {r.label: r for r in selectors.needs_analysis(user=coordinator, group_by="staff_group")["rows"]}
    assert roles["Medical secretary"].suppressed
    admin = next(r for label, r in groups.items() if label.startswith("Admin"))
    assert admin.suppressed or roles["Receptionist"].suppressed
    shown = [r.n for r in [*roles.values(), *groups.values()] if not r.suppressed]
    assert all(n >= 5 for n in shown)
    # the API gives the same figures
    api = world.api("coordinator").get("/api/v1/digital-skills/needs/", {"group_by": "staff_group"}).json()
    assert [row["suppressed"] for row in api["rows"]] == [r.suppressed for r in groups.values()]


def test_hiding_across_groupings_catches_nested_bodies_and_leaves_safe_groups_alone() -> None:
    def cell(org: str, parent: str, role: str, n: int) -> tuple[dict[str, object], int]:
        keys: dict[str, object] = dict.fromkeys(selectors.GROUPINGS)
        keys.update(organisation=org, parent=parent, top=parent, job_role=role)
        return keys, n

    # federation 2 has a 10-person practice and a 3-person one: federation 2 minus its big practice would reveal
    # the small one, so federation 2 is hidden, and federation 1 with it (else the total minus federation 1)
    hidden = selectors.hide_across_groupings(
        [
            cell("a1", "fed1", "a", 10),
            cell("a2", "fed1", "a", 10),
            cell("b1", "fed2", "a", 10),
            cell("b2", "fed2", "b", 3),
        ]
    )
    assert "b2" in hidden["organisation"] and "b1" not in hidden["organisation"]
    assert hidden["parent"] == {"fed1", "fed2"}
    # two large practices: nothing to hide anywhere
    safe = selectors.hide_across_groupings([cell("one", "fed", "a", 10), cell("two", "fed", "a", 12)])
    assert not any(safe.values())


def test_parent_and_top_bodies_group_their_members(world: World) -> None:
    world.orgs["host"].parent = world.orgs["host2"]
    world.orgs["host"].save()
    world.orgs["host2"].parent = world.orgs["funder"]
    world.orgs["host2"].save()
    many(world, 5, "host")
    many(world, 5, "host2")
    coordinator = world.users["coordinator"]
    parents = {r.label: r for r in selectors.needs_analysis(user=coordinator, group_by="parent")["rows"]}
    assert parents["Elm Hospital"].n == 5 and parents["Funding ICB"].n == 5  # host -> Elm; Elm -> ICB
    top = selectors.needs_analysis(user=coordinator, group_by="top")["rows"]
    assert [(r.label, r.n) for r in top] == [("Funding ICB", 10)]


def test_band_must_be_from_the_list_and_site_from_the_organisation(world: World) -> None:
    a = services.assessment_start(person=world.people["staff"], actor=None)
    with pytest.raises(ValidationError) as err:
        services.assessment_set_group(assessment=a, staff_group="admin", organisation=None, band="99")
    assert "band" in err.value.message_dict
    other_site = world.settings["host"].site
    with pytest.raises(ValidationError) as err:
        services.assessment_set_group(assessment=a, staff_group="admin", organisation=None, site=other_site)
    assert "site" in err.value.message_dict


def test_group_page_keeps_what_was_typed_on_error(world: World, login: Any) -> None:
    a = services.assessment_start(person=world.people["staff"], actor=world.users["staff"])
    r = login("staff").post(f"/digital-skills/{a.pk}/", {"band": "3", "team": "Finance", "job_role": "Clerk"})
    page = r.content.decode()
    assert r.status_code == 200 and "Choose the group that best describes your work" in page
    assert 'value="Finance"' in page and 'value="Clerk"' in page


def test_spreadsheet_export_matches_the_table_and_is_for_managers_only(world: World, login: Any) -> None:
    many(world, 5, "host", weak=True)
    many(world, 2, "employer", "admin")
    assert login("staff").get("/digital-skills/needs.xlsx").status_code == 403
    r = login("partner_lead").get("/digital-skills/needs.xlsx?round=all")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(r.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:2] == ["Organisation", "People"]
    council = next(r for r in rows if r[0] == "County Council")
    assert set(council[1:]) == {"suppressed"}
    names = set(Person.objects.filter(digital_assessments__isnull=False).values_list("family_name", flat=True))
    assert not names & {str(v) for row in rows for v in row}


def test_needs_page_draws_a_heat_map_of_the_table_figures(world: World, login: Any) -> None:
    many(world, 5, "host", weak=True)
    many(world, 5, "host2", "clinical")
    page = login("coordinator").get("/digital-skills/needs/?round=all").content.decode()
    assert 'data-vega-spec="needs-heatmap"' in page and "js/charts.js" in page
    spec = json.loads(page.split('id="needs-heatmap" type="application/json">')[1].split("</script>")[0])
    values = {(v["group"], v["domain"]): v["share"] for v in spec["data"]["values"]}
    data = selectors.needs_analysis(user=world.users["coordinator"])
    row = next(r for r in data["rows"] if r.label == "Oak Care")
    assert values[("Oak Care", data["domains"][0].name)] == row.cells[0].not_confident


# ---------------------------------------------------------------------------------------------- champions


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


def test_tallies_kept_on_completion_match_a_recount(world: World) -> None:
    many(world, 5, "host", weak=True, band="3", team="Day care")
    many(world, 6, "host2", "clinical", band="5")
    kept = sorted(NeedsTally.objects.values_list("round_key", "grouping", "key", "domain_id", "level", "n"))
    assert sum(row[5] for row in kept if row[1] == "band") == 11 * 6  # 11 people, 6 domains each
    services.tally_rebuild()
    assert sorted(NeedsTally.objects.values_list("round_key", "grouping", "key", "domain_id", "level", "n")) == kept
