"""Factories for support during the scheme (factory_boy): appraisals, feedback, exit questionnaires, handovers."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from workforce_hub.people.tests.factories import PersonFactory
from workforce_hub.rotations.tests.factories import PlacementFactory
from workforce_hub.schemes.tests.factories import EnrolmentFactory
from workforce_hub.support.models import Appraisal, ExitQuestionnaire, HandoverMeeting, PlacementFeedback


class HandoverMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandoverMeeting

    placement = factory.SubFactory(PlacementFactory)
    scheduled_for = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class AppraisalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appraisal

    placement = factory.SubFactory(PlacementFactory)
    author = factory.SubFactory(PersonFactory)
    practice = communication = teamwork = reliability = 3
    strengths = "Calm and kind with residents"
    to_develop = "Care planning"


class PlacementFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlacementFeedback

    placement = factory.SubFactory(PlacementFactory)
    author = factory.LazyAttribute(lambda f: f.placement.enrolment.apprentice)
    overall = welcome = learning = support = 4
    went_well = "A welcoming team"
    could_improve = "More time with the mentor"


class ExitQuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExitQuestionnaire

    enrolment = factory.SubFactory(EnrolmentFactory, status="completed")
    author = factory.LazyAttribute(lambda e: e.enrolment.apprentice)
    overall = support = rotation = 4
    would_recommend = True
    best_part = "Seeing different settings"
    improve = "Earlier notice of placements"
