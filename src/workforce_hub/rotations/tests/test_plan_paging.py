"""A plan for hundreds of apprentices shows its grid one cohort at a time (issue 21: the ICS-sized load test), keeps
the summary over the whole plan, and keeps choices made for apprentices of the cohorts not shown."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from conftest import enrol, make_person
from workforce_hub.core.roles import Role
from workforce_hub.rotations import services
from workforce_hub.rotations.models import PlanRun
from workforce_hub.rotations.views import planning as planning_views
from workforce_hub.schemes.models import Cohort

from .conftest import Planning


def _two_cohort_run(planning: Planning, capture: Any) -> tuple[PlanRun, Cohort]:
    first = planning.cohort
    second = Cohort.objects.create(
        scheme=first.scheme,
        name="Second planning cohort",
        employer=first.employer,
        training_provider=first.training_provider,
        start_date=first.start_date,
        end_date=first.end_date,
        contracted_hours=Decimal("37.5"),
    )
    for i in range(2):
        person = make_person(
            planning.world,
            f"second{i}",
            planning.world.p1,
            [("employer", Role.APPRENTICE)],
            latitude=Decimal("52.95"),
            longitude=Decimal("-1.41") - Decimal(i) / 100,
        )
        enrol(planning.world, f"second{i}", second, person)
    services.cohort_calendar_create(cohort=second, actor=planning.coordinator)
    with capture(execute=True):
        run = services.plan_run_create(cohorts=[first, second], actor=planning.coordinator)
    run.refresh_from_db()
    assert run.has_plan
    return run, second


def test_a_big_plan_shows_one_cohort_at_a_time(
    planning: Planning, login: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    run, second = _two_cohort_run(planning, django_capture_on_commit_callbacks)
    client = login("coordinator")
    whole = client.get(run.get_absolute_url()).content.decode()
    assert "Second planning cohort" in whole and "one cohort at a time" not in whole  # 5 apprentices: all shown

    monkeypatch.setattr(planning_views, "GRID_ROWS", 3)
    first_page = client.get(run.get_absolute_url()).content.decode()
    assert "This plan covers 2 cohorts and 5 apprentices" in first_page
    assert f'href="?cohort={second.pk}"' in first_page
    grid = first_page.split("Cohorts in this plan")[1].split('id="choices"')[0]
    assert planning.enrolments[0].apprentice.display_name in grid
    assert planning.world.people["second0"].display_name not in grid

    second_page = client.get(run.get_absolute_url() + f"?cohort={second.pk}").content.decode()
    assert (
        planning.world.people["second0"].display_name
        in second_page.split("Cohorts in this plan")[1].split('id="choices"')[0]
    )
    assert '<strong aria-current="page">Second planning cohort (2 apprentices)</strong>' in second_page
    # an unknown cohort (or not a number) shows the first one
    for wrong in ("abc", "999999"):
        page = client.get(run.get_absolute_url() + f"?cohort={wrong}").content.decode()
        assert f'<strong aria-current="page">{planning.cohort.name} (3 apprentices)</strong>' in page
    # the placements summary is still over the whole plan: 5 apprentices x 3 blocks
    assert ">15<" in second_page.replace(" ", "")


def test_choices_for_apprentices_not_shown_are_kept(
    planning: Planning, login: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    run, second = _two_cohort_run(planning, django_capture_on_commit_callbacks)
    first_assignment = next(
        a for a in run.plan["assignments"] if a["apprentice"] == f"E{planning.enrolments[0].pk}" and a["block"] == 1
    )
    key = f"{first_assignment['apprentice']}:1:{first_assignment['setting']}"
    PlanRun.objects.filter(pk=run.pk).update(
        choices={
            "pins": [{"enrolment": first_assignment["apprentice"], "block": 1, "setting": first_assignment["setting"]}]
        }
    )
    monkeypatch.setattr(planning_views, "GRID_ROWS", 3)
    page = login("coordinator").get(run.get_absolute_url() + f"?cohort={second.pk}").content.decode()
    assert f'<input type="hidden" name="keep" value="{key}">' in page
