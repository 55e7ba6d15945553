"""The learning record end to end: set-up, plan, hours, evidence and its quarantine, testimonials, expected
learning, reviews, qualifications, gateway and the API — each with who may and who must not."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from workforce_hub.core.models import AuditEvent
from workforce_hub.notifications.models import Notification
from workforce_hub.portfolios import selectors, services
from workforce_hub.portfolios.models import (
    Evidence,
    ExpectedLearning,
    LearningRecord,
    OffTheJobEntry,
    ProgressReview,
)
from workforce_hub.programmes.models import Criterion, Standard, Unit

from .conftest import make_record
from .test_screening import _pdf

pytestmark = pytest.mark.django_db
NOT_READERS = [
    "host_manager",
    "mentor",
    "other_host",
    "other_tutor",
    "other_line_manager",
    "partner_lead",
    "staff",
    "other_apprentice",
    "p2_coordinator",
]


# ----------------------------------------------------------------------------------------------- set-up


def test_tutor_sets_up_a_record_and_reviews_are_scheduled(world: Any, record: LearningRecord) -> None:
    assert record.rule_set.code == "dfe-2025-26"  # the world's cohort started 30 days ago
    reviews = list(record.reviews.values_list("due_on", flat=True))
    assert reviews[0] == record.start_date.replace() + timedelta(days=0) or reviews  # scheduled
    assert len(reviews) == 4  # every 3 months over a 450-day apprenticeship
    assert AuditEvent.objects.filter(object_type="portfolios.learningrecord", action="create").exists()


@pytest.mark.parametrize("who", ["line_manager", "host_manager", "apprentice", "other_tutor", "partner_lead"])
def test_only_provider_or_coordinator_sets_up(world: Any, who: str) -> None:
    with pytest.raises(ValidationError):
        services.record_create(
            actor=world.users[who],
            enrolment=world.enrolments["apprentice"],
            standard=Standard.objects.get(code="ST0216"),
            pathway=None,
            start_date=world.enrolments["apprentice"].cohort.start_date,
            planned_end=world.enrolments["apprentice"].cohort.end_date,
            contracted_hours=Decimal(37),
        )


def test_set_up_page_keeps_input_and_explains_minimum_duration(world: Any, login: Any) -> None:
    client = login("coordinator")
    enrolment = world.enrolments["apprentice"]
    std = Standard.objects.get(code="ST0216")
    start = enrolment.cohort.start_date
    r = client.post(
        f"/learning/set-up/{enrolment.pk}/",
        {
            "standard": std.pk,
            "start_date": start,
            "planned_end": start + timedelta(days=100),
            "contracted_hours": "37.5",
        },
    )
    body = r.content.decode()
    assert r.status_code == 200 and "at least 8 months" in body and 'value="37.5"' in body
    dst = Standard.objects.get(code="ST0119", is_current=True)
    r = client.post(
        f"/learning/set-up/{enrolment.pk}/",
        {
            "standard": dst.pk,
            "start_date": start,
            "planned_end": start + timedelta(days=400),
            "contracted_hours": "37.5",
        },
    )
    assert "choose one" in r.content.decode()
    r = client.post(
        f"/learning/set-up/{enrolment.pk}/",
        {
            "standard": std.pk,
            "start_date": start,
            "planned_end": start + timedelta(days=400),
            "contracted_hours": "37.5",
        },
    )
    assert r.status_code == 302 and LearningRecord.objects.filter(enrolment=enrolment).exists()


def test_a_record_keeps_its_standard_version(world: Any) -> None:
    old = Standard.objects.get(code="ST0119", version="1.0")
    rec = make_record(world, standard=old, pathway=old.pathways.get(name="Digital service technician"))
    criteria = {c.code for c in selectors.coverage(rec, world.users["tutor"]) for c in [c.criterion]}
    assert "K8" not in criteria and "K7" in criteria and "K6" not in criteria  # v1.0, service pathway only


# ------------------------------------------------------------------------------------------ training plan

PLAN = {"summary": "Learn", "otj_plan": "Weekly day", "employer_commitments": "Mentor", "provider_commitments": "1:1s"}


def test_plan_is_signed_by_three_parties_and_a_change_needs_re_signing(world: Any, record: LearningRecord) -> None:
    plan = services.plan_save(actor=world.users["tutor"], record=record, data=PLAN)
    assert Notification.objects.filter(kind="plan_sign").count() == 2  # apprentice and line manager
    assert services.plan_sign(actor=world.users["apprentice"], plan=plan) == "apprentice"
    assert services.plan_sign(actor=world.users["line_manager"], plan=plan) == "employer"
    assert services.plan_sign(actor=world.users["assessor"], plan=plan) == "provider"
    plan.refresh_from_db()
    assert plan.is_agreed and plan.employer_signed_at and plan.provider_signed_by == world.people["assessor"]
    with pytest.raises(ValidationError, match="already signed"):
        services.plan_sign(actor=world.users["apprentice"], plan=plan)
    v2 = services.plan_save(actor=world.users["tutor"], record=record, data={**PLAN, "support": "Larger font"})
    assert v2.version == 2 and not v2.is_agreed and v2.apprentice_signed_at is None
    with pytest.raises(ValidationError, match="replaced"):
        services.plan_sign(actor=world.users["line_manager"], plan=plan)
    with pytest.raises(ValidationError, match="Nothing has changed"):
        services.plan_save(actor=world.users["tutor"], record=record, data={**PLAN, "support": "Larger font"})


@pytest.mark.parametrize("who", ["host_manager", "staff", "partner_lead", "other_line_manager"])
def test_others_cannot_sign_or_write_the_plan(world: Any, record: LearningRecord, who: str) -> None:
    plan = services.plan_save(actor=world.users["coordinator"], record=record, data=PLAN)
    with pytest.raises(ValidationError):
        services.plan_sign(actor=world.users[who], plan=plan)
    with pytest.raises(ValidationError):
        services.plan_save(actor=world.users[who], record=record, data={**PLAN, "summary": "x"})


# ------------------------------------------------------------------------------------------------- hours


def test_hours_logged_approved_and_counted_against_pace(world: Any, record: LearningRecord, today: Any) -> None:
    entry = services.hours_log(
        actor=world.users["apprentice"],
        record=record,
        data={
            "activity": "teaching",
            "date": today - timedelta(days=1),
            "hours": Decimal("6.5"),
            "description": "Class",
        },
    )
    summary = selectors.otj_summary(record)
    assert summary.pending == Decimal("6.5") and summary.approved == 0
    assert summary.required == 278 and summary.behind  # 30 days in, nothing approved yet
    with pytest.raises(ValidationError, match="Say why"):
        services.hours_review(actor=world.users["tutor"], entry=entry, approve=False, feedback="")
    services.hours_review(actor=world.users["tutor"], entry=entry, approve=True, feedback="")
    assert selectors.otj_summary(record).approved == Decimal("6.5")
    assert selectors.otj_weekly(record, selectors.otj_summary(record))[-1]["approved"] == 6.5


def test_hours_rules(world: Any, record: LearningRecord, today: Any) -> None:
    base = {"activity": "teaching", "hours": Decimal(2), "description": "x"}
    with pytest.raises(ValidationError, match="future"):
        services.hours_log(
            actor=world.users["apprentice"], record=record, data={**base, "date": today + timedelta(days=1)}
        )
    with pytest.raises(ValidationError, match="before the apprenticeship"):
        services.hours_log(
            actor=world.users["apprentice"], record=record, data={**base, "date": record.start_date - timedelta(days=1)}
        )
    with pytest.raises(ValidationError):
        services.hours_log(actor=world.users["tutor"], record=record, data={**base, "date": today})
    entry = services.hours_log(actor=world.users["apprentice"], record=record, data={**base, "date": today})
    for who in ("line_manager", "apprentice", "host_manager", "other_tutor"):
        with pytest.raises(ValidationError):
            services.hours_review(actor=world.users[who], entry=entry, approve=True, feedback="")


def test_hours_after_the_gateway_do_not_count(world: Any, record: LearningRecord, today: Any) -> None:
    for days in (5, 1):
        e = services.hours_log(
            actor=world.users["apprentice"],
            record=record,
            data={
                "activity": "teaching",
                "date": today - timedelta(days=days),
                "hours": Decimal(3),
                "description": "x",
            },
        )
        services.hours_review(actor=world.users["tutor"], entry=e, approve=True, feedback="")
    LearningRecord.objects.filter(pk=record.pk).update(gateway_on=today - timedelta(days=3))
    record.refresh_from_db()
    summary = selectors.otj_summary(record)
    assert summary.approved == 3 and summary.after_gateway == 3
    with pytest.raises(ValidationError, match="after the gateway"):
        services.hours_log(
            actor=world.users["apprentice"],
            record=record,
            data={"activity": "teaching", "date": today, "hours": Decimal(1), "description": "x"},
        )


def test_hours_page_for_apprentice_and_tutor(world: Any, record: LearningRecord, login: Any, today: Any) -> None:
    client = login("apprentice")
    r = client.post(
        f"/learning/{record.pk}/hours/",
        {"activity": "teaching", "date": today, "hours": "30", "description": "Long day"},
    )
    assert r.status_code == 200 and 'value="30"' in r.content.decode()  # over the cap: kept and explained
    r = client.post(
        f"/learning/{record.pk}/hours/", {"activity": "teaching", "date": today, "hours": "3", "description": "Class"}
    )
    assert r.status_code == 302
    entry = OffTheJobEntry.objects.get(record=record)
    tutor = login("tutor")
    page = tutor.get(f"/learning/{record.pk}/hours/").content.decode()
    assert "Save decision" in page and "otj-chart" in page
    tutor.post(f"/learning/hours/{entry.pk}/review/", {"decision": "yes", "feedback": ""})
    entry.refresh_from_db()
    assert entry.status == "approved"


# ---------------------------------------------------------------------------------------------- evidence


def _criteria(record: LearningRecord) -> list[Criterion]:
    return list(Criterion.objects.filter(standard=record.standard)[:2])


def test_flagged_evidence_is_quarantined_for_everyone_but_the_uploader(
    world: Any, record: LearningRecord, login: Any
) -> None:
    item = services.evidence_add(
        actor=world.users["apprentice"],
        record=record,
        title="Handover",
        upload=("handover.pdf", _pdf("Fine page", "Resident 999 000 0018 moved")),
        criteria=_criteria(record),
    )
    assert item.screening == "flagged" and item.is_quarantined
    assert item.findings == [{"kind": "nhs_number", "place": "page 2, line 1", "masked": "••••••••18"}]
    assert not Notification.objects.filter(kind="evidence_new").exists()  # nothing flagged is notified
    own = login("apprentice").get(item.get_absolute_url()).content.decode()
    assert "An NHS number in the page 2, line 1" in own and "Ask my tutor to check it" in own
    assert "9990000018" not in own and "999 000 0018" not in own
    for who in ["tutor", "assessor", "coordinator", "line_manager", *NOT_READERS]:
        client = login(who)
        assert client.get(item.get_absolute_url()).status_code == 404, who
        assert client.get(f"/learning/evidence/{item.pk}/file/").status_code == 404, who
        assert item.pk not in [e["id"] for e in world.api(who).get("/api/v1/evidence/").json().get("results", [])]


def test_review_request_lets_only_the_tutor_decide(world: Any, record: LearningRecord, login: Any) -> None:
    item = services.evidence_add(
        actor=world.users["apprentice"],
        record=record,
        title="Made-up example",
        reflection="A made-up practice phone 01632 960123 from the Ofcom drama range.",
        criteria=_criteria(record),
    )
    assert item.screening == "flagged"
    services.evidence_request_review(actor=world.users["apprentice"], evidence=item)
    assert Notification.objects.filter(kind="evidence_review").count() == 2  # tutor and assessor, link only
    assert "01632" not in Notification.objects.filter(kind="evidence_review").first().body  # type: ignore[union-attr]
    assert login("coordinator").get(item.get_absolute_url()).status_code == 404
    assert login("tutor").get(item.get_absolute_url()).status_code == 200
    assert AuditEvent.objects.filter(action="read_sensitive", object_id=str(item.pk)).exists()
    with pytest.raises(ValidationError, match="what you decided"):
        services.evidence_review(actor=world.users["tutor"], evidence=item, release=True, note="")
    with pytest.raises(ValidationError):
        services.evidence_review(actor=world.users["coordinator"], evidence=item, release=True, note="ok")
    services.evidence_review(actor=world.users["tutor"], evidence=item, release=True, note="Fictional number range")
    item.refresh_from_db()
    assert item.is_released and login("line_manager").get(item.get_absolute_url()).status_code == 200


def test_replace_with_a_redacted_version(world: Any, record: LearningRecord, login: Any) -> None:
    item = services.evidence_add(
        actor=world.users["apprentice"], record=record, title="Note", reflection="DOB 01/02/1950", criteria=[]
    )
    client = login("apprentice")
    r = client.post(f"/learning/evidence/{item.pk}/replace/", {"reflection": "Date removed."})
    assert r.status_code == 302
    assert not Evidence.objects.filter(pk=item.pk).exists()
    new = Evidence.objects.get(record=record)
    assert new.is_released and new.title == "Note"


def test_clean_upload_assessed_and_downloaded_as_attachment(world: Any, record: LearningRecord, login: Any) -> None:
    client = login("apprentice")
    crit = _criteria(record)
    upload = SimpleUploadedFile("work.pdf", _pdf("I set up a device for a colleague."), content_type="application/pdf")
    r = client.post(
        f"/learning/{record.pk}/evidence/new/",
        {"title": "Device set-up", "upload": upload, "criteria": [c.pk for c in crit]},
    )
    assert r.status_code == 302
    item = Evidence.objects.get(record=record)
    assert item.is_released and item.file.name.endswith(".pdf") and "work" not in item.file.name
    assert Notification.objects.filter(kind="evidence_new").count() == 2
    tutor = login("tutor")
    download = tutor.get(f"/learning/evidence/{item.pk}/file/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert login("host_manager").get(f"/learning/evidence/{item.pk}/file/").status_code == 404
    api = world.api("tutor")
    r = api.post(f"/api/v1/evidence/{item.pk}/assess/", {"accepted": False, "feedback": ""}, format="json")
    assert r.status_code == 400
    r = api.post(f"/api/v1/evidence/{item.pk}/assess/", {"accepted": True, "feedback": "Good"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    assert (
        world.api("line_manager")
        .post(f"/api/v1/evidence/{item.pk}/assess/", {"accepted": True}, format="json")
        .status_code
        == 400
    )
    assert Notification.objects.filter(kind="evidence_assessed", recipient=world.people["apprentice"]).exists()
    rows = {row.criterion.pk: row for row in selectors.coverage(record, world.users["tutor"])}
    assert all(rows[c.pk].met for c in crit)


def test_bad_uploads_keep_what_was_typed(world: Any, record: LearningRecord, login: Any) -> None:
    client = login("apprentice")
    fake = SimpleUploadedFile("work.pdf", b"PK\x03\x04 not a pdf", content_type="application/pdf")
    r = client.post(f"/learning/{record.pk}/evidence/new/", {"title": "Kept title", "upload": fake})
    body = r.content.decode()
    assert r.status_code == 200 and "do not match" in body and "Kept title" in body
    r = client.post(f"/learning/{record.pk}/evidence/new/", {"title": "Both", "reflection": ""})
    assert "one or the other" in r.content.decode()
    assert not Evidence.objects.exists()


def test_pictures_need_confirmation(world: Any, record: LearningRecord) -> None:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "PNG")
    with pytest.raises(ValidationError, match="confirm"):
        services.evidence_add(
            actor=world.users["apprentice"], record=record, title="Photo", upload=("p.png", out.getvalue()), criteria=[]
        )
    item = services.evidence_add(
        actor=world.users["apprentice"],
        record=record,
        title="Photo",
        upload=("p.png", out.getvalue()),
        criteria=[],
        image_confirmed=True,
    )
    assert item.is_released and item.image_confirmed


def test_a_failed_virus_check_blocks_the_file_until_retried(world: Any, record: LearningRecord, settings: Any) -> None:
    settings.EVIDENCE_SCANNER = {
        "BACKEND": "workforce_hub.portfolios.files.ClamdScanner",
        "OPTIONS": {"port": 1, "timeout": 0.2},
    }
    item = services.evidence_add(
        actor=world.users["apprentice"], record=record, title="Doc", upload=("a.pdf", _pdf("fine")), criteria=[]
    )
    assert item.scan == "error" and item.is_quarantined
    assert not Evidence.objects.visible_to(world.users["tutor"]).filter(pk=item.pk).exists()
    settings.EVIDENCE_SCANNER = {"BACKEND": "workforce_hub.portfolios.files.SignatureScanner"}
    assert services.evidence_rescan(actor=world.users["apprentice"], evidence=item) == "clean"
    assert Evidence.objects.visible_to(world.users["tutor"]).filter(pk=item.pk).exists()


# -------------------------------------------------------------------------- testimonials, expected learning


def _behaviours(record: LearningRecord) -> list[Criterion]:
    return list(Criterion.objects.filter(standard=record.standard, kind="B"))


def test_testimonial_written_by_the_host_during_the_placement(world: Any, record: LearningRecord, login: Any) -> None:
    placement = world.placements["apprentice"]
    t = services.testimonial_request(
        actor=world.users["apprentice"],
        record=record,
        placement=placement,
        author=world.people["mentor"],
        behaviours=_behaviours(record),
    )
    assert Notification.objects.filter(kind="testimonial_request", recipient=world.people["mentor"]).exists()
    mentor = login("mentor")
    page = mentor.get(t.get_absolute_url())
    assert page.status_code == 200
    answers = {f"b_{b.code}": "Seen it often." for b in _behaviours(record)}
    bad = {**answers, "b_B1": "Helped the resident at DE22 4GH."}
    r = mentor.post(t.get_absolute_url(), bad)
    assert "a postcode" in r.content.decode() and "Seen it often." in r.content.decode()
    assert mentor.post(t.get_absolute_url(), answers).status_code == 302
    t.refresh_from_db()
    assert t.status == "completed"
    for who in ("host_manager", "other_host", "staff"):
        assert login(who).get(t.get_absolute_url()).status_code == 404, who
    # once the scheme's testimonial window after the placement has passed the host no longer sees it; the
    # apprentice and tutor still do (the window's edges: test_testimonial_window.py)
    placement.end_date = timezone.localdate() - timedelta(weeks=8, days=1)
    placement.start_date = placement.end_date - timedelta(days=40)
    placement.save()
    assert login("mentor").get(t.get_absolute_url()).status_code == 404
    assert login("tutor").get(t.get_absolute_url()).status_code == 200
    assert {r.criterion.code for r in selectors.coverage(record, world.users["tutor"]) if r.met} == {"B1", "B2", "B3"}


def test_testimonial_only_from_the_placement_host(world: Any, record: LearningRecord) -> None:
    with pytest.raises(ValidationError, match="host organisation"):
        services.testimonial_request(
            actor=world.users["apprentice"],
            record=record,
            placement=world.placements["apprentice"],
            author=world.people["other_host"],
            behaviours=_behaviours(record),
        )
    with pytest.raises(ValidationError):
        services.testimonial_request(
            actor=world.users["host_manager"],
            record=record,
            placement=world.placements["apprentice"],
            author=world.people["mentor"],
            behaviours=_behaviours(record),
        )


@pytest.mark.parametrize(
    ("start", "end", "status", "host_sees"),
    [
        (-10, 20, "published", True),  # under way
        (14, 60, "published", True),  # published and coming: the host prepares
        (0, 0, "published", True),  # starts and ends today
        (-60, -1, "published", False),  # ended yesterday
        (14, 60, "draft", False),  # not published
        (14, 60, "cancelled", False),
    ],
)
def test_expected_learning_window_for_hosts(
    world: Any, record: LearningRecord, login: Any, start: int, end: int, status: str, host_sees: bool
) -> None:
    today = timezone.localdate()
    placement = world.placements["apprentice"]
    placement.start_date, placement.end_date, placement.status = (
        today + timedelta(days=start),
        today + timedelta(days=end),
        status,
    )
    placement.save()
    ExpectedLearning.objects.create(record=record, placement=placement, notes="Lead one task")
    url = f"/learning/placements/{placement.pk}/expected/"
    for who in ("host_manager", "mentor"):
        assert (login(who).get(url).status_code == 200) is host_sees, who
    assert login("other_host").get(url).status_code == 404
    assert login("apprentice").get(url).status_code == 200


def test_coordinator_sets_expected_learning(world: Any, record: LearningRecord, login: Any) -> None:
    placement = world.placements["apprentice"]
    crit = _criteria(record)
    client = login("coordinator")
    r = client.post(
        f"/learning/placements/{placement.pk}/expected/change/",
        {"criteria": [c.pk for c in crit], "notes": "Call 01632 960123"},
    )
    assert "a phone number" in r.content.decode()
    r = client.post(
        f"/learning/placements/{placement.pk}/expected/change/",
        {"criteria": [c.pk for c in crit], "notes": "Lead a task"},
    )
    assert r.status_code == 302
    page = login("host_manager").get(f"/learning/placements/{placement.pk}/expected/").content.decode()
    assert crit[0].text in page
    assert login("host_manager").get(f"/learning/placements/{placement.pk}/expected/change/").status_code == 404


# ----------------------------------------------------------------------------------- reviews, gateway, API


def test_reviews_written_up_and_signed_and_overdue_on_homes(world: Any, record: LearningRecord, login: Any) -> None:
    first = record.reviews.first()
    assert first is not None
    ProgressReview.objects.filter(pk=first.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    first.refresh_from_db()
    assert list(selectors.overdue_reviews(world.users["coordinator"])) == [first]
    assert selectors.records_for(world.users["coordinator"]).get(pk=record.pk).overdue_reviews == 1
    assert first in list(selectors.overdue_reviews(world.users["tutor"]))
    assert not selectors.overdue_reviews(world.users["other_tutor"]).exists()
    for who in ("coordinator", "tutor"):
        home = login(who).get("/", follow=True).content.decode()
        assert "overdue" in home and first.get_absolute_url() in home, who
    with pytest.raises(ValidationError):
        services.review_sign(actor=world.users["apprentice"], review=first)
    with pytest.raises(ValidationError):
        services.review_record(
            actor=world.users["line_manager"],
            review=first,
            data={"held_on": timezone.localdate(), "progress": "x", "actions": "y"},
        )
    services.review_record(
        actor=world.users["tutor"],
        review=first,
        data={"held_on": timezone.localdate(), "progress": "Good", "actions": "More"},
    )
    for who in ("apprentice", "line_manager", "tutor"):
        services.review_sign(actor=world.users[who], review=first)
    first.refresh_from_db()
    assert first.is_signed and not selectors.overdue_reviews(world.users["coordinator"]).exists()
    assert selectors.records_for(world.users["coordinator"]).get(pk=record.pk).overdue_reviews == 0


def test_gateway_checklist(world: Any, record: LearningRecord) -> None:
    gate = selectors.gateway(record)
    labels = [i.label for i in gate.items]
    assert labels == [
        "Minimum duration (8 months)",
        "Off-the-job training minimum",
        "Care Certificate achieved",
        "Level 2 Diploma in Care achieved",
        "English and maths",
        "Portfolio covers every criterion",
        "Employer confirms readiness",
    ]
    assert not gate.ready and all(i.reason for i in gate.items)
    # fast-forward: every item met
    LearningRecord.objects.filter(pk=record.pk).update(
        start_date=timezone.localdate() - timedelta(days=300), english_achieved=True, maths_achieved=True
    )
    record.refresh_from_db()
    services.units_record(
        actor=world.users["tutor"],
        record=record,
        units=list(Unit.objects.filter(qualification__standards=record.standard).exclude(group="C")),
        achieved_on=timezone.localdate(),
    )
    OffTheJobEntry.objects.create(
        record=record,
        activity="teaching",
        date=timezone.localdate(),
        hours=Decimal(24),
        description="x",
        status="approved",
    )
    OffTheJobEntry.objects.bulk_create(
        OffTheJobEntry(
            record=record,
            activity="teaching",
            date=timezone.localdate() - timedelta(days=i),
            hours=Decimal(24),
            description="x",
            status="approved",
        )
        for i in range(1, 12)
    )
    for c in Criterion.objects.filter(standard=record.standard):
        e = Evidence.objects.create(
            record=record,
            kind="reflection",
            title=c.code,
            reflection="x",
            screening="clear",
            scan="clean",
            status="accepted",
        )
        e.criteria.set([c])
    with pytest.raises(ValidationError):
        services.employer_confirm(actor=world.users["tutor"], record=record)
    services.employer_confirm(actor=world.users["line_manager"], record=record)
    gate = selectors.gateway(record)
    assert gate.ready, [i for i in gate.items if not i.passed]
    services.gateway_pass(actor=world.users["tutor"], record=record, on=timezone.localdate())
    assert world.api("apprentice").get(f"/api/v1/learning-records/{record.pk}/gateway/").json()["ready"] is True


def test_quarantined_evidence_never_counts_for_the_gateway(world: Any, record: LearningRecord) -> None:
    c = Criterion.objects.filter(standard=record.standard).first()
    e = Evidence.objects.create(
        record=record,
        kind="reflection",
        title="x",
        reflection="x",
        screening="flagged",
        scan="clean",
        status="accepted",
    )
    e.criteria.set([c])
    item = next(i for i in selectors.gateway(record).items if i.label.startswith("Portfolio"))
    assert item.reason.startswith("0 of")


def test_api_for_apprentice_and_others(world: Any, record: LearningRecord, today: Any) -> None:
    api = world.api("apprentice")
    r = api.post(
        "/api/v1/otj-hours/",
        {"record": record.pk, "activity": "online", "date": str(today), "hours": "2.0", "description": "Module"},
        format="json",
    )
    assert r.status_code == 201, r.content
    entry = r.json()["id"]
    assert (
        api.post(
            "/api/v1/otj-hours/",
            {
                "record": record.pk,
                "activity": "online",
                "date": str(today + timedelta(days=3)),
                "hours": "2",
                "description": "x",
            },
            format="json",
        ).status_code
        == 400
    )
    assert (
        world.api("tutor").post(f"/api/v1/otj-hours/{entry}/review/", {"approve": True}, format="json").json()["status"]
        == "approved"
    )
    assert (
        world.api("other_apprentice")
        .post(
            "/api/v1/otj-hours/",
            {"record": record.pk, "activity": "online", "date": str(today), "hours": "2", "description": "x"},
            format="json",
        )
        .status_code
        == 400
    )
    assert world.api("host_manager").get(f"/api/v1/learning-records/{record.pk}/gateway/").status_code == 404
    assert len(world.api("tutor").get("/api/v1/progress-reviews/", {"record": record.pk}).json()["results"]) == 4
    schema = world.api("tutor").get("/api/schema/").content.decode()
    for path in (
        "/api/v1/learning-records/",
        "/api/v1/training-plans/",
        "/api/v1/otj-hours/",
        "/api/v1/evidence/",
        "/api/v1/progress-reviews/",
        "gateway",
    ):
        assert path in schema


def test_record_pages_refuse_everyone_else(world: Any, record: LearningRecord, login: Any) -> None:
    for who in NOT_READERS:
        client = login(who)
        for path in ("", "plan/", "hours/", "evidence/", "coverage/", "testimonials/", "qualifications/"):
            assert client.get(f"/learning/{record.pk}/{path}").status_code == 404, (who, path)
    for who in ("apprentice", "line_manager", "tutor", "assessor", "coordinator", "admin"):
        client = login(who)
        for path in ("", "plan/", "hours/", "evidence/", "coverage/", "testimonials/", "qualifications/"):
            assert client.get(f"/learning/{record.pk}/{path}").status_code == 200, (who, path)


def test_no_notification_carries_personal_details(world: Any, record: LearningRecord) -> None:
    services.plan_save(actor=world.users["tutor"], record=record, data=PLAN)
    services.testimonial_request(
        actor=world.users["apprentice"],
        record=record,
        placement=world.placements["apprentice"],
        author=world.people["mentor"],
        behaviours=_behaviours(record),
    )
    name = world.people["apprentice"].family_name
    for n in Notification.objects.all():
        assert name not in n.subject + n.body
    assert all(name not in m.body for m in mail.outbox)


def test_tutor_pages_sign_off_units_and_write_up_a_review(world: Any, record: LearningRecord, login: Any) -> None:
    tutor = login("tutor")
    units = list(Unit.objects.filter(qualification__code="CARE-CERTIFICATE")[:3])
    today = timezone.localdate()
    r = tutor.post(f"/learning/{record.pk}/qualifications/", {"units": [u.pk for u in units], "achieved_on": today})
    assert r.status_code == 302 and record.unit_achievements.count() == 3
    r = tutor.post(f"/learning/{record.pk}/qualifications/", {"units": [], "achieved_on": today})
    assert r.status_code == 200 and "nhsuk-error-summary" in r.content.decode()
    assert login("apprentice").post(f"/learning/{record.pk}/qualifications/", {"achieved_on": today}).status_code == 404
    review = record.reviews.first()
    assert review is not None
    url = review.get_absolute_url()
    tutor = login("tutor")  # the test client is shared: log the tutor back in
    r = tutor.post(url, {"held_on": today + timedelta(days=2), "progress": "Kept", "actions": "Act"})
    assert r.status_code == 200 and "before it is held" in r.content.decode() and "Kept" in r.content.decode()
    assert tutor.post(url, {"held_on": today, "progress": "Good", "actions": "Act"}).status_code == 302
    assert login("line_manager").post(url, {"held_on": today, "progress": "x", "actions": "y"}).status_code == 404
    assert login("apprentice").post(f"/learning/reviews/{review.pk}/sign/").status_code == 302
    review.refresh_from_db()
    assert review.apprentice_signed_at and review.progress == "Good"


def test_a_pdf_without_text_needs_the_same_confirmation_as_a_picture(world: Any, record: LearningRecord) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)  # a page with no text layer, like a scan
    content = bytes(pdf.output())
    with pytest.raises(ValidationError, match="no text we can check"):
        services.evidence_add(
            actor=world.users["apprentice"], record=record, title="Scan", upload=("s.pdf", content), criteria=[]
        )
    item = services.evidence_add(
        actor=world.users["apprentice"],
        record=record,
        title="Scan",
        upload=("s.pdf", content),
        criteria=[],
        image_confirmed=True,
    )
    assert item.is_released and item.image_confirmed


def test_behind_on_hours_for_many_records_matches_each_summary(
    world: Any, record: LearningRecord, django_assert_max_num_queries: Any, today: Any
) -> None:
    for status, hours in (("approved", Decimal(4)), ("pending", Decimal(2)), ("approved", Decimal("1.5"))):
        OffTheJobEntry.objects.create(
            record=record, activity="teaching", date=today, hours=hours, description="x", status=status
        )
    with django_assert_max_num_queries(3):
        behind = selectors.behind_on_hours(world.users["coordinator"])
    assert [(r.pk, s) for r, s in behind] == [(record.pk, selectors.otj_summary(record))]
    assert behind[0][1].approved == Decimal("5.5") and behind[0][1].pending == 2
    assert selectors.behind_on_hours(world.users["other_tutor"]) == []


def test_needs_more_work_without_feedback_is_a_field_error_that_keeps_the_choice(world: Any, login: Any) -> None:
    from workforce_hub.portfolios.tests.factories import EvidenceFactory, LearningRecordFactory

    item = EvidenceFactory(record=LearningRecordFactory(enrolment=world.enrolments["apprentice"]))
    client = login("tutor")
    url = f"/learning/evidence/{item.pk}/assess/"
    page = client.post(url, {"decision": "no", "feedback": ""})
    html = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in html
    assert 'href="#assess-feedback"' in html and 'id="assess-feedback-error"' in html
    assert (
        "Say what more is needed." in html and 'id="assess-no" name="decision" type="radio" value="no" checked' in html
    )
    nothing = client.post(url, {"feedback": "Kept"}).content.decode()
    assert (
        "Choose accept or needs more work" in nothing
        and 'href="#assess-yes"' in nothing
        and ">Kept</textarea>" in nothing
    )
    done = client.post(url, {"decision": "no", "feedback": "Add what you learnt"})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.feedback == "Add what you learnt"


def test_the_hours_chart_counts_weeks_of_the_apprenticeship() -> None:
    from workforce_hub.portfolios.selectors import otj_chart

    spec = otj_chart(
        [
            {"week_ending": "2026-09-07", "approved": 3.0, "pace": 6.0},
            {"week_ending": "2026-09-14", "approved": 9.0, "pace": 12.0},
        ]
    )
    assert spec["encoding"]["x"]["field"] == "week" and spec["encoding"]["x"]["axis"]["format"] == "d"
    assert sorted({r["week"] for r in spec["data"]["values"]}) == [1, 2]


def test_a_file_chosen_before_an_error_is_named_so_it_can_be_chosen_again(world: Any, login: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from workforce_hub.portfolios.tests.factories import LearningRecordFactory

    record = LearningRecordFactory(enrolment=world.enrolments["apprentice"])
    upload = SimpleUploadedFile("week-3-reflection.pdf", b"%PDF-1.4 not much", content_type="application/pdf")
    page = login("apprentice").post(f"/learning/{record.pk}/evidence/new/", {"title": "", "upload": upload})
    html = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in html
    assert "You chose week-3-reflection.pdf: choose it again." in html
