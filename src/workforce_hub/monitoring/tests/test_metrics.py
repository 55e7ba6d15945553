"""Each figure of the metric catalogue against a small scheme counted by hand: a transfer, a withdrawal after the
start, one before it, someone in two cohorts, placements in the same and in different setting types; and the
digital-skills programme's figures with their organisation and date filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from workforce_hub.digital_champions.models import QualityMarkAward
from workforce_hub.digital_champions.tests.factories import (
    ChampionFactory,
    MaturityAssessmentFactory,
    QualityMarkLevelFactory,
    SupportContactFactory,
)
from workforce_hub.digital_skills.models import Assessment, DomainResult, Framework
from workforce_hub.monitoring import metrics
from workforce_hub.organisations.models import Organisation, Partnership
from workforce_hub.organisations.tests.factories import (
    OrganisationFactory,
    PartnershipFactory,
    PlacementSettingFactory,
    SiteFactory,
)
from workforce_hub.outcomes.tests.factories import DestinationFactory
from workforce_hub.people.models import Person
from workforce_hub.people.tests.factories import PersonFactory
from workforce_hub.rotations.tests.factories import PlacementFactory
from workforce_hub.schemes.models import Cohort, Enrolment, EnrolmentStatusChange, Scheme
from workforce_hub.schemes.tests.factories import CohortFactory, EnrolmentFactory, SchemeFactory

pytestmark = pytest.mark.django_db


def today() -> date:
    """Today when the test runs (not when the module was imported: a run across midnight would disagree)."""
    return timezone.localdate()


@dataclass
class Pilot:
    scheme: Scheme
    first: Cohort
    second: Cohort
    twice: Person  # in both cohorts
    host: Organisation


def _withdraw(enrolment: Enrolment, reason: str) -> None:
    EnrolmentStatusChange.objects.create(
        enrolment=enrolment,
        from_status=enrolment.status,
        to_status="withdrawn",
        reason="Test",
        leaving_reason=reason,
        effective_on=today(),
    )
    Enrolment.objects.filter(pk=enrolment.pk).update(status="withdrawn")


def _placement(enrolment: Enrolment, setting_type: str, host: Organisation, weeks_ago: int, block: int) -> None:
    setting = PlacementSettingFactory(site=SiteFactory(organisation=host), setting_type=setting_type)
    start = today() - timedelta(weeks=weeks_ago)
    PlacementFactory(
        enrolment=enrolment, setting=setting, start_date=start, end_date=start + timedelta(days=20), block_index=block
    )


@pytest.fixture
def pilot() -> Pilot:
    """Counted by hand (two blocks a person):

    first cohort: Ann started, two ended placements in an acute ward then residential care, at the end employed in health
    care by her host; Ben started then left for a job; Cy started then transferred; Di accepted and withdrew before
    starting. Second cohort: Ann again (a second place), two ended placements both in residential care; Eve started and
    left for health reasons."""
    scheme = SchemeFactory(block_count=2)
    first = CohortFactory(scheme=scheme, start_date=today() - timedelta(days=200))
    second = CohortFactory(scheme=scheme, start_date=today() - timedelta(days=100))
    host = OrganisationFactory(partnership=scheme.partnership, org_type="nhs_trust", sector="nhs")
    ann = PersonFactory(partnership=scheme.partnership)
    ann1 = EnrolmentFactory(cohort=first, apprentice=ann)
    _placement(ann1, "acute_ward", host, 10, 0)
    _placement(ann1, "residential_care", host, 6, 1)
    DestinationFactory(enrolment=ann1, outcome="employed_health", at_placement_host=True)
    _withdraw(EnrolmentFactory(cohort=first), "job")
    transferred = EnrolmentFactory(cohort=first)
    Enrolment.objects.filter(pk=transferred.pk).update(status="transferred")
    EnrolmentFactory(cohort=first, status="withdrawn")  # never started
    ann2 = EnrolmentFactory(cohort=second, apprentice=ann)
    _placement(ann2, "residential_care", host, 8, 0)
    _placement(ann2, "residential_care", host, 4, 1)
    _withdraw(EnrolmentFactory(cohort=second), "health")
    return Pilot(scheme, first, second, ann, host)


def _count(code: str, pilot: Pilot, cohort: Cohort | None = None) -> Decimal | None:
    scope = metrics.Scope(pilot.scheme.partnership_id, today(), scheme=pilot.scheme, cohort=cohort)
    return metrics.CATALOGUE[code].compute(scope)


@pytest.mark.parametrize(
    ("code", "whole", "first", "second"),
    [
        ("applied", None, None, None),  # recruited outside the Hub: not known, never 0
        ("accepted", 6, 4, 2),  # a place each; Ann holds two
        ("started", 5, 3, 2),  # Di never started
        ("eligible", 4, 2, 2),  # Cy's transfer is taken off
        ("left_early", 2, 1, 1),  # Ben and Eve; Di withdrew before starting, which is not leaving early
        ("left_early_job", 1, 1, 0),
        ("left_early_health", 1, 0, 1),
        ("left_early_personal", 0, 0, 0),
        ("placements_completed", 2, 1, 1),  # Ann in each cohort
        ("different_settings", 1, 1, 0),  # the second time both were residential care
        ("employed_end", 1, 1, 0),
        ("retained_by_host", 1, 1, 0),
        ("qualifications", 0, 0, 0),
        ("behind_pace", 0, 0, 0),  # no learning records
    ],
)
def test_scheme_figures_counted_by_hand(
    pilot: Pilot, code: str, whole: int | None, first: int | None, second: int | None
) -> None:
    expect = [None if n is None else Decimal(n) for n in (whole, first, second)]
    assert [_count(code, pilot), _count(code, pilot, pilot.first), _count(code, pilot, pilot.second)] == expect


def test_a_scheme_figure_for_an_employer_and_from_a_date(pilot: Pilot) -> None:
    def started(**filters: object) -> Decimal | None:
        scope = metrics.Scope(pilot.scheme.partnership_id, today(), scheme=pilot.scheme, **filters)  # type: ignore[arg-type]
        return metrics.CATALOGUE["started"].compute(scope)

    assert started(organisation=pilot.first.employer) == 3  # each cohort has its own employer
    assert started(since=pilot.second.start_date) == 2  # only the second cohort started from then
    assert started(cohort=pilot.first, since=pilot.second.start_date) == 0
    assert started(organisation=pilot.host) == 0  # a host, not an employer


def test_every_figure_has_words_and_filters() -> None:
    for metric in metrics.CATALOGUE.values():
        assert metric.label and metric.definition.endswith(".") and metric.filter_words != "none", metric.code
    scheme_codes = {m.code for m in metrics.for_programme("")}
    digital_codes = {m.code for m in metrics.for_programme("digital_skills")}
    assert "started" in scheme_codes and "champion_contacts" in digital_codes and not scheme_codes & digital_codes


def _assessment(partnership: Partnership, person: Person, org: Organisation, days_ago: int, levels: list[int]) -> None:
    framework = Framework.objects.get(is_current=True)
    done = timezone.now() - timedelta(days=days_ago)
    a = Assessment.objects.create(
        person=person, framework=framework, partnership=partnership, organisation=org, completed_at=done
    )
    for domain, level in zip(framework.domains.order_by("pk"), levels, strict=False):
        DomainResult.objects.create(assessment=a, domain=domain, level=level)


def test_digital_skills_figures_counted_by_hand() -> None:
    partnership = PartnershipFactory()
    practice, home = OrganisationFactory(partnership=partnership), OrganisationFactory(partnership=partnership)
    risen, same, once = (PersonFactory(partnership=partnership) for _ in range(3))
    _assessment(partnership, risen, practice, 300, [1, 1])
    _assessment(partnership, risen, practice, 10, [2, 1])  # average 1 → 1.5: risen
    _assessment(partnership, same, practice, 300, [2, 2])
    _assessment(partnership, same, practice, 10, [1, 3])  # average 2 → 2: not risen
    _assessment(partnership, once, home, 10, [3, 3])  # one assessment: cannot have risen
    champion = ChampionFactory(partnership=partnership, organisation=practice)
    ChampionFactory(partnership=partnership, organisation=home, person=champion.person)  # the same person twice
    ChampionFactory(partnership=partnership, organisation=home, is_active=False)
    for days in (400, 40, 5):
        SupportContactFactory(champion=champion, happened_on=today() - timedelta(days=days))
    level = QualityMarkLevelFactory(partnership=partnership)
    for org, expires in ((practice, today() + timedelta(days=30)), (home, today() - timedelta(days=1))):
        maturity = MaturityAssessmentFactory(organisation=org, status="awarded")
        QualityMarkAward.objects.create(
            maturity=maturity,
            level=level,
            submitted_by=maturity.created_by,
            submitted_at=timezone.now() - timedelta(days=60),
            reviewed_by=PersonFactory(partnership=partnership),
            reviewed_at=timezone.now() - timedelta(days=50),
            expires_on=expires,
        )

    def count(code: str, **filters: object) -> Decimal | None:
        return metrics.CATALOGUE[code].compute(metrics.Scope(partnership.pk, today(), **filters))  # type: ignore[arg-type]

    assert count("assessed") == 3 and count("assessed", organisation=home) == 1
    assert count("assessed", since=today() - timedelta(days=30)) == 3  # each has one in the last month
    assert count("levels_risen") == 1
    assert count("levels_risen", since=today() - timedelta(days=30)) == 0  # one assessment each in the period
    assert count("champions") == 1  # one active person, at two organisations
    assert count("champion_contacts") == 3 and count("champion_contacts", since=today() - timedelta(days=60)) == 2
    assert count("champion_contacts", organisation=home) == 0  # logged by the champion at the practice
    assert count("quality_marks") == 1  # the home's has expired
    assert count("quality_marks", organisation=home) == 0
