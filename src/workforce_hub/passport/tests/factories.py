"""Factories for the passport (factory_boy): a training topic in a partnership's catalogue."""

from __future__ import annotations

import factory

from workforce_hub.organisations.tests.factories import PartnershipFactory
from workforce_hub.passport.models import TrainingTopic


class TrainingTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingTopic
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Training topic {n}")
    code = factory.Sequence(lambda n: f"topic-{n}")
    validity_months = 12

    @factory.post_generation
    def accepted_by(self, create: bool, extracted: list[object] | None, **kwargs: object) -> None:
        if create and extracted:
            self.accepted_by.set(extracted)
