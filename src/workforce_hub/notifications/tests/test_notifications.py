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
