"""Demo data for digital skills: staff at every GP practice and the trust, two assessment rounds, resources."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from workforce_hub.core.roles import Role
from workforce_hub.organisations.models import Membership, Organisation, Partnership
from workforce_hub.people.models import Person

from . import services
from .models import Answer, Assessment, AssessmentRound, DomainResult, LearningResource, Response, StaffGroup

RESOURCES = [
    ("Getting started with email and online accounts", "https://www.learnmyway.com/", "communication", 1, 30, "course"),
    ("Video calls at work: a short guide", "https://www.learnmyway.com/", "communication", 2, 15, "guide"),
    ("Learning online: finding and finishing a course", "https://www.e-lfh.org.uk/", "learning", 1, 20, "video"),
    ("Planning your own learning", "https://www.e-lfh.org.uk/", "learning", 2, 30, "course"),
    ("Is this website trustworthy?", "https://www.learnmyway.com/", "information", 1, 20, "course"),
    ("Spreadsheets for busy teams", "https://www.learnmyway.com/", "information", 2, 60, "session"),
    ("Making a simple leaflet or poster", "https://www.learnmyway.com/", "creation", 1, 30, "video"),
    ("Trying out a new way of working", "https://www.e-lfh.org.uk/", "creation", 2, 45, "session"),
    ("Computer basics: logging in, wifi and passwords", "https://www.learnmyway.com/", "technical", 1, 30, "course"),
    ("Fixing common problems before calling IT", "https://www.learnmyway.com/", "technical", 2, 20, "guide"),
    (
        "Top tips for staying secure online",
        "https://www.ncsc.gov.uk/training/top-tips-for-staff-web",
        "wellbeing",
        1,
        20,
        "course",
    ),
    (
        "Keeping personal information safe at work",
        "https://www.ncsc.gov.uk/training/top-tips-for-staff-web",
        "wellbeing",
        2,
        30,
        "course",
    ),
]
GROUPS_AT_PRACTICE = [
    StaffGroup.ADMIN,
    StaffGroup.ADMIN,
    StaffGroup.CLINICAL,
    StaffGroup.CLINICAL,
    StaffGroup.MANAGER,
    StaffGroup.CARE,
]
GROUPS_AT_TRUST = [
    StaffGroup.CLINICAL,
    StaffGroup.CARE,
    StaffGroup.CARE,
    StaffGroup.ADMIN,
    StaffGroup.DIGITAL,
    StaffGroup.MANAGER,
]
GIVEN = ["Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Kim", "Lee", "Ash", "Jamie", "Morgan", "Taylor"]
FAMILY = ["Green", "Patel", "Hughes", "Khan", "Evans", "Wood", "Ali", "Clarke", "Price", "Begum", "Ward", "Cox"]


def load(partnership: Partnership, practices: list[Organisation], trust: Organisation, today: date, login: Any) -> None:
    rng = random.Random(20261122)  # noqa: S311 (synthetic demo data, fixed seed)
    for title, url, domain, level, minutes, fmt in RESOURCES:
        LearningResource.objects.create(
            partnership=partnership,
            title=title,
            url=url,
            domain_code=domain,
            level=level,
            duration_minutes=minutes,
            format=fmt,
        )
    spring = AssessmentRound.objects.create(
        partnership=partnership,
        name="Spring 2026",
        opens_on=today - timedelta(days=250),
        closes_on=today - timedelta(days=190),
    )
    autumn = AssessmentRound.objects.create(
        partnership=partnership,
        name="Autumn 2026",
        opens_on=today - timedelta(days=30),
        closes_on=today + timedelta(days=30),
    )
    framework = services.current_framework()
    items = services.framework_items(framework)
    staff: list[tuple[Person, Organisation, str]] = []
    n = 0
    for org, groups in [(p, GROUPS_AT_PRACTICE) for p in practices] + [(trust, GROUPS_AT_TRUST * 5)]:
        for group in groups:
            n += 1
            person = Person.objects.create(
                partnership=partnership,
                given_name=GIVEN[n % len(GIVEN)],
                family_name=f"{FAMILY[(n * 7) % len(FAMILY)]}-{n}",
                email=f"staff{n}@demo-staff.example",
            )
            Membership.objects.create(
                person=person, organisation=org, role=Role.STAFF, job_title=group.label.split(" (")[0]
            )
            staff.append((person, org, group))
    login_person = Person.objects.get(user=login)
    own = Membership.objects.filter(person=login_person).select_related("organisation").first()
    staff.append((login_person, own.organisation if own else trust, StaffGroup.ADMIN))
    for person, org, staff_group in staff:
        skill = rng.random()
        for round_, boost, when in (
            (spring, 0.0, spring.closes_on - timedelta(days=20)),
            (autumn, 0.15, today - timedelta(days=10)),
        ):
            if person == login_person and round_ == autumn:
                continue  # the demo login has one result, so they can check again and see progress
            _assess(person, org, staff_group, round_, min(1.0, skill + boost), when, framework, items, rng)


def _assess(
    person: Person,
    org: Organisation,
    group: str,
    round_: AssessmentRound,
    skill: float,
    when: date,
    framework: Any,
    items: list[Any],
    rng: random.Random,
) -> None:
    a = Assessment.objects.create(person=person, framework=framework, round=round_, organisation=org, staff_group=group)
    answers: dict[int, str] = {}
    while True:
        path = services.question_path(a, answers, items)
        item = next((i for i in path if i.pk not in answers), None)
        if item is None:
            break
        x = rng.random() - skill * 0.6 + (item.level - 1) * 0.15
        answers[item.pk] = (
            Response.CAN
            if x < 0.35
            else Response.WITH_HELP
            if x < 0.55
            else Response.NOT_YET
            if x < 0.8
            else Response.UNCLEAR
        )
    Answer.objects.bulk_create([Answer(assessment=a, item_id=i, response=r) for i, r in answers.items()])
    levels = services.domain_levels(a, answers, items)
    DomainResult.objects.bulk_create([DomainResult(assessment=a, domain_id=d, level=lv) for d, lv in levels.items()])
    stamp = timezone.make_aware(datetime.combine(when, time(10, 0)))
    Assessment.objects.filter(pk=a.pk).update(completed_at=stamp, started_at=stamp)
