"""Factories for the partnership and its organisations (factory_boy). Every value is valid by default; a test sets
only what it is about."""

from __future__ import annotations

from decimal import Decimal

import factory

from workforce_hub.organisations.models import Membership, Organisation, Partnership, PlacementSetting, Site


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    org_type = "pvi_care_provider"
    sector = "pvi"
    size = 100


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ("organisation", "name")

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.LazyAttribute(lambda s: f"{s.organisation.name} site")
    address = "1 High Street, Derwent"
    postcode = "DE1 1AA"
    latitude = Decimal("52.9")
    longitude = Decimal("-1.4")


class PlacementSettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlacementSetting

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Setting {n}")
    setting_type = "residential_care"
    min_age = 16
    capacity = 2


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory("workforce_hub.people.tests.factories.PersonFactory")
    organisation = factory.SubFactory(OrganisationFactory)
    role = "staff"
