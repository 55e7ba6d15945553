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


def test_the_back_up_pool_through_the_api(world: Any) -> None:
    from workforce_hub.recruitment import services

    vacancy = Vacancy.objects.create(
        scheme=world.scheme,
        cohort=world.cohorts["main"],
        title="V",
        slug="pool",
        summary="s",
        placements="p",
        working_pattern="w",
        pay="p",
        qualifications="q",
        after_the_scheme="a",
        closes_on=timezone.localdate() + timedelta(days=10),
        status=Vacancy.Status.OPEN,
    )
    people = []
    for n, email in enumerate(("a@example.com", "b@example.com")):
        people.append(
            services.application_submit(
                vacancy=vacancy,
                data={
                    "given_name": f"Ann{n}",
                    "family_name": "Applicant",
                    "email": email,
                    "date_of_birth": timezone.localdate().replace(year=timezone.localdate().year - 25),
                    "postcode": "DE1 1AA",
                    "english": 3,
                    "maths": 3,
                    "right_to_work": True,
                    "statement": "s",
                },
            )
        )
    first, second = (f"/api/v1/applications/{a.pk}/pool/" for a in people)
    assert world.api("admin").post(first, {"do": "add"}).status_code == 403
    assert world.api("coordinator").post(first, {"do": "sideways"}).status_code == 400
    not_yet = world.api("coordinator").post(first, {"do": "add"})
    assert not_yet.status_code == 400 and "shortlisted or interviewed" in str(not_yet.json())
    for a in people:
        world.api("coordinator").post(f"/api/v1/applications/{a.pk}/move/", {"to_stage": "shortlisted"})
    assert world.api("coordinator").post(first, {"do": "add"}).json()["pool_rank"] == 1
    assert world.api("coordinator").post(second, {"do": "add"}).json()["pool_rank"] == 2
    assert world.api("coordinator").post(second, {"do": "up"}).json()["pool_rank"] == 1
    assert world.api("coordinator").post(second, {"do": "remove"}).json()["pool_rank"] is None
    people[0].refresh_from_db()
    assert people[0].pool_rank == 1  # the pool closes up
