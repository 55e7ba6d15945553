"""The support API writes through the same services as the pages: who may write, when, and what a bad request
gets back. Who may read each record is in the access-policy table (core/tests/test_access_policy.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from workforce_hub.core.models import AuditEvent
from workforce_hub.schemes.models import EnrolmentStatus
from workforce_hub.support.models import Appraisal, ExitQuestionnaire, HandoverMeeting, PlacementFeedback

APPRAISAL = {
    "practice": 4,
    "communication": 4,
    "teamwork": 4,
    "reliability": 4,
    "strengths": "Calm with residents",
    "to_develop": "Care planning",
}
FEEDBACK = {"overall": 4, "welcome": 5, "learning": 4, "support": 3, "went_well": "a", "could_improve": "b"}
EXIT = {"overall": 4, "support": 4, "rotation": 3, "would_recommend": True, "best_part": "x", "improve": "y"}


def _ending_soon(world: Any) -> Any:
    placement = world.placements["apprentice"]
    placement.end_date = timezone.localdate() + timedelta(days=5)
    placement.save()
    return placement


def test_the_placement_line_manager_writes_an_appraisal_near_the_end(world: Any) -> None:
    placement = world.placements["apprentice"]
    early = world.api("host_manager").post("/api/v1/appraisals/", {**APPRAISAL, "placement": placement.pk})
    assert early.status_code == 403 and "between" in early.json()["detail"]
    _ending_soon(world)
    for key in ("mentor", "other_host", "apprentice"):
        refused = world.api(key).post("/api/v1/appraisals/", {**APPRAISAL, "placement": placement.pk}, format="json")
        assert refused.status_code in (400, 403), key  # 400 when they cannot even see the placement
    assert AuditEvent.objects.filter(action="access_denied").exists()
    bad = world.api("host_manager").post("/api/v1/appraisals/", {**APPRAISAL, "practice": 9, "placement": placement.pk})
    assert bad.status_code == 400 and "practice" in bad.json()
    made = world.api("host_manager").post("/api/v1/appraisals/", {**APPRAISAL, "placement": placement.pk})
    assert made.status_code == 201, made.content
    assert Appraisal.objects.get().author == world.people["host_manager"]
    again = world.api("host_manager").post("/api/v1/appraisals/", {**APPRAISAL, "placement": placement.pk})
    assert again.status_code == 400 and "already" in str(again.json())


def test_only_the_apprentice_gives_placement_feedback_once_it_opens(world: Any) -> None:
    placement = world.placements["apprentice"]
    closed = world.api("apprentice").post("/api/v1/placement-feedback/", {**FEEDBACK, "placement": placement.pk})
    assert closed.status_code == 400 and "two weeks" in str(closed.json())
    _ending_soon(world)
    host = world.api("host_manager").post("/api/v1/placement-feedback/", {**FEEDBACK, "placement": placement.pk})
    assert host.status_code == 403
    made = world.api("apprentice").post("/api/v1/placement-feedback/", {**FEEDBACK, "placement": placement.pk})
    assert made.status_code == 201 and PlacementFeedback.objects.count() == 1
    assert world.api("host_manager").get("/api/v1/placement-feedback/").json()["count"] == 0


def test_the_exit_questionnaire_opens_when_the_apprentice_completes_or_leaves(world: Any) -> None:
    enrolment = world.enrolments["apprentice"]
    early = world.api("apprentice").post("/api/v1/exit-questionnaires/", {**EXIT, "enrolment": enrolment.pk})
    assert early.status_code == 400 and "opens when" in str(early.json())
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.save()
    other = world.api("coordinator").post("/api/v1/exit-questionnaires/", {**EXIT, "enrolment": enrolment.pk})
    assert other.status_code == 403
    made = world.api("apprentice").post("/api/v1/exit-questionnaires/", {**EXIT, "enrolment": enrolment.pk})
    assert made.status_code == 201 and ExitQuestionnaire.objects.get().author == world.people["apprentice"]
    elsewhere = world.api("other_apprentice").post("/api/v1/exit-questionnaires/", {**EXIT, "enrolment": enrolment.pk})
    assert elsewhere.status_code == 400  # not an enrolment they can see


def test_the_handover_record_is_written_by_the_coordinator_or_the_current_host(world: Any) -> None:
    from workforce_hub.support import services

    services.handovers_schedule(enrolment_ids=[world.enrolments["apprentice"].pk])
    meeting = HandoverMeeting.objects.get(placement=world.placements["apprentice"])
    record = {"progress": "Good", "strengths": "Kind", "areas_to_develop": "Hoist", "for_next_host": "Tea"}
    assert world.api("line_manager").patch(f"/api/v1/handovers/{meeting.pk}/", record).status_code == 403
    assert world.api("tutor").patch(f"/api/v1/handovers/{meeting.pk}/", record).status_code == 404
    empty = world.api("host_manager").patch(f"/api/v1/handovers/{meeting.pk}/", {"progress": ""})
    assert empty.status_code == 400
    done = world.api("host_manager").patch(f"/api/v1/handovers/{meeting.pk}/", record)
    assert done.status_code == 200 and done.json()["completed_at"]
    meeting.refresh_from_db()
    assert meeting.for_next_host == "Tea"


def test_pastoral_notes_have_no_api() -> None:
    from workforce_hub.api.urls import router

    assert not any("pastoral" in prefix for prefix, _, _ in router.registry)


def test_arrival_is_confirmed_by_the_host_during_the_placement_or_the_coordinator(world: Any) -> None:
    placement = world.placements["apprentice"]
    url = f"/api/v1/placements/{placement.pk}/arrived/"
    assert world.api("line_manager").post(url).status_code == 403
    assert world.api("other_host").post(url).status_code == 404
    done = world.api("host_manager").post(url)
    assert done.status_code == 200 and done.json()["arrival_confirmed_at"]
    assert world.api("coordinator").post(url).json() == done.json()  # once only
