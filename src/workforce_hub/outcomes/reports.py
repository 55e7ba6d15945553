"""The scheme report for partners, computed from records: the participation funnel, placements by setting type and
sector, feedback scores, destinations and funding shares. For one cohort or every cohort of a scheme.

Definitions (also shown on the page):
- applied: applications to the cohorts' vacancies in the Hub; not known for a cohort recruited outside the Hub (no
  vacancy), and then not known in total either;
- accepted: enrolments (every enrolment is an accepted place, including someone who then never started);
- started: enrolments that were ever started (a start date or a change to started);
- eligible to complete: started, less those who withdrew because they were found not to be eligible and those
  transferred to another apprenticeship;
- Care Certificate achieved / qualification achieved: from the learning records (all units signed off, or the
  qualification recorded as held before the start; and every qualification the standard requires achieved);
- placements completed: published placements that have ended, at least the scheme's number of blocks;
- left early: started and then withdrawn for any reason other than not being eligible, counted by reason (someone
  who never started did not leave; a transfer is not a leaver);
- employed in the sector: the destination at the end is employment in health or social care.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from statistics import mean
from typing import Any

from django.db.models import Avg, Count, QuerySet
from django.utils import timezone

from workforce_hub.core.access import Actor
from workforce_hub.core.caching import kept_for
from workforce_hub.organisations.models import Sector, SettingType
from workforce_hub.portfolios.models import LearningRecord
from workforce_hub.portfolios.selectors import qualification_statuses
from workforce_hub.recruitment.models import Application
from workforce_hub.rotations.models import Placement
from workforce_hub.schemes.models import Cohort, Enrolment, EnrolmentStatus, LeavingReason, Scheme
from workforce_hub.support.models import Appraisal, ExitQuestionnaire, PlacementFeedback

from . import funding
from .funding import Costs
from .models import Destination, LevyTransfer, Outcome, Point

CARE_CERTIFICATE = "CARE-CERTIFICATE"


@dataclass
class SchemeReport:
    scheme: Scheme
    cohorts: list[Cohort]
    on: date
    funnel: list[tuple[str, int | None]] = field(default_factory=list)
    left_reasons: list[tuple[str, int]] = field(default_factory=list)
    not_eligible: int = 0
    transferred: int = 0
    never_started: int = 0
    by_setting_type: list[tuple[str, int]] = field(default_factory=list)
    by_sector: list[tuple[str, int]] = field(default_factory=list)
    feedback: list[tuple[str, float | None, int]] = field(default_factory=list)
    destinations: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    funding_method: str = ""
    funding_total: Decimal | None = None
    funding: list[funding.Share] = field(default_factory=list)
    funding_error: str = ""
    costs: Costs | None = None
    levy_transfers: list[LevyTransfer] = field(default_factory=list)

    @property
    def title(self) -> str:
        if len(self.cohorts) == 1:
            return f"{self.scheme.name}: {self.cohorts[0].name}"
        return self.scheme.name

    def funnel_value(self, label: str) -> int | None:
        """The count at one stage; None where it is not known (applications made outside the Hub)."""
        return dict(self.funnel)[label]


def _withdrawal_reasons(enrolments: list[Enrolment]) -> dict[int, str]:
    """Enrolment id -> the leaving reason recorded with its withdrawal ("" if none was given)."""
    out: dict[int, str] = {}
    for e in enrolments:
        if e.status != EnrolmentStatus.WITHDRAWN:
            continue
        change = next(
            (c for c in reversed(list(e.status_history.all())) if c.to_status == EnrolmentStatus.WITHDRAWN), None
        )
        out[e.pk] = change.leaving_reason if change else ""
    return out


def _qualifications(enrolment_ids: QuerySet[Enrolment, Any], on: date) -> tuple[int, int]:
    """(Care Certificate achieved, every required qualification achieved) across the enrolments' records."""
    care = achieved = 0
    records = LearningRecord.objects.filter(enrolment__in=enrolment_ids)
    for statuses in qualification_statuses(records, on).values():
        if any(s.qualification.code == CARE_CERTIFICATE and s.achieved for s in statuses):
            care += 1
        if statuses and all(s.achieved for s in statuses):
            achieved += 1
    return care, achieved


