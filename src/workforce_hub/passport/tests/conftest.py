from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from workforce_hub.passport import services
from workforce_hub.passport.models import Credential, TrainingTopic

from .factories import TrainingTopicFactory


@pytest.fixture
def topics(world: Any) -> dict[str, TrainingTopic]:
    """Six topics in the world's partnership; none accepted across the partnership unless a test says so.

    The names are long enough not to turn up by chance in a page's random tokens (a two-letter name such as "Mh"
    once matched a CSRF token and put it in the wrong place on the page)."""
    return {
        code: TrainingTopicFactory(partnership=world.p1, code=code, name=f"Topic {code.upper()} training")
        for code in ("bls", "ig", "mh", "sg", "ipc", "fire")
    }


def record(
    world: Any, key: str, topic: TrainingTopic, org: str, days_ago: int = 30, by: str = "coordinator"
) -> Credential:
    """`key` completed `topic`, recorded for organisation `org`; returns the credential issued for it."""
    services.training_record(
        actor=world.user(by),
        person=world.people[key],
        topic=topic,
        organisation=world.orgs[org],
        course=f"{topic.name} course",
        completed_on=timezone.localdate() - timedelta(days=days_ago),
        evidence="Certificate seen.",
    )
    return Credential.objects.filter(holder=world.people[key], topic=topic).latest("created_at")


def today() -> date:
    return timezone.localdate()
