"""The vacancies API: coordinators create and change vacancies through the same service as the page; the
scheme of a vacancy cannot be moved; bad input is refused field by field."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from workforce_hub.recruitment.models import Vacancy
from workforce_hub.schemes.models import Scheme


def _body(world: Any, **over: Any) -> dict[str, Any]:
    body = {
        "scheme": world.scheme.pk,
        "cohort": world.cohorts["main"].pk,
        "title": "Support worker apprentice",
        "slug": "api-support-worker",
        "places": 4,
        "summary": "Five placements.",
        "placements": "Care homes and wards.",
        "working_pattern": "37.5 hours.",
        "pay": "Apprentice rate.",
        "qualifications": "Diploma.",
        "after_the_scheme": "A job is not guaranteed.",
        "min_english": 2,
        "min_maths": 2,
        "planned_settings": [world.settings["host"].pk],
        "closes_on": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "status": "open",
    }
    body.update(over)
    return body


def test_coordinators_create_and_change_vacancies(world: Any) -> None:
    for key in ("admin", "tutor", "apprentice"):
        assert world.api(key).post("/api/v1/vacancies/", _body(world), format="json").status_code == 403, key
    wrong = world.api("coordinator").post(
        "/api/v1/vacancies/", _body(world, cohort=world.cohorts["p2"].pk, places=0), format="json"
    )
    assert wrong.status_code == 400 and {"cohort", "places"} <= set(wrong.json())
    made = world.api("coordinator").post("/api/v1/vacancies/", _body(world), format="json")
    assert made.status_code == 201, made.content
    vacancy = Vacancy.objects.get(slug="api-support-worker")
    assert vacancy.planned_settings.get() == world.settings["host"]
    other_scheme = Scheme.objects.create(partnership=world.p1, name="Another scheme")
    changed = world.api("coordinator").patch(
        f"/api/v1/vacancies/{vacancy.pk}/", {"places": 6, "title": "Changed"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["places"] == 6
    moved = world.api("coordinator").patch(
        f"/api/v1/vacancies/{vacancy.pk}/", {"scheme": other_scheme.pk}, format="json"
    )
    assert moved.status_code == 200
    vacancy.refresh_from_db()
    assert vacancy.scheme == world.scheme  # a vacancy stays with its scheme
    assert world.api("p2_coordinator").get(f"/api/v1/vacancies/{vacancy.pk}/").status_code == 404
