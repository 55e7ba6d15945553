"""Placing an apprentice in a chosen setting has a page of its own (the plan page no longer lists every setting):
coordinators only, errors shown on the page with what was chosen kept, and a valid choice plans again around it."""

from __future__ import annotations

from typing import Any

from workforce_hub.rotations.models import PlanRun

from .conftest import Planning, planned


def test_the_plan_page_links_to_it_and_it_plans_again_around_the_choice(
    planning: Planning, django_capture_on_commit_callbacks: Any, login: Any
) -> None:
    run = planned(planning, django_capture_on_commit_callbacks)
    client = login("coordinator")
    plan_page = client.get(run.get_absolute_url()).content.decode()
    place = f"/rotations/plans/{run.pk}/place/"
    assert f'href="{place}"' in plan_page and 'name="pin-setting"' not in plan_page
    page = client.get(place)
    html = page.content.decode()
    assert page.status_code == 200 and 'name="pin-setting"' in html and planning.settings["ward"].name in html
    enrolment = planning.enrolments[0]
    ward = planning.settings["ward"]
    # nothing chosen for the block: the page says so, and keeps the apprentice and setting chosen
    refused = client.post(
        f"/rotations/plans/{run.pk}/rerun/",
        {"pin-enrolment": enrolment.pk, "pin-block": "", "pin-setting": ward.pk},
    )
    text = refused.content.decode()
    assert refused.status_code == 400 and "There is a problem" in text
    assert f'value="{enrolment.pk}" selected' in text and f'value="{ward.pk}" selected' in text
    assert PlanRun.objects.filter(cohorts=planning.cohort).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            f"/rotations/plans/{run.pk}/rerun/",
            {"pin-enrolment": enrolment.pk, "pin-block": "1", "pin-setting": ward.pk},
        )
    new = PlanRun.objects.filter(cohorts=planning.cohort).exclude(pk=run.pk).get()
    assert done["Location"] == new.get_absolute_url()
    assert new.choices["pins"] == [{"enrolment": f"E{enrolment.pk}", "block": 1, "setting": f"S{ward.pk}"}]


def test_only_those_who_plan_may_open_it(
    planning: Planning, django_capture_on_commit_callbacks: Any, login: Any
) -> None:
    run = planned(planning, django_capture_on_commit_callbacks)
    for key in ("host_manager", "apprentice", "tutor"):
        assert login(key).get(f"/rotations/plans/{run.pk}/place/").status_code in (403, 404), key
    assert login("p2_coordinator").get(f"/rotations/plans/{run.pk}/place/").status_code in (403, 404)
