"""Scheme, cohort and enrolment pages: the happy path, bad input kept on the form, and refusals."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from conftest import summary_of
from workforce_hub.schemes.models import Cohort, Scheme


def test_coordinator_creates_scheme_cohort_and_enrols(world: Any, login: Any) -> None:
    client = login("coordinator")
    r = client.post(
        "/schemes/add/",
        {
            "name": "Digital support technician",
            "description": "Level 3",
            "funding_share": "equal",
            "block_count": 5,
            "block_weeks": 13,
            "required_setting_types": ["primary_care"],
            "minimum_notice_weeks": 6,
            "testimonial_weeks_after": 8,
            "is_active": "on",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    scheme = Scheme.objects.get(name="Digital support technician")
    assert scheme.required_setting_types == ["primary_care"]
    r = client.post(
        f"/schemes/{scheme.pk}/cohorts/add/",
        {
            "name": "2027 intake",
            "employer": world.orgs["hub"].pk,
            "training_provider": world.orgs["provider"].pk,
            "start_date": "2027-01-04",
            "end_date": "2028-06-30",
            "contracted_hours": "37.5",
            "host_days": ["mon", "tue", "wed"],
            "learning_day": "thu",
            "training_day_frequency": "weekly",
            "learning_week": "1",
            "other_day": "fri",
            "other_place": "the IT department",
            "other_place_alternate": "the federation",
            "hours_per_day": "7.5",
            "weekly_pattern": "",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    cohort = Cohort.objects.get(name="2027 intake")
    r = client.post(
        f"/schemes/cohorts/{cohort.pk}/enrol/",
        {
            "apprentice": world.people["other_apprentice"].pk,
            "status": "offered",
            "reason": "Offer accepted",
        },
    )
    assert r.status_code == 302
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert world.people["other_apprentice"].family_name in page


def test_bad_cohort_form_keeps_what_was_typed(world: Any, login: Any) -> None:
    client = login("coordinator")
    r = client.post(
        f"/schemes/{world.scheme.pk}/cohorts/add/",
        {
            "name": "Typed name kept",
            "employer": world.orgs["employer"].pk,
            "training_provider": world.orgs["provider"].pk,
            "start_date": "2027-01-04",
            "end_date": "2026-01-04",
            "contracted_hours": "99",
        },
    )
    assert r.status_code == 200
    body = r.content.decode()
    assert "There is a problem" in body
    assert "The end date must be after the start date." in body
    assert 'value="Typed name kept"' in body
    assert "nhsuk-error-message" in body


def test_status_change_through_page(world: Any, login: Any) -> None:
    client = login("coordinator")
    e = world.enrolments["apprentice"]
    r = client.post(
        e.get_absolute_url(),
        {"to_status": "on_break", "reason": "Illness", "effective_on": timezone.localdate().isoformat()},
    )
    assert r.status_code == 302
    e.refresh_from_db()
    assert e.status == "on_break"
    page = client.get(e.get_absolute_url()).content.decode()
    assert "Illness" in page


def test_status_change_without_reason_shows_error(world: Any, login: Any) -> None:
    client = login("coordinator")
    e = world.enrolments["apprentice"]
    r = client.post(
        e.get_absolute_url(), {"to_status": "on_break", "reason": "", "effective_on": timezone.localdate().isoformat()}
    )
    assert r.status_code == 200
    assert "There is a problem" in r.content.decode()
    e.refresh_from_db()
    assert e.status == "started"


def test_tutor_cannot_change_status(world: Any, login: Any) -> None:
    client = login("tutor")
    e = world.enrolments["apprentice"]
    r = client.post(
        e.get_absolute_url(),
        {"to_status": "withdrawn", "reason": "x", "effective_on": timezone.localdate().isoformat()},
    )
    assert r.status_code == 403
    e.refresh_from_db()
    assert e.status == "started"


def test_tutor_cannot_open_scheme_form(world: Any, login: Any) -> None:
    assert login("tutor").get("/schemes/add/").status_code == 403


def test_withdrawing_on_the_page_needs_a_reason_and_a_wrong_one_is_corrected_on_the_page_and_the_api(
    world: Any, login: Any
) -> None:
    client = login("coordinator")
    e = world.enrolments["apprentice"]
    today = timezone.localdate().isoformat()
    refused = client.post(e.get_absolute_url(), {"to_status": "withdrawn", "reason": "Moved", "effective_on": today})
    assert refused.status_code == 200 and "Choose the main reason for leaving" in refused.content.decode()
    assert 'href="#id_leaving_reason"' in refused.content.decode()
    done = client.post(
        e.get_absolute_url(),
        {"to_status": "withdrawn", "reason": "Moved", "effective_on": today, "leaving_reason": "personal"},
    )
    assert done.status_code == 302
    page = client.get(e.get_absolute_url()).content.decode()
    assert "Correct the reason for leaving" in page
    url = f"/schemes/enrolments/{e.pk}/leaving-reason/"
    empty = client.post(url, {"correct-leaving_reason": "", "correct-note": ""})
    assert "Choose the right reason for leaving" in empty.content.decode()
    assert client.post(url, {"correct-leaving_reason": "job", "correct-note": "Took a job"}).status_code == 302
    page = client.get(e.get_absolute_url()).content.decode()
    assert "corrected" in page and "Personal or family reasons" in page and "Left for a job" in page
    assert login("tutor").post(url, {"correct-leaving_reason": "health", "correct-note": "x"}).status_code == 403
    api = world.api("coordinator").post(
        f"/api/v1/enrolments/{e.pk}/correct-leaving-reason/",
        {"leaving_reason": "health", "note": "Misread"},
        format="json",
    )
    assert api.status_code == 200
    assert world.api("tutor").post(
        f"/api/v1/enrolments/{e.pk}/correct-leaving-reason/", {"leaving_reason": "job", "note": "x"}, format="json"
    ).status_code in (403, 404)


def test_the_scheme_page_states_its_placement_rules(world: Any, login: Any) -> None:
    scheme = world.scheme
    scheme.funders.set([world.orgs["funder"]])
    rows = summary_of(login("tutor").get(scheme.get_absolute_url()).content.decode())
    assert rows["Blocks"] == f"{scheme.block_count} blocks of about {scheme.block_weeks} weeks"
    assert rows["Notice of placements"] == f"At least {scheme.minimum_notice_weeks} weeks"
    assert rows["Funded by"].startswith("Funding ICB (")
    assert rows["Longest journey"] == (
        f"{scheme.max_travel_minutes} minutes" if scheme.max_travel_minutes else "No limit"
    )
