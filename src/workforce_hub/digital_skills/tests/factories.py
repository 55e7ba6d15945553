"""Factories for digital skills support (factory_boy): champions, drop-ins, the support log, resources, maturity."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from workforce_hub.digital_skills.models import (
    Champion,
    DropIn,
    LearningResource,
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


class LearningResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningResource

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Resource {n}")
    url = "https://example.org/learn"
    domain_code = "communication"
    level = 1
    duration_minutes = 10
    format = "course"


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
