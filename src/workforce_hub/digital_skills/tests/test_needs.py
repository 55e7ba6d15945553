"""The needs analysis: crosswalks between framework versions, groupings by band, role and team with small groups
hidden, the spreadsheet export and heat map, and the tallies it reads."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from conftest import World, make_person
from workforce_hub.core.roles import Role
from workforce_hub.digital_skills import selectors, services
from workforce_hub.digital_skills.models import (
    Assessment,
    AssessmentRound,
    Crosswalk,
    Framework,
    Item,
    NeedsTally,
    Response,
)
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


def test_tallies_kept_on_completion_match_a_recount(world: World) -> None:
    many(world, 5, "host", weak=True, band="3", team="Day care")
    many(world, 6, "host2", "clinical", band="5")
    kept = sorted(NeedsTally.objects.values_list("round_key", "grouping", "key", "domain_id", "level", "n"))
    assert sum(row[5] for row in kept if row[1] == "band") == 11 * 6  # 11 people, 6 domains each
    services.tally_rebuild()
    assert sorted(NeedsTally.objects.values_list("round_key", "grouping", "key", "domain_id", "level", "n")) == kept
