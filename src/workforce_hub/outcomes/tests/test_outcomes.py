"""Jobs and the fortnightly job alert (matching, never twice a period), job import, careers events, destinations
and the scheme report with its exports."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from workforce_hub.notifications.models import Notification
from workforce_hub.outcomes import reports, services
from workforce_hub.outcomes.models import (
    CareersEvent,
    Destination,
    JobAlertDigest,
    JobPreference,
    JobVacancy,
    Outcome,
    Point,
)
from workforce_hub.schemes.models import EnrolmentStatus, LeavingReason
from workforce_hub.schemes.services import enrolment_change_status

TODAY = timezone.localdate


def _job(world: Any, title: str, **over: Any) -> JobVacancy:
    data = {
        "partnership": world.p1,
        "organisation": world.orgs["host2"],
        "title": title,
        "sector": "nhs",
        "area": "Derby",
        "how_to_apply": "NHS Jobs",
        "closes_on": TODAY() + timedelta(days=20),
        "latitude": Decimal("52.92"),
        "longitude": Decimal("-1.47"),
    }
    return JobVacancy.objects.create(**{**data, **over})


@pytest.fixture
def near_end(world: Any) -> Any:
    cohort = world.cohorts["main"]
    cohort.end_date = TODAY() + timedelta(days=40)
    cohort.save()
    person = world.people["apprentice"]
    person.latitude, person.longitude = Decimal("52.92"), Decimal("-1.48")
    person.save()
    return world.enrolments["apprentice"]


def test_digest_matches_scheme_preferences_and_travel(world: Any, near_end: Any) -> None:
    other_scheme = world.cohorts["p2"].scheme
    ok = _job(world, "Ward HCA")
    far = _job(world, "Far away", latitude=Decimal("51.50"), longitude=Decimal("-0.12"), area="London")
    _job(world, "Closed", closes_on=TODAY() - timedelta(days=1))
    care = _job(world, "Care assistant", sector="pvi", area="Chesterfield", organisation=world.orgs["host"])
    wrong_scheme = _job(world, "Other scheme only")
    wrong_scheme.schemes.set([other_scheme])
    right_scheme = _job(world, "Our scheme only")
    right_scheme.schemes.set([world.scheme])
    JobPreference.objects.create(person=world.people["apprentice"], sectors=["nhs"], max_distance_km=30)
    assert {j.title for j in services.matching_jobs(near_end, TODAY())} == {ok.title, right_scheme.title}
    JobPreference.objects.filter(person=world.people["apprentice"]).update(
        sectors=[], max_distance_km=None, areas=["chesterfield"]
    )
    assert {j.title for j in services.matching_jobs(near_end, TODAY())} == {care.title}
    JobPreference.objects.filter(person=world.people["apprentice"]).update(areas=[], alerts=False)
    assert services.matching_jobs(near_end, TODAY()) == []
    assert far.pk  # only left out by distance above


def test_digest_is_sent_once_a_fortnight_grouped_by_area(world: Any, near_end: Any, login: Any) -> None:
    _job(world, "Ward HCA")
    _job(world, "Care assistant", area="Chesterfield")
    monday = services.digest_period(TODAY())
    assert services.job_alerts_send(on=monday) == 1
    assert services.job_alerts_send(on=monday + timedelta(days=13)) == 0  # same fortnight: nothing again
    assert JobAlertDigest.objects.count() == 1
    notes = Notification.objects.filter(kind="job_digest")
    assert notes.count() == 1
    assert "1 in Chesterfield, 1 in Derby" in notes.get().body
    assert world.people["apprentice"].family_name not in notes.get().body
    digest = JobAlertDigest.objects.get()
    page = login("apprentice").get(digest.get_absolute_url()).content.decode()
    assert page.index("Chesterfield") < page.index("Derby")
    assert login("other_apprentice").get(digest.get_absolute_url()).status_code == 404
    # the next fortnight: only jobs not sent before
    assert services.job_alerts_send(on=monday + timedelta(days=14)) == 0
    _job(world, "Porter")
    assert services.job_alerts_send(on=monday + timedelta(days=14)) == 1
    assert list(JobAlertDigest.objects.order_by("-period_start").first().jobs.values_list("title", flat=True)) == [
        "Porter"
    ]


def test_only_apprentices_near_the_end_get_alerts(world: Any) -> None:
    _job(world, "Ward HCA")
    assert services.job_alerts_send(on=TODAY()) == 0  # the cohort ends in more than a year
    cohort = world.cohorts["main"]
    cohort.end_date = TODAY() + timedelta(weeks=17)
    cohort.save()
    assert services.job_alerts_send(on=TODAY()) == 0
    cohort.end_date = TODAY() + timedelta(weeks=16)
    cohort.save()
    assert services.job_alerts_send(on=TODAY()) == 1


def test_the_digest_cannot_be_sent_twice_even_by_two_runs(world: Any, near_end: Any) -> None:
    from django.db import IntegrityError, transaction

    JobAlertDigest.objects.create(person=world.people["apprentice"], period_start=services.digest_period(TODAY()))
    with pytest.raises(IntegrityError), transaction.atomic():
        JobAlertDigest.objects.create(person=world.people["apprentice"], period_start=services.digest_period(TODAY()))


def test_partners_post_jobs_for_their_own_organisation(world: Any, login: Any) -> None:
    data = {"title": "HCA", "sector": "nhs", "area": "Derby", "how_to_apply": "x", "closes_on": TODAY()}
    with pytest.raises(ValidationError, match="own organisation"):
        services.job_create(
            partnership=world.p1, data={**data, "organisation": world.orgs["host"]}, actor=world.user("other_host")
        )
    job = services.job_create(
        partnership=world.p1, data={**data, "organisation": world.orgs["host2"]}, actor=world.user("other_host")
    )
    for key in ("apprentice", "staff", "tutor"):
        with pytest.raises(PermissionDenied):
            services.job_create(
                partnership=world.p1, data={**data, "organisation": world.orgs["host2"]}, actor=world.user(key)
            )
    assert login("staff").get(job.get_absolute_url()).status_code == 200
    assert login("p2_coordinator").get(job.get_absolute_url()).status_code == 404
    api = world.api("other_host").post(
        "/api/v1/job-vacancies/",
        {**data, "organisation": world.orgs["host"].pk, "closes_on": TODAY().isoformat()},
        format="json",
    )
    assert api.status_code == 400 and "own organisation" in api.content.decode()


def test_job_import_reports_every_bad_row_and_writes_nothing(world: Any, login: Any) -> None:
    header = "organisation,title,sector,area,closes_on,how_to_apply,schemes\n"
    bad = header + (
        "Elm Hospital,HCA,nhs,Derby,2030-01-31,NHS Jobs,Support worker scheme\n"
        "Nowhere Trust,Porter,nhs,Derby,2030-01-31,NHS Jobs,\n"
        "Elm Hospital,Cook,catering,Derby,31/13/2030,NHS Jobs,Missing scheme\n"
        ",,,,,,\n"
        "Elm Hospital,,nhs,Derby,2030-01-31,NHS Jobs,\n"
    )
    client = login("coordinator")
    r = client.post("/outcomes/jobs/import/", {"file": SimpleUploadedFile("jobs.csv", bad.encode())})
    body = r.content.decode()
    assert "Nothing was imported" in body and not JobVacancy.objects.exists()
    for expected in ("No organisation called", "Use one of", "YYYY-MM-DD", "No scheme called", "Enter title"):
        assert expected in body
    good = header + "Elm Hospital,HCA,NHS,Derby,31/01/2030,NHS Jobs,Support worker scheme\n"
    r = client.post("/outcomes/jobs/import/", {"file": SimpleUploadedFile("jobs.csv", good.encode())})
    assert r.status_code == 302
    job = JobVacancy.objects.get()
    assert job.closes_on == date(2030, 1, 31) and list(job.schemes.all()) == [world.scheme]
    assert (
        login("staff").post("/outcomes/jobs/import/", {"file": SimpleUploadedFile("j.csv", good.encode())}).status_code
        == 403
    )


def test_careers_event_sign_up_respects_places(world: Any, login: Any) -> None:
    now = timezone.now()
    event = CareersEvent.objects.create(
        partnership=world.p1,
        title="Fair",
        description="d",
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=2),
        location="Hall",
        capacity=1,
    )
    services.event_signup(event=event, actor=world.user("apprentice"))
    services.event_signup(event=event, actor=world.user("apprentice"))  # twice is once
    with pytest.raises(ValidationError, match="full"):
        services.event_signup(event=event, actor=world.user("other_apprentice"))
    with pytest.raises(PermissionDenied):
        services.event_signup(event=event, actor=world.user("p2_apprentice"))
    coordinator_page = login("coordinator").get(event.get_absolute_url()).content.decode()
    assert world.people["apprentice"].display_name in coordinator_page
    other_page = login("other_apprentice").get(event.get_absolute_url()).content.decode()
    assert world.people["apprentice"].display_name not in other_page and "This event is full" in other_page
    login("apprentice").post(event.get_absolute_url(), {"action": "cancel"})
    assert not event.signups.exists()


def test_destinations_and_follow_ups(world: Any, login: Any) -> None:
    enrolment = world.enrolments["apprentice"]
    data = {
        "point": Point.END,
        "recorded_on": TODAY(),
        "outcome": Outcome.EMPLOYED_SOCIAL_CARE,
        "role": "Carer",
        "organisation": world.orgs["host"],
        "organisation_name": "",
    }
    with pytest.raises(ValidationError, match="completed or left"):
        services.destination_record(enrolment=enrolment, data=data, actor=world.user("coordinator"))
    left = TODAY() - timedelta(days=200)
    enrolment_change_status(
        enrolment=enrolment,
        to_status=EnrolmentStatus.WITHDRAWN,
        reason="Job",
        actor=world.user("coordinator"),
        leaving_reason=LeavingReason.JOB,
    )
    type(enrolment).objects.filter(pk=enrolment.pk).update(ended_on=left)  # they left 200 days ago
    enrolment.refresh_from_db()
    home = login("coordinator").get("/home/coordinator/").content.decode()
    assert "Destination due: at the end" in home
    services.destination_record(
        enrolment=enrolment, data={**data, "recorded_on": left}, actor=world.user("coordinator")
    )
    dest = Destination.objects.get()
    assert dest.at_placement_host  # Oak Care was their placement host
    assert "Destination due: 6 months later" in login("coordinator").get("/home/coordinator/").content.decode()
    with pytest.raises(PermissionDenied):
        services.destination_record(enrolment=enrolment, data=data, actor=world.user("admin"))
    for key, sees in (("apprentice", True), ("admin", True), ("line_manager", False), ("other_apprentice", False)):
        assert Destination.objects.visible_to(world.user(key)).exists() is sees


def test_scheme_report_counts_records_and_exports(world: Any, login: Any) -> None:
    coordinator = world.user("coordinator")
    e = world.enrolments["apprentice"]
    enrolment_change_status(
        enrolment=e,
        to_status=EnrolmentStatus.WITHDRAWN,
        reason="Under 18 for a host",
        actor=coordinator,
        leaving_reason=LeavingReason.NOT_ELIGIBLE,
    )
    world.scheme.annual_cost = Decimal("1000")
    world.scheme.save()
    report = reports.scheme_report(world.scheme)
    funnel = dict(report.funnel)
    assert funnel["Accepted"] == 2 and funnel["Eligible to complete"] == funnel["Started"] - 1
    assert funnel["Left early"] == 0 and report.not_eligible == 1
    assert [(s.name, s.amount) for s in report.funding] == [("Funding ICB", Decimal("1000.00"))]
    client = login("partner_lead")
    page = client.get(f"/outcomes/reports/schemes/{world.scheme.pk}/")
    assert page.status_code == 200 and "Participation" in page.content.decode()
    assert 'data-vega-spec="chart-funnel"' in page.content.decode()
    printable = client.get(f"/outcomes/reports/schemes/{world.scheme.pk}/?print=1").content.decode()
    assert "chart-funnel" not in printable and "Funding shares" in printable
    csv_text = client.get(f"/outcomes/reports/schemes/{world.scheme.pk}/export.csv").content.decode()
    assert "Eligible to complete" in csv_text and "Funding ICB" in csv_text
    xlsx = client.get(f"/outcomes/reports/schemes/{world.scheme.pk}/export.xlsx")
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames[0] == "Participation" and wb["Participation"]["A2"].value == "Applied"
    api = world.api("partner_lead").get(f"/api/v1/scheme-reports/{world.scheme.pk}/")
    assert api.status_code == 200 and api.json()["tables"][0]["rows"][1] == ["Accepted", 2]
    for key in ("staff", "apprentice", "host_manager", "tutor", "line_manager"):
        assert login(key).get(f"/outcomes/reports/schemes/{world.scheme.pk}/").status_code == 403
        assert world.api(key).get(f"/api/v1/scheme-reports/{world.scheme.pk}/").status_code == 403
    assert login("p2_coordinator").get(f"/outcomes/reports/schemes/{world.scheme.pk}/").status_code == 404


def test_scheme_report_exports_never_carry_a_formula(world: Any, login: Any) -> None:
    funder = world.orgs["funder"]
    funder.name = '=HYPERLINK("http://evil.example","Funding ICB")'
    funder.save()
    world.scheme.annual_cost = Decimal("1000")
    world.scheme.save()
    client = login("partner_lead")
    csv_text = client.get(f"/outcomes/reports/schemes/{world.scheme.pk}/export.csv").content.decode()
    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text and "\n=HYPERLINK" not in csv_text
    book = load_workbook(io.BytesIO(client.get(f"/outcomes/reports/schemes/{world.scheme.pk}/export.xlsx").content))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if "HYPERLINK" in str(c.value)]
    assert cells and all(c.data_type == "s" and str(c.value).startswith("'") for c in cells)


def test_apprentice_saves_job_alert_preferences_on_the_page(world: Any, login: Any) -> None:
    """Saving the page goes back to it with the choices kept (it failed with a server error: a preference had no
    page of its own to go to); a bad distance is explained and nothing is saved."""
    client = login("apprentice")
    bad = client.post("/outcomes/jobs/preferences/", {"alerts": "on", "areas": "Derby", "max_distance_km": "-5"})
    assert bad.status_code == 200 and "Derby" in bad.content.decode()
    assert not JobPreference.objects.filter(person=world.people["apprentice"], areas=["Derby"]).exists()
    saved = client.post(
        "/outcomes/jobs/preferences/", {"alerts": "on", "sectors": ["nhs"], "areas": "Derby", "max_distance_km": "25"}
    )
    assert saved.status_code == 302 and saved["Location"] == "/outcomes/jobs/preferences/"
    pref = JobPreference.objects.get(person=world.people["apprentice"])
    assert pref.areas == ["Derby"] and pref.sectors == ["nhs"] and pref.max_distance_km == 25
    assert "Your preferences are saved." in client.get(saved["Location"]).content.decode()
