"""People through the API: inviting someone gives them a login and e-mails a link, and only the roles that manage
people may do it."""

from __future__ import annotations

from typing import Any

from django.core import mail

from workforce_hub.people.models import Person


def test_coordinators_invite_people_and_the_link_goes_by_email_only(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    person = Person.objects.create(
        partnership=world.p1, given_name="Nia", family_name="Roberts", email="nia@example.org"
    )
    url = f"/api/v1/people/{person.pk}/invite/"
    assert world.api("tutor").post(url).status_code == 403  # tutors do not manage people
    assert world.api("p2_coordinator").post(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        invited = world.api("coordinator").post(url)
    assert invited.status_code == 200 and invited.json() == {"invited": True}  # the link itself is never returned
    person.refresh_from_db()
    assert person.user is not None and person.invited_at is not None
    assert mail.outbox[-1].to == ["nia@example.org"]
    refused = world.api("apprentice").post(f"/api/v1/people/{world.people['apprentice'].pk}/invite/")
    assert refused.status_code == 403
