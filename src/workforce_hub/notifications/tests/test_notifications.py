"""Notifications: one message per key, re-checked when sent, nothing sensitive inside."""

from __future__ import annotations

from typing import Any

from django.core import mail

from workforce_hub.notifications.models import Notification
from workforce_hub.notifications.services import notification_queue
from workforce_hub.notifications.tasks import send_notification


def test_same_key_sends_once(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    person = world.people["apprentice"]
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            notification_queue(key="k1", recipient=person, kind="test", subject="Hello", body="Short text", link="/x/")
    assert Notification.objects.filter(key="k1").count() == 1
    assert len(mail.outbox) == 1
    assert "http" in mail.outbox[0].body and "/x/" in mail.outbox[0].body
    send_notification.call(notification_id=Notification.objects.get(key="k1").pk)  # a second run sends nothing
    assert len(mail.outbox) == 1


def test_inactive_recipient_is_not_sent(world: Any) -> None:
    person = world.people["apprentice"]
    n = Notification.objects.create(key="k2", recipient=person, kind="test", subject="S", body="B")
    person.is_active = False
    person.save()
    assert send_notification.call(notification_id=n.pk) == "skipped"
    n.refresh_from_db()
    assert n.status == "skipped"
    assert mail.outbox == []


def test_a_queued_message_is_not_sent_after_the_recipient_lost_the_role_it_was_for(world: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from workforce_hub.core.roles import HOST_ROLES
    from workforce_hub.organisations.models import Membership

    host = world.people["host_manager"]
    org = world.orgs["host"]
    kept = notification_queue(key="h1", recipient=host, kind="t", subject="S", body="B", as_role=(HOST_ROLES, org.pk))
    lost = notification_queue(key="h2", recipient=host, kind="t", subject="S", body="B", as_role=(HOST_ROLES, org.pk))
    assert send_notification.call(notification_id=kept.pk) == "sent"
    Membership.objects.filter(person=host, organisation=org).update(ends_on=timezone.localdate() - timedelta(days=1))
    assert send_notification.call(notification_id=lost.pk) == "skipped"
    lost.refresh_from_db()
    assert lost.status_reason == "recipient no longer holds the role the message was for"
    assert len(mail.outbox) == 1


def test_a_queued_message_is_not_sent_to_someone_who_can_no_longer_see_its_record(world: Any) -> None:
    from workforce_hub.organisations.models import Membership

    coordinator = world.people["coordinator"]
    enrolment = world.enrolments["apprentice"]
    queued = notification_queue(key="p1", recipient=coordinator, kind="t", subject="S", body="B", about=enrolment)
    Membership.objects.filter(person=coordinator).delete()  # no longer a coordinator
    assert send_notification.call(notification_id=queued.pk) == "skipped"
    queued.refresh_from_db()
    assert queued.status_reason == "recipient can no longer see what the message is about"
    assert mail.outbox == []
    apprentice = world.people["apprentice"]
    own = notification_queue(key="p2", recipient=apprentice, kind="t", subject="S", body="B", about=enrolment)
    assert send_notification.call(notification_id=own.pk) == "sent"
