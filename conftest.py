"""Shared fixtures: a small two-partnership world with one user for every role and relationship."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from workforce_hub.accounts.models import User
from workforce_hub.accounts.tokens import token_create
from workforce_hub.core.roles import Role
from workforce_hub.digital_skills.services import assessment_start
from workforce_hub.organisations.models import Organisation, Partnership, PlacementSetting
from workforce_hub.organisations.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PlacementSettingFactory,
    SiteFactory,
)
from workforce_hub.people.models import Person
from workforce_hub.people.tests.factories import PASSWORD, PersonFactory, UserFactory
from workforce_hub.rotations.models import CohortBlock, Placement, PlanRun
from workforce_hub.rotations.tests.factories import PlacementFactory
from workforce_hub.schemes.models import Cohort, Enrolment, Scheme
from workforce_hub.schemes.tests.factories import EnrolmentFactory

__all__ = [
    "PASSWORD",
    "World",
    "build_world",
    "enrol",
    "load_world",
    "make_org",
    "make_person",
    "make_setting",
    "place",
]


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
            _, secret = token_create(
                actor=self.users[key], name="Tests", expires_on=timezone.localdate() + timedelta(days=30)
            )
            client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        return client


def make_org(p: Partnership, name: str, org_type: str, sector: str, size: int = 100) -> Organisation:
    return OrganisationFactory(partnership=p, name=name, org_type=org_type, sector=sector, size=size)


def make_setting(
    org: Organisation, name: str, setting_type: str = "residential_care", min_age: int = 16, capacity: int = 2
) -> PlacementSetting:
    return PlacementSettingFactory(
        site=SiteFactory(organisation=org), name=name, setting_type=setting_type, min_age=min_age, capacity=capacity
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
    person = PersonFactory(
        partnership=p,
        given_name=key.replace("_", " ").title(),
        family_name=f"Test{len(world.people)}",
        email=email,
        **extra,
    )
    for org_key, role in roles:
        MembershipFactory(person=person, organisation=world.orgs[org_key], role=role)
    if login:
        user = UserFactory(email=email)
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
    e = EnrolmentFactory(cohort=cohort, apprentice=apprentice, status=status, line_manager=line_manager)
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
    p = PlacementFactory(
        enrolment=enrolment, setting=setting, start_date=start, end_date=end, status=status, block_index=block
    )
    world.placements[key] = p
    return p


# --- one world per test database -------------------------------------------------------------------------------
# The world is built once, committed, when each worker's test database is set up; every test then runs inside a
# transaction that is rolled back (pytest-django's `db`), and gets fresh Python objects loaded from the committed
# rows (`load_world`), so nothing one test changes reaches another. Browser tests need committed data and a live
# server (`transactional_db`), whose teardown empties the database: the world is built again straight after.

#: what the committed world is made of: category → key → primary key (None until built)
_WORLD_KEYS: dict[str, dict[str, int]] | None = None


def at_once[T](copies: int, call: Callable[[], T]) -> list[T | Exception]:
    """Run `call` in `copies` threads released at the same moment (concurrency tests on PostgreSQL); each
    thread's answer or exception, in the order they ended. Each thread closes its own database connection."""
    from django.db import connections

    start = threading.Barrier(copies)
    outcomes: list[T | Exception] = []

    def one() -> None:
        try:
            start.wait()
            outcomes.append(call())
        except Exception as exc:  # recorded for the caller's assertions
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one) for _ in range(copies)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def _keys_of(w: World) -> dict[str, dict[str, int]]:
    return {
        "partnerships": {"p1": w.p1.pk, "p2": w.p2.pk},
        "orgs": {k: v.pk for k, v in w.orgs.items()},
        "settings": {k: v.pk for k, v in w.settings.items()},
        "people": {k: v.pk for k, v in w.people.items()},
        "users": {k: v.pk for k, v in w.users.items()},
        "cohorts": {k: v.pk for k, v in w.cohorts.items()},
        "enrolments": {k: v.pk for k, v in w.enrolments.items()},
        "placements": {k: v.pk for k, v in w.placements.items()},
        "scheme": {"scheme": w.scheme.pk} if w.scheme else {},
    }


def _world_is_committed() -> bool:
    keys = _WORLD_KEYS
    return keys is not None and Partnership.objects.filter(pk=keys["partnerships"]["p1"], slug="north").exists()


def _build_committed_world() -> None:
    global _WORLD_KEYS
    with transaction.atomic():
        _WORLD_KEYS = _keys_of(build_world())


def summary_of(page: str) -> dict[str, str]:
    """A page's summary lists as key -> value text (the NHS.UK component's markup), for tests that read a row."""
    import re
    from html import unescape

    pairs = re.findall(
        r'<dt class="nhsuk-summary-list__key"\s*>\s*(.*?)\s*</dt>\s*<dd class="nhsuk-summary-list__value"\s*>\s*(.*?)\s*</dd>',
        page,
        re.S,
    )
    return {unescape(k): unescape(re.sub(r"\s+", " ", v)) for k, v in pairs}