def scheme_report(
    scheme: Scheme,
    cohorts: list[Cohort] | None = None,
    *,
    on: date | None = None,
    total: Decimal | None = None,
    people_only: bool = False,
) -> SchemeReport:
    """The scheme's report as at `on`. `people_only` leaves out placements by type and sector, funding, costs and
    levy transfers (what monitoring's figures do not read), for pages that build many reports."""
    on = on or timezone.localdate()
    cohorts = cohorts if cohorts is not None else list(scheme.cohorts.all())
    report = SchemeReport(scheme, cohorts, on)
    enrolments = list(
        Enrolment.objects.filter(cohort__in=cohorts).prefetch_related("status_history").select_related("cohort")
    )
    # the enrolments as a subquery: thousands of ids as parameters cost more to send than the queries take
    ids = Enrolment.objects.filter(cohort__in=cohorts).values("pk")
    applications = Application.objects.filter(vacancy__cohort__in=cohorts)
    recruited_in_hub = set(applications.values_list("vacancy__cohort_id", flat=True).distinct())
    applied = applications.count() if all(c.pk in recruited_in_hub for c in cohorts) else None
    reasons = _withdrawal_reasons(enrolments)
    started = [
        e
        for e in enrolments
        if e.started_on is not None or any(c.to_status == EnrolmentStatus.STARTED for c in e.status_history.all())
    ]
    not_eligible = {pk for pk, r in reasons.items() if r == LeavingReason.NOT_ELIGIBLE}
    transferred = {e.pk for e in started if e.status == EnrolmentStatus.TRANSFERRED}
    # left early: the rule every page counts leavers by (`EnrolmentQuerySet.left_early`), with each one's reason
    left_ids = Enrolment.objects.filter(pk__in=ids).left_early().values_list("pk", flat=True)
    left = {pk: reasons.get(pk, "") for pk in left_ids}
    placements = Placement.objects.filter(enrolment_id__in=ids, status=Placement.Status.PUBLISHED)
    done = Counter(placements.filter(end_date__lt=on).values_list("enrolment_id", flat=True))
    completed_placements = sum(1 for e in enrolments if done[e.pk] >= scheme.block_count)
    care, qualified = _qualifications(ids, on)
    ends = Destination.objects.filter(enrolment_id__in=ids, point=Point.END)
    report.funnel = [
        ("Applied", applied),
        ("Accepted", len(enrolments)),
        ("Started", len(started)),
        ("Eligible to complete", len([e for e in started if e.pk not in not_eligible | transferred])),
        ("Care Certificate achieved", care),
        ("Placements completed", completed_placements),
        ("Qualification achieved", qualified),
        ("Left early", len(left)),
        (
            "Employed in the sector",
            ends.filter(outcome__in=[Outcome.EMPLOYED_HEALTH, Outcome.EMPLOYED_SOCIAL_CARE]).count(),
        ),
    ]
    labels = dict(LeavingReason.choices)
    report.left_reasons = sorted(
        ((str(labels.get(r, "Not recorded")) if r else "Not recorded", n) for r, n in Counter(left.values()).items()),
        key=lambda x: (-x[1], x[0]),
    )
    report.not_eligible = len(not_eligible)
    report.transferred = len(transferred)
    started_ids = {e.pk for e in started}
    report.never_started = len(
        [e for e in enrolments if e.pk not in started_ids and e.status == EnrolmentStatus.WITHDRAWN]
    )
    report.feedback = _feedback(ids)
    report.destinations = _destinations(ids)
    if people_only:
        return report
    type_labels, sector_labels = dict(SettingType.choices), dict(Sector.choices)
    report.by_setting_type = [
        (str(type_labels.get(r["setting__setting_type"], r["setting__setting_type"])), r["n"])
        for r in placements.values("setting__setting_type")
        .annotate(n=Count("id"))
        .order_by("-n", "setting__setting_type")
    ]
    report.by_sector = [
        (str(sector_labels.get(r["setting__site__organisation__sector"], "")), r["n"])
        for r in placements.values("setting__site__organisation__sector").annotate(n=Count("id")).order_by("-n")
    ]
    report.funding_method = scheme.funding_share
    report.funding_total = total if total is not None else scheme.annual_cost
    try:
        report.funding = funding.shares(
            [funding.Funder(o.name, o.size) for o in scheme.funders.order_by("name")]
            + [funding.Funder(o.name, o.size, exempt=True) for o in scheme.exempt_partners.order_by("name")],
            scheme.funding_share,
            report.funding_total,
        )
    except funding.FundingError as exc:
        report.funding_error = str(exc)
    report.costs = funding.costs(
        shared=report.funding_total,
        training_per_person=scheme.training_cost_per_person,
        started=len(started),
        completed=len([e for e in enrolments if e.status == EnrolmentStatus.COMPLETED]),
    )
    report.levy_transfers = list(
        LevyTransfer.objects.filter(scheme=scheme).select_related("sender", "receiver").order_by("agreed_on", "pk")
    )
    return report


