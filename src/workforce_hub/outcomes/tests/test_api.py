"""The careers-events API: coordinators and admins add and change events; anyone in the partnership signs up for
themselves, once, while there are places, and can cancel."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from workforce_hub.outcomes.models import CareersEvent, EventSignup


def _event(**over: Any) -> dict[str, Any]:
    starts = timezone.now() + timedelta(days=10)
    body = {
        "title": "Careers fair",
        "description": "Meet employers.",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=3)).isoformat(),
        "location": "Town hall",
        "capacity": 1,
    }
    body.update(over)
    return body


def test_events_are_added_by_coordinators_and_taken_up_by_members(world: Any) -> None:
    assert world.api("apprentice").post("/api/v1/careers-events/", _event(), format="json").status_code == 403
    backwards = _event(ends_at=(timezone.now() + timedelta(days=1)).isoformat())
    assert world.api("coordinator").post("/api/v1/careers-events/", backwards, format="json").status_code == 400
    made = world.api("coordinator").post("/api/v1/careers-events/", _event(), format="json")
    assert made.status_code == 201, made.content
    event = CareersEvent.objects.get()
    assert event.partnership == world.p1
    url = f"/api/v1/careers-events/{event.pk}/"
    signed = world.api("apprentice").post(url + "sign-up/")
    assert signed.status_code == 200 and signed.json()["signed_up"] is True and signed.json()["places_taken"] == 1
    assert world.api("apprentice").post(url + "sign-up/").status_code == 200  # again: still one place
    full = world.api("staff").post(url + "sign-up/")
    assert full.status_code == 400 and "full" in str(full.json())
    assert world.api("p2_apprentice").post(url + "sign-up/").status_code == 404
    cancelled = world.api("apprentice").post(url + "cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["places_taken"] == 0
    assert not EventSignup.objects.exists()
    changed = world.api("admin").patch(url, {"capacity": 30}, format="json")
    assert changed.status_code == 200 and changed.json()["capacity"] == 30


def test_people_keep_their_own_job_preferences_and_coordinators_send_alerts(world: Any) -> None:
    from workforce_hub.outcomes.models import JobPreference

    mine = world.api("apprentice").get("/api/v1/job-preferences/mine/")
    assert mine.status_code == 200 and mine.json()["alerts"] is True
    bad = world.api("apprentice").put("/api/v1/job-preferences/mine/", {"max_distance_km": -5}, format="json")
    assert bad.status_code == 400
    for nonsense in ({"sectors": None}, {"areas": None}, {"sectors": ["moon"]}):  # found by the fuzz test
        assert world.api("apprentice").put("/api/v1/job-preferences/mine/", nonsense, format="json").status_code == 400
    saved = world.api("apprentice").put(
        "/api/v1/job-preferences/mine/", {"sectors": ["nhs"], "areas": ["Derby"], "alerts": False}, format="json"
    )
    assert saved.status_code == 200 and saved.json()["sectors"] == ["nhs"]
    assert JobPreference.objects.get().person == world.people["apprentice"]
    assert world.api("anonymous").get("/api/v1/job-preferences/mine/").status_code == 401
    assert world.api("apprentice").post("/api/v1/job-alerts/send/").status_code == 403
    sent = world.api("coordinator").post("/api/v1/job-alerts/send/")
    assert sent.status_code == 200 and sent.json() == {"sent": 0}  # nobody is near the end of their scheme
