"""What the planner is told about hosts and apprentices: an organisation's limit on apprentices at a time, a
setting's shift pattern, the shifts an apprentice can work, the setting types they would like, and planned
absences — set through the pages and the API by the right people only, fed to the instance, shown in "What the
planner was given", honoured by the plan, and checked per day when places change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rotation_planner import check_plan, parse_instance
from workforce_hub.organisations import services as org_services
from workforce_hub.rotations import services
from workforce_hub.rotations.instances import build_instance
from workforce_hub.rotations.models import CohortBlock, Placement, ReplanNeed
from workforce_hub.rotations.selectors import instance_summary
from workforce_hub.schemes import services as scheme_services
from workforce_hub.schemes.models import PlannedAbsence

from .conftest import Planning, planned


def built(planning: Planning) -> dict[str, Any]:
    return build_instance(scheme=planning.cohort.scheme, cohorts=[planning.cohort], today=timezone.localdate()).raw


def blocks(planning: Planning) -> list[CohortBlock]:
    return list(CohortBlock.objects.filter(cohort=planning.cohort).order_by("number"))


def published(enrolment: Any, setting: Any, block: CohortBlock, start: Any = None) -> Placement:
    """A published placement for the block (from `start` if given)."""
    return Placement.objects.create(
        enrolment=enrolment,
        setting=setting,
        block_index=block.number - 1,
        start_date=start or block.start_date,
        end_date=block.end_date,
        status=Placement.Status.PUBLISHED,
    )


# ------------------------------------------------------------------------------------- organisation limit


def test_coordinator_sets_an_organisation_limit_on_its_page(planning: Planning, login: Any) -> None:
    org = planning.settings["oak"].site.organisation
    client = login("coordinator")
    page = client.get(f"/organisations/{org.pk}/")
    assert "No limit beyond each setting" in page.content.decode()
    assert f"/organisations/{org.pk}/limit/" in page.content.decode()
    response = client.post(f"/organisations/{org.pk}/limit/", {"apprentices_at_a_time": "1"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.apprentices_at_a_time == 1
    assert "1 across all its settings" in client.get(f"/organisations/{org.pk}/").content.decode()
    # bad input keeps what was typed and says what is wrong
    bad = client.post(f"/organisations/{org.pk}/limit/", {"apprentices_at_a_time": "51"})
    assert bad.status_code == 200 and 'value="51"' in bad.content.decode()
    org.refresh_from_db()
    assert org.apprentices_at_a_time == 1
    # empty: no limit of its own
    client.post(f"/organisations/{org.pk}/limit/", {"apprentices_at_a_time": ""})
    org.refresh_from_db()
    assert org.apprentices_at_a_time is None


@pytest.mark.parametrize("key", ["host_manager", "mentor", "apprentice", "tutor", "partner_lead", "p2_coordinator"])
def test_only_coordinators_and_admins_set_an_organisation_limit(planning: Planning, login: Any, key: str) -> None:
    org = planning.settings["oak"].site.organisation
    response = login(key).post(f"/organisations/{org.pk}/limit/", {"apprentices_at_a_time": "1"})
    assert response.status_code in (403, 404)
    org.refresh_from_db()
    assert org.apprentices_at_a_time is None
    with pytest.raises(PermissionDenied):
        org_services.organisation_limit_set(organisation=org, limit=1, actor=planning.world.users[key])


def test_organisation_limit_is_in_the_instance_and_the_plan_keeps_it(
    planning: Planning, django_capture_on_commit_callbacks: Any
) -> None:
    oak, ward = planning.settings["oak"], planning.settings["ward"]
    # two settings at one organisation, which takes two apprentices at a time (three would fit its places)
    ward.site = oak.site
    ward.min_age = 16
    ward.save()
    oak.capacity = 3
    oak.save()
    org = oak.site.organisation
    org_services.organisation_limit_set(organisation=org, limit=2, actor=planning.coordinator)
    raw = built(planning)
    assert {"id": f"O{org.pk}", "capacity": 2} in raw["organisations"]
    run = planned(planning, django_capture_on_commit_callbacks)
    assert run.has_plan
    inst = parse_instance(run.instance)
    assignments = [(a["apprentice"], a["block"], a["setting"]) for a in run.plan["assignments"]]
    assert check_plan(inst, assignments) == []
    ours = {f"S{oak.pk}", f"S{ward.pk}"}
    for block in {b for _, b, _ in assignments}:
        assert sum(1 for _, b, s in assignments if b == block and s in ours) <= 2
    summary = instance_summary(run)
    assert summary.organisation_limits[0].name == org.name
    assert summary.organisation_limits[0].usual == 2


def test_a_lower_limit_over_published_placements_offers_a_replan_counted_per_day(planning: Planning) -> None:
    oak = planning.settings["oak"]
    b1, b2, _ = blocks(planning)
    first, second = planning.enrolments[:2]
    for enrolment, block in ((first, b1), (second, b2)):  # one after the other: never two on the same day
        published(enrolment, oak, block)
    org = oak.site.organisation
    org_services.organisation_limit_set(organisation=org, limit=1, actor=planning.coordinator)
    assert not ReplanNeed.objects.filter(cohort=planning.cohort).exists()
    published(planning.enrolments[2], oak, b1, start=b1.start_date + timedelta(days=7))
    org_services.organisation_limit_set(organisation=org, limit=None, actor=planning.coordinator)
    org_services.organisation_limit_set(organisation=org, limit=1, actor=planning.coordinator)
    need = ReplanNeed.objects.get(cohort=planning.cohort)
    assert org.name in need.summary and "fewer than the 2 placed there" in need.summary
    assert f"{b1.start_date + timedelta(days=7):%-d %B %Y}" in need.summary


def test_capacity_change_is_checked_per_day(planning: Planning) -> None:
    oak = planning.settings["oak"]
    b1, b2, _ = blocks(planning)
    for enrolment, block in zip(planning.enrolments[:2], (b1, b2), strict=True):
        published(enrolment, oak, block)
    # one place over both blocks: the two placements follow each other, so nothing needs re-planning
    services.capacity_change_create(
        setting=oak,
        data={"start_date": b1.start_date, "end_date": b2.end_date, "capacity": 1, "reason": "A mentor is away"},
        actor=planning.coordinator,
    )
    assert not ReplanNeed.objects.filter(cohort=planning.cohort).exists()
    services.capacity_change_create(
        setting=oak,
        data={"start_date": b2.start_date, "end_date": b2.end_date, "capacity": 0, "reason": "Closed"},
        actor=planning.coordinator,
    )
    assert "fewer than the 1 apprentices placed there" in ReplanNeed.objects.get(cohort=planning.cohort).summary


# --------------------------------------------------------------------------------- shifts and preferences


def test_shifts_and_preferences_reach_the_plan(planning: Planning, django_capture_on_commit_callbacks: Any) -> None:
    oak = planning.settings["oak"]
    oak.shift_pattern = "nights"
    oak.save()
    scheme = planning.cohort.scheme
    scheme.no_repeat_type = False  # three blocks, and only two setting types without Oak House's nights
    scheme.save()
    days_only = planning.enrolments[0]
    scheme_services.enrolment_planning_update(
        enrolment=days_only,
        data={"allowed_shifts": ["days"], "preferred_setting_types": ["community"]},
        actor=planning.coordinator,
    )
    raw = built(planning)
    setting = next(s for s in raw["settings"] if s["id"] == f"S{oak.pk}")
    assert setting["shift"] == "nights"
    mine = next(a for a in raw["apprentices"] if a["id"] == f"E{days_only.pk}")
    assert mine["allowed_shifts"] == ["days"] and mine["preferred_types"] == ["community"]
    run = planned(planning, django_capture_on_commit_callbacks)
    assert run.has_plan
    assert all(a["setting"] != f"S{oak.pk}" for a in run.plan["assignments"] if a["apprentice"] == f"E{days_only.pk}")
    summary = instance_summary(run)
    row = next(a for a in summary.apprentices if a.enrolment.pk == days_only.pk)
    assert row.shifts == ["Days (office hours)"] and row.preferred == ["Community"]
    assert summary.shifts == [("Nights", 1)]


def test_apprentice_states_own_preferences_but_not_shifts(planning: Planning, world: Any, login: Any) -> None:
    mine = world.enrolments["apprentice"]
    client = login("apprentice")
    page = client.get(f"/schemes/enrolments/{mine.pk}/planning/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Setting types you would like" in html and "Shift patterns" not in html
    response = client.post(f"/schemes/enrolments/{mine.pk}/planning/", {"preferred_setting_types": ["mental_health"]})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.preferred_setting_types == ["mental_health"]
    api = world.api("apprentice")
    refused = api.post(f"/api/v1/enrolments/{mine.pk}/planning-needs/", {"allowed_shifts": ["days"]}, format="json")
    assert refused.status_code == 400 and "allowed_shifts" in refused.json()
    ok = api.post(
        f"/api/v1/enrolments/{mine.pk}/planning-needs/", {"preferred_setting_types": ["community"]}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["preferred_setting_types"] == ["community"]
    bad = api.post(
        f"/api/v1/enrolments/{mine.pk}/planning-needs/", {"preferred_setting_types": ["moon"]}, format="json"
    )
    assert bad.status_code == 400


@pytest.mark.parametrize(
    "key", ["other_apprentice", "host_manager", "mentor", "tutor", "line_manager", "p2_coordinator"]
)
def test_nobody_else_changes_an_apprentices_planning_needs(world: Any, key: str) -> None:
    mine = world.enrolments["apprentice"]
    with pytest.raises(PermissionDenied):
        scheme_services.enrolment_planning_update(
            enrolment=mine, data={"preferred_setting_types": ["community"]}, actor=world.users[key]
        )
    response = world.api(key).post(
        f"/api/v1/enrolments/{mine.pk}/planning-needs/", {"preferred_setting_types": ["community"]}, format="json"
    )
    assert response.status_code in (403, 404)
    mine.refresh_from_db()
    assert mine.preferred_setting_types == []


def test_coordinator_changes_shifts_on_the_page(world: Any, login: Any) -> None:
    mine = world.enrolments["apprentice"]
    client = login("coordinator")
    response = client.post(
        f"/schemes/enrolments/{mine.pk}/planning/", {"allowed_shifts": ["days", "long_days"]}, follow=True
    )
    assert "Days (office hours), Long days" in response.content.decode()
    mine.refresh_from_db()
    assert mine.allowed_shifts == ["days", "long_days"]


# ---------------------------------------------------------------------------------------- planned absences


def test_absence_leaves_blocks_it_mostly_covers_empty(planning: Planning) -> None:
    _, b2, b3 = blocks(planning)
    away = planning.enrolments[1]
    half = (b2.end_date - b2.start_date).days + 1
    # covers exactly half of block 2 (rounded up), and one day of block 3
    start = b2.end_date - timedelta(days=(half + 1) // 2 - 1)
    absence = scheme_services.planned_absence_create(
        enrolment=away,
        data={"reason": "parental_leave", "start_date": start, "planned_return": b3.start_date + timedelta(days=1)},
        actor=planning.coordinator,
    )
    assert absence.covers_most_of(b2.start_date, b2.end_date)
    assert not absence.covers_most_of(b3.start_date, b3.end_date)
    mine = next(a for a in built(planning)["apprentices"] if a["id"] == f"E{away.pk}")
    assert mine["absent_blocks"] == [b2.number]
    # one day less is under half: not away for the block
    absence.start_date += timedelta(days=1)
    absence.save()
    assert not absence.covers_most_of(b2.start_date, b2.end_date)
    assert "absent_blocks" not in next(a for a in built(planning)["apprentices"] if a["id"] == f"E{away.pk}")


def test_away_for_every_block_is_left_out_with_the_reason(planning: Planning) -> None:
    b1, *_, b3 = blocks(planning)
    away = planning.enrolments[2]
    scheme_services.planned_absence_create(
        enrolment=away,
        data={"reason": "long_illness", "start_date": b1.start_date, "planned_return": b3.end_date + timedelta(days=1)},
        actor=planning.coordinator,
    )
    result = build_instance(scheme=planning.cohort.scheme, cohorts=[planning.cohort], today=timezone.localdate())
    assert {"enrolment": away.pk, "reason": "is away for every block (a planned absence)"} in result.left_out
    assert f"E{away.pk}" not in {a["id"] for a in result.raw["apprentices"]}


def test_absence_bad_input_is_refused_and_nothing_saved(planning: Planning) -> None:
    enrolment = planning.enrolments[0]
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        scheme_services.planned_absence_create(
            enrolment=enrolment,
            data={"reason": "other", "start_date": today, "planned_return": today},
            actor=planning.coordinator,
        )
    assert "planned_return" in exc.value.message_dict
    scheme_services.planned_absence_create(
        enrolment=enrolment,
        data={"reason": "other", "start_date": today, "planned_return": today + timedelta(days=30)},
        actor=planning.coordinator,
    )
    with pytest.raises(ValidationError) as exc:
        scheme_services.planned_absence_create(
            enrolment=enrolment,
            data={
                "reason": "other",
                "start_date": today + timedelta(days=10),
                "planned_return": today + timedelta(days=40),
            },
            actor=planning.coordinator,
        )
    assert "start_date" in exc.value.message_dict
    assert PlannedAbsence.objects.filter(enrolment=enrolment).count() == 1


def test_absences_through_pages_and_api(world: Any, login: Any) -> None:
    mine = world.enrolments["apprentice"]
    client = login("coordinator")
    page = client.post(
        f"/schemes/enrolments/{mine.pk}/absences/add/",
        {"reason": "parental_leave", "start_date": "2027-02-01", "planned_return": "2027-08-02"},
        follow=True,
    )
    assert "Parental leave: away from 1 February 2027, planned return 2 August 2027" in page.content.decode()
    absence = PlannedAbsence.objects.get(enrolment=mine)
    # the apprentice sees their own, cannot remove it; a host sees nothing of it
    assert "Parental leave" in login("apprentice").get(f"/schemes/enrolments/{mine.pk}/").content.decode()
    assert login("apprentice").post(f"/schemes/enrolments/{mine.pk}/absences/{absence.pk}/delete/").status_code == 403
    assert "Parental leave" not in login("host_manager").get(f"/schemes/enrolments/{mine.pk}/").content.decode()
    assert world.api("host_manager").get("/api/v1/planned-absences/").json()["count"] == 0
    api = world.api("coordinator")
    made = api.post(
        "/api/v1/planned-absences/",
        {"enrolment": mine.pk, "reason": "caring", "start_date": "2027-09-01", "planned_return": "2027-10-01"},
        format="json",
    )
    assert made.status_code == 201
    assert api.delete(f"/api/v1/planned-absences/{made.json()['id']}/").status_code == 204
    login("coordinator").post(f"/schemes/enrolments/{mine.pk}/absences/{absence.pk}/delete/")
    assert not PlannedAbsence.objects.filter(enrolment=mine).exists()


def test_organisation_limit_through_the_api(world: Any) -> None:
    org = world.settings["host"].site.organisation
    url = f"/api/v1/organisations/{org.pk}/limit/"
    ok = world.api("coordinator").post(url, {"apprentices_at_a_time": 2}, format="json")
    assert ok.status_code == 200 and ok.json()["apprentices_at_a_time"] == 2
    assert world.api("coordinator").post(url, {"apprentices_at_a_time": -1}, format="json").status_code == 400
    assert world.api("host_manager").post(url, {"apprentices_at_a_time": 5}, format="json").status_code == 403
    assert world.api("p2_coordinator").post(url, {"apprentices_at_a_time": 5}, format="json").status_code == 404
    org.refresh_from_db()
    assert org.apprentices_at_a_time == 2
