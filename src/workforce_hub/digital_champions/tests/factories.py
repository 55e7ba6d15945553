"""Factories for digital champions (factory_boy): champions, drop-ins, the support log, quality levels, maturity."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from workforce_hub.digital_champions.models import (
    Champion,
    DropIn,
    MaturityAssessment,
    QualityMarkLevel,
    SupportContact,
)
from workforce_hub.organisations.tests.factories import OrganisationFactory, PartnershipFactory
from workforce_hub.people.tests.factories import PersonFactory


class ChampionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Champion

    person = factory.SubFactory(PersonFactory)
    partnership = factory.SelfAttribute("person.partnership")
    organisation = factory.SubFactory(OrganisationFactory, partnership=factory.SelfAttribute("..partnership"))


class DropInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DropIn

    champion = factory.SubFactory(ChampionFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    place = "Meeting room 2"


class SupportContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportContact

    champion = factory.SubFactory(ChampionFactory)
    happened_on = factory.LazyFunction(timezone.localdate)
    domain_code = "communication"
    minutes = 10
    outcome = "resolved"


class QualityMarkLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualityMarkLevel

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Level {n}")
    min_average = 2.5


class MaturityAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaturityAssessment

    organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(PersonFactory, partnership=factory.SelfAttribute("..organisation.partnership"))
    assessed_on = factory.LazyFunction(timezone.localdate)
