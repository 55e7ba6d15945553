"""The learning-record API for testimonials, expected learning and unit sign-offs: the same services as the pages,
so the same people may write, the same checks refuse bad input, and patient details are held back."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from workforce_hub.notifications.models import Notification
from workforce_hub.portfolios.models import ExpectedLearning, LearningRecord, Testimonial, UnitAchievement
from workforce_hub.programmes.models import Criterion, Unit


def _behaviour_codes(record: LearningRecord) -> list[str]:
    return list(Criterion.objects.filter(standard=record.standard, kind="B").values_list("code", flat=True))


def test_a_testimonial_is_asked_for_and_written_through_the_api(world: Any, record: LearningRecord) -> None:
    placement = world.placements["apprentice"]
    ask = {"record": record.pk, "placement": placement.pk, "author": world.people["mentor"].pk}
    codes = _behaviour_codes(record)
    wrong_author = world.api("apprentice").post(
        "/api/v1/testimonials/", {**ask, "author": world.people["other_host"].pk, "behaviours": codes}, format="json"
    )
    assert wrong_author.status_code == 404  # only the placement's hosts can be asked
    unknown = world.api("apprentice").post("/api/v1/testimonials/", {**ask, "behaviours": ["ZZ"]}, format="json")
    assert unknown.status_code == 400 and "behaviours" in unknown.json()
    host = world.api("host_manager").post("/api/v1/testimonials/", {**ask, "behaviours": codes}, format="json")
    assert host.status_code in (403, 404)  # hosts do not ask for their own testimonials
    made = world.api("apprentice").post("/api/v1/testimonials/", {**ask, "behaviours": codes}, format="json")
    assert made.status_code == 201, made.content
    testimonial = Testimonial.objects.get()
    assert Notification.objects.filter(kind="testimonial_request", recipient=world.people["mentor"]).exists()

    url = f"/api/v1/testimonials/{testimonial.pk}/write/"
    answers = dict.fromkeys(codes, "Seen it often.")
    assert world.api("host_manager").post(url, {"responses": answers}, format="json").status_code == 404
    patient = world.api("mentor").post(
        url, {"responses": {**answers, codes[0]: "Helped the resident at DE22 4GH."}}, format="json"
    )
    assert patient.status_code == 400 and "postcode" in str(patient.json())
    written = world.api("mentor").post(url, {"responses": answers}, format="json")
    assert written.status_code == 200 and written.json()["status"] == "completed"


def test_expected_learning_is_set_by_the_provider_and_read_by_the_host(world: Any, record: LearningRecord) -> None:
    placement = world.placements["apprentice"]
    criterion = Criterion.objects.filter(standard=record.standard).values_list("pk", flat=True).first()
    body = {"placement": placement.pk, "criteria": [criterion], "notes": "Lead one handover"}
    host = world.api("host_manager").post("/api/v1/expected-learning/", body, format="json")
    assert host.status_code == 400 and "training provider or a coordinator" in str(host.json())  # a refusal
    personal = world.api("tutor").post(
        "/api/v1/expected-learning/", {**body, "notes": "Ring 07700 900123"}, format="json"
    )
    assert personal.status_code == 400 and "notes" in personal.json()
    made = world.api("tutor").post("/api/v1/expected-learning/", body, format="json")
    assert made.status_code == 201, made.content
    again = world.api("tutor").post("/api/v1/expected-learning/", {**body, "notes": "Changed"}, format="json")
    assert again.status_code == 201 and ExpectedLearning.objects.get().notes == "Changed"  # one per placement
    seen = world.api("mentor").get("/api/v1/expected-learning/").json()
    assert [row["notes"] for row in seen["results"]] == ["Changed"]


def test_units_are_signed_off_by_the_provider_only(world: Any, record: LearningRecord) -> None:
    units = list(Unit.objects.filter(qualification__standards=record.standard).order_by("pk")[:2])
    body = {"record": record.pk, "units": [u.pk for u in units], "achieved_on": timezone.localdate().isoformat()}
    coordinator = world.api("coordinator").post("/api/v1/unit-achievements/", body, format="json")
    assert coordinator.status_code == 400 and "Only the training provider" in str(coordinator.json())
    assert world.api("other_tutor").post("/api/v1/unit-achievements/", body, format="json").status_code == 404
    future = {**body, "achieved_on": "2999-01-01"}
    assert world.api("tutor").post("/api/v1/unit-achievements/", future, format="json").status_code == 400
    stranger = Unit.objects.exclude(qualification__standards=record.standard).first()
    if stranger is not None:
        wrong = world.api("tutor").post("/api/v1/unit-achievements/", {**body, "units": [stranger.pk]}, format="json")
        assert wrong.status_code == 400
    made = world.api("tutor").post("/api/v1/unit-achievements/", body, format="json")
    assert made.status_code == 201 and len(made.json()) == 2
    assert world.api("tutor").post("/api/v1/unit-achievements/", body, format="json").status_code == 201
    assert UnitAchievement.objects.filter(record=record).count() == 2  # signing off again changes nothing
    assert world.api("apprentice").get("/api/v1/unit-achievements/").json()["count"] == 2


def test_a_record_is_set_up_changed_and_taken_to_the_gateway_through_the_api(world: Any) -> None:
    from workforce_hub.programmes.models import Standard

    enrolment = world.enrolments["apprentice"]
    standard = Standard.objects.get(code="ST0216")
    body = {
        "enrolment": enrolment.pk,
        "standard": standard.pk,
        "start_date": enrolment.cohort.start_date.isoformat(),
        "planned_end": enrolment.cohort.end_date.isoformat(),
        "contracted_hours": "37.5",
    }
    host = world.api("host_manager").post("/api/v1/learning-records/", body, format="json")
    assert host.status_code == 400 and "training provider or a coordinator" in str(host.json())
    short = {**body, "planned_end": (enrolment.cohort.start_date + timedelta(days=30)).isoformat()}
    assert "planned_end" in world.api("tutor").post("/api/v1/learning-records/", short, format="json").json()
    made = world.api("tutor").post("/api/v1/learning-records/", body, format="json")
    assert made.status_code == 201, made.content
    url = f"/api/v1/learning-records/{made.json()['id']}/"
    assert world.api("tutor").post("/api/v1/learning-records/", body, format="json").status_code == 400  # one only
    changed = world.api("tutor").patch(url, {"english_achieved": True}, format="json")
    assert changed.status_code == 200
    assert LearningRecord.objects.get().english_achieved is True
    assert world.api("apprentice").patch(url, {"maths_achieved": True}, format="json").status_code == 400
    assert world.api("tutor").post(url + "employer-confirm/").status_code == 400  # the employer confirms
    confirmed = world.api("line_manager").post(url + "employer-confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["employer_confirmed_at"]
    early = world.api("tutor").post(url + "gateway-pass/", {"on": timezone.localdate().isoformat()}, format="json")
    assert early.status_code == 400 and "Every gateway item" in str(early.json())


def test_plan_versions_and_reviews_are_written_and_signed_by_the_three_parties(
    world: Any, record: LearningRecord
) -> None:
    plan = {
        "record": record.pk,
        "summary": "Care in three settings",
        "otj_plan": "A day a fortnight",
        "employer_commitments": "Protected time",
        "provider_commitments": "Monthly visits",
        "support": "",
    }
    assert world.api("apprentice").post("/api/v1/training-plans/", plan, format="json").status_code == 400
    made = world.api("tutor").post("/api/v1/training-plans/", plan, format="json")
    assert made.status_code == 201, made.content
    same = world.api("tutor").post("/api/v1/training-plans/", plan, format="json")
    assert same.status_code == 400 and "Nothing has changed" in str(same.json())
    sign = f"/api/v1/training-plans/{made.json()['id']}/sign/"
    for key in ("apprentice", "line_manager", "tutor"):
        assert world.api(key).post(sign).status_code == 200, key
    assert world.api("tutor").get(sign.replace("sign/", "")).json()["is_agreed"] is True

    review = record.reviews.order_by("due_on").first()
    assert review is not None
    url = f"/api/v1/progress-reviews/{review.pk}/"
    write_up = {"held_on": timezone.localdate().isoformat(), "progress": "On track", "actions": "Two units"}
    assert world.api("line_manager").patch(url, write_up, format="json").status_code == 400  # the provider writes
    assert world.api("tutor").post(url + "sign/").status_code == 400  # not written up yet
    assert world.api("tutor").patch(url, write_up, format="json").status_code == 200
    for key in ("apprentice", "line_manager", "tutor"):
        assert world.api(key).post(url + "sign/").status_code == 200, key
    assert world.api("apprentice").get(url).json()["is_signed"] is True
    locked = world.api("tutor").patch(url, {**write_up, "progress": "Changed"}, format="json")
    assert locked.status_code == 400 and "signed" in str(locked.json())


def test_a_refusal_on_the_learning_record_is_audited(world: Any, record: LearningRecord) -> None:
    from workforce_hub.core.models import AuditEvent
    from workforce_hub.portfolios.models import OffTheJobEntry

    entry = OffTheJobEntry.objects.create(record=record, activity="teaching", date=record.start_date, hours=2)
    refused = world.api("apprentice").post(f"/api/v1/otj-hours/{entry.pk}/review/", {"approve": True}, format="json")
    assert refused.status_code == 400 and "Only the training provider" in str(refused.json())
    event = AuditEvent.objects.get(action="access_denied", object_id=str(entry.pk))
    assert event.outcome == "refused" and event.actor == world.users["apprentice"]


def test_a_refusal_inside_a_service_transaction_keeps_its_audit(world: Any, record: LearningRecord) -> None:
    """Asking for a testimonial runs in one transaction; the refusal's audit row outlives its rollback."""
    from workforce_hub.core.models import AuditEvent

    ask = {
        "record": record.pk,
        "placement": world.placements["apprentice"].pk,
        "author": world.people["mentor"].pk,
        "behaviours": _behaviour_codes(record),
    }
    refused = world.api("line_manager").post("/api/v1/testimonials/", ask, format="json")
    assert refused.status_code == 400 and "asks for testimonials" in str(refused.json())
    assert not Testimonial.objects.exists()
    event = AuditEvent.objects.get(action="access_denied", object_id=str(record.pk))
    assert event.actor == world.users["line_manager"] and event.outcome == "refused"
