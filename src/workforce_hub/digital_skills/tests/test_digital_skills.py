"""Digital skills: the shipped framework, adaptive questions, save and resume, results, the needs analysis."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import World, make_person
from workforce_hub.core.roles import Role
from workforce_hub.digital_skills import selectors, services
from workforce_hub.digital_skills.models import (
    Answer,
    Assessment,
    AssessmentRound,
    Framework,
    Item,
    LearningResource,
    Response,
)
from workforce_hub.people.models import Person


def answer_all(assessment: Assessment, response: str = Response.CAN) -> list[str]:
    """Answer every question the path offers with `response`; returns the codes asked, in order."""
    asked = []
    while (item := services.next_item(assessment)) is not None:
        asked.append(item.code)
        services.assessment_answer(assessment=assessment, item=item, response=response)
    return asked


def started(world: World, key: str = "staff", group: str = "admin") -> Assessment:
    a = services.assessment_start(person=world.people[key], actor=world.users.get(key))
    services.assessment_set_group(assessment=a, staff_group=group, organisation=None)
    return a


def test_the_shipped_framework_is_loaded_with_its_source(db: Any) -> None:
    framework = Framework.objects.get(is_current=True)
    assert "digital capabilities framework" in framework.source and "Essential digital skills" in framework.source
    assert framework.domains.count() == 6
    assert Item.objects.filter(domain__framework=framework, is_foundation=True).count() == 6
    services.load_shipped_frameworks()  # idempotent
    assert Framework.objects.count() == 1


def test_foundations_come_first_then_only_the_branches_that_matter(world: World) -> None:
    a = started(world, group="care")
    asked = answer_all(a, Response.CAN)
    assert asked[:6] == ["F-COMM", "F-LEARN", "F-INFO", "F-TECH", "F-TECH-2", "F-SAFE"]
    assert "COMM-3" in asked  # video consultations: care staff are asked
    assert "INFO-3" not in asked and "TECH-4" not in asked  # spreadsheets and account set-up are not for them
    assert len(asked) < 20


def test_struggling_with_a_foundation_skips_that_domains_harder_questions(world: World) -> None:
    a = started(world, group="admin")
    f_comm = Item.objects.get(code="F-COMM")
    services.assessment_answer(assessment=a, item=f_comm, response=Response.NOT_YET)
    rest = answer_all(a, Response.CAN)
    assert not any(code.startswith("COMM-") for code in rest)
    services.assessment_complete(assessment=a, actor=world.users["staff"])
    levels = {r.domain.code: r.level for r in a.domain_results.select_related("domain")}
    assert levels["communication"] == 1 and levels["information"] == 3


def test_advanced_questions_only_after_every_everyday_one_is_yes(world: World) -> None:
    a = started(world, group="manager")
    asked = []
    while (item := services.next_item(a)) is not None:
        asked.append(item.code)
        response = Response.WITH_HELP if item.code == "INFO-2" else Response.CAN
        services.assessment_answer(assessment=a, item=item, response=response)
    assert "INFO-4" not in asked  # an everyday information question needed help
    assert "SAFE-3" in asked


def test_unclear_is_kept_apart_from_cannot_and_shown_in_results(world: World) -> None:
    a = started(world)
    services.assessment_answer(assessment=a, item=Item.objects.get(code="F-SAFE"), response=Response.UNCLEAR)
    answer_all(a)
    services.assessment_complete(assessment=a, actor=world.users["staff"])
    assert Answer.objects.get(assessment=a, item__code="F-SAFE").response == "unclear"
    results = selectors.own_results(a)
    assert [i.code for i in results.unclear] == ["F-SAFE"]


def test_results_suggest_learning_for_the_level_reached(world: World) -> None:
    LearningResource.objects.create(
        partnership=world.p1,
        title="Email basics",
        url="https://example.org/email",
        domain_code="communication",
        level=1,
        duration_minutes=20,
        format="course",
    )
    LearningResource.objects.create(
        partnership=world.p2,
        title="Other partnership's",
        url="https://example.org/x",
        domain_code="communication",
        level=1,
        duration_minutes=20,
        format="course",
    )
    a = started(world)
    services.assessment_answer(assessment=a, item=Item.objects.get(code="F-COMM"), response=Response.NOT_YET)
    answer_all(a)
    services.assessment_complete(assessment=a, actor=world.users["staff"])
    row = next(r for r in selectors.own_results(a).rows if r.domain.code == "communication")
    assert row.level_name == "Getting started"
    assert [r.title for r in row.resources] == ["Email basics"]


def test_cannot_complete_early_or_answer_off_the_path(world: World) -> None:
    from django.core.exceptions import ValidationError

    a = started(world, group="care")
    with pytest.raises(ValidationError):
        services.assessment_complete(assessment=a, actor=world.users["staff"])
    with pytest.raises(ValidationError, match="not part of your assessment"):
        services.assessment_answer(assessment=a, item=Item.objects.get(code="TECH-4"), response=Response.CAN)
    with pytest.raises(ValidationError):
        services.assessment_answer(assessment=a, item=Item.objects.get(code="F-COMM"), response="maybe")


# ------------------------------------------------------------------------------------------------- pages


def test_save_and_resume_one_question_per_page(world: World, login: Any) -> None:
    Assessment.objects.filter(person=world.people["staff"]).delete()  # start from nothing
    client = login("staff")
    assert "Start" in client.get("/digital-skills/").content.decode()
    response = client.post("/digital-skills/start/")
    a = Assessment.objects.get(person=world.people["staff"])
    assert response["Location"] == f"/digital-skills/{a.pk}/"
    page = client.get(f"/digital-skills/{a.pk}/").content.decode()
    assert "Which best describes your work?" in page
    page = client.post(f"/digital-skills/{a.pk}/", {}).content.decode()
    assert "Choose the group that best describes your work." in page
    client.post(f"/digital-skills/{a.pk}/", {"staff_group": "admin"})
    page = client.get(f"/digital-skills/{a.pk}/").content.decode()
    assert "Can you send an email" in page and "I don&#39;t understand the question" in page
    assert "Choose one answer." in client.post(f"/digital-skills/{a.pk}/", {}).content.decode()
    client.post(f"/digital-skills/{a.pk}/", {"response": "can"})
    # leave and come back: the home page offers to carry on, at the next question
    assert "Carry on where you left off" in client.get("/digital-skills/").content.decode()
    assert (
        "Can you find and complete an online training course?"
        in client.get(f"/digital-skills/{a.pk}/").content.decode()
    )
    # go back and change an answer
    page = client.get(f"/digital-skills/{a.pk}/questions/F-COMM/").content.decode()
    assert 'value="can" checked' in page
    while services.next_item(a) is not None:
        client.post(f"/digital-skills/{a.pk}/", {"response": "can"})
    assert "Check your answers" in client.get(f"/digital-skills/{a.pk}/").content.decode()
    response = client.post(f"/digital-skills/{a.pk}/")
    assert response["Location"] == f"/digital-skills/{a.pk}/results/"
    assert "Confident" in client.get(response["Location"]).content.decode()


def test_nobody_else_reaches_a_persons_answers(world: World, login: Any) -> None:
    a = started(world)
    answer_all(a)
    for who in ("coordinator", "admin", "line_manager", "partner_lead", "host_manager", "apprentice"):
        client = login(who)
        assert client.get(f"/digital-skills/{a.pk}/").status_code == 404
        assert client.get(f"/digital-skills/{a.pk}/results/").status_code == 404
        assert client.get(f"/digital-skills/{a.pk}/questions/F-COMM/").status_code == 404
        assert Answer.objects.visible_to(world.users[who]).count() == 0
        assert Assessment.objects.visible_to(world.users[who]).count() == 0


# ------------------------------------------------------------------------------------------ needs analysis


def _completed(world: World, n: int, org_key: str, group: str, weak: bool, round_: AssessmentRound | None) -> None:
    for i in range(n):
        person = make_person(world, f"{org_key}_{group}_{i}_{weak}", world.p1, [(org_key, Role.STAFF)], login=False)
        a = services.assessment_start(person=person, actor=None)
        a.round = round_
        a.save()
        services.assessment_set_group(assessment=a, staff_group=group, organisation=None)
        if weak:
            services.assessment_answer(assessment=a, item=Item.objects.get(code="F-COMM"), response=Response.NOT_YET)
        answer_all(a)
        services.assessment_complete(assessment=a, actor=None)


def test_needs_analysis_aggregates_and_suppresses_small_groups(world: World) -> None:
    _completed(world, 6, "host", "care", weak=True, round_=None)
    _completed(world, 5, "host2", "clinical", weak=False, round_=None)
    _completed(world, 2, "employer", "admin", weak=False, round_=None)  # too few: hidden
    data = selectors.needs_analysis(user=world.users["coordinator"], group_by="organisation")
    rows = {r.label: r for r in data["rows"]}
    assert rows["County Council"].suppressed and rows["County Council"].n is None
    # the subtraction case: with one group hidden, the total minus the others would reveal it, so the next
    # smallest group (Elm Hospital, 5 people) is hidden too
    assert rows["Elm Hospital"].suppressed
    assert not rows["Oak Care"].suppressed and rows["Oak Care"].n == 6
    comm = [d.code for d in data["domains"]].index("communication")
    assert rows["Oak Care"].cells[comm].basics == 100
    assert data["total"].n == 13
    assert data["gaps"][0][0].code == "communication"


def test_needs_analysis_by_staff_group_and_round(world: World) -> None:
    today = timezone.localdate()
    r1 = AssessmentRound.objects.create(
        partnership=world.p1, name="Spring", opens_on=today - timedelta(days=200), closes_on=today - timedelta(days=100)
    )
    r2 = AssessmentRound.objects.create(
        partnership=world.p1, name="Autumn", opens_on=today - timedelta(days=10), closes_on=today + timedelta(days=10)
    )
    _completed(world, 5, "host", "care", weak=True, round_=r1)
    _completed(world, 5, "host", "care", weak=False, round_=r2)
    comm_index = 0
    spring = selectors.needs_analysis(user=world.users["coordinator"], group_by="staff_group", round_id=r1.pk)
    autumn = selectors.needs_analysis(user=world.users["coordinator"], group_by="staff_group", round_id=r2.pk)
    assert spring["rows"][0].label.startswith("Care and support")
    assert spring["rows"][0].cells[comm_index].basics == 100
    assert autumn["rows"][0].cells[comm_index].basics == 0


def test_needs_page_and_export_for_managers_only(world: World, login: Any) -> None:
    _completed(world, 5, "host", "care", weak=True, round_=None)
    assert login("staff").get("/digital-skills/needs/").status_code == 403
    assert login("apprentice").get("/digital-skills/needs.csv").status_code == 403
    client = login("line_manager")
    page = client.get("/digital-skills/needs/?round=all").content.decode()
    assert "Oak Care" in page and "Most common gaps" in page
    csv_text = client.get("/digital-skills/needs.csv?round=all").content.decode()
    assert csv_text.splitlines()[0].startswith("Organisation,People,")
    names = list(Person.objects.filter(digital_assessments__isnull=False).values_list("family_name", flat=True))
    for name in names:
        assert name not in page and name not in csv_text


def test_api_gives_own_assessments_and_suppressed_aggregates_only(world: World) -> None:
    _completed(world, 5, "host", "care", weak=True, round_=None)
    _completed(world, 1, "employer", "admin", weak=False, round_=None)
    own = world.api("staff").get("/api/v1/digital-assessments/").json()
    assert own["count"] == 1
    assert world.api("coordinator").get("/api/v1/digital-assessments/").json()["count"] == 0
    assert world.api("staff").get("/api/v1/digital-skills/needs/").status_code == 403
    data = world.api("partner_lead").get("/api/v1/digital-skills/needs/").json()
    rows = {r["group"]: r for r in data["rows"]}
    assert rows["County Council"]["suppressed"] and rows["County Council"]["people"] is None
    assert rows["Oak Care"]["suppressed"]  # the only other group: shown, it would reveal the hidden one
    assert data["total"]["people"] == 6


def test_needs_exports_never_carry_a_formula(world: World, login: Any) -> None:
    import io

    from openpyxl import load_workbook

    host = world.orgs["host"]
    host.name = "@SUM(1+1)*cmd|' /C calc'!A0"
    host.save()
    _completed(world, 5, "host", "care", weak=True, round_=None)
    client = login("line_manager")
    csv_text = client.get("/digital-skills/needs.csv?round=all").content.decode()
    assert "'@SUM(1+1)" in csv_text and "\n@SUM" not in csv_text
    book = load_workbook(io.BytesIO(client.get("/digital-skills/needs.xlsx?round=all").content))
    cells = [c for row in book.active.iter_rows() for c in row if "SUM" in str(c.value)]
    assert cells and all(c.data_type == "s" and str(c.value).startswith("'") for c in cells)


@pytest.mark.parametrize(
    "pattern",
    [[Response.CAN], [Response.NOT_YET], [Response.WITH_HELP], [Response.CAN] * 5 + [Response.WITH_HELP]],
    ids=["all yes", "all not yet", "all with help", "mostly yes"],
)
def test_the_estimated_number_of_questions_stays_within_two_of_the_real_count(world: World, pattern: list[str]) -> None:
    a = started(world)
    fewest, most = services.length_range(a)  # before the first answer the page gives this range
    estimates = []
    n = 0
    while (item := services.next_item(a)) is not None:
        if n:
            estimates.append(services.expected_length(a, services.answers_of(a)))
        services.assessment_answer(assessment=a, item=item, response=pattern[n % len(pattern)])
        n += 1
    assert fewest <= n <= most and n > 5
    assert all(abs(e - n) <= 2 for e in estimates), (n, estimates)


def test_results_compare_each_domain_with_the_persons_earlier_result(world: World, login: Any) -> None:
    first = started(world)
    answer_all(first, Response.NOT_YET)
    services.assessment_complete(assessment=first, actor=world.users["staff"])
    second = started(world)
    answer_all(second, Response.CAN)
    services.assessment_complete(assessment=second, actor=world.users["staff"])
    html = login("staff").get(f"/digital-skills/{second.pk}/results/").content.decode()
    assert "Last time (" in html and "you have moved up" in html
    first_page = login("staff").get(f"/digital-skills/{first.pk}/results/").content.decode()
    assert "Last time (" not in first_page  # nothing earlier to compare with


def test_the_heat_map_never_cuts_a_label_short(world: World) -> None:
    _completed(world, 5, "host", "care", weak=True, round_=None)
    data = selectors.needs_analysis(user=world.users["coordinator"], group_by="staff_group")
    spec = selectors.heatmap_spec(data)
    assert spec is not None
    assert spec["encoding"]["x"]["axis"]["labelLimit"] == 0 and spec["encoding"]["y"]["axis"]["labelLimit"] == 0
    assert spec["autosize"]["contains"] == "padding"
