"""Rotation pages, API and calendar feeds: who may do what, and the journeys end to end."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from icalendar import Calendar

from workforce_hub.core.models import AuditEvent
from workforce_hub.rotations import services
from workforce_hub.rotations.models import CalendarFeed, Placement, PlanRun

from .conftest import Planning, planned

NOT_PLANNERS = [
    "admin",
    "line_manager",
    "host_manager",
    "mentor",
    "tutor",
    "assessor",
    "partner_lead",
    "staff",
    "apprentice",
]


@pytest.mark.parametrize("who", NOT_PLANNERS)
def test_planning_pages_refuse_everyone_but_coordinators(
    planning: Planning, django_capture_on_commit_callbacks: Any, login: Any, who: str
) -> None:
    run = planned(planning, django_capture_on_commit_callbacks)
    client = login(who)
    for path in (
        "/rotations/plans/new/",
        f"/rotations/plans/{run.pk}/publish/",
        f"/rotations/plans/{run.pk}/instance.json",
    ):
        assert client.get(path).status_code == 403, path
    # partnership admins may look at plans; nobody else may know they exist
    looks = 200 if who == "admin" else 404
    for path in ("/rotations/plans/", f"/rotations/plans/{run.pk}/", f"/rotations/plans/{run.pk}/progress/"):
        assert client.get(path).status_code == looks, path
    if who == "admin":
        assert "Review and publish" not in client.get(f"/rotations/plans/{run.pk}/").content.decode()
    assert client.post(f"/rotations/plans/{run.pk}/publish/").status_code == 403
    assert not Placement.objects.filter(plan_run=run).exists()


def test_other_partnership_coordinator_gets_404(
    planning: Planning, django_capture_on_commit_callbacks: Any, login: Any
) -> None:
    run = planned(planning, django_capture_on_commit_callbacks)
    client = login("p2_coordinator")
    assert client.get(f"/rotations/plans/{run.pk}/").status_code == 404
    assert client.post(f"/rotations/plans/{run.pk}/publish/").status_code == 404
    assert client.get(f"/rotations/plans/{run.pk}/progress/").status_code == 404


def test_coordinator_plans_reviews_and_publishes_through_the_pages(
    planning: Planning, django_capture_on_commit_callbacks: Any, login: Any
) -> None:
    client = login("coordinator")
    page = client.get(planning.cohort.get_absolute_url())
    assert "Placement calendar" in page.content.decode() and "Plan placements" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/rotations/plans/new/", {"cohorts": [planning.cohort.pk], "time_limit": 20, "reason": "First plan"}
        )
    run = PlanRun.objects.get(cohorts=planning.cohort)
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    html = client.get(run.get_absolute_url()).content.decode()
    assert "Best possible" in html and "Plan by apprentice and block" in html
    assert "Total travel and fit score" in html and "Technical details" in html
    first = planning.cohort.blocks.get(number=1)
    place = client.get(f"/rotations/plans/{run.pk}/place/").content.decode()  # choosing a setting: its own page
    assert f"Block 1: {first.start_date:%-d %B %Y} to {first.end_date:%-d %B %Y}" in place  # a block list, not a box
    assert "What the planner was given" in html and "No setting had fewer places than usual." in html
    ages = {e.apprentice.age_on(planning.cohort.start_date) for e in planning.enrolments}
    assert all(f'<td class="nhsuk-table__cell">{age}</td>' in html for age in ages)
    for e in planning.enrolments:
        assert e.apprentice.display_name in html
    assert "minutes&#39; travel" in html or "minutes' travel" in html
    progress = client.get(f"/rotations/plans/{run.pk}/progress/")
    assert progress["HX-Refresh"] == "true"
    confirm = client.get(f"/rotations/plans/{run.pk}/publish/").content.decode()
    assert "9 placements to create or change" in confirm
    response = client.post(f"/rotations/plans/{run.pk}/publish/")
    assert response.status_code == 302
    assert Placement.objects.filter(plan_run=run, status="published").count() == 9
    # the download keeps the exact JSON and is audited
    download = client.get(f"/rotations/plans/{run.pk}/instance.json")
    assert download.json() == run.instance
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, object_id=str(run.pk)).exists()


def test_the_progress_panel_names_each_planner_stage_in_plain_english(
    planning: Planning, django_capture_on_commit_callbacks: Any, login: Any
) -> None:
    """Every stage the planner reports (read from its source, so a new one cannot slip through untranslated) shows
    as plain English while the plan is being made, never as the planner's own name for it."""
    import re
    from pathlib import Path

    import rotation_planner
    from workforce_hub.rotations.models import PLANNER_STAGES

    solver = Path(rotation_planner.__file__).with_name("solver.py")  # read, not imported: the Hub uses the public API
    stages = set(re.findall(r'report\("([^"]+)"\)', solver.read_text()))
    assert {"bound", "first plan", "prices and core problem", "neighbourhood search"} <= stages
    assert stages <= set(PLANNER_STAGES)
    run = planned(planning, django_capture_on_commit_callbacks)
    client = login("coordinator")
    PlanRun.objects.filter(pk=run.pk).update(status=PlanRun.Status.QUEUED, progress={})
    assert 'data-testid="stage">Not started yet<' in client.get(f"/rotations/plans/{run.pk}/progress/").content.decode()
    for stage in stages:
        PlanRun.objects.filter(pk=run.pk).update(
            status=PlanRun.Status.RUNNING, progress={"stage": stage, "best": 120, "bound": 100, "seconds": 3.5}
        )
        html = client.get(f"/rotations/plans/{run.pk}/progress/").content.decode()
        assert f'data-testid="stage">{PLANNER_STAGES[stage]}<' in html, stage
        assert f">{stage}<" not in html
        assert "3.5 of at most" in html
    # a stage the Hub has no words for (a newer planner) is shown as given, escaped
    PlanRun.objects.filter(pk=run.pk).update(progress={"stage": "<b>new</b> stage", "seconds": 1})
    html = client.get(f"/rotations/plans/{run.pk}/progress/").content.decode()
    assert 'data-testid="stage">&lt;b&gt;new&lt;/b&gt; stage<' in html and "<b>new</b>" not in html


