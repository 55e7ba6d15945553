"""Role design API: the same flow and the same refusals as the pages."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_runs_the_workshop(world: Any) -> None:
    api = world.api("host_manager")
    review = api.post(
        "/api/v1/role-reviews/",
        {
            "title": "Ward 7",
            "organisations": [world.orgs["host"].pk],
            "teams": "Ward 7",
            "need": "waiting_list",
            "need_statement": "Patients wait for discharge.",
            "participants": [world.people["mentor"].pk],
        },
        format="json",
    )
    assert review.status_code == 201, review.content
    rid = review.json()["id"]
    mentor = world.api("mentor")
    made = mentor.post(
        "/api/v1/review-activities/",
        {
            "review": rid,
            "name": "Discharge planning support",
            "suits_support_role": "conditions",
            "supervision": "indirect",
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    aid = made.json()["id"]
    assert (
        mentor.post(f"/api/v1/review-activities/{aid}/decide/", {"decision": "in_scope"}, format="json").status_code
        == 403
    )
    need = api.post(f"/api/v1/review-activities/{aid}/decide/", {"decision": "in_scope"}, format="json")
    assert need.status_code == 400 and "conditions" in need.json()
    agreed = api.post(
        f"/api/v1/review-activities/{aid}/decide/",
        {"decision": "in_scope", "conditions": "With the ward's discharge checklist"},
        format="json",
    )
    assert agreed.status_code == 200 and agreed.json()["decided_by"] == world.people["host_manager"].pk
    assert (
        mentor.post("/api/v1/activity-comments/", {"activity": aid, "text": "Agreed."}, format="json").status_code
        == 201
    )
    profile = api.post(
        "/api/v1/role-profiles/",
        {
            "review": rid,
            "title": "Discharge assistant",
            "purpose": "Supports discharges.",
            "band": "Band 4",
            "training_route": "certificate",
            "competences_signed_off_by": "The ward manager",
            "organisation": world.orgs["host"].pk,
        },
        format="json",
    )
    assert profile.status_code == 201, profile.content
    pid = profile.json()["id"]
    assert profile.json()["scope"][0]["conditions"] == "With the ward's discharge checklist"
    scoped = api.post(
        f"/api/v1/role-profiles/{pid}/scope/",
        {"activity": "Cannulation", "in_scope": False, "conditions": "", "supervision": "", "training": ""},
        format="json",
    )
    assert scoped.status_code == 200 and len(scoped.json()["scope"]) == 2
    assert world.api("apprentice").get(f"/api/v1/role-profiles/{pid}/").status_code == 404  # a draft
    assert api.post(f"/api/v1/role-profiles/{pid}/publish/").status_code == 200
    assert world.api("apprentice").get(f"/api/v1/role-profiles/{pid}/").status_code == 200
    assert api.patch(f"/api/v1/role-profiles/{pid}/", {"band": "Band 5"}, format="json").status_code == 400
    v2 = api.post(f"/api/v1/role-profiles/{pid}/new-version/")
    assert v2.status_code == 201 and v2.json()["version"] == 2
    assert world.api("line_manager").get(f"/api/v1/role-reviews/{rid}/").status_code == 404
    assert world.api("partner_lead").post("/api/v1/role-reviews/", {}, format="json").status_code == 403
