"""Factories for schemes, cohorts and enrolments (factory_boy). An enrolment starts with its first status change,
as the enrolment service writes it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from workforce_hub.organisations.tests.factories import OrganisationFactory, PartnershipFactory
from workforce_hub.people.tests.factories import PersonFactory
from workforce_hub.schemes.models import Cohort, Enrolment, EnrolmentStatusChange, Scheme


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Scheme {n}")


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    scheme = factory.SubFactory(SchemeFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    employer = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..scheme.partnership"), org_type="council"
    )
    training_provider = factory.SubFactory(
        OrganisationFactory,
        partnership=factory.SelfAttribute("..scheme.partnership"),
        org_type="training_provider",
        sector="other",
    )
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    end_date = factory.LazyAttribute(lambda c: c.start_date + timedelta(days=450))
    contracted_hours = Decimal("37.5")


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment
        skip_postgeneration_save = True

    cohort = factory.SubFactory(CohortFactory)
    apprentice = factory.SubFactory(PersonFactory, partnership=factory.SelfAttribute("..cohort.scheme.partnership"))
    status = "started"

    @factory.post_generation
    def history(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            EnrolmentStatusChange.objects.create(
                enrolment=self, to_status=self.status, reason="Test set-up", effective_on=timezone.localdate()
            )
