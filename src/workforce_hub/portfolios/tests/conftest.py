from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from workforce_hub.portfolios import services
from workforce_hub.portfolios.models import LearningRecord
from workforce_hub.programmes.models import Standard


def make_record(world: Any, **overrides: Any) -> LearningRecord:
    """The world's apprentice on the healthcare support worker standard, set up by their tutor."""
    enrolment = world.enrolments["apprentice"]
    data = {
        "standard": Standard.objects.get(code="ST0216"),
        "pathway": None,
        "start_date": enrolment.cohort.start_date,
        "planned_end": enrolment.cohort.end_date,
        "contracted_hours": enrolment.cohort.contracted_hours,
    }
    data.update(overrides)
    return services.record_create(actor=world.users["tutor"], enrolment=enrolment, **data)


@pytest.fixture
def record(world: Any) -> LearningRecord:
    return make_record(world)


@pytest.fixture
def today() -> Any:
    return timezone.localdate()


__all__ = ["make_record", "timedelta"]
