"""Factories for recruitment (factory_boy): vacancies and applications (eligible by default)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import factory
from django.utils import timezone

from workforce_hub.recruitment import services
from workforce_hub.recruitment.models import Application, Vacancy
from workforce_hub.schemes.tests.factories import CohortFactory


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    cohort = factory.SubFactory(CohortFactory)
    scheme = factory.SelfAttribute("cohort.scheme")
    title = "Support worker apprentice"
    slug = factory.Sequence(lambda n: f"vacancy-{n}")
    summary = "Five placements across health and social care."
    placements = "Care homes, wards and the community."
    working_pattern = "37.5 hours a week."
    pay = "The apprentice rate."
    qualifications = "Level 2 Diploma in Care."
    after_the_scheme = "A job is not guaranteed."
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    status = "open"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    vacancy = factory.SubFactory(VacancyFactory)
    given_name = "Ann"
    family_name = factory.Sequence(lambda n: f"Applicant{n}")
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    date_of_birth = date(2000, 1, 1)
    postcode = "DE1 1AA"
    english = 3
    maths = 3
    right_to_work = True
    statement = "I want to work in care."

    @factory.post_generation
    def screened(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Screened for eligibility as the public form does it (every rule with its reason)."""
        if create:
            services.application_screen(self)
            self.save()