def test_plan_form_keeps_input_and_explains_errors(planning: Planning, login: Any) -> None:
    client = login("coordinator")
    response = client.post("/rotations/plans/new/", {"cohorts": [], "time_limit": 3, "reason": "Kept text"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose at least one cohort." in html and "Kept text" in html
    assert not PlanRun.objects.filter(cohorts=planning.cohort).exists()


def test_rerun_with_keep_and_rule_out_boxes(
    planning: Planning, django_capture_on_commit_callbacks: Any, login: Any
) -> None:
    run = planned(planning, django_capture_on_commit_callbacks)
    a = run.plan["assignments"][0]
    b = next(x for x in run.plan["assignments"] if x["apprentice"] != a["apprentice"])
    client = login("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/rotations/plans/{run.pk}/rerun/",
            {
                "keep": [f"{a['apprentice']}:{a['block']}:{a['setting']}"],
                "rule_out": [f"{b['apprentice']}:{b['block']}:{b['setting']}"],
            },
        )
    new = PlanRun.objects.filter(cohorts=planning.cohort).exclude(pk=run.pk).get()
    assert response["Location"] == new.get_absolute_url() and new.parent == run
    got = {(x["apprentice"], x["block"]): x["setting"] for x in new.plan["assignments"]}
    assert got[(a["apprentice"], a["block"])] == a["setting"]
    assert got[(b["apprentice"], b["block"])] != b["setting"]
    # the new plan's page: the kept placement has the Kept badge and its Keep box ticked, nothing else is kept
    html = client.get(new.get_absolute_url()).content.decode()
    key = f"{a['apprentice']}:{a['block']}:{a['setting']}"
    import re

    assert len(re.findall(r">\s*Kept\s*<", html)) == 1 and f'value="{key}" checked' in html
    assert "Started: kept as it is" not in html
    # a forged value is refused without planning
    response = client.post(f"/rotations/plans/{run.pk}/rerun/", {"keep": ["E1:x:S1"]})
    assert PlanRun.objects.filter(cohorts=planning.cohort).count() == 2


def test_calendar_create_and_block_change_pages(planning: Planning, login: Any) -> None:
    client = login("coordinator")
    block = planning.cohort.blocks.get(number=2)
    before = planning.cohort.blocks.get(number=1)
    response = client.post(
        f"/rotations/blocks/{block.pk}/change/",
        {"start_date": before.end_date.isoformat(), "end_date": block.end_date.isoformat()},
    )
    assert response.status_code == 200
    assert "must start after block 1 ends" in response.content.decode()
    new_end = block.end_date - timedelta(days=7)
    response = client.post(
        f"/rotations/blocks/{block.pk}/change/",
        {"start_date": block.start_date.isoformat(), "end_date": new_end.isoformat()},
    )
    assert response.status_code == 302
    block.refresh_from_db()
    assert block.end_date == new_end
    # a second calendar is refused with a message, not an error page
    response = client.post(f"/rotations/cohorts/{planning.cohort.pk}/calendar/", follow=True)
    assert "already has a calendar" in response.content.decode()


def test_training_schedule_and_capacity_pages(planning: Planning, login: Any) -> None:
    client = login("coordinator")
    scheme = planning.cohort.scheme
    response = client.post(
        f"/rotations/schemes/{scheme.pk}/training/add/",
        {"title": "Dementia care", "topic": "residential_care", "block_number": 9},
    )
    assert "The scheme has 3 blocks." in response.content.decode()
    client.post(
        f"/rotations/schemes/{scheme.pk}/training/add/",
        {"title": "Dementia care", "topic": "residential_care", "block_number": 2},
    )
    assert "Dementia care" in client.get(scheme.get_absolute_url()).content.decode()
    setting = planning.settings["oak"]
    today = timezone.localdate()
    response = client.post(
        f"/rotations/settings/{setting.pk}/capacity/add/",
        {
            "start_date": today.isoformat(),
            "end_date": (today - timedelta(days=1)).isoformat(),
            "capacity": 0,
            "reason": "x",
        },
    )
    assert "on or after the start date" in response.content.decode()
    assert login("host_manager").get(f"/rotations/settings/{setting.pk}/capacity/add/").status_code == 403


# ---------------------------------------------------------------------------------------------------- API


def test_api_creates_runs_and_publishes_idempotently(
    planning: Planning, django_capture_on_commit_callbacks: Any
) -> None:
    api = planning.world.api("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/plan-runs/", {"cohorts": [planning.cohort.pk], "time_limit": 20}, format="json")
    assert response.status_code == 201, response.content
    run_id = response.json()["id"]
    detail = api.get(f"/api/v1/plan-runs/{run_id}/").json()
    assert detail["status"] == "finished" and detail["result"] == "OPTIMAL"
    assert detail["plan"]["status"] == "OPTIMAL" and detail["instance"]["cohorts"]
    assert len(api.get(f"/api/v1/plan-runs/{run_id}/changes/").json()) == 9
    first = api.post(f"/api/v1/plan-runs/{run_id}/publish/").json()
    assert first == {"created": 9, "cancelled": 0, "unchanged": 0, "already_published": False}
    second = api.post(f"/api/v1/plan-runs/{run_id}/publish/").json()
    assert second["already_published"] is True and second["created"] == 0
    placements = api.get("/api/v1/placements/", {"enrolment__cohort": planning.cohort.pk}).json()
    assert placements["count"] == 9


def test_api_refuses_bad_choices_and_other_roles(planning: Planning) -> None:
    api = planning.world.api("coordinator")
    response = api.post(
        "/api/v1/plan-runs/",
        {"cohorts": [planning.cohort.pk], "choices": {"pins": [{"enrolment": "E999999", "block": 1, "setting": "S1"}]}},
        format="json",
    )
    assert response.status_code == 400 and "not in the cohorts" in response.content.decode()
    assert planning.world.api("tutor").get("/api/v1/plan-runs/").json()["count"] == 0
    response = planning.world.api("admin").post("/api/v1/plan-runs/", {"cohorts": [planning.cohort.pk]}, format="json")
    assert response.status_code == 403
    assert not PlanRun.objects.filter(cohorts=planning.cohort).exists()


# ------------------------------------------------------------------------------------------------ calendars


def test_calendar_feeds_name_apprentices_to_hosts_only_from_the_first_day(
    planning: Planning, django_capture_on_commit_callbacks: Any, client: Any, login: Any
) -> None:
    run = planned(planning, django_capture_on_commit_callbacks)
    services.plan_run_publish(run=run, actor=planning.coordinator)
    apprentice = planning.enrolments[0].apprentice
    feed = services.calendar_feed_for(apprentice)
    cal = Calendar.from_ical(client.get(f"/rotations/calendar/{feed.token}.ics").content)
    events = cal.walk("VEVENT")
    assert len(events) == 3
    assert all(str(e["summary"]).startswith("Your placement") for e in events)
    host = planning.world.people["host_manager"]
    host_feed = services.calendar_feed_for(host)
    host_cal = client.get(f"/rotations/calendar/{host_feed.token}.ics").content.decode()
    assert "An apprentice at Oak House" in host_cal
    for e in planning.enrolments:
        assert e.apprentice.family_name not in host_cal
    # the page shows the address; resetting it stops the old one
    page = login("host_manager").get("/rotations/calendar/").content.decode()
    assert host_feed.token in page
    login("host_manager").post("/rotations/calendar/")
    assert client.get(f"/rotations/calendar/{host_feed.token}.ics").status_code == 404
    assert CalendarFeed.objects.get(person=host).token != host_feed.token
    assert client.get("/rotations/calendar/not-a-token.ics").status_code == 404


def test_withdrawal_puts_a_replan_on_the_coordinator_home_and_the_cohort_page(
    planning: Planning, django_capture_on_commit_callbacks: Any, login: Any
) -> None:
    from workforce_hub.schemes import services as scheme_services

    run = planned(planning, django_capture_on_commit_callbacks)
    services.plan_run_publish(run=run, actor=planning.coordinator)
    scheme_services.enrolment_change_status(
        enrolment=planning.enrolments[0],
        to_status="withdrawn",
        reason="Moved away",
        actor=planning.coordinator,
        leaving_reason="personal",
    )
    client = login("coordinator")
    home = client.get("/home/coordinator/").content.decode()
    assert f"Re-plan needed: {planning.enrolments[0].apprentice.display_name} left" in home
    page = client.get(planning.cohort.get_absolute_url()).content.decode()
    assert "Re-plan the remaining blocks" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/rotations/cohorts/{planning.cohort.pk}/replan/")
    replan = PlanRun.objects.filter(cohorts=planning.cohort).order_by("-pk").first()
    assert replan is not None and response["Location"] == replan.get_absolute_url()
    assert replan.reason.startswith("Re-plan: An apprentice withdrew")
    assert login("tutor").post(f"/rotations/cohorts/{planning.cohort.pk}/replan/").status_code == 403


def test_calendars_schedules_and_changes_to_places_through_the_api(world: Any) -> None:
    from workforce_hub.rotations.models import CapacityChange, CohortBlock, ReplanNeed, TrainingUnit

    cohort = world.cohorts["other"]
    assert world.api("tutor").post("/api/v1/cohort-blocks/calendar/", {"cohort": cohort.pk}).status_code == 403
    too_short = world.api("coordinator").post("/api/v1/cohort-blocks/calendar/", {"cohort": cohort.pk})
    assert too_short.status_code == 400 and "do not fit" in str(too_short.json())
    cohort.end_date = cohort.start_date + timedelta(days=700)
    cohort.save()
    laid = world.api("coordinator").post("/api/v1/cohort-blocks/calendar/", {"cohort": cohort.pk})
    assert laid.status_code == 201 and len(laid.json()) == world.scheme.block_count, laid.content
    again = world.api("coordinator").post("/api/v1/cohort-blocks/calendar/", {"cohort": cohort.pk})
    assert again.status_code == 400 and "already has a calendar" in str(again.json())
    first = CohortBlock.objects.get(cohort=cohort, number=1)
    overlap = {"end_date": CohortBlock.objects.get(cohort=cohort, number=2).start_date.isoformat()}
    assert (
        world.api("coordinator").patch(f"/api/v1/cohort-blocks/{first.pk}/", overlap, format="json").status_code == 400
    )
    shorter = {"end_date": (first.end_date - timedelta(days=7)).isoformat()}
    moved = world.api("coordinator").patch(f"/api/v1/cohort-blocks/{first.pk}/", shorter, format="json")
    assert moved.status_code == 200 and moved.json()["end_date"] == shorter["end_date"]

    unit = {"scheme": world.scheme.pk, "title": "Moving and handling", "topic": "residential_care", "block_number": 1}
    assert world.api("admin").post("/api/v1/training-units/", unit, format="json").status_code == 403
    late = world.api("coordinator").post("/api/v1/training-units/", {**unit, "block_number": 24}, format="json")
    assert late.status_code == 400 and "block_number" in late.json()
    made = world.api("coordinator").post("/api/v1/training-units/", unit, format="json")
    assert made.status_code == 201
    assert world.api("coordinator").delete(f"/api/v1/training-units/{made.json()['id']}/").status_code == 204
    assert not TrainingUnit.objects.exists()

    today = timezone.localdate()
    change = {
        "setting": world.settings["host"].pk,
        "start_date": today.isoformat(),
        "end_date": (today + timedelta(days=10)).isoformat(),
        "capacity": 0,
        "reason": "The unit is closed for refurbishment",
    }
    assert world.api("tutor").post("/api/v1/capacity-changes/", change, format="json").status_code == 403
    recorded = world.api("admin").post("/api/v1/capacity-changes/", change, format="json")
    assert recorded.status_code == 201 and CapacityChange.objects.get().recorded_by == world.users["admin"]
    assert ReplanNeed.objects.filter(cohort=world.cohorts["main"]).exists()  # A's placement no longer fits


def _published_then_block_1_replaced(planning: Planning, capture: Any) -> tuple[Any, Placement, Any]:
    """Plan and publish; then a re-plan replaces the first apprentice's block 1 placement with one at another
    setting (the old one cancelled). Returns the enrolment, the replaced placement and the new setting."""
    run = planned(planning, capture)
    services.plan_run_publish(run=run, actor=planning.coordinator)
    enrolment = planning.enrolments[0]
    first = Placement.objects.filter(enrolment=enrolment).order_by("block_index").first()
    assert first is not None
    other = next(s for s in planning.settings.values() if s.pk != first.setting_id)
    Placement.objects.filter(pk=first.pk).update(status=Placement.Status.CANCELLED)
    Placement.objects.create(
        enrolment=enrolment,
        setting=other,
        block_index=first.block_index,
        start_date=first.start_date,
        end_date=first.end_date,
        status=Placement.Status.PUBLISHED,
    )
    return enrolment, first, other


def test_the_enrolment_page_shows_live_placements_and_keeps_replaced_and_cancelled_ones_apart(
    planning: Planning, django_capture_on_commit_callbacks: Any, login: Any
) -> None:
    import re

    enrolment, first, _ = _published_then_block_1_replaced(planning, django_capture_on_commit_callbacks)
    # and block 3's is cancelled outright
    last = Placement.objects.filter(enrolment=enrolment, status="published").order_by("-block_index").first()
    assert last is not None
    Placement.objects.filter(pk=last.pk).update(status=Placement.Status.CANCELLED)
    html = login("coordinator").get(enrolment.get_absolute_url()).content.decode()
    live_rows = re.findall(r'<tr class="nhsuk-table__row"><td class="nhsuk-table__cell">(\d+)</td>', html)
    assert sorted(live_rows) == ["1", "2"]  # one live placement per block, nothing cancelled among them
    history = html.split('data-testid="placement-history"')[1]
    assert "Replaced" in history and f"Block 1: {first.setting.name}" in history
    assert "Cancelled" in history and f"Block {last.block_index + 1}:" in history


def test_the_plan_says_why_placements_are_out_of_step_with_training(
    planning: Planning, django_capture_on_commit_callbacks: Any, login: Any
) -> None:
    from workforce_hub.rotations.models import TrainingUnit

    # block 1 teaches what residential care settings suit; Oak House has 2 places for 3 apprentices
    TrainingUnit.objects.create(
        scheme=planning.cohort.scheme, title="Personal care", topic="residential_care", block_number=1
    )
    run = planned(planning, django_capture_on_commit_callbacks)
    html = login("coordinator").get(run.get_absolute_url()).content.decode()
    assert "because there are too few places of the right type" in html
    assert "Block 1: its training suits residential care settings, which have 2 places for 3 apprentices" in html


def test_every_page_that_lists_placements_shows_only_live_ones_after_a_replan(
    planning: Planning, django_capture_on_commit_callbacks: Any, login: Any, client: Any
) -> None:
    """The apprentice's home, their calendar feed and their support page: the cancelled placement a re-plan
    replaced is not listed as if it were current (the enrolment page has its own test above)."""
    enrolment, first, other = _published_then_block_1_replaced(planning, django_capture_on_commit_callbacks)
    apprentice = enrolment.apprentice
    from workforce_hub.home.selectors import apprentice_home

    home = apprentice_home(user=apprentice.user)
    assert first.pk not in {p.pk for p in home.placements}
    feed = services.calendar_feed_for(apprentice)
    ical = client.get(f"/rotations/calendar/{feed.token}.ics").content.decode()
    assert ical.count("Your placement") == 3 and f"Your placement: {other.name}" in ical
    client.force_login(apprentice.user, backend="allauth.account.auth_backends.AuthenticationBackend")
    support = client.get(f"/support/enrolments/{enrolment.pk}/").content.decode()
    assert support.count("Block 1:") == 1 and other.name in support
