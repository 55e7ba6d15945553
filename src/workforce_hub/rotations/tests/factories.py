"""Factories for placements and cohort calendars (factory_boy)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from workforce_hub.organisations.tests.factories import PlacementSettingFactory
from workforce_hub.rotations.models import CohortBlock, Placement
from workforce_hub.schemes.tests.factories import CohortFactory, EnrolmentFactory


class PlacementFactory(factory.django.DjangoModelFactory):
    """A published placement under way today (hosts see the apprentice)."""

    class Meta:
        model = Placement

    enrolment = factory.SubFactory(EnrolmentFactory)
    setting = factory.SubFactory(PlacementSettingFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))
    status = "published"
    block_index = 0


class CohortBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortBlock

    cohort = factory.SubFactory(CohortFactory)
    number = 1
    start_date = factory.LazyAttribute(lambda b: b.cohort.start_date)
    end_date = factory.LazyAttribute(lambda b: b.start_date + timedelta(days=60))
