"""Factories for employability and destinations (factory_boy): jobs, careers events, destinations."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from workforce_hub.organisations.tests.factories import OrganisationFactory, PartnershipFactory
from workforce_hub.outcomes.models import CareersEvent, Destination, JobVacancy
from workforce_hub.schemes.tests.factories import EnrolmentFactory


class JobVacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobVacancy

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory, partnership=factory.SelfAttribute("..partnership"))
    title = factory.Sequence(lambda n: f"Healthcare support worker {n}")
    sector = "nhs"
    area = "Derby"
    how_to_apply = "Apply online"
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class CareersEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareersEvent

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Careers fair {n}")
    description = "Meet employers from across the partnership."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=2))
    location = "Town hall"


class DestinationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Destination

    enrolment = factory.SubFactory(EnrolmentFactory)
    point = "end"
    recorded_on = factory.LazyFunction(timezone.localdate)
    outcome = "unknown"
