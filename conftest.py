"""Shared fixtures: a small two-partnership world with one user for every role and relationship."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from workforce_hub.accounts.models import User
from workforce_hub.core.roles import Role
from workforce_hub.digital_skills.services import assessment_start
from workforce_hub.organisations.models import Membership, Organisation, Partnership, PlacementSetting, Site
from workforce_hub.people.models import Person
from workforce_hub.rotations.models import CohortBlock, Placement, PlanRun
from workforce_hub.schemes.models import Cohort, Enrolment, EnrolmentStatusChange, Scheme

PASSWORD = "correct-horse-battery-staple-42"


@dataclass
class World:
    p1: Partnership
    p2: Partnership
    orgs: dict[str, Organisation] = field(default_factory=dict)
    settings: dict[str, PlacementSetting] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    cohorts: dict[str, Cohort] = field(default_factory=dict)
    enrolments: dict[str, Enrolment] = field(default_factory=dict)
    placements: dict[str, Placement] = field(default_factory=dict)
    scheme: Scheme | None = None

    def user(self, key: str) -> User | None:
        return self.users.get(key)

    def api(self, key: str) -> APIClient:
        client = APIClient()
        if key != "anonymous":
            token, _ = Token.objects.get_or_create(user=self.users[key])
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client


def make_org(p: Partnership, name: str, org_type: str, sector: str, size: int = 100) -> Organisation:
    return Organisation.objects.create(partnership=p, name=name, org_type=org_type, sector=sector, size=size)


def make_setting(
    org: Organisation, name: str, setting_type: str = "residential_care", min_age: int = 16, capacity: int = 2
) -> PlacementSetting:
    site, _ = Site.objects.get_or_create(
        organisation=org,
        name=f"{org.name} site",
        defaults={
            "address": "1 High Street, Derwent",
            "postcode": "DE1 1AA",
            "latitude": Decimal("52.9"),
            "longitude": Decimal("-1.4"),
        },
    )
    return PlacementSetting.objects.create(
        site=site, name=name, setting_type=setting_type, min_age=min_age, capacity=capacity
    )


def make_person(
    world: World,
    key: str,
    p: Partnership,
    roles: list[tuple[str, str]],
    *,
    login: bool = True,
    mfa: bool = True,
    **extra: Any,
) -> Person:
    email = f"{key}@{p.slug}.example"
    person = Person.objects.create(
        partnership=p,
        given_name=key.replace("_", " ").title(),
        family_name=f"Test{len(world.people)}",
        email=email,
        phone="07700 900123",
        postcode="DE1 1AA",
        date_of_birth=date(2000, 1, 1),
        **extra,
    )
    for org_key, role in roles:
        Membership.objects.create(person=person, organisation=world.orgs[org_key], role=role)
    if login:
        user = User.objects.create_user(email=email, password=PASSWORD)
        person.user = user
        person.save(update_fields=["user"])
        world.users[key] = user
        if mfa and any(r in (Role.COORDINATOR, Role.PARTNERSHIP_ADMIN) for _, r in roles):
            TOTP.activate(user, generate_totp_secret())
    world.people[key] = person
    return person


def enrol(
    world: World,
    key: str,
    cohort: Cohort,
    apprentice: Person,
    line_manager: Person | None = None,
    status: str = "started",
) -> Enrolment:
    e = Enrolment.objects.create(cohort=cohort, apprentice=apprentice, status=status, line_manager=line_manager)
    EnrolmentStatusChange.objects.create(
        enrolment=e, to_status=status, reason="Test set-up", effective_on=timezone.localdate()
    )
    world.enrolments[key] = e
    return e


def place(
    world: World,
    key: str,
    enrolment: Enrolment,
    setting: PlacementSetting,
    start: date,
    end: date,
    status: str = "published",
    block: int = 0,
) -> Placement:
    p = Placement.objects.create(
        enrolment=enrolment, setting=setting, start_date=start, end_date=end, status=status, block_index=block
    )
    world.placements[key] = p
    return p


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    """The same world, committed, for tests that drive a live server from a browser."""
    return build_world()


def build_world() -> World:
    today = timezone.localdate()
    p1 = Partnership.objects.create(name="North Partnership", slug="north")
    p2 = Partnership.objects.create(name="South Partnership", slug="south")
    w = World(p1=p1, p2=p2)
    w.orgs["employer"] = make_org(p1, "County Council", "council", "council", 9000)
    w.orgs["host"] = make_org(p1, "Oak Care", "pvi_care_provider", "pvi", 200)
    w.orgs["host2"] = make_org(p1, "Elm Hospital", "nhs_trust", "nhs", 5000)
    w.orgs["provider"] = make_org(p1, "Skills Ltd", "training_provider", "other", 40)
    w.orgs["provider2"] = make_org(p1, "Other College", "training_provider", "other", 400)
    w.orgs["funder"] = make_org(p1, "Funding ICB", "icb", "nhs", 300)
    w.orgs["hub"] = make_org(p1, "Hub", "training_hub", "primary_care", 10)
    w.orgs["p2_org"] = make_org(p2, "Southern Trust", "nhs_trust", "nhs", 1000)
    w.settings["host"] = make_setting(w.orgs["host"], "Oak House")
    w.settings["host2"] = make_setting(w.orgs["host2"], "Ward 1", "acute_ward", 18)
    w.settings["p2"] = make_setting(w.orgs["p2_org"], "South Ward", "acute_ward")
    make_person(w, "coordinator", p1, [("hub", Role.COORDINATOR)])
    make_person(w, "admin", p1, [("hub", Role.PARTNERSHIP_ADMIN)])
    lm = make_person(w, "line_manager", p1, [("employer", Role.LINE_MANAGER)])
    make_person(w, "other_line_manager", p1, [("employer", Role.LINE_MANAGER)])
    make_person(w, "host_manager", p1, [("host", Role.HOST_MANAGER)])
    make_person(w, "mentor", p1, [("host", Role.MENTOR)])
    make_person(w, "other_host", p1, [("host2", Role.HOST_MANAGER)])
    make_person(w, "tutor", p1, [("provider", Role.TUTOR)])
    make_person(w, "assessor", p1, [("provider", Role.ASSESSOR)])
    make_person(w, "other_tutor", p1, [("provider2", Role.TUTOR)])
    make_person(w, "partner_lead", p1, [("funder", Role.PARTNER_LEAD)])
    make_person(w, "staff", p1, [("employer", Role.STAFF)])
    a = make_person(
        w, "apprentice", p1, [("employer", Role.APPRENTICE)], health_and_adjustment_notes="MARKER-HEALTH-NOTE"
    )
    b = make_person(w, "other_apprentice", p1, [("employer", Role.APPRENTICE)])
    make_person(w, "p2_coordinator", p2, [("p2_org", Role.COORDINATOR)])
    z = make_person(w, "p2_apprentice", p2, [("p2_org", Role.APPRENTICE)])
    w.scheme = Scheme.objects.create(partnership=p1, name="Support worker scheme")
    w.scheme.funders.set([w.orgs["funder"]])
    p2_scheme = Scheme.objects.create(partnership=p2, name="Southern scheme")
    start = today - timedelta(days=30)
    w.cohorts["main"] = Cohort.objects.create(
        scheme=w.scheme,
        name="Cohort A",
        employer=w.orgs["employer"],
        training_provider=w.orgs["provider"],
        start_date=start,
        end_date=start + timedelta(days=450),
        contracted_hours=Decimal("37.5"),
    )
    w.cohorts["other"] = Cohort.objects.create(
        scheme=w.scheme,
        name="Cohort B",
        employer=w.orgs["employer"],
        training_provider=w.orgs["provider2"],
        start_date=start,
        end_date=start + timedelta(days=450),
        contracted_hours=Decimal("37"),
    )
    w.cohorts["p2"] = Cohort.objects.create(
        scheme=p2_scheme,
        name="South cohort",
        employer=w.orgs["p2_org"],
        training_provider=w.orgs["p2_org"],
        start_date=start,
        end_date=start + timedelta(days=450),
        contracted_hours=Decimal("37.5"),
    )
    ea = enrol(w, "apprentice", w.cohorts["main"], a, line_manager=lm)
    eb = enrol(w, "other_apprentice", w.cohorts["other"], b)
    ez = enrol(w, "p2_apprentice", w.cohorts["p2"], z)
    CohortBlock.objects.create(
        cohort=w.cohorts["main"], number=1, start_date=start, end_date=start + timedelta(days=60)
    )
    PlanRun.objects.create(partnership=p1, scheme=w.scheme, instance={"name": "empty"}, status="failed", error="test")
    PlanRun.objects.get(scheme=w.scheme).cohorts.set([w.cohorts["main"]])
    assessment_start(person=w.people["staff"], actor=None)  # a digital skills check under way
    place(w, "apprentice", ea, w.settings["host"], today - timedelta(days=10), today + timedelta(days=20))
    place(w, "other_apprentice", eb, w.settings["host2"], today - timedelta(days=10), today + timedelta(days=20))
    place(w, "p2_apprentice", ez, w.settings["p2"], today - timedelta(days=10), today + timedelta(days=20))
    return w


@pytest.fixture
def login(client: Any, world: World) -> Any:
    def _login(key: str) -> Any:
        client.force_login(world.users[key], backend="allauth.account.auth_backends.AuthenticationBackend")
        return client

    return _login