def scheme_report_kept(
    scheme: Scheme, cohorts: list[Cohort], *, reader: Actor, total: Decimal | None = None
) -> SchemeReport:
    """`scheme_report` as at today, kept for two minutes and until the reader's own next change
    (`core.caching.kept_for`): a scheme of an integrated care system reads thousands of records (about a second).
    The report reads no more than the cohorts it is given; the key names them."""
    on = timezone.localdate()
    ids = ",".join(str(c.pk) for c in sorted(cohorts, key=lambda c: c.pk))
    key = f"scheme-report:{scheme.pk}:{ids}:{total}:{on.isoformat()}"
    report, _ = kept_for(reader, key, lambda: scheme_report(scheme, cohorts, on=on, total=total))
    return report


def _feedback(ids: QuerySet[Enrolment, Any]) -> list[tuple[str, float | None, int]]:
    """(what, average out of 5, how many answers)."""
    rows: list[tuple[str, float | None, int]] = []
    fb = PlacementFeedback.objects.filter(placement__enrolment_id__in=ids)
    agg = fb.aggregate(overall=Avg("overall"), welcome=Avg("welcome"), learning=Avg("learning"), support=Avg("support"))
    n = fb.count()
    for key, label in (
        ("overall", "Apprentices: placement overall"),
        ("welcome", "Apprentices: felt welcome"),
        ("learning", "Apprentices: learning"),
        ("support", "Apprentices: mentor support"),
    ):
        rows.append((label, _round(agg[key]), n))
    appraisals = list(Appraisal.objects.filter(placement__enrolment_id__in=ids))
    rows.append(
        (
            "Hosts' appraisals of apprentices",
            _round(mean(a.average for a in appraisals)) if appraisals else None,
            len(appraisals),
        )
    )
    exits = ExitQuestionnaire.objects.filter(enrolment_id__in=ids)
    rows.append(("Exit questionnaire: scheme overall", _round(exits.aggregate(a=Avg("overall"))["a"]), exits.count()))
    return rows


def _round(value: float | Decimal | None) -> float | None:
    return None if value is None else round(float(value), 1)


def _destinations(ids: QuerySet[Enrolment, Any]) -> list[tuple[str, dict[str, int]]]:
    """For each outcome: how many at each point (end, 6 months, 12 months)."""
    counts = Counter(
        (d["outcome"], d["point"]) for d in Destination.objects.filter(enrolment_id__in=ids).values("outcome", "point")
    )
    return [(str(label), {p: counts[(value, p)] for p in Point.values}) for value, label in Outcome.choices]


# --- charts (Vega-Lite) and exports --------------------------------------------------------------------------------
def _bar(rows: Sequence[tuple[str, int | None]], x_title: str) -> dict[str, Any] | None:
    known = [(label, n) for label, n in rows if n is not None]
    if not known:
        return None
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": {"step": 26},
        "data": {"values": [{"label": label, "n": n} for label, n in known]},
        "mark": {"type": "bar", "color": "#005eb8"},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": None, "title": None},
            "x": {"field": "n", "type": "quantitative", "title": x_title, "axis": {"tickMinStep": 1}},
            "tooltip": [{"field": "label"}, {"field": "n", "title": x_title}],
        },
    }


