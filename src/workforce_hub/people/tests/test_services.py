"""People services: invite, roles, deactivation ending sessions."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError

from workforce_hub.notifications.models import Notification
from workforce_hub.people import services


def test_invite_sends_a_link_and_nothing_sensitive(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    person = world.people["other_apprentice"]
    person.user.delete()
    person.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        path = services.person_invite(person=person, actor=world.users["coordinator"])
    assert path.startswith("/accounts/password/reset/key/")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert path in message.body
    for secret in (person.family_name, person.phone, "2000"):
        assert secret not in message.body
    assert Notification.objects.get(recipient=person).status == "sent"


def test_invite_link_lets_the_person_set_a_password(world: Any, client: Any) -> None:
    person = world.people["other_apprentice"]
    path = services.person_invite(person=person, actor=world.users["coordinator"])
    r = client.get(path, follow=True)
    assert r.status_code == 200
    form_url = r.redirect_chain[-1][0] if r.redirect_chain else path
    r = client.post(form_url, {"password1": "a-long-new-passphrase-2026", "password2": "a-long-new-passphrase-2026"})
    assert r.status_code == 302
    person.user.refresh_from_db()
    assert person.user.check_password("a-long-new-passphrase-2026")


def test_duplicate_role_refused(world: Any) -> None:
    with pytest.raises(ValidationError):
        services.membership_add(
            person=world.people["tutor"],
            organisation=world.orgs["provider"],
            role="tutor",
            actor=world.users["coordinator"],
        )


def test_role_in_other_partnership_refused(world: Any) -> None:
    with pytest.raises(ValidationError):
        services.membership_add(
            person=world.people["tutor"],
            organisation=world.orgs["p2_org"],
            role="tutor",
            actor=world.users["coordinator"],
        )


def test_removing_a_role_ends_sessions_and_access(world: Any, client: Any) -> None:
    user = world.users["tutor"]
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.get(f"/people/{world.people['apprentice'].pk}/").status_code == 200
    services.membership_remove(membership=world.people["tutor"].memberships.get(), actor=world.users["coordinator"])
    assert not Session.objects.exists() or all(
        str(s.get_decoded().get("_auth_user_id")) != str(user.pk) for s in Session.objects.all()
    )
    r = client.get(f"/people/{world.people['apprentice'].pk}/")
    assert r.status_code == 302  # logged out


def test_deactivation_disables_login(world: Any) -> None:
    person = world.people["staff"]
    services.person_update(person=person, data={"is_active": False}, actor=world.users["coordinator"])
    person.user.refresh_from_db()
    assert person.user.is_active is False


def test_duplicate_email_refused(world: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.person_create(
            partnership=world.p1,
            actor=world.users["coordinator"],
            data={"given_name": "X", "family_name": "Y", "email": world.people["staff"].email.upper()},
        )
    assert "already has this e-mail" in exc.value.message_dict["email"][0]
