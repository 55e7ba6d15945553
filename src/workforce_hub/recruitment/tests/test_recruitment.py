"""Recruitment end to end: the public form (no account), stages, the back-up pool, accepting an offer, time to
start, and who may see or do what."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from workforce_hub.core.models import AuditEvent
from workforce_hub.notifications.models import Notification
from workforce_hub.organisations.models import Membership
from workforce_hub.recruitment import selectors, services
from workforce_hub.recruitment.models import Application, Stage, Vacancy
from workforce_hub.schemes.models import Enrolment


@pytest.fixture
def vacancy(world: Any) -> Vacancy:
    v = Vacancy.objects.create(
        scheme=world.scheme,
        cohort=world.cohorts["main"],
        title="Support worker apprentice",
        slug="support-worker",
        summary="Five placements.",
        placements="Care homes and wards.",
        working_pattern="37.5 hours.",
        pay="Apprentice rate.",
        qualifications="Diploma.",
        after_the_scheme="A job is not guaranteed.",
        min_english=2,
        min_maths=2,
        closes_on=timezone.localdate() + timedelta(days=10),
        status=Vacancy.Status.OPEN,
    )
    v.planned_settings.set([world.settings["host"], world.settings["host2"]])
    return v


def _form(**over: Any) -> dict[str, Any]:
    data = {
        "given_name": "Ann",
        "family_name": "Applicant",
        "email": "Ann@Example.com",
        "phone": "",
        "date_of_birth": "2000-01-02",
        "postcode": "DE1 1AA",
        "english": "3",
        "maths": "2",
        "right_to_work": "yes",
        "statement": "I want to work in care.",
    }
    return {**data, **over}


def _apply(vacancy: Vacancy, **over: Any) -> Application:
    data = {
        "given_name": "Ann",
        "family_name": "Applicant",
        "email": f"{over.get('given_name', 'ann')}@example.com",
        "phone": "",
        "date_of_birth": date(2000, 1, 2),
        "postcode": "DE1 1AA",
        "english": 3,
        "maths": 2,
        "right_to_work": True,
        "statement": "I want to work in care.",
    }
    return services.application_submit(vacancy=vacancy, data={**data, **over})


def test_public_form_needs_no_account_and_confirms_by_email(
    world: Any, client: Any, vacancy: Vacancy, django_capture_on_commit_callbacks: Any
) -> None:
    world.cohorts["main"].coordinator = world.people["coordinator"]
    world.cohorts["main"].save()
    listing = client.get("/apply/")
    assert listing.status_code == 200 and "Support worker apprentice" in listing.content.decode()
    page = client.get("/apply/support-worker/")
    assert page.status_code == 200 and "A job is not guaranteed." in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/apply/support-worker/", _form())
    assert r.status_code == 302 and r["Location"] == "/apply/support-worker/sent/"
    app = Application.objects.get()
    assert app.email == "ann@example.com" and app.is_eligible and app.stage == Stage.APPLIED
    sent = client.get(r["Location"])
    assert app.reference in sent.content.decode() and "You meet every rule" in sent.content.decode()
    assert client.get(r["Location"]).status_code == 302  # shown once, to the browser that applied
    to_applicant = [m for m in mail.outbox if m.to == ["ann@example.com"]]
    assert len(to_applicant) == 1 and app.reference in to_applicant[0].subject
    assert "2000" not in to_applicant[0].body  # nothing personal beyond the reference
    coordinator_note = Notification.objects.get(kind="application_new")
    assert coordinator_note.recipient == world.people["coordinator"]
    assert "Ann" not in coordinator_note.body and coordinator_note.link == app.get_absolute_url()


def test_ineligible_applicant_sees_a_reason_for_each_failed_rule(world: Any, client: Any, vacancy: Vacancy) -> None:
    start = world.cohorts["main"].start_date
    dob = start.replace(year=start.year - 17)  # 17 on the start day; Ward 1 takes apprentices from 18
    r = client.post("/apply/support-worker/", _form(date_of_birth=dob.isoformat(), maths="1", right_to_work="no"))
    page = client.get(r["Location"]).content.decode()
    assert "Ward 1, Elm Hospital (from 18)" in page
    assert "maths at level 1 or above" in page.lower() and "right to work" in page
    assert not Application.objects.get().is_eligible


def test_bad_input_keeps_what_was_typed_and_writes_nothing(world: Any, client: Any, vacancy: Vacancy) -> None:
    r = client.post("/apply/support-worker/", _form(email="not-an-email", postcode="nowhere"))
    body = r.content.decode()
    assert r.status_code == 200 and "There is a problem" in body
    assert 'value="Applicant"' in body and "I want to work in care." in body
    assert not Application.objects.exists()


def test_one_application_per_email_closed_vacancies_and_form_fillers(world: Any, client: Any, vacancy: Vacancy) -> None:
    client.post("/apply/support-worker/", _form())
    again = client.post("/apply/support-worker/", _form(email="ann@example.com"))
    assert "already an application with this e-mail" in again.content.decode()
    bot = client.post("/apply/support-worker/", _form(email="bot@example.com", website="http://spam"))
    assert bot.status_code == 302 and Application.objects.count() == 1
    vacancy.closes_on = timezone.localdate() - timedelta(days=1)
    vacancy.save()
    assert client.get("/apply/support-worker/").status_code == 404
    with pytest.raises(ValidationError):
        _apply(vacancy, given_name="late")


def test_stages_pool_and_accepting_an_offer(world: Any, vacancy: Vacancy) -> None:
    coordinator = world.user("coordinator")
    a, b, c = (_apply(vacancy, given_name=n) for n in ("alpha", "bravo", "charlie"))
    with pytest.raises(ValidationError, match="cannot move there"):
        services.application_move(application=a, to_stage=Stage.OFFERED, note="", actor=coordinator)
    with pytest.raises(ValidationError, match="Say why"):
        services.application_move(application=a, to_stage=Stage.DECLINED, note=" ", actor=coordinator)
    for app in (a, b, c):
        services.application_move(application=app, to_stage=Stage.SHORTLISTED, note="", actor=coordinator)
    # the ranked back-up pool
    for app in (b, c):
        services.pool_add(application=app, actor=coordinator)
    assert [x.pool_rank for x in Application.objects.filter(pk__in=[b.pk, c.pk]).order_by("pk")] == [1, 2]
    services.pool_move(application=c, up=True, actor=coordinator)
    assert Application.objects.get(pk=c.pk).pool_rank == 1 and Application.objects.get(pk=b.pk).pool_rank == 2
    services.application_move(application=c, to_stage=Stage.WITHDRAWN, note="Took another job", actor=coordinator)
    assert Application.objects.get(pk=c.pk).pool_rank is None
    assert Application.objects.get(pk=b.pk).pool_rank == 1  # the pool closes up
    # accepting an offer creates the person, their role at the employer and the enrolment
    for stage in (Stage.INTERVIEWED, Stage.OFFERED, Stage.ACCEPTED):
        services.application_move(application=a, to_stage=stage, note="", actor=coordinator)
    a.refresh_from_db()
    told = Notification.objects.filter(to_email="alpha@example.com").values_list("kind", flat=True)
    assert sorted(told) == ["application_offered", "application_received"]  # not every internal stage
    assert a.enrolment is not None and a.enrolment.status == "offered"
    assert a.enrolment.cohort == world.cohorts["main"] and a.person.email == "alpha@example.com"
    assert Membership.objects.filter(person=a.person, organisation=world.orgs["employer"], role="apprentice").exists()
    assert list(a.history.values_list("to_stage", flat=True)) == [
        "applied",
        "shortlisted",
        "interviewed",
        "offered",
        "accepted",
    ]
    # time from application to start: the cohort's start until they start, then the real start
    [row] = selectors.time_to_start([a])
    assert not row.started and row.days == (world.cohorts["main"].start_date - a.created_at.date()).days
    Enrolment.objects.filter(pk=a.enrolment.pk).update(started_on=a.created_at.date() + timedelta(days=40))
    a.refresh_from_db()
    [row] = selectors.time_to_start([a])
    assert row.started and row.days == 40
    assert selectors.time_to_start_summary([row])["median_days"] == 40


def test_an_ineligible_applicant_cannot_be_taken_forward(world: Any, vacancy: Vacancy) -> None:
    start = world.cohorts["main"].start_date
    app = _apply(vacancy, date_of_birth=start.replace(year=start.year - 17))
    with pytest.raises(ValidationError, match=r"not eligible.*from 18"):
        services.application_move(application=app, to_stage=Stage.SHORTLISTED, note="", actor=world.user("coordinator"))
    with pytest.raises(ValidationError):
        services.pool_add(application=app, actor=world.user("coordinator"))
    # when the planned hosts change, checking again can make them eligible
    vacancy.planned_settings.set([world.settings["host"]])
    services.application_rescreen(application=app, actor=world.user("coordinator"))
    services.application_move(application=app, to_stage=Stage.SHORTLISTED, note="", actor=world.user("coordinator"))


@pytest.mark.parametrize(
    "key", ["admin", "line_manager", "host_manager", "tutor", "partner_lead", "staff", "apprentice", "p2_coordinator"]
)
def test_only_coordinators_run_recruitment(world: Any, login: Any, vacancy: Vacancy, key: str) -> None:
    app = _apply(vacancy)
    client = login(key)
    expected = 200 if key == "admin" else 404  # partnership admins may read; nobody else sees applicants
    assert client.get(f"/recruitment/applications/{app.pk}/").status_code == expected
    assert client.get(f"/recruitment/vacancies/{vacancy.pk}/").status_code == expected
    r = client.post(f"/recruitment/applications/{app.pk}/", {"to_stage": "shortlisted"})
    assert r.status_code in (403, 404)
    assert Application.objects.get(pk=app.pk).stage == Stage.APPLIED
    with pytest.raises(PermissionDenied):
        services.application_move(application=app, to_stage=Stage.SHORTLISTED, note="", actor=world.user(key))
    api = world.api(key).post(f"/api/v1/applications/{app.pk}/move/", {"to_stage": "shortlisted"})
    assert api.status_code in (403, 404)


def test_coordinator_pages_and_api(world: Any, login: Any, vacancy: Vacancy) -> None:
    app = _apply(vacancy)
    client = login("coordinator")
    page = client.get(f"/recruitment/vacancies/{vacancy.pk}/").content.decode()
    assert "Ann Applicant" in page and "Back-up pool" in page
    r = client.post(f"/recruitment/applications/{app.pk}/", {"to_stage": "shortlisted", "note": ""})
    assert r.status_code == 302 and Application.objects.get(pk=app.pk).stage == Stage.SHORTLISTED
    r = client.post(f"/recruitment/applications/{app.pk}/pool/", {"action": "add"})
    assert Application.objects.get(pk=app.pk).pool_rank == 1
    moved = world.api("coordinator").post(f"/api/v1/applications/{app.pk}/move/", {"to_stage": "interviewed"})
    assert moved.status_code == 200 and moved.json()["stage"] == "interviewed"
    refused = world.api("coordinator").post(f"/api/v1/applications/{app.pk}/move/", {"to_stage": "accepted"})
    assert refused.status_code == 400 and "cannot move there" in refused.content.decode()
    assert AuditEvent.objects.filter(object_type="recruitment.application", action="update").count() >= 2


def test_the_public_form_limits_applications_per_address_before_saving_or_e_mailing(
    world: Any, client: Any, vacancy: Vacancy, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.HUB_APPLICATION_LIMITS = {"per_address_per_hour": 3, "per_email_per_day": 3}
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            assert client.post("/apply/support-worker/", _form(email=f"a{i}@example.com")).status_code == 302
    sent = len(mail.outbox)
    assert sent == 3
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post("/apply/support-worker/", _form(email="a9@example.com", statement="Kept as typed."))
    page = refused.content.decode()
    assert refused.status_code == 200 and "Too many applications have been sent from your connection" in page
    assert "Kept as typed." in page and "a9@example.com" in page  # nothing typed is lost
    assert Application.objects.count() == 3 and len(mail.outbox) == sent
    assert "nhsuk-error-summary" in page
    # another address is not held up; the fingerprint is not the address
    other = client.post("/apply/support-worker/", _form(email="b@example.com"), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302
    assert not Application.objects.filter(submitted_from__contains="127.0.0.1").exists()
    assert Application.objects.filter(email="b@example.com").get().submitted_from == services.address_fingerprint(
        "192.0.2.7"
    )


def test_one_e_mail_address_may_send_only_so_many_applications_a_day(world: Any, vacancy: Vacancy) -> None:
    others = []
    for i in range(3):
        copy = Vacancy.objects.get(pk=vacancy.pk)
        copy.pk, copy.slug, copy.title = None, f"copy-{i}", f"Copy {i}"
        copy.save()
        others.append(copy)
    for copy in others:
        _apply(copy, email="same@example.com")
    with pytest.raises(ValidationError) as refused:
        _apply(vacancy, email="same@example.com")
    assert "3 applications with this e-mail address today" in refused.value.message_dict["email"][0]
    assert Application.objects.filter(email="same@example.com").count() == 3


def test_an_applicant_with_only_a_postcode_is_planned_without_anyone_typing_coordinates(
    world: Any, vacancy: Vacancy, postcodes_server: str
) -> None:
    from decimal import Decimal

    from workforce_hub.rotations.instances import build_instance

    coordinator = world.user("coordinator")
    found = _apply(vacancy, given_name="found", postcode="DE22 4GH")
    lost = _apply(vacancy, given_name="lost", postcode="AB1 2CD")
    assert (found.latitude, found.location_source) == (Decimal("52.90411"), "postcodes.io")
    assert lost.latitude is None and lost.location_source == "postcode not found"
    for application in (found, lost):
        for stage in (Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.OFFERED, Stage.ACCEPTED):
            services.application_move(application=application, to_stage=stage, note="", actor=coordinator)
        application.refresh_from_db()
    assert found.person is not None and found.person.latitude == Decimal("52.90411")
    assert found.person.location_source == "postcodes.io"  # carried over, not typed
    cohort = world.cohorts["main"]
    built = build_instance(scheme=cohort.scheme, cohorts=[cohort], today=timezone.localdate())
    planned = {a["id"] for a in built.raw["apprentices"]}
    assert f"E{found.enrolment_id}" in planned
    [reason] = [x["reason"] for x in built.left_out if x["enrolment"] == lost.enrolment_id]
    assert "the postcode AB1 2CD was not found" in reason and "type the location" in reason


@pytest.mark.parametrize(
    ("wanted", "lands"),
    [
        ("/recruitment/?page=2#pool", "/recruitment/?page=2#pool"),
        ("https://evil.example/phish", None),
        ("//evil.example/phish", None),
        ("", None),
    ],
)
def test_a_pool_button_goes_back_only_to_a_page_of_this_site(
    world: Any, vacancy: Vacancy, login: Any, wanted: str, lands: str | None
) -> None:
    application = _apply(vacancy, given_name="delta")
    services.application_move(
        application=application, to_stage=Stage.SHORTLISTED, note="", actor=world.user("coordinator")
    )
    response = login("coordinator").post(
        f"/recruitment/applications/{application.pk}/pool/", {"action": "add", "next": wanted}
    )
    assert response.status_code == 302
    assert response["Location"] == (lands or application.get_absolute_url())
    assert Application.objects.get(pk=application.pk).pool_rank == 1
