"""Factories for digital skills (factory_boy): learning resources."""

from __future__ import annotations

import factory

from workforce_hub.digital_skills.models import LearningResource
from workforce_hub.organisations.tests.factories import PartnershipFactory


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
