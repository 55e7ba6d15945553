"""Factories for learning records (factory_boy). A record is on the healthcare support worker standard
(ST0216, shipped in the catalogue) under the funding rules for its start date."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory

from workforce_hub.people.tests.factories import PersonFactory
from workforce_hub.portfolios.models import Evidence, LearningRecord, OffTheJobEntry, TrainingPlan
from workforce_hub.programmes.models import FundingRuleSet, Standard
from workforce_hub.schemes.tests.factories import EnrolmentFactory


class LearningRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningRecord

    enrolment = factory.SubFactory(EnrolmentFactory)
    standard = factory.LazyFunction(lambda: Standard.objects.filter(code="ST0216").order_by("-version").first())
    start_date = factory.LazyAttribute(lambda r: r.enrolment.cohort.start_date)
    planned_end = factory.LazyAttribute(lambda r: r.start_date + timedelta(days=450))
    rule_set = factory.LazyAttribute(lambda r: FundingRuleSet.objects.for_start(r.start_date))
    contracted_hours = Decimal("37.5")


class TrainingPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingPlan

    record = factory.SubFactory(LearningRecordFactory)
    version = 1
    summary = "Care in three settings over fifteen months."
    otj_plan = "A learning day every fortnight."
    employer_commitments = "Protected learning time."
    provider_commitments = "Monthly visits and reviews."
    created_by = factory.SubFactory(  # the provider's tutor who wrote it
        PersonFactory, partnership=factory.SelfAttribute("..record.enrolment.cohort.scheme.partnership")
    )


class OffTheJobEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OffTheJobEntry

    record = factory.SubFactory(LearningRecordFactory)
    activity = "teaching"
    date = factory.LazyAttribute(lambda e: e.record.start_date)
    hours = Decimal("2")
    description = "Moving and handling training."


class EvidenceFactory(factory.django.DjangoModelFactory):
    """A written account that passed the patient-data check and the virus check."""

    class Meta:
        model = Evidence

    record = factory.SubFactory(LearningRecordFactory)
    kind = "reflection"
    title = factory.Sequence(lambda n: f"Reflective account {n}")
    reflection = "I helped a resident choose their lunch and recorded what they ate."
    screening = "clear"
    scan = "clean"
