"""The digital-skills API for the catalogue of learning resources: read by every member, changed by admins and
coordinators only."""

from __future__ import annotations

from conftest import World
from workforce_hub.digital_skills.models import LearningResource


def test_learning_resources_are_curated_by_admins_and_coordinators(world: World) -> None:
    body = {"title": "Email basics", "url": "https://example.org/email", "domain_code": "communication", "level": 1}
    body |= {"duration_minutes": 20, "format": "video"}
    assert world.api("staff").post("/api/v1/learning-resources/", body, format="json").status_code == 403
    made = world.api("admin").post("/api/v1/learning-resources/", body, format="json")
    assert made.status_code == 201, made.content
    url = f"/api/v1/learning-resources/{made.json()['id']}/"
    assert world.api("staff").get(url).json()["title"] == "Email basics"
    assert world.api("coordinator").patch(url, {"title": "Email"}, format="json").json()["title"] == "Email"
    assert world.api("staff").delete(url).status_code == 403
    assert world.api("coordinator").delete(url).status_code == 204
    assert not LearningResource.objects.exists()
