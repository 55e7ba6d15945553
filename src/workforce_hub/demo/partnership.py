"""The demo partnership: synthetic people and organisations around two towns, modelled on the evaluated schemes.

- An integrated health and social care support worker scheme with a county-council cohort (4 apprentices,
  37 hours, fortnightly training day) and an NHS-trust cohort (5 apprentices, 37.5 hours, weekly training day,
  one aged 17), five rotating blocks of about three months, first with the employer, last in a PVI setting.
- A primary-care digital support technician cohort of 4 at a training hub, placed at practices of a GP
  federation with 12 practices (first block 6 months, then 3 months each).
All names are invented. Loaded through the same services the Hub uses, so the audit log is real too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from workforce_hub.accounts.models import User
from workforce_hub.core.access import Actor, forget_viewer
from workforce_hub.core.roles import Role
from workforce_hub.organisations import services as org_services
from workforce_hub.organisations.models import Membership, Organisation, Partnership, PlacementSetting, Site
from workforce_hub.outcomes.models import CareersEvent, JobVacancy
from workforce_hub.passport.models import Credential, SigningKey, TrainingRecord
from workforce_hub.people.models import Person
from workforce_hub.recruitment.models import Application, Vacancy
from workforce_hub.rotations import services as rotation_services
from workforce_hub.rotations.models import CohortBlock, Placement, PlanRun
from workforce_hub.schemes import services as scheme_services
from workforce_hub.schemes.models import Cohort, Enrolment, EnrolmentStatus, Scheme
from workforce_hub.support.models import Appraisal, ExitQuestionnaire, PastoralNote, PlacementFeedback

from . import digital_skills as digital_demo
from . import learning as portfolio_demo
from . import monitoring as monitoring_demo
from . import outcomes as outcomes_demo
from . import passport as passport_demo
from . import readiness as readiness_demo
from . import roles as roles_demo
from .constants import COUNCIL_WEEK, DEMO_PASSWORD, DEMO_SLUG, DOMAIN, TOWN_A, TOWN_B, TRUST_WEEK
from .logins import login_of


@dataclass(frozen=True)
class DemoLogin:
    role: str
    name: str
    email: str


def _near(town: tuple[Decimal, Decimal], dlat: float, dlon: float) -> tuple[Decimal, Decimal]:
    return (town[0] + Decimal(str(round(dlat, 5))), town[1] + Decimal(str(round(dlon, 5))))


ORGANISATIONS: list[dict[str, Any]] = [
    {"key": "icb", "name": "Derwent Valley Integrated Care Board", "org_type": "icb", "sector": "nhs", "size": 600},
    {"key": "council", "name": "Derwent County Council", "org_type": "council", "sector": "council", "size": 9000},
    {"key": "city", "name": "Derwent City Council", "org_type": "council", "sector": "council", "size": 5200},
    {
        "key": "trust",
        "name": "Derwent Valley Hospitals NHS Foundation Trust",
        "org_type": "nhs_trust",
        "sector": "nhs",
        "size": 7500,
    },
    {
        "key": "mh_trust",
        "name": "Derwent Healthcare Partnership NHS Foundation Trust",
        "org_type": "nhs_trust",
        "sector": "nhs",
        "size": 3200,
    },
    {
        "key": "community",
        "name": "Derwent Community Health Services NHS Trust",
        "org_type": "nhs_trust",
        "sector": "nhs",
        "size": 4100,
    },
    {"key": "oakwood", "name": "Oakwood Care Homes", "org_type": "pvi_care_provider", "sector": "pvi", "size": 380},
    {"key": "millbrook", "name": "Millbrook Home Care", "org_type": "pvi_care_provider", "sector": "pvi", "size": 140},
    {
        "key": "riverside",
        "name": "Riverside Supported Living",
        "org_type": "pvi_care_provider",
        "sector": "pvi",
        "size": 210,
    },
    {
        "key": "hillcrest",
        "name": "Hillcrest Rehabilitation Centre",
        "org_type": "pvi_care_provider",
        "sector": "pvi",
        "size": 95,
    },
    {
        "key": "peak_skills",
        "name": "Peak Skills Training",
        "org_type": "training_provider",
        "sector": "other",
        "size": 60,
    },
    {
        "key": "college",
        "name": "Derwent Valley College",
        "org_type": "training_provider",
        "sector": "other",
        "size": 900,
    },
    {
        "key": "kinder",
        "name": "Kinder Digital Learning",
        "org_type": "training_provider",
        "sector": "other",
        "size": 45,
    },
    {
        "key": "hub",
        "name": "North Derwent Training Hub",
        "org_type": "training_hub",
        "sector": "primary_care",
        "size": 12,
    },
    {
        "key": "federation",
        "name": "Derwent GP Federation",
        "org_type": "gp_federation",
        "sector": "primary_care",
        "size": 70,
    },
    {
        "key": "pcn_north",
        "name": "Derwent North Primary Care Network",
        "org_type": "pcn",
        "sector": "primary_care",
        "size": 20,
        "parent": "federation",
    },
    {
        "key": "pcn_south",
        "name": "Derwent South Primary Care Network",
        "org_type": "pcn",
        "sector": "primary_care",
        "size": 20,
        "parent": "federation",
    },
    {
        "key": "pcn_vale",
        "name": "Ashbourne Vale Primary Care Network",
        "org_type": "pcn",
        "sector": "primary_care",
        "size": 18,
        "parent": "federation",
    },
]
PRACTICES = [
    "Abbey Road Surgery",
    "Brookfield Medical Centre",
    "Castle View Practice",
    "Darley Green Surgery",
    "Elmtree Family Practice",
    "Friargate Health Centre",
    "Greenhill Surgery",
    "Holly Lodge Medical Practice",
    "Ivy House Surgery",
    "Jubilee Medical Group",
    "Kingsway Health Centre",
    "Larkspur Surgery",
]

# (org key, site name, town, dlat, dlon, postcode, [(setting name, type, capacity, min_age)])
SITES: list[tuple[str, str, tuple[Decimal, Decimal], float, float, str, list[tuple[str, str, int, int]]]] = [
    (
        "trust",
        "Royal Derwent Hospital",
        TOWN_A,
        0.010,
        -0.030,
        "DE22 3NE",
        [
            ("Ward 5 Acute Medicine", "acute_ward", 2, 18),
            ("Ward 12 Older People's Care", "acute_ward", 2, 16),
            ("Emergency Department", "urgent_care", 1, 18),
        ],
    ),
    (
        "trust",
        "Ashbourne Vale Community Hospital",
        TOWN_B,
        -0.010,
        0.020,
        "S41 7TD",
        [("Urgent Treatment Centre", "urgent_care", 1, 16), ("Ward 3 Surgical", "acute_ward", 1, 16)],
    ),
    (
        "mh_trust",
        "Radford Unit",
        TOWN_A,
        0.020,
        -0.010,
        "DE22 3LZ",
        [("Hope Ward (adult mental health)", "mental_health", 2, 18)],
    ),
    (
        "mh_trust",
        "Vale Community Mental Health Centre",
        TOWN_B,
        0.005,
        -0.015,
        "S40 4AA",
        [("Community Mental Health Team North", "mental_health", 2, 18)],
    ),
    (
        "community",
        "Derwent Intermediate Care Centre",
        TOWN_A,
        -0.015,
        0.020,
        "DE1 2QY",
        [("Intermediate Care Rehabilitation Unit", "rehabilitation", 2, 16)],
    ),
    (
        "community",
        "Ashbourne Vale Health Centre",
        TOWN_B,
        0.010,
        0.010,
        "S41 0EA",
        [("District Nursing Team Vale", "community", 2, 16)],
    ),
    ("council", "County Hall", TOWN_B, -0.005, -0.030, "S40 1LF", [("Reablement Team North", "community", 3, 16)]),
    (
        "council",
        "Brookside Residential Home",
        TOWN_A,
        -0.025,
        -0.020,
        "DE23 6AF",
        [("Brookside Residential Home", "residential_care", 2, 16)],
    ),
    (
        "council",
        "Meadow Lane Day Centre",
        TOWN_A,
        0.030,
        0.010,
        "DE21 4AB",
        [("Learning Disability Day Service", "learning_disability", 1, 16)],
    ),
    (
        "oakwood",
        "Oakwood House",
        TOWN_A,
        0.015,
        0.040,
        "DE21 7HT",
        [("Oakwood House Residential", "residential_care", 3, 16)],
    ),
    (
        "oakwood",
        "Oakwood Lodge Nursing Home",
        TOWN_B,
        0.020,
        0.030,
        "S43 3DE",
        [("Oakwood Lodge Nursing", "residential_care", 1, 18)],
    ),
    (
        "millbrook",
        "Millbrook Office",
        TOWN_A,
        -0.010,
        0.050,
        "DE24 8JE",
        [("Millbrook Home Care Rounds", "domiciliary_care", 2, 18)],
    ),
    (
        "riverside",
        "Riverside Houses",
        TOWN_B,
        -0.020,
        -0.010,
        "S40 2TZ",
        [("Riverside Supported Living", "learning_disability", 2, 16)],
    ),
    (
        "hillcrest",
        "Hillcrest Centre",
        TOWN_A,
        0.040,
        -0.040,
        "DE56 1RE",
        [("Hillcrest Neuro-rehabilitation", "rehabilitation", 1, 16)],
    ),
    (
        "federation",
        "Federation Office",
        TOWN_A,
        0.000,
        0.000,
        "DE1 1AA",
        [("Federation Digital Team", "digital_it", 2, 16)],
    ),
    ("icb", "ICB Headquarters", TOWN_A, 0.005, 0.005, "DE1 2FS", [("Primary Care IT Department", "digital_it", 2, 16)]),
]

PRACTICE_POSTCODES = [
    "DE1 3AB",
    "DE3 9GH",
    "DE21 6JP",
    "DE22 1BQ",
    "DE23 8NX",
    "DE24 0PL",
    "DE56 4RT",
    "S40 3HW",
    "S41 9DP",
    "S42 6LN",
    "S43 2QR",
    "S44 5SU",
]


class DemoBuilder:
    def __init__(self, today: date) -> None:
        self.today = today
        self.orgs: dict[str, Organisation] = {}
        self.settings: dict[str, PlacementSetting] = {}
        self.people: dict[str, Person] = {}
        self.logins: list[DemoLogin] = []

    # --- people -------------------------------------------------------------------------------------
    def person(
        self,
        key: str,
        given: str,
        family: str,
        roles: list[tuple[str, str, str]],
        *,
        login_role: str = "",
        dob: date | None = None,
        home: tuple[Decimal, Decimal] | None = None,
        postcode: str = "",
        health: str = "",
    ) -> Person:
        email = f"{given.lower()}.{family.lower().replace(' ', '')}@{DOMAIN}"
        person = Person.objects.create(
            partnership=self.partnership,
            given_name=given,
            family_name=family,
            email=email,
            phone=f"07700 900{len(self.people):03d}",
            date_of_birth=dob,
            postcode=postcode,
            latitude=home[0] if home else None,
            longitude=home[1] if home else None,
            health_and_adjustment_notes=health,
        )
        for org_key, role, title in roles:
            Membership.objects.create(person=person, organisation=self.orgs[org_key], role=role, job_title=title)
        if login_role:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD)
            person.user = user
            person.save(update_fields=["user"])
            self.logins.append(DemoLogin(login_role, person.display_name, email))
        self.people[key] = person
        return person

    # --- build --------------------------------------------------------------------------------------
    @transaction.atomic
    def build(self) -> list[DemoLogin]:
        self.partnership = Partnership.objects.create(
            name="Derwent Valley Health and Care Partnership",
            slug=DEMO_SLUG,
            description="A demo partnership: an ICS training hub, councils, NHS trusts, GP practices, care providers "
            "and training providers growing their own workforce together. All names are invented.",
        )
        # Bootstrap two partnership-wide accounts, then create everything else through services as them.
        self.orgs["icb"] = Organisation.objects.create(
            partnership=self.partnership, name=ORGANISATIONS[0]["name"], org_type="icb", sector="nhs", size=600
        )
        admin = self.person(
            "admin",
            "Tom",
            "Barker",
            [("icb", Role.PARTNERSHIP_ADMIN, "Workforce systems lead")],
            login_role=Role.PARTNERSHIP_ADMIN,
        )
        admin_user = login_of(admin)
        for spec in ORGANISATIONS[1:]:
            data = {k: v for k, v in spec.items() if k not in ("key", "parent")}
            if "parent" in spec:
                data["parent"] = self.orgs[spec["parent"]]
            self.orgs[spec["key"]] = org_services.organisation_create(
                partnership=self.partnership, data=data, actor=admin_user
            )
        for i, name in enumerate(PRACTICES):
            pcn = ("pcn_north", "pcn_south", "pcn_vale")[i % 3]
            self.orgs[f"practice{i}"] = org_services.organisation_create(
                partnership=self.partnership,
                data={
                    "name": name,
                    "org_type": "gp_practice",
                    "sector": "primary_care",
                    "size": 14 + (i * 7) % 30,
                    "parent": self.orgs[pcn],
                    "ods_code": f"C8{4000 + i * 13}",
                },
                actor=admin_user,
            )
        self._people()
        for org_key, site_name, town, dlat, dlon, postcode, settings in SITES:
            self._site(admin_user, org_key, site_name, town, dlat, dlon, postcode, settings)
        for i, name in enumerate(PRACTICES):
            town = TOWN_A if i < 7 else TOWN_B
            self._site(
                admin_user,
                f"practice{i}",
                name,
                town,
                0.012 * ((i % 4) - 1.5),
                0.015 * ((i % 3) - 1),
                PRACTICE_POSTCODES[i],
                [(f"{name} practice team", "primary_care", 1, 16)],
            )
        self._schemes()
        digital_demo.load(
            self.partnership,
            [self.orgs[f"practice{i}"] for i in range(len(PRACTICES))],
            self.orgs["trust"],
            self.today,
            login_of(self.people["staff"]),
            practice_manager=self.people["pm0"],
            reviewer=self.people["coordinator"],
        )
        passport_demo.load(self)  # last: it issues credentials for everything signed off above
        return self.logins

    def _site(
        self,
        actor: Actor,
        org_key: str,
        name: str,
        town: tuple[Decimal, Decimal],
        dlat: float,
        dlon: float,
        postcode: str,
        settings: list[tuple[str, str, int, int]],
    ) -> None:
        lat, lon = _near(town, dlat, dlon)
        site = org_services.site_create(
            organisation=self.orgs[org_key],
            data={
                "name": name,
                "address": f"{name}, {'Derwent' if town == TOWN_A else 'Ashbourne Vale'}",
                "postcode": postcode,
                "latitude": lat,
                "longitude": lon,
            },
            actor=actor,
        )
        org_people = list(Person.objects.filter(memberships__organisation=self.orgs[org_key]).distinct())
        contact = next((p for p in org_people if p.memberships.filter(role=Role.HOST_MANAGER).exists()), None)
        mentors = [p for p in org_people if p.memberships.filter(role=Role.MENTOR).exists()]
        for setting_name, setting_type, capacity, min_age in settings:
            self.settings[setting_name] = org_services.setting_create(
                site=site,
                actor=actor,
                data={
                    "name": setting_name,
                    "setting_type": setting_type,
                    "capacity": capacity,
                    "min_age": min_age,
                    "working_days": ["mon", "tue", "wed", "thu", "fri"]
                    if setting_type not in ("acute_ward", "urgent_care", "residential_care")
                    else ["mon", "tue", "wed", "sat", "sun"],
                    "working_hours": "9am to 5pm"
                    if setting_type in ("primary_care", "digital_it", "community", "learning_disability")
                    else "7:30am to 3:30pm or 1:30pm to 9:30pm",
                    "shift_pattern": "days"
                    if setting_type in ("primary_care", "digital_it", "community", "learning_disability")
                    else "early_late",
                    "contact": contact,
                    "mentors": mentors,
                    "tasks_allowed": TASKS_ALLOWED.get(setting_type, []),
                    "tasks_not_allowed": TASKS_NOT_ALLOWED.get(setting_type, []),
                },
            )

    def _people(self) -> None:
        a = self.person
        a(
            "coordinator",
            "Priya",
            "Shah",
            [
                ("icb", Role.COORDINATOR, "Apprenticeship scheme coordinator"),
                ("hub", Role.COORDINATOR, "Apprenticeship scheme coordinator"),
            ],
            login_role=Role.COORDINATOR,
        )
        a(
            "lm_council",
            "Helen",
            "Ward",
            [("council", Role.LINE_MANAGER, "Adult care workforce manager")],
            login_role=Role.LINE_MANAGER,
        )
        a("lm_trust", "Marcus", "Odum", [("trust", Role.LINE_MANAGER, "Education and development lead")])
        a("lm_hub", "Fiona", "Grant", [("hub", Role.LINE_MANAGER, "Training hub manager")])
        a("host_trust", "Gary", "Mills", [("trust", Role.HOST_MANAGER, "Ward manager")], login_role=Role.HOST_MANAGER)
        # the mentor login: on the ward that has apprentices with it now and more coming
        a(
            "mentor_trust",
            "Ada",
            "Nwosu",
            [("trust", Role.MENTOR, "Senior healthcare support worker")],
            login_role=Role.MENTOR,
        )
        a("host_council", "Janet", "Cole", [("council", Role.HOST_MANAGER, "Registered manager")])
        a("mentor_council", "Owen", "Price", [("council", Role.MENTOR, "Senior care worker")])
        for key, given, family in (
            ("oakwood", "Rita", "Fenwick"),
            ("millbrook", "Sam", "Doyle"),
            ("riverside", "Leah", "Moss"),
            ("hillcrest", "Imran", "Qureshi"),
            ("mh_trust", "Claire", "Bennett"),
            ("community", "Paul", "Hartley"),
            ("federation", "Nadia", "Rahman"),
            ("icb", "Derek", "Lowe"),
        ):
            a(f"host_{key}", given, family, [(key, Role.HOST_MANAGER, "Placement lead"), (key, Role.MENTOR, "Mentor")])
        for i in range(12):
            a(
                f"pm{i}",
                ["Karen", "Steve", "Anita", "Gareth", "Mei", "Tariq", "Linda", "Rob", "Sunita", "Will", "Joy", "Dev"][
                    i
                ],
                [
                    "Hughes",
                    "Lambert",
                    "Patel",
                    "Evans",
                    "Chen",
                    "Aziz",
                    "Shaw",
                    "Turner",
                    "Kaur",
                    "Baxter",
                    "Okafor",
                    "Mistry",
                ][i],
                [(f"practice{i}", Role.HOST_MANAGER, "Practice manager")],
                login_role=Role.MENTOR if i == 0 else "",
            )
        # the first practice manager is also the named mentor there (demo login for the mentor role)
        Membership.objects.create(
            person=self.people["pm0"], organisation=self.orgs["practice0"], role=Role.MENTOR, job_title="Named mentor"
        )
        a(
            "tutor_peak",
            "Grace",
            "Holloway",
            [("peak_skills", Role.TUTOR, "Health and social care tutor")],
            login_role=Role.TUTOR,
        )
        a("tutor_college", "Ben", "Ashworth", [("college", Role.TUTOR, "Apprenticeship tutor")])
        a(
            "assessor_kinder",
            "Lucy",
            "Marsh",
            [("kinder", Role.ASSESSOR, "Digital skills assessor"), ("kinder", Role.TUTOR, "Digital skills tutor")],
            login_role=Role.ASSESSOR,
        )
        a(
            "partner_council",
            "Alan",
            "Whitfield",
            [("council", Role.PARTNER_LEAD, "Assistant director, adult care")],
            login_role=Role.PARTNER_LEAD,
        )
        a("partner_trust", "Ruth", "Sinclair", [("trust", Role.PARTNER_LEAD, "Deputy director of workforce")])
        a("staff", "Jenny", "Walsh", [("practice3", Role.STAFF, "Receptionist")], login_role=Role.STAFF)

    def _schemes(self) -> None:
        coordinator = login_of(self.people["coordinator"])
        forget_viewer(coordinator)
        integrated = scheme_services.scheme_create(
            partnership=self.partnership,
            actor=coordinator,
            data={
                "name": "Integrated health and social care support worker",
                "description": "A 15-month apprenticeship with five placements of about three months across NHS, "
                "council and independent care settings. Apprentices gain the Care Certificate in the first "
                "three months and a Level 2 Diploma in Care.",
                "funders": [self.orgs["council"], self.orgs["trust"], self.orgs["icb"]],
                "funding_share": Scheme.FundingShare.PROPORTIONAL,
                "block_count": 5,
                "block_weeks": 13,
                "first_block_with_employer": True,
                "last_block_sector": "pvi",
                "no_repeat_type": True,
                "required_setting_types": ["mental_health", "residential_care", "acute_ward"],
                "allowed_setting_types": [
                    "acute_ward",
                    "mental_health",
                    "residential_care",
                    "community",
                    "rehabilitation",
                    "domiciliary_care",
                    "urgent_care",
                    "learning_disability",
                ],
                "max_travel_minutes": 60,
                "minimum_notice_weeks": 6,
            },
        )
        dst = scheme_services.scheme_create(
            partnership=self.partnership,
            actor=coordinator,
            data={
                "name": "Digital support technician",
                "description": "A Level 3 apprenticeship of about 18 months supporting GP practices with digital "
                "systems: a first placement of six months at a practice, then three months at each of the next.",
                "funders": [self.orgs["hub"], self.orgs["federation"]],
                "funding_share": Scheme.FundingShare.EQUAL,
                "block_count": 5,
                "block_weeks": 13,
                "first_block_with_employer": False,
                "last_block_sector": "",
                "no_repeat_type": False,
                "required_setting_types": ["primary_care"],
                "allowed_setting_types": ["primary_care", "digital_it"],
                "max_travel_minutes": 45,
                "minimum_notice_weeks": 6,
            },
        )
        start = _monday_on_or_before(self.today - timedelta(weeks=11))  # block 1 is under way today
        council = scheme_services.cohort_create(
            scheme=integrated,
            actor=coordinator,
            data={
                "name": "County council cohort",
                "employer": self.orgs["council"],
                "training_provider": self.orgs["peak_skills"],
                "start_date": start,
                "end_date": start + timedelta(weeks=65) - timedelta(days=3),
                "contracted_hours": Decimal("37.0"),
                **COUNCIL_WEEK,
                "coordinator": self.people["coordinator"],
            },
        )
        trust = scheme_services.cohort_create(
            scheme=integrated,
            actor=coordinator,
            data={
                "name": "NHS trust cohort",
                "employer": self.orgs["trust"],
                "training_provider": self.orgs["college"],
                "start_date": start,
                "end_date": start + timedelta(weeks=65) - timedelta(days=3),
                "contracted_hours": Decimal("37.5"),
                **TRUST_WEEK,
                "coordinator": self.people["coordinator"],
            },
        )
        dst_start = _monday_on_or_before(self.today - timedelta(weeks=24))
        dst_cohort = scheme_services.cohort_create(
            scheme=dst,
            actor=coordinator,
            data={
                "name": "Primary care digital cohort",
                "employer": self.orgs["hub"],
                "training_provider": self.orgs["kinder"],
                "start_date": dst_start,
                "end_date": dst_start + timedelta(weeks=78) - timedelta(days=3),
                "contracted_hours": Decimal("37.5"),
                "host_days": ["mon", "tue", "wed"],
                "learning_day": "thu",
                "training_day_frequency": "weekly",
                "other_day": "fri",
                "other_place": "the ICB's primary care IT department",
                "other_place_alternate": "the federation's digital team",
                "hours_per_day": Decimal("7.5"),
                "weekly_pattern": "The first eight weeks are for settling in: induction, systems access and shadowing.",
                "coordinator": self.people["coordinator"],
            },
        )
        apprentices = {
            council: [
                ("Jordan", "Ellis", date(2004, 5, 12), TOWN_B, "S40 2AB", Role.APPRENTICE),
                ("Chloe", "Barnes", date(2001, 11, 3), TOWN_B, "S41 8QP", ""),
                ("Ryan", "Kowalski", date(1998, 2, 20), TOWN_A, "DE22 4GH", ""),
                ("Amira", "Haddad", date(2005, 7, 29), TOWN_B, "S43 1BA", ""),
            ],
            trust: [
                (
                    "Ethan",
                    "Brooks",
                    self.today.replace(year=self.today.year - 17) - timedelta(days=200),
                    TOWN_A,
                    "DE23 1XY",
                    "",
                ),
                ("Sophie", "Turner", date(2003, 1, 9), TOWN_A, "DE21 5RS", ""),
                ("Daniel", "Okoro", date(1996, 9, 14), TOWN_A, "DE24 3KL", ""),
                ("Hannah", "Reid", date(2002, 4, 2), TOWN_A, "DE3 0PQ", ""),
                ("Liam", "Foster", date(2000, 12, 25), TOWN_A, "DE56 2MN", ""),
            ],
            dst_cohort: [
                ("Zara", "Ahmed", date(2003, 6, 18), TOWN_A, "DE1 9ZX", ""),
                ("Kieran", "Lloyd", date(2002, 3, 30), TOWN_A, "DE22 8TR", ""),
                ("Maya", "Singh", date(2004, 10, 7), TOWN_B, "S40 4WE", ""),
                ("Tom", "Hargreaves", date(2001, 8, 16), TOWN_B, "S41 6YU", ""),
            ],
        }
        employer_key = {council: "council", trust: "trust", dst_cohort: "hub"}
        line_manager = {council: "lm_council", trust: "lm_trust", dst_cohort: "lm_hub"}
        n = 0
        for cohort, rows in apprentices.items():
            for given, family, dob, town, postcode, login in rows:
                n += 1
                home = _near(town, 0.01 * ((n % 5) - 2), 0.012 * ((n % 3) - 1))
                person = self.person(
                    f"app{n}",
                    given,
                    family,
                    [(employer_key[cohort], Role.APPRENTICE, "Apprentice")],
                    login_role=login,
                    dob=dob,
                    home=home,
                    postcode=postcode,
                    health="Dyslexia: written feedback in a larger font helps." if n == 2 else "",
                )
                enrolment = scheme_services.enrolment_create(
                    cohort=cohort,
                    apprentice=person,
                    actor=coordinator,
                    status=EnrolmentStatus.OFFERED,
                    line_manager=self.people[line_manager[cohort]],
                    reason="Offer accepted after interview",
                    effective_on=cohort.start_date - timedelta(weeks=8),
                )
                scheme_services.enrolment_change_status(
                    enrolment=enrolment,
                    to_status=EnrolmentStatus.STARTED,
                    reason="Started on the first day of the cohort",
                    effective_on=cohort.start_date,
                    actor=coordinator,
                )
                if (given, family) == ("Chloe", "Barnes"):
                    scheme_services.enrolment_change_status(
                        enrolment=enrolment,
                        to_status=EnrolmentStatus.ON_BREAK,
                        reason="Planned break for family reasons; return date to be agreed",
                        effective_on=self.today - timedelta(days=10),
                        actor=coordinator,
                    )
        readiness_demo.load_checklists(self)
        self._placements(council, trust, dst_cohort)
        readiness_demo.load_progress(self, self.today)
        readiness_demo.load_reference(self, [integrated, dst])
        portfolio_demo.load(
            self.today,
            self.people,
            list(
                Enrolment.objects.filter(cohort__in=[council, trust, dst_cohort])
                .select_related("cohort__scheme", "cohort__training_provider", "apprentice__user", "line_manager")
                .order_by("pk")
            ),
        )
        outcomes_demo.load(self, integrated)
        monitoring_demo.load(self)
        roles_demo.load(self)
        roles_demo.load_training(self, self.today)

    def _placements(self, council: Cohort, trust: Cohort, dst: Cohort) -> None:
        """Calendars and training schedules, then the planner plans each scheme's cohorts and the plans are
        published, as a coordinator would do it (the digital cohort first; the integrated cohorts share settings)."""
        coordinator = login_of(self.people["coordinator"])
        for scheme, units in TRAINING.items():
            target = council.scheme if scheme == "integrated" else dst.scheme
            for block, title, topic in units:
                rotation_services.training_unit_create(
                    scheme=target, data={"title": title, "topic": topic, "block_number": block}, actor=coordinator
                )
        rotation_services.cohort_calendar_create(cohort=council, actor=coordinator)
        rotation_services.cohort_calendar_create(cohort=trust, actor=coordinator)
        # the digital cohort's first placement lasts six months, then four of three months
        start = dst.start_date
        for number, weeks in enumerate([26, 13, 13, 13, 13], start=1):
            end = start + timedelta(weeks=weeks) - timedelta(days=3)
            CohortBlock.objects.create(cohort=dst, number=number, start_date=start, end_date=end)
            start = end + timedelta(days=3)
        for cohorts, reason in (
            ([dst], "First plan for the digital cohort"),
            ([council, trust], "First plan for the integrated cohorts, planned together"),
        ):
            run = rotation_services.plan_run_create(
                cohorts=cohorts, actor=coordinator, reason=reason, today=self.today, enqueue=False
            )
            rotation_services.plan_run_execute(run.pk)
            run.refresh_from_db()
            if not run.has_plan:
                raise RuntimeError(f"The demo plan {run.pk} failed: {run.result} {run.plan}")
            rotation_services.plan_run_publish(run=run, actor=coordinator, today=self.today)


#: (block, unit, the setting type where it is best learnt)
TRAINING = {
    "integrated": [
        (1, "Care Certificate: duty of care and person-centred care", "residential_care"),
        (2, "Understand mental ill health", "mental_health"),
        (3, "Caring for people with acute illness", "acute_ward"),
        (4, "Supporting independence at home", "community"),
        (5, "Dementia care", "residential_care"),
    ],
    "dst": [
        (1, "Clinical system templates and searches", "primary_care"),
        (2, "Supporting patients with online services", "primary_care"),
        (3, "Service desk and device management", "digital_it"),
        (4, "Data quality and reporting", "primary_care"),
    ],
}


TASKS_ALLOWED = {
    "acute_ward": [
        "Personal care and help with meals",
        "Observations (temperature, pulse, blood pressure) once signed off",
        "Admissions paperwork with a registered nurse",
        "Talking with patients and families",
    ],
    "mental_health": [
        "Therapeutic activities with the team",
        "Observations under supervision",
        "Attending ward rounds",
    ],
    "residential_care": [
        "Personal care",
        "Activities and companionship",
        "Mealtimes and hydration support",
        "Care plan reviews with a senior",
    ],
    "community": ["Shadowing home visits", "Reablement exercises agreed by a therapist", "Equipment checks"],
    "rehabilitation": ["Supporting exercise programmes", "Mobility practice with a therapist", "Goal-setting sessions"],
    "primary_care": [
        "Helping patients use the NHS App and online consultations",
        "Setting up clinical system templates",
        "Searches and reports for the practice",
        "Hardware and account support for staff",
    ],
    "domiciliary_care": ["Double-up care visits with an experienced carer", "Medication prompts (not administering)"],
    "urgent_care": ["Observations once signed off", "Helping patients find their way", "Restocking and cleaning bays"],
    "learning_disability": ["Supporting daily living skills", "Community activities", "Communication support"],
    "digital_it": ["Service desk tickets", "Device set-up", "Training staff on systems"],
}
TASKS_NOT_ALLOWED = {
    "acute_ward": ["Giving medicines", "Moving patients with a hoist before training", "Taking blood"],
    "mental_health": ["Restraint or restrictive practice", "Lone one-to-one observation"],
    "residential_care": ["Giving medicines", "Lone night shifts"],
    "community": ["Visiting patients alone"],
    "rehabilitation": ["Changing a therapy plan"],
    "primary_care": ["Looking at patient records without a task that needs it", "Taking patient data off site"],
    "domiciliary_care": ["Lone visits", "Administering medicines"],
    "urgent_care": ["Triage decisions", "Giving medicines"],
    "learning_disability": ["Managing money for residents alone"],
    "digital_it": ["Changing access rights without approval"],
}


def _monday_on_or_before(d: date) -> date:
    return d - timedelta(days=d.weekday())


def load_demo(*, today: date | None = None, reset: bool = False) -> tuple[bool, list[DemoLogin]]:
    """Create the demo partnership unless it exists. Returns (created, logins)."""
    existing = Partnership.objects.filter(slug=DEMO_SLUG).first()
    if existing and reset:
        delete_demo()
        existing = None
    if existing:
        return False, demo_logins()
    DemoBuilder(today or timezone.localdate()).build()
    return True, demo_logins()


#: the role each demo login demonstrates (the builder gives these people a login)
DEMO_LOGIN_ROLES = {
    "tom.barker": Role.PARTNERSHIP_ADMIN,
    "priya.shah": Role.COORDINATOR,
    "helen.ward": Role.LINE_MANAGER,
    "gary.mills": Role.HOST_MANAGER,
    "ada.nwosu": Role.MENTOR,
    "grace.holloway": Role.TUTOR,
    "lucy.marsh": Role.ASSESSOR,
    "alan.whitfield": Role.PARTNER_LEAD,
    "jenny.walsh": Role.STAFF,
    "jordan.ellis": Role.APPRENTICE,
}


def demo_logins() -> list[DemoLogin]:
    people = Person.objects.filter(partnership__slug=DEMO_SLUG, user__isnull=False)
    by_local = {p.email.split("@")[0]: p for p in people}
    return [
        DemoLogin(str(role), by_local[local].display_name, by_local[local].email)
        for local, role in DEMO_LOGIN_ROLES.items()
        if local in by_local
    ]


def delete_demo() -> None:
    p = Partnership.objects.get(slug=DEMO_SLUG)
    Appraisal.objects.filter(placement__enrolment__cohort__scheme__partnership=p).delete()
    PlacementFeedback.objects.filter(placement__enrolment__cohort__scheme__partnership=p).delete()
    ExitQuestionnaire.objects.filter(enrolment__cohort__scheme__partnership=p).delete()
    PastoralNote.objects.filter(enrolment__cohort__scheme__partnership=p).delete()
    Application.objects.filter(vacancy__scheme__partnership=p).delete()
    Vacancy.objects.filter(scheme__partnership=p).delete()
    JobVacancy.objects.filter(partnership=p).delete()
    Credential.objects.filter(partnership=p).delete()  # before the issuers and their keys
    TrainingRecord.objects.filter(person__partnership=p).delete()
    SigningKey.objects.filter(organisation__partnership=p).delete()
    CareersEvent.objects.filter(partnership=p).delete()
    Placement.objects.filter(enrolment__cohort__scheme__partnership=p).delete()
    PlanRun.objects.filter(partnership=p).delete()
    Enrolment.objects.filter(cohort__scheme__partnership=p).delete()
    Cohort.objects.filter(scheme__partnership=p).delete()
    Scheme.objects.filter(partnership=p).delete()
    PlacementSetting.objects.filter(site__organisation__partnership=p).delete()
    Site.objects.filter(organisation__partnership=p).delete()
    users = list(Person.objects.filter(partnership=p, user__isnull=False).values_list("user_id", flat=True))
    Person.objects.filter(partnership=p).delete()
    User.objects.filter(pk__in=users).delete()
    Organisation.objects.filter(partnership=p).update(parent=None)
    Organisation.objects.filter(partnership=p).delete()
    p.delete()
