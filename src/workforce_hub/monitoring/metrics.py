"""The figures the Hub computes from its records, each with its definition in words and the filters it takes.
A scheme's figures read the scheme report (`outcomes.reports`), so an indicator and the report always agree; the
digital-skills programme's figures read the needs analysis, the champions' contact log and the quality marks.

A scheme's figures take a cohort, an organisation (the cohorts it employs) and a date it counts from (the cohorts
that started from then). Counting people: a scheme's figures count places (enrolments), as the scheme report does, so someone who joined two
cohorts counts once in each cohort and twice across the scheme; the digital-skills figures count people."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Q

from workforce_hub.digital_champions.models import Champion, QualityMarkAward, SupportContact
from workforce_hub.digital_skills.models import Assessment
from workforce_hub.organisations.models import Organisation
from workforce_hub.outcomes.models import Destination, Point
from workforce_hub.outcomes.reports import SchemeReport, scheme_report
from workforce_hub.portfolios.models import LearningRecord
from workforce_hub.portfolios.selectors import OtjSummary, behind_pace
from workforce_hub.rotations.models import Placement
from workforce_hub.schemes.models import Cohort, LeavingReason, Scheme

SCHEME = "scheme"
DIGITAL_SKILLS = "digital_skills"
#: the filters an indicator can set
COHORT, ORGANISATION, PERIOD = "cohort", "organisation", "period"


@dataclass
class Scope:
    """What an indicator counts: a partnership, its scheme (for a scheme's model), a cohort, an organisation, from a
    date, as at a date. `reports` keeps one scheme report per cohort and date for a whole table."""

    partnership_id: int
    on: date
    scheme: Scheme | None = None
    cohort: Cohort | None = None
    organisation: Organisation | None = None
    since: date | None = None
    reports: dict[tuple[int, int | None, int | None, date | None, date], SchemeReport] = field(default_factory=dict)

    def report(self) -> SchemeReport:
        """The scheme report of the cohorts counted: the one cohort, or every cohort of the scheme; of those, the ones
        the organisation employs and the ones that started from the date it counts from."""
        assert self.scheme is not None, "a scheme's figure needs a scheme"
        key = (
            self.scheme.pk,
            self.cohort.pk if self.cohort else None,
            self.organisation.pk if self.organisation else None,
            self.since,
            self.on,
        )
        if key not in self.reports:
            cohorts = self.scheme.cohorts.all()
            if self.cohort is not None:
                cohorts = cohorts.filter(pk=self.cohort.pk)
            if self.organisation is not None:
                cohorts = cohorts.filter(employer=self.organisation)
            if self.since is not None:
                cohorts = cohorts.filter(start_date__gte=self.since)
            self.reports[key] = scheme_report(self.scheme, list(cohorts), on=self.on, people_only=True)
        return self.reports[key]


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    definition: str
    compute: Callable[[Scope], Decimal | None]
    #: a scheme's figure or the digital-skills programme's
    programme: str = SCHEME
    #: the filters it takes besides its scheme or partnership (a scheme's figures: a cohort, the cohorts an
    #: organisation employs, the cohorts that started from a date)
    filters: frozenset[str] = frozenset({COHORT, ORGANISATION, PERIOD})

    @property
    def filter_words(self) -> str:
        words = {COHORT: "a cohort", ORGANISATION: "an organisation", PERIOD: "a date it counts from"}
        if self.programme == SCHEME:
            words = {
                COHORT: "a cohort",
                ORGANISATION: "the cohorts an organisation employs",
                PERIOD: "the cohorts that started from a date",
            }
        return ", ".join(words[f] for f in sorted(self.filters)) or "none"


def _funnel(label: str) -> Callable[[Scope], Decimal | None]:
    def compute(scope: Scope) -> Decimal | None:
        value = scope.report().funnel_value(label)
        return None if value is None else Decimal(value)

    return compute


def _employed(point: str) -> Callable[[Scope], Decimal | None]:
    def compute(scope: Scope) -> Decimal | None:
        rows = dict(scope.report().destinations)
        return Decimal(sum(rows[label][point] for label in ("Employed in health care", "Employed in social care")))

    return compute


def _feedback(scope: Scope) -> Decimal | None:
    report = scope.report()
    average, answers = report.feedback[0][1], report.feedback[0][2]
    return None if average is None or not answers else Decimal(str(average))


def _appraisals(scope: Scope) -> Decimal | None:
    row = next(r for r in scope.report().feedback if r[0] == "Hosts' appraisals of apprentices")
    return None if row[1] is None else Decimal(str(row[1]))


def _retained_by_host(scope: Scope) -> Decimal | None:
    """Apprentices working, at the end, for an organisation where they had a placement."""
    return Decimal(
        Destination.objects.filter(
            enrolment__cohort__in=scope.report().cohorts, point=Point.END, at_placement_host=True
        ).count()
    )


def _different_settings(scope: Scope) -> Decimal | None:
    """Apprentices whose ended placements number the scheme's blocks, each in a different setting type."""
    report = scope.report()
    types: dict[int, list[str]] = {}
    for enrolment_id, setting_type in Placement.objects.filter(
        enrolment__cohort__in=report.cohorts, status=Placement.Status.PUBLISHED, end_date__lt=report.on
    ).values_list("enrolment_id", "setting__setting_type"):
        types.setdefault(enrolment_id, []).append(setting_type)
    blocks = report.scheme.block_count
    return Decimal(sum(1 for found in types.values() if len(found) >= blocks and len(set(found)) == len(found)))


def _left_for(reason: LeavingReason) -> Callable[[Scope], Decimal | None]:
    def compute(scope: Scope) -> Decimal | None:
        return Decimal(dict(scope.report().left_reasons).get(str(reason.label), 0))

    return compute


def _behind(scope: Scope) -> list[tuple[LearningRecord, OtjSummary]]:
    return behind_pace(LearningRecord.objects.filter(enrolment__cohort__in=scope.report().cohorts), scope.on)


def _behind_pace(scope: Scope) -> Decimal | None:
    return Decimal(len(_behind(scope)))


def _hours_behind(scope: Scope) -> Decimal | None:
    return sum((s.pace - s.approved for _, s in _behind(scope)), Decimal(0)).quantize(Decimal("0.1"))


# ------------------------------------------------------------------------------------------- digital skills


def _assessments(scope: Scope) -> Any:
    qs = Assessment.objects.filter(
        partnership_id=scope.partnership_id, completed_at__isnull=False, completed_at__date__lte=scope.on
    )
    if scope.organisation is not None:
        qs = qs.filter(organisation=scope.organisation)
    if scope.since is not None:
        qs = qs.filter(completed_at__date__gte=scope.since)
    return qs


def _assessed(scope: Scope) -> Decimal | None:
    return Decimal(_assessments(scope).values("person").distinct().count())


def _levels_risen(scope: Scope) -> Decimal | None:
    """People whose average level across the domains is higher in their latest self-assessment than in their first
    (among those counted: two or more completed ones)."""
    averages: dict[int, list[Decimal]] = {}
    rows = (
        _assessments(scope)
        .annotate(level=Avg("domain_results__level"))
        .order_by("person_id", "completed_at")
        .values_list("person_id", "level")
    )
    for person_id, level in rows:
        if level is not None:
            averages.setdefault(person_id, []).append(Decimal(str(level)))
    return Decimal(sum(1 for levels in averages.values() if len(levels) > 1 and levels[-1] > levels[0]))


def _champions(scope: Scope) -> Decimal | None:
    qs = Champion.objects.filter(partnership_id=scope.partnership_id, is_active=True, created_at__date__lte=scope.on)
    if scope.organisation is not None:
        qs = qs.filter(organisation=scope.organisation)
    return Decimal(qs.values("person").distinct().count())


def _contacts(scope: Scope) -> Decimal | None:
    qs = SupportContact.objects.filter(champion__partnership_id=scope.partnership_id, happened_on__lte=scope.on)
    if scope.organisation is not None:
        qs = qs.filter(champion__organisation=scope.organisation)
    if scope.since is not None:
        qs = qs.filter(happened_on__gte=scope.since)
    return Decimal(qs.count())


def _quality_marks(scope: Scope) -> Decimal | None:
    qs = QualityMarkAward.objects.filter(
        maturity__organisation__partnership_id=scope.partnership_id,
        level__isnull=False,
        reviewed_at__date__lte=scope.on,
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=scope.on))
    if scope.organisation is not None:
        qs = qs.filter(maturity__organisation=scope.organisation)
    return Decimal(qs.values("maturity__organisation").distinct().count())


