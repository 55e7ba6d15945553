"""Factories for people (factory_boy); their logins come from the accounts factories."""

from __future__ import annotations

from datetime import date

import factory

from workforce_hub.accounts.tests.factories import PASSWORD, UserFactory
from workforce_hub.organisations.tests.factories import PartnershipFactory
from workforce_hub.people.models import Person

__all__ = ["PASSWORD", "PersonFactory", "UserFactory"]


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    partnership = factory.SubFactory(PartnershipFactory)
    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    email = factory.LazyAttribute(lambda p: f"{p.given_name.lower()}.{p.family_name.lower()}@example.org")
    phone = "07700 900123"
    postcode = "DE1 1AA"
    date_of_birth = date(2000, 1, 1)
