"""Factories for role design (factory_boy): a review at an organisation, its activities, and profiles."""

from __future__ import annotations

from typing import Any

import factory

from workforce_hub.organisations.tests.factories import OrganisationFactory, PartnershipFactory
from workforce_hub.roles.models import Activity, RoleProfile, RoleReview, ScopeLine


class RoleReviewFactory(factory.django.DjangoModelFactory):
    """A review; `organisations=[...]` names its organisations (default: a new one in its partnership)."""

    class Meta:
        model = RoleReview
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Review {n}")
    teams = "Community nursing"
    need = "capacity"
    need_statement = "Nurses spend their visits on tasks a trained support worker could do."

    @factory.post_generation
    def organisations(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.organisations.set(extracted or [OrganisationFactory(partnership=self.partnership)])


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    review = factory.SubFactory(RoleReviewFactory)
    name = factory.Sequence(lambda n: f"Activity {n}")
    done_now_by = "Registered nurse, band 5"


class RoleProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleProfile

    organisation = factory.SubFactory(OrganisationFactory)
    partnership = factory.SelfAttribute("organisation.partnership")
    title = "Assistant practitioner"
    purpose = "Takes on routine clinical work so that nurses can see more complex patients."
    band = "Band 4"
    training_route = "apprenticeship"
    competences_signed_off_by = "A registered nurse"


class ScopeLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScopeLine

    profile = factory.SubFactory(RoleProfileFactory)
    activity = factory.Sequence(lambda n: f"Activity {n}")
    in_scope = True
    supervision = "indirect"