CATALOGUE: dict[str, Metric] = {
    m.code: m
    for m in (
        Metric(
            "applied",
            "Applications",
            "Applications to the cohorts' vacancies in the Hub; not known for a cohort recruited outside it.",
            _funnel("Applied"),
        ),
        Metric(
            "accepted",
            "Accepted",
            "Apprentices who accepted a place, including anyone who then never started.",
            _funnel("Accepted"),
        ),
        Metric(
            "started", "Started", "Apprentices who started (a start date or a change to started).", _funnel("Started")
        ),
        Metric(
            "eligible",
            "Eligible to complete",
            "Started, less those found not to be eligible and those transferred to another apprenticeship.",
            _funnel("Eligible to complete"),
        ),
        Metric(
            "care_certificates",
            "Care Certificates",
            "Learning records with the Care Certificate achieved: every standard signed off, or held before the start.",
            _funnel("Care Certificate achieved"),
        ),
        Metric(
            "placements_completed",
            "Completed every placement",
            "Apprentices whose published placements that have ended number at least the scheme's blocks.",
            _funnel("Placements completed"),
        ),
        Metric(
            "different_settings",
            "Completed every placement, each in a different setting type",
            "As completed every placement, with no setting type twice.",
            _different_settings,
        ),
        Metric(
            "qualifications",
            "Qualifications achieved",
            "Learning records with every qualification the standard requires achieved.",
            _funnel("Qualification achieved"),
        ),
        Metric(
            "left_early",
            "Left early",
            "Started, then withdrawn for any reason but not being eligible.",
            _funnel("Left early"),
        ),
        Metric(
            "employed_end",
            "Employed in health or social care at the end",
            "Destinations at the end: employed in health care or in social care.",
            _employed("end"),
        ),
        Metric(
            "employed_6",
            "Employed in health or social care 6 months later",
            "Destinations 6 months after the end.",
            _employed("6_months"),
        ),
        Metric(
            "employed_12",
            "Employed in health or social care 12 months later",
            "Destinations 12 months after the end.",
            _employed("12_months"),
        ),
        Metric(
            "feedback_overall",
            "Apprentices' rating of their placements (out of 5)",
            "The average of apprentices' overall ratings of their placements.",
            _feedback,
        ),
        Metric(
            "appraisals",
            "Hosts' appraisals of apprentices (out of 5)",
            "The average of hosts' appraisals at the end of each placement.",
            _appraisals,
        ),
        Metric(
            "retained_by_host",
            "Working for a placement host at the end",
            "Destinations at the end with an organisation where the apprentice had a placement.",
            _retained_by_host,
        ),
        Metric(
            "behind_pace",
            "Apprentices behind pace on off-the-job hours",
            "Started apprentices before their gateway whose approved off-the-job hours are under the share of the "
            "straight-line pace that the learning record flags.",
            _behind_pace,
        ),
        Metric(
            "hours_behind",
            "Off-the-job hours behind pace",
            "For the apprentices behind pace: the hours needed to be on pace today less the hours approved, added up.",
            _hours_behind,
        ),
        *(
            Metric(
                f"left_early_{reason.value}",
                f"Left early: {str(reason.label).lower()}",
                f"Started, then withdrawn, with the reason recorded as '{reason.label}'.",
                _left_for(reason),
            )
            for reason in LeavingReason
            if reason != LeavingReason.NOT_ELIGIBLE
        ),
        Metric(
            "assessed",
            "Staff who completed a digital skills self-assessment",
            "People with at least one completed self-assessment (counted once however many they did).",
            _assessed,
            DIGITAL_SKILLS,
            frozenset({ORGANISATION, PERIOD}),
        ),
        Metric(
            "levels_risen",
            "Staff whose digital skills level rose between rounds",
            "People whose average level across the domains is higher in their latest completed self-assessment than "
            "in their first; only people with two or more count.",
            _levels_risen,
            DIGITAL_SKILLS,
            frozenset({ORGANISATION, PERIOD}),
        ),
        Metric(
            "champions",
            "Digital champions",
            "People who are active digital champions (once each, at however many organisations).",
            _champions,
            DIGITAL_SKILLS,
            frozenset({ORGANISATION}),
        ),
        Metric(
            "champion_contacts",
            "Champions' contacts",
            "Times a champion helped someone, as logged by the champions.",
            _contacts,
            DIGITAL_SKILLS,
            frozenset({ORGANISATION, PERIOD}),
        ),
        Metric(
            "quality_marks",
            "Organisations holding a digital quality mark",
            "Organisations with a quality mark level awarded by peer review that has not expired.",
            _quality_marks,
            DIGITAL_SKILLS,
            frozenset({ORGANISATION}),
        ),
    )
}


def for_programme(programme: str) -> list[Metric]:
    """The figures a logic model of a scheme (programme "") or of a partnership programme can use."""
    return [m for m in CATALOGUE.values() if m.programme == (programme or SCHEME)]