def charts(report: SchemeReport, *, small_numbers_hidden: bool = False) -> dict[str, dict[str, Any] | None]:
    """The report's charts; with small numbers hidden (ADR 0017) the destinations chart, which would show them, is
    left out (its table says "fewer than 3")."""
    destinations = [(label, by["end"]) for label, by in report.destinations if by["end"]]
    return {
        "funnel": _bar(report.funnel, "Apprentices"),
        "setting_types": _bar(report.by_setting_type, "Placements"),
        "destinations": None
        if small_numbers_hidden and any(0 < n < 3 for _, n in destinations)
        else _bar(destinations, "Apprentices at the end"),
    }


#: counts of one or two people in a category about their circumstances show as this to partner leads (ADR 0017)
FEW = "fewer than 3"
#: the tables whose categories are about people's circumstances (why they left, where they went)
CIRCUMSTANCES = ("Left early, by reason", "Destinations")


def _few[V](value: V) -> V | str:
    return FEW if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 3 else value


def tables(report: SchemeReport, *, small_numbers_hidden: bool = False) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Every table of the report as (title, headers, rows): the page, the CSV and the XLSX use the same. With
    `small_numbers_hidden` (partner leads, ADR 0017) counts of 1 or 2 in the circumstance tables read "fewer than 3";
    the participation funnel, placements and money stay exact."""
    out = _tables(report)
    if not small_numbers_hidden:
        return out
    return [
        (title, headers, [[row[0], *[_few(c) for c in row[1:]]] for row in rows] if title in CIRCUMSTANCES else rows)
        for title, headers, rows in out
    ]


def _tables(report: SchemeReport) -> list[tuple[str, list[str], list[list[Any]]]]:
    out: list[tuple[str, list[str], list[list[Any]]]] = [
        ("Participation", ["Stage", "Apprentices"], [[a, "Not known" if b is None else b] for a, b in report.funnel]),
        (
            "Left early, by reason",
            ["Reason", "Apprentices"],
            [[a, b] for a, b in report.left_reasons]
            + (
                [["Found not to be eligible (not counted as left early)", report.not_eligible]]
                if report.not_eligible
                else []
            )
            + (
                [["Transferred to another apprenticeship (not counted as left early)", report.transferred]]
                if report.transferred
                else []
            )
            + (
                [["Accepted a place but never started (not counted as left early)", report.never_started]]
                if report.never_started
                else []
            ),
        ),
        ("Placements by setting type", ["Setting type", "Placements"], [[a, b] for a, b in report.by_setting_type]),
        ("Placements by sector", ["Sector", "Placements"], [[a, b] for a, b in report.by_sector]),
        (
            "Feedback scores (out of 5)",
            ["Question", "Average", "Answers"],
            [[a, "No answers" if b is None else b, c] for a, b, c in report.feedback],
        ),
        (
            "Destinations",
            ["Outcome", "At the end", "6 months later", "12 months later"],
            [[label, by["end"], by["6_months"], by["12_months"]] for label, by in report.destinations],
        ),
        (
            "Funding shares",
            ["Funder", "Staff (headcount)", "Share (%)", "Amount (£)"],
            [
                [
                    f"{s.name} (not asked to pay)" if s.exempt else s.name,
                    s.size,
                    round(s.percent, 2),
                    "" if s.amount is None else s.amount,
                ]
                for s in report.funding
            ],
        ),
        ("Costs", ["Cost", "Amount (£)"], _cost_rows(report)),
        (
            "Levy transfers",
            ["Agreed on", "From", "To", "Amount (£)", "What for"],
            [[t.agreed_on, t.sender.name, t.receiver.name, t.amount, t.note] for t in report.levy_transfers],
        ),
    ]
    return out


def _cost_rows(report: SchemeReport) -> list[list[Any]]:
    costs, scheme = report.costs, report.scheme
    if costs is None:
        return []
    rows: list[list[Any]] = [
        ["Shared by the funders (salaries and other costs)", costs.shared],
        [f"Training and assessment ({costs.started} started)", costs.training],
        ["In all", costs.total],
        ["For each apprentice who started", "" if costs.per_apprentice is None else costs.per_apprentice],
        ["For each apprentice who completed", "" if costs.per_completer is None else costs.per_completer],
    ]
    if scheme.training_cost_per_person is not None:
        rows.append(["Training for each apprentice on the scheme", scheme.training_cost_per_person])
    if scheme.qualification_cost_per_person is not None:
        rows.append(["The qualification alone, for comparison", scheme.qualification_cost_per_person])
    return rows
