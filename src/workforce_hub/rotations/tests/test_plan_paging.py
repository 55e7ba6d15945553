"""A plan for hundreds of apprentices shows its grid one cohort at a time (issue 21: the ICS-sized load test), keeps
the summary over the whole plan, and keeps choices made for apprentices of the cohorts not shown."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from conftest import enrol, make_person, summary_of
from workforce_hub.core.roles import Role
from workforce_hub.rotations import services
from workforce_hub.rotations.instances import enrolment_id
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
    assert summary_of(second_page)["Placements"] == "15"


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


def test_a_large_cohort_shows_its_grid_a_page_of_apprentices_at_a_time(
    planning: Planning, login: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    run, second = _two_cohort_run(planning, django_capture_on_commit_callbacks)
    # a placement of the cohort shown (the plan lists its placements in no fixed order of cohorts)
    shown_cohort = {enrolment_id(e.pk) for e in planning.enrolments}
    first_assignment = next(a for a in run.plan["assignments"] if a["block"] == 1 and a["apprentice"] in shown_cohort)
    PlanRun.objects.filter(pk=run.pk).update(
        choices={
            "pins": [{"enrolment": first_assignment["apprentice"], "block": 1, "setting": first_assignment["setting"]}]
        }
    )
    monkeypatch.setattr(planning_views, "GRID_ROWS", 3)
    monkeypatch.setattr(planning_views, "GRID_PAGE", 2)
    client, url = login("coordinator"), run.get_absolute_url()
    names = [e.apprentice.display_name for e in planning.enrolments]

    def grid(page: str) -> str:
        return page.split("Cohorts in this plan")[1].split('id="choices"')[0]

    first = client.get(url).content.decode()
    assert "The grid shows 2 apprentices at a time" in first
    assert "Showing 1 to 2 of 3 apprentices" in first
    on_first = [n for n in names if n in grid(first)]
    assert len(on_first) == 2
    assert "page=2" in first and f"cohort={second.pk}" not in first.split("Showing 1 to 2")[1].split("</nav>")[0]

    last = client.get(url + "?page=2").content.decode()
    assert "Showing 3 to 3 of 3 apprentices" in last
    assert [n for n in names if n in grid(last)] == [n for n in names if n not in on_first]
    # a choice made for an apprentice on the other page travels with the form
    key = f"{first_assignment['apprentice']}:1:{first_assignment['setting']}"
    shown_on = first if f'value="{key}" checked' in first else last
    hidden_on = last if shown_on is first else first
    assert f'<input type="hidden" name="keep" value="{key}">' in hidden_on
    assert f'<input type="hidden" name="keep" value="{key}">' not in shown_on
    # the page stays within the cohort chosen, and a page past the end shows the last
    assert "Showing 1 to 2 of 2 apprentices" not in client.get(url + f"?cohort={second.pk}").content.decode()
    assert "Showing 3 to 3 of 3 apprentices" in client.get(url + "?page=99").content.decode()


def test_a_small_cohort_is_not_paged(
    planning: Planning, login: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    run, _ = _two_cohort_run(planning, django_capture_on_commit_callbacks)
    page = login("coordinator").get(run.get_absolute_url()).content.decode()
    assert "The grid shows" not in page and "Showing 1 to" not in page


def test_the_changes_from_the_published_plan_show_a_page_at_a_time(
    planning: Planning, login: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    run, _ = _two_cohort_run(planning, django_capture_on_commit_callbacks)
    changes = len(run.plan["assignments"])  # nothing is published yet: every placement is a change
    assert changes > 2
    monkeypatch.setattr(planning_views, "GRID_PAGE", 2)
    client, url = login("coordinator"), run.get_absolute_url()

    def rows(page: str) -> int:
        return page.split("What changes from the published plan")[1].split("</tbody>")[0].count("</td></tr>")

    first = client.get(url).content.decode()
    assert f"Showing 1 to 2 of {changes} changes" in first and rows(first) == 2
    last = client.get(url + "?changes_page=999").content.decode()
    assert f"Showing {changes - (changes - 1) % 2} to {changes} of {changes} changes" in last
    assert rows(last) == (changes - 1) % 2 + 1
    monkeypatch.setattr(planning_views, "GRID_PAGE", 50)
    whole = client.get(url).content.decode()
    assert rows(whole) == changes and "changes_page=" not in whole
