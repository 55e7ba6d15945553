"""Role design pages: who sees and does what, forms that keep what was typed, and exports that hold no more than
the profile page."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest

from workforce_hub.core.models import AuditEvent
from workforce_hub.roles import services
from workforce_hub.roles.models import Activity, RoleProfile, RoleReview

pytestmark = pytest.mark.django_db


def _review(world: Any) -> RoleReview:
    return services.review_create(
        actor=world.user("host_manager"),
        data={
            "title": "Ward 7",
            "organisations": [world.orgs["host"]],
            "teams": "Ward 7 nursing team",
            "need": "capacity",
            "need_statement": "Nurses spend time on routine observations.",
            "participants": [world.people["mentor"]],
        },
    )


@pytest.mark.parametrize(
    ("key", "sees"),
    [
        ("host_manager", True),
        ("mentor", True),  # a participant
        ("coordinator", True),
        ("admin", True),
        ("other_host", False),
        ("line_manager", False),
        ("apprentice", False),
        ("partner_lead", False),
        ("p2_coordinator", False),
    ],
)
def test_who_sees_a_review(world: Any, login: Any, key: str, sees: bool) -> None:
    review = _review(world)
    activity = services.activity_add(actor=world.user("mentor"), review=review, data={"name": "Observations"})
    client = login(key)
    for path in (
        f"/roles/reviews/{review.pk}/",
        f"/roles/reviews/{review.pk}/activities/",
        f"/roles/activities/{activity.pk}/",
    ):
        assert (client.get(path).status_code == 200) is sees, (key, path)
    assert ("Ward 7" in client.get("/roles/").content.decode()) is sees


def test_the_workshop_adds_activities_and_keeps_bad_input(world: Any, login: Any) -> None:
    review = _review(world)
    client = login("mentor")
    ok = client.post(f"/roles/reviews/{review.pk}/activities/", {"library": "1", "team_kind": "Hospital ward"})
    assert ok.status_code == 302 and review.activities.count() == 6
    twice = client.post(
        f"/roles/reviews/{review.pk}/activities/", {"add": "1", "name": "Cannulation", "done_now_by": "Nurse band 5"}
    )
    assert twice.status_code == 200 and "already lists this activity" in twice.content.decode()
    assert "Nurse band 5" in twice.content.decode()  # kept
    page = client.get(f"/roles/reviews/{review.pk}/activities/").content.decode()
    assert "Admission observations" in page and "Not agreed yet" in page
    activity = Activity.objects.get(review=review, name="Cannulation")
    assert "Record the decision" not in client.get(f"/roles/activities/{activity.pk}/").content.decode()
    commented = client.post(f"/roles/activities/{activity.pk}/", {"comment": "1", "text": "Only after training."})
    assert commented.status_code == 302 and activity.comments.count() == 1
    assert (
        login("apprentice").post(f"/roles/activities/{activity.pk}/", {"comment": "1", "text": "x"}).status_code == 404
    )
    manager = login("host_manager")
    refused = manager.post(f"/roles/activities/{activity.pk}/", {"decide": "1", "decision": "in_scope"})
    assert refused.status_code == 200 and "has not said a support role could do this" in refused.content.decode()
    assert (
        login("line_manager").post(f"/roles/reviews/{review.pk}/activities/", {"add": "1", "name": "X"}).status_code
        == 404
    )


def test_the_profile_pages_and_the_job_description(world: Any, login: Any) -> None:
    review = _review(world)
    manager = world.user("host_manager")
    activity = services.activity_add(
        actor=manager,
        review=review,
        data={"name": "Observations", "suits_support_role": "yes", "supervision": "remote"},
    )
    services.activity_decide(actor=manager, activity=activity, decision="in_scope")
    client = login("host_manager")
    bad = client.post(f"/roles/reviews/{review.pk}/profile/", {"title": "AP", "training_route": "apprenticeship"})
    assert bad.status_code == 200 and "AP" in bad.content.decode()
    made = client.post(
        f"/roles/reviews/{review.pk}/profile/",
        {
            "title": "Assistant practitioner",
            "organisation": world.orgs["host"].pk,
            "purpose": "Routine care.",
            "band": "Band 4",
            "training_route": "in_house",
            "competences_signed_off_by": "A registered nurse",
        },
    )
    profile = RoleProfile.objects.get(review=review)
    assert made.status_code == 302 and made.url == f"/roles/profiles/{profile.pk}/"
    assert login("apprentice").get(f"/roles/profiles/{profile.pk}/").status_code == 404  # a draft
    client = login("host_manager")
    assert client.post(f"/roles/profiles/{profile.pk}/publish/").status_code == 302
    page = login("apprentice").get(f"/roles/profiles/{profile.pk}/").content.decode()  # published: everyone reads it
    assert "Observations" in page and "Make a new version" not in page
    assert login("p2_coordinator").get(f"/roles/profiles/{profile.pk}/").status_code == 404
    word = login("mentor").get(f"/roles/profiles/{profile.pk}/job-description.docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "Observations" in text and "Routine care." in text
    assert world.people["host_manager"].family_name not in text  # no more than the page: nobody's name
    pdf = login("mentor").get(f"/roles/profiles/{profile.pk}/job-description.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", object_type="roles.roleprofile").count() == 2
    compare = login("mentor").get(f"/roles/profiles/compare/?left={profile.pk}&right={profile.pk}").content.decode()
    assert "Observations" in compare