def load_world(keys: dict[str, dict[str, int]]) -> World:
    """Fresh objects for the committed world, wired to each other as `build_world` leaves them."""
    parts = Partnership.objects.in_bulk(keys["partnerships"].values())
    w = World(p1=parts[keys["partnerships"]["p1"]], p2=parts[keys["partnerships"]["p2"]])
    by_pk = {p.pk: p for p in parts.values()}
    orgs = Organisation.objects.in_bulk(keys["orgs"].values())
    for org in orgs.values():
        org.partnership = by_pk[org.partnership_id]
    w.orgs = {k: orgs[pk] for k, pk in keys["orgs"].items()}
    settings = PlacementSetting.objects.select_related("site").in_bulk(keys["settings"].values())
    for setting in settings.values():
        setting.site.organisation = orgs[setting.site.organisation_id]
    w.settings = {k: settings[pk] for k, pk in keys["settings"].items()}
    users = User.objects.in_bulk(keys["users"].values())
    w.users = {k: users[pk] for k, pk in keys["users"].items()}
    people = Person.objects.in_bulk(keys["people"].values())
    for person in people.values():
        person.partnership = by_pk[person.partnership_id]
        if person.user_id is not None and person.user_id in users:
            person.user = users[person.user_id]
    w.people = {k: people[pk] for k, pk in keys["people"].items()}
    if keys["scheme"]:
        w.scheme = Scheme.objects.get(pk=keys["scheme"]["scheme"])
        w.scheme.partnership = w.p1
    cohorts = Cohort.objects.select_related("scheme").in_bulk(keys["cohorts"].values())
    for cohort in cohorts.values():
        if w.scheme is not None and cohort.scheme_id == w.scheme.pk:
            cohort.scheme = w.scheme
        cohort.employer, cohort.training_provider = orgs[cohort.employer_id], orgs[cohort.training_provider_id]
    w.cohorts = {k: cohorts[pk] for k, pk in keys["cohorts"].items()}
    enrolments = Enrolment.objects.in_bulk(keys["enrolments"].values())
    for e in enrolments.values():
        e.cohort, e.apprentice = cohorts[e.cohort_id], people[e.apprentice_id]
        e.line_manager = people.get(e.line_manager_id) if e.line_manager_id else None
    w.enrolments = {k: enrolments[pk] for k, pk in keys["enrolments"].items()}
    placements = Placement.objects.in_bulk(keys["placements"].values())
    for pl in placements.values():
        pl.enrolment, pl.setting = enrolments[pl.enrolment_id], settings[pl.setting_id]
    w.placements = {k: placements[pk] for k, pk in keys["placements"].items()}
    return w


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: cached figures are keyed on ids the rolled-back tests reuse."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        _build_committed_world()
    yield
    _close_stray_connections()


def _close_stray_connections() -> None:
    """Close every database connection still open at the end of the session, before the test databases are
    dropped. After a browser test the main thread holds a second open connection besides the one `connections`
    hands the tests (found with `gc`; Playwright's sync API switches greenlets, each with its own context, is the
    likely source), nothing closed it, and PostgreSQL refused to drop the database ("being accessed by other
    users"), a warning at the end of every PostgreSQL run."""
    import gc

    from django.db.backends.base.base import BaseDatabaseWrapper

    # type(), not isinstance(): isinstance on a weak proxy whose object is gone raises ReferenceError
    for wrapper in [o for o in gc.get_objects() if issubclass(type(o), BaseDatabaseWrapper)]:
        if wrapper.connection is not None:
            wrapper.connection.close()
            wrapper.connection = None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    result = yield
    # (after the last test the test database is already gone: nothing to build again)
    if nextitem is not None and "transactional_db" in getattr(item, "fixturenames", ()):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            if not _world_is_committed():
                _build_committed_world()
    return result


@pytest.fixture(scope="session")
def openapi_schema() -> dict[str, Any]:
    """The API's OpenAPI schema as a dict, generated once per test process."""
    import io

    import yaml
    from django.core.management import call_command

    out = io.StringIO()
    call_command("spectacular", stdout=out)
    return yaml.safe_load(out.getvalue())  # type: ignore[no-any-return]


@pytest.fixture
def world(db: Any) -> World:
    if _WORLD_KEYS is None or not _world_is_committed():
        return build_world()  # the committed world is missing: build one for this test alone (rolled back)
    return load_world(_WORLD_KEYS)


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    """The same world, committed, for tests that drive a live server from a browser."""
    if not _world_is_committed():
        _build_committed_world()
    assert _WORLD_KEYS is not None
    return load_world(_WORLD_KEYS)


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


class _PostcodesIo(BaseHTTPRequestHandler):
    """A small server on loopback that answers as postcodes.io does: `/postcodes/{postcode}` and
    `/outcodes/{district}`, 404 for what it does not know, 500 for the postcode "ZZ99 9ZZ"."""

    known: ClassVar[dict[str, tuple[float, float]]] = {
        "DE13AA": (52.92251, -1.47663),
        "DE224GH": (52.90411, -1.50852),
        "NG12BB": (52.95360, -1.14890),
    }
    districts: ClassVar[dict[str, tuple[float, float]]] = {"DE99": (52.9, -1.5)}
    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).asked.append(self.path)
        kind, _, key = self.path.strip("/").partition("/")
        key = key.upper().replace("%20", "").replace(" ", "")
        table = self.known if kind == "postcodes" else self.districts
        if key == "ZZ999ZZ":
            self._answer(500, {"status": 500, "error": "Internal server error"})
        elif key in table:
            lat, lon = table[key]
            self._answer(200, {"status": 200, "result": {"postcode": key, "latitude": lat, "longitude": lon}})
        else:
            self._answer(404, {"status": 404, "error": "Postcode not found"})

    def _answer(self, code: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def postcodes_server(settings: Any) -> Iterator[str]:
    """postcodes.io on loopback, and the Hub's geocoders set to the loaded table then that server."""
    _PostcodesIo.asked = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PostcodesIo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    settings.HUB_GEOCODERS = [
        {"BACKEND": "workforce_hub.core.geocoding.PostcodeTable"},
        {"BACKEND": "workforce_hub.core.geocoding.PostcodesIo", "OPTIONS": {"base_url": url, "timeout": 2}},
    ]
    yield url
    server.shutdown()
