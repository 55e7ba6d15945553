"""Shared REST plumbing: a request can only name records its caller may see (VisibleChoicesSerializer)."""

from __future__ import annotations

from typing import Any


def test_related_choices_are_limited_to_what_the_caller_sees(world: Any) -> None:
    setting = world.settings["host"]
    url = f"/api/v1/settings/{setting.pk}/"
    elsewhere = world.api("admin").patch(url, {"contact": world.people["p2_apprentice"].pk}, format="json")
    assert elsewhere.status_code == 400 and "contact" in elsewhere.json()  # another partnership's person
    mine = world.api("admin").patch(url, {"contact": world.people["host_manager"].pk}, format="json")
    assert mine.status_code == 200 and mine.json()["contact"] == world.people["host_manager"].pk
    other_cohort = world.api("coordinator").post(
        "/api/v1/plan-runs/", {"cohorts": [world.cohorts["p2"].pk]}, format="json"
    )
    assert other_cohort.status_code == 400 and "cohorts" in other_cohort.json()
    hidden = world.api("apprentice").post(
        "/api/v1/otj-hours/",
        {"record": 999999, "activity": "online", "date": "2026-01-01", "hours": "1", "description": "x"},
        format="json",
    )
    assert hidden.status_code == 400 and "record" in hidden.json()
