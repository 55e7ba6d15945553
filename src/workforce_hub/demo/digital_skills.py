"""Demo data for digital skills: staff at every GP practice and the trust, two assessment rounds, resources."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from workforce_hub.accounts.models import User
from workforce_hub.core.roles import Role
from workforce_hub.digital_champions.models import (
    ActionItem,
    Champion,
    DropIn,
    MaturityAssessment,
    MaturityScore,
    QualityMarkAward,
    QualityMarkLevel,
    SkillCheck,
    SupportContact,
)
from workforce_hub.digital_skills import services
from workforce_hub.digital_skills.models import (
    Answer,
    Assessment,
    AssessmentRound,
    Band,
    DomainResult,
    Framework,
    Item,
    LearningResource,
    Response,
    StaffGroup,
)
from workforce_hub.organisations.models import Membership, Organisation, Partnership
from workforce_hub.people.models import Person

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


TRUST_TEAMS = ["Ward 7", "Outpatients", "Pharmacy", "Community nursing", "Medical records"]
PRACTICE_BANDS = [Band.NOT_AFC, Band.NOT_AFC, Band.BAND_3, Band.BAND_4]
TRUST_BANDS = [Band.BAND_2, Band.BAND_3, Band.BAND_4, Band.BAND_5, Band.BAND_6, Band.BAND_7]


def load(
    partnership: Partnership,
    practices: list[Organisation],
    trust: Organisation,
    today: date,
    login: User,
    practice_manager: Person,
    reviewer: Person,
) -> None:
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
                family_name=FAMILY[(n // len(GIVEN) + n * 7) % len(FAMILY)],  # names that look like names
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
    services.tally_rebuild(partnership.pk)  # the demo writes results directly, so count them once at the end
    _champions(partnership, staff, practices, trust, today, framework, rng, practice_manager)
    _maturity(partnership, practices, today, practice_manager, reviewer)


def _assess(
    person: Person,
    org: Organisation,
    group: str,
    round_: AssessmentRound,
    skill: float,
    when: date,
    framework: Framework,
    items: list[Any],
    rng: random.Random,
) -> None:
    sites = list(org.sites.all())
    at_trust = len(sites) > 1
    a = Assessment.objects.create(
        person=person,
        partnership_id=person.partnership_id,
        framework=framework,
        round=round_,
        organisation=org,
        staff_group=group,
        site=sites[person.pk % len(sites)] if sites else None,
        team=TRUST_TEAMS[person.pk % len(TRUST_TEAMS)]
        if at_trust
        else ("Reception" if group == "admin" else "Practice team"),
        band=(TRUST_BANDS if at_trust else PRACTICE_BANDS)[person.pk % (6 if at_trust else 4)],
        job_role=StaffGroup(group).label.split(" (")[0],
    )
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


def _champions(
    partnership: Partnership,
    staff: list[tuple[Person, Organisation, str]],
    practices: list[Organisation],
    trust: Organisation,
    today: date,
    framework: Any,
    rng: random.Random,
    manager: Person,
) -> None:
    """Champions at half the practices (the first is the mentor demo login) and two at the trust, with drop-ins,
    logged support and one confirmed skill check."""
    codes = [d.code for d in framework.domains.order_by("order")]
    chosen: list[tuple[Person, Organisation]] = [(manager, practices[0])]  # the mentor demo login is a champion
    for org in [*practices[1:6], trust, trust]:
        person = next(p for p, o, g in staff if o == org and g != StaffGroup.CARE and p not in {c[0] for c in chosen})
        chosen.append((person, org))
    champions = []
    for n, (person, org) in enumerate(chosen):
        site = org.sites.order_by("pk").first()
        champions.append(
            Champion.objects.create(
                partnership=partnership,
                person=person,
                organisation=org,
                site=site,
                team="Reception" if org != trust else TRUST_TEAMS[n % len(TRUST_TEAMS)],
                domain_codes=rng.sample(codes, 3),
                contact_note="Message on Teams, or ask at reception" if org != trust else "Bleep 4410, weekdays",
            )
        )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for n, champion in enumerate(champions):
        for week in (1, 3):
            DropIn.objects.create(
                champion=champion,
                starts_at=now + timedelta(days=7 * week + n, hours=(13 - now.hour) % 24),
                minutes=60,
                place=f"Meeting room, {champion.site.name if champion.site else champion.organisation.name}",
                topic=["Using NHSmail and Teams", "Online safety", "Spreadsheets", ""][n % 4],
                places=6,
            )
        for k in range(rng.randint(4, 14)):
            outcome = rng.choices(["resolved", "referred", "follow_up"], weights=[7, 2, 1])[0]
            SupportContact.objects.create(
                champion=champion,
                happened_on=today - timedelta(days=rng.randint(1, 120)),
                domain_code=rng.choice(champion.domain_codes),
                summary=["Password reset steps", "Joining a video call", "Sharing a file", "Spotting a scam e-mail"][
                    k % 4
                ],
                minutes=rng.choice([5, 10, 15, 20, 30, 45]),
                outcome=outcome,
                referred_to="IT service desk" if outcome == "referred" else "",
            )
    # a colleague at the first practice showed a champion two skills
    colleague = next(p for p, o, g in staff if o == champions[0].organisation and p != champions[0].person)
    check = SkillCheck.objects.create(
        person=colleague, champion=champions[0], framework=framework, confirmed_at=timezone.now()
    )
    check.confirmed_items.set(Item.objects.filter(domain__framework=framework, is_foundation=True)[:2])


def _maturity(
    partnership: Partnership, practices: list[Organisation], today: date, manager: Person, reviewer: Person
) -> None:
    """Quality mark levels; the first practice holds the mark (peer reviewed) and has begun its next assessment."""
    ready = QualityMarkLevel.objects.create(
        partnership=partnership,
        name="Digitally ready",
        min_average=Decimal("2.5"),
        min_each=2,
        valid_months=24,
        description="The basics are in place for every member of staff.",
    )
    QualityMarkLevel.objects.create(
        partnership=partnership,
        name="Digital leader",
        min_average=Decimal("3.4"),
        min_each=3,
        valid_months=24,
        description="Digital working is embedded, and the practice helps others.",
    )
    scores = {
        "competence": 3,
        "capability": 3,
        "capacity": 2,
        "confidence": 3,
        "creativity": 2,
        "communication": 3,
        "continuity": 3,
    }
    held = MaturityAssessment.objects.create(
        organisation=practices[0],
        assessed_on=today - timedelta(days=60),
        status=MaturityAssessment.Status.AWARDED,
        created_by=manager,
    )
    for dim, score in scores.items():
        MaturityScore.objects.create(
            maturity=held,
            dimension=dim,
            score=score,
            metric="Practice's own measure" if dim not in ("competence", "confidence") else "From staff results",
            evidence="Reviewed at the practice meeting.",
        )
    ActionItem.objects.create(
        maturity=held,
        dimension="capacity",
        action="Protect one hour a month for each member of staff to learn a digital skill",
        owner="Practice manager",
        due_on=today + timedelta(days=90),
    )
    ActionItem.objects.create(
        maturity=held,
        dimension="creativity",
        action="Try online triage for repeat prescriptions and review after three months",
        owner="Lead GP",
        due_on=today + timedelta(days=120),
        done_on=today - timedelta(days=5),
    )
    reviewed = timezone.now() - timedelta(days=45)
    QualityMarkAward.objects.create(
        maturity=held,
        level=ready,
        submitted_by=manager,
        submitted_at=reviewed - timedelta(days=10),
        reviewed_by=reviewer,
        reviewed_at=reviewed,
        review_note="Evidence seen for every C. A clear plan for capacity; well done on the online triage pilot.",
        expires_on=(reviewed + timedelta(days=730)).date(),
    )
    # the next assessment has begun (the practice manager, the mentor demo login, can carry it on)
    draft = MaturityAssessment.objects.create(
        organisation=practices[0], assessed_on=today - timedelta(days=3), created_by=manager
    )
    MaturityScore.objects.bulk_create(
        [MaturityScore(maturity=draft, dimension=d, score=3 if d == "competence" else None) for d in scores]
    )
