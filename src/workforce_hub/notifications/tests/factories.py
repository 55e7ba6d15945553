"""Factories for notifications (factory_boy): a queued message to a person."""

from __future__ import annotations

import factory

from workforce_hub.notifications.models import Notification
from workforce_hub.people.tests.factories import PersonFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    key = factory.Sequence(lambda n: f"test:{n}")
    recipient = factory.SubFactory(PersonFactory)
    kind = "test"
    subject = "A message from Workforce Hub"
    body = "Something needs your attention. Open the link to see it."
    link = "/"
