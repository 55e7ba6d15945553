"""Reading learning records: off-the-job progress, qualification rules, coverage, the gateway and overdue reviews."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from workforce_hub.core.access import Actor
from workforce_hub.people.models import Person
from workforce_hub.programmes import combination
from workforce_hub.programmes.models import Criterion, Qualification, Standard
from workforce_hub.programmes.selectors import criteria_for
from workforce_hub.rotations.models import Placement
from workforce_hub.rotations.selectors import host_staff
from workforce_hub.schemes import patterns

from .models import (
    Evidence,
    ExpectedLearning,
    LearningRecord,
    OffTheJobEntry,
    PriorQualification,
    ProgressReview,
    Testimonial,
    UnitAchievement,
    released,
)

#: behind when approved hours are under this share of the straight-line pace
BEHIND_SHARE = Decimal("0.9")


@dataclass
class OtjSummary:
    required: Decimal
    explanation: str
    approved: Decimal
    pending: Decimal
    after_gateway: Decimal
    pace: Decimal
    behind: bool
    #: off-the-job hours the working week's learning days give: so far, and by the planned end (None: no pattern)
    learning_days_so_far: Decimal | None = None
    learning_days_by_end: Decimal | None = None

    @property
    def learning_days_short(self) -> Decimal | None:
        """Hours the learning days alone leave to find elsewhere (training at the host, study time), if any."""
        if self.learning_days_by_end is None:
            return None
        return max(self.required - self.learning_days_by_end, Decimal(0))

    @property
    def percent(self) -> int:
        return int(self.approved * 100 / self.required) if self.required else 100


def otj_summary(record: LearningRecord, on: date | None = None) -> OtjSummary:
    """Approved hours (up to the gateway) against the rule set's minimum and the straight-line pace to date."""
    sums = _counted(record).aggregate(
        approved=Sum("hours", filter=Q(status="approved")), pending=Sum("hours", filter=Q(status="pending"))
    )
    after = Decimal(0)
    if record.gateway_on:
        after = (
            OffTheJobEntry.objects.filter(record=record, date__gt=record.gateway_on, status="approved").aggregate(
                s=Sum("hours")
            )["s"]
            or after
        )
    summary = _summarise(record, sums["approved"] or Decimal(0), sums["pending"] or Decimal(0), after, on)
    week = record.enrolment.working_pattern
    if week.host_days and week.hours_per_day:
        # a learning day counts as a day's hours of off-the-job training, at the pace the pattern gives
        anchor, end = record.enrolment.cohort.start_date, record.gateway_on or record.planned_end
        today = min(on or timezone.localdate(), end)
        summary.learning_days_so_far = patterns.learning_hours(week, anchor, record.start_date, today)
        summary.learning_days_by_end = patterns.learning_hours(week, anchor, record.start_date, end)
    return summary


def _summarise(
    record: LearningRecord, approved: Decimal, pending: Decimal, after: Decimal, on: date | None
) -> OtjSummary:
    """The rule set's arithmetic on hours already summed (by `otj_summary` for one record, or in one query for many
    by `behind_on_hours`)."""
    on = on or timezone.localdate()
    required, why = combination.otj_required_hours(
        record.rule_set.rules,
        start=record.start_date,
        end=record.planned_end,
        contracted_hours=record.contracted_hours,
        standard_minimum=record.standard.otj_minimum_hours,
    )
    pace_now = combination.pace(required, record.start_date, record.planned_end, min(on, record.planned_end))
    return OtjSummary(
        required=required,
        explanation=why,
        approved=approved,
        pending=pending,
        after_gateway=Decimal(after),
        pace=pace_now,
        behind=approved < pace_now * BEHIND_SHARE and on < record.planned_end + timedelta(days=1),
    )


def _counted(record: LearningRecord) -> QuerySet[OffTheJobEntry]:
    """The record's hours that count: none after the gateway."""
    entries = OffTheJobEntry.objects.filter(record=record)
    return entries.exclude(date__gt=record.gateway_on) if record.gateway_on else entries


def otj_weekly(record: LearningRecord, summary: OtjSummary, on: date | None = None) -> list[dict[str, Any]]:
    """Cumulative approved hours at the end of each week beside the pace needed: the chart's data and its table.
    Only the hours page needs it, so the summary (read on home pages for every apprentice) does not build it."""
    on = on or timezone.localdate()
    required = summary.required
    by_date = dict(
        _counted(record).filter(status="approved").values_list("date").annotate(s=Sum("hours")).order_by("date")
    )
    out = []
    week_end = record.start_date + timedelta(days=6)
    total = Decimal(0)
    last = min(on, record.planned_end)
    dates = sorted(by_date)
    i = 0
    while week_end - timedelta(days=6) <= last:
        while i < len(dates) and dates[i] <= week_end:
            total += by_date[dates[i]]
            i += 1
        out.append(
            {
                "week_ending": week_end.isoformat(),
                "approved": float(total),
                "pace": float(combination.pace(required, record.start_date, record.planned_end, week_end)),
            }
        )
        week_end += timedelta(days=7)
    return out


def otj_chart(weekly: list[dict[str, Any]]) -> dict[str, Any]:
    """Vega-Lite: approved hours so far and the pace line, week by week (`otj_weekly`)."""
    rows = []
    for number, w in enumerate(weekly, 1):
        for series, hours in (("Approved hours", w["approved"]), ("Needed to stay on pace", w["pace"])):
            rows.append({"week": number, "week_ending": w["week_ending"], "series": series, "hours": hours})
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": "container",
        "height": 240,
        "data": {"values": rows},
        "mark": {"type": "line", "point": False},
        "encoding": {
            "x": {
                "field": "week",
                "type": "quantitative",
                "title": "Week of the apprenticeship",
                "axis": {"format": "d", "tickMinStep": 1},
            },
            "y": {"field": "hours", "type": "quantitative", "title": "Hours"},
            "tooltip": [
                {"field": "series", "title": "What"},
                {"field": "week", "title": "Week"},
                {"field": "week_ending", "type": "temporal", "title": "Week ending", "format": "%-d %b %Y"},
                {"field": "hours", "title": "Hours"},
            ],
            "color": {
                "field": "series",
                "type": "nominal",
                "title": None,
                "scale": {"range": ["#005eb8", "#d5281b"]},
                "legend": {"orient": "bottom"},
            },
            "strokeDash": {"field": "series", "type": "nominal", "legend": None},
        },
    }


@dataclass(frozen=True)
class QualificationStatus:
    qualification: Qualification
    achieved: bool
    checks: list[combination.Check]
    achieved_units: set[int]
    due: date | None
    overdue: bool
    held_before: PriorQualification | None = None


def qualification_status(record: LearningRecord, on: date | None = None) -> list[QualificationStatus]:
    done = dict(record.unit_achievements.values_list("unit_id", "achieved_on"))
    held = {p.qualification_id: p for p in record.prior_qualifications.all()}
    return _statuses(
        record, on or timezone.localdate(), done, held, list(record.standard.qualifications.prefetch_related("units"))
    )


def qualification_statuses(
    records: list[LearningRecord] | QuerySet[LearningRecord], on: date | None = None
) -> dict[int, list[QualificationStatus]]:
    """`qualification_status` for many records in a fixed number of queries (reports over thousands of records: give
    them as a query set, and their rows are found by a subquery rather than thousands of ids)."""
    on = on or timezone.localdate()
    ids: Any = records.values("pk") if isinstance(records, QuerySet) else [r.pk for r in records]
    records = list(records)
    done: dict[int, dict[int, date]] = defaultdict(dict)
    for record_id, unit_id, achieved_on in UnitAchievement.objects.filter(record_id__in=ids).values_list(
        "record_id", "unit_id", "achieved_on"
    ):
        done[record_id][unit_id] = achieved_on
    held: dict[int, dict[int, PriorQualification]] = defaultdict(dict)
    for prior in PriorQualification.objects.filter(record_id__in=ids):
        held[prior.record_id][prior.qualification_id] = prior
    standards = Standard.objects.filter(pk__in={r.standard_id for r in records}).prefetch_related(
        "qualifications__units"
    )
    required = {s.pk: list(s.qualifications.all()) for s in standards}
    memo: dict[tuple[int, frozenset[str]], tuple[bool, list[combination.Check]]] = {}
    return {r.pk: _statuses(r, on, done[r.pk], held[r.pk], required.get(r.standard_id, []), memo) for r in records}


def _statuses(
    record: LearningRecord,
    on: date,
    done: dict[int, date],
    held: dict[int, PriorQualification],
    qualifications: list[Qualification],
    memo: dict[tuple[int, frozenset[str]], tuple[bool, list[combination.Check]]] | None = None,
) -> list[QualificationStatus]:
    """Each qualification's status for one record. `memo` (shared across the records of a report) keeps the rule's
    verdict for each qualification and set of units achieved: thousands of records share a few."""
    memo = {} if memo is None else memo
    out = []
    for q in qualifications:
        units = list(q.units.all())
        achieved_codes = frozenset(u.code for u in units if u.pk in done)
        if (q.pk, achieved_codes) not in memo:
            memo[(q.pk, achieved_codes)] = combination.evaluate(
                q.rule, [combination.UnitFact(u.code, u.group, u.credits) for u in units], set(achieved_codes)
            )
        ok, checks = memo[(q.pk, achieved_codes)]
        checks = list(checks)
        prior = held.get(q.pk)
        if prior is not None:
            ok = True
            checks = [
                combination.Check(
                    "Held before the start",
                    True,
                    f"Achieved on {prior.achieved_on:%d %B %Y}. Evidence: {prior.evidence}",
                ),
                *checks,
            ]
        due = record.start_date + timedelta(weeks=q.due_weeks) if q.due_weeks else None
        out.append(
            QualificationStatus(
                q,
                ok,
                checks,
                {u.pk for u in units if u.pk in done},
                due,
                bool(due and not ok and on > due),
                prior,
            )
        )
    return out


@dataclass(frozen=True)
class CoverageRow:
    criterion: Criterion
    evidence: list[Evidence]
    testimonials: list[Testimonial]

    @property
    def met(self) -> bool:
        return any(e.status == Evidence.Status.ACCEPTED for e in self.evidence) or bool(self.testimonials)

    @property
    def started(self) -> bool:
        return bool(self.evidence)


def coverage(record: LearningRecord, user: Actor) -> list[CoverageRow]:
    """Every criterion of the standard (and pathway), the evidence the viewer may see for it, and the gaps.
    A criterion is met by accepted evidence or by a written testimonial mapped to it."""
    criteria = list(criteria_for(record.standard_id, record.pathway_id))
    evidence = list(
        Evidence.objects.visible_to(user).filter(record=record).prefetch_related("criteria").order_by("created_at")
    )
    testimonials = list(
        Testimonial.objects.visible_to(user)
        .filter(record=record, status=Testimonial.Status.COMPLETED)
        .prefetch_related("behaviours")
    )
    by_criterion: dict[int, list[Evidence]] = {}
    for e in evidence:
        for c in e.criteria.all():
            by_criterion.setdefault(c.pk, []).append(e)
    by_behaviour: dict[int, list[Testimonial]] = {}
    for t in testimonials:
        for b in t.behaviours.all():
            by_behaviour.setdefault(b.pk, []).append(t)
    return [CoverageRow(c, by_criterion.get(c.pk, []), by_behaviour.get(c.pk, [])) for c in criteria]


def _covered_officially(record: LearningRecord) -> tuple[int, int]:
    """Criteria met by accepted, released evidence or written testimonials, whatever the viewer (for the gateway)."""
    criteria = criteria_for(record.standard_id, record.pathway_id)
    met = (
        criteria.filter(
            Q(evidence__record=record, evidence__status=Evidence.Status.ACCEPTED) & released("evidence__")
            | Q(testimonials__record=record, testimonials__status=Testimonial.Status.COMPLETED)
        )
        .distinct()
        .count()
    )
    return met, criteria.count()


@dataclass(frozen=True)
class GatewayItem:
    label: str
    passed: bool
    reason: str


@dataclass(frozen=True)
class Gateway:
    items: list[GatewayItem]
    #: what the checklist was computed from, for pages that show them too
    otj: OtjSummary
    qualifications: list[QualificationStatus]

    @property
    def ready(self) -> bool:
        return all(i.passed for i in self.items)

    @property
    def met(self) -> int:
        return sum(1 for i in self.items if i.passed)


def gateway(record: LearningRecord, on: date | None = None) -> Gateway:
    """The end-point-assessment gateway checklist, each item with the reason it passes or not."""
    on = on or timezone.localdate()
    rs = record.rule_set.rules
    items = []
    earliest = combination.minimum_end(rs, record.start_date)
    items.append(
        GatewayItem(
            f"Minimum duration ({rs['minimum_duration_months']} months)",
            on >= earliest,
            f"Started {record.start_date:%d %B %Y}; the minimum is met on {earliest:%d %B %Y}.",
        )
    )
    otj = otj_summary(record, on)
    items.append(
        GatewayItem(
            "Off-the-job training minimum",
            otj.approved >= otj.required,
            f"{otj.approved} of {otj.required} hours approved ({otj.explanation})",
        )
    )
    qualifications = qualification_status(record, on)
    for q in qualifications:
        missing = [c.label for c in q.checks if not c.passed]
        items.append(
            GatewayItem(
                f"{q.qualification.title} achieved",
                q.achieved,
                "Achieved." if q.achieved else "Not yet: " + "; ".join(missing) + ".",
            )
        )
    required, why = combination.english_maths_required(
        rs,
        date_of_birth=record.enrolment.apprentice.date_of_birth,
        start=record.start_date,
        employer_requires=record.employer_requires_english_maths,
    )
    if required is None:
        items.append(GatewayItem("English and maths", False, why))
    elif required:
        done = record.english_achieved and record.maths_achieved
        have = [n for n, ok in (("English", record.english_achieved), ("maths", record.maths_achieved)) if not ok]
        items.append(
            GatewayItem(
                "English and maths", done, why + (" Both met." if done else f" Still needed: {' and '.join(have)}.")
            )
        )
    else:
        items.append(GatewayItem("English and maths", True, why))
    met, total = _covered_officially(record)
    items.append(
        GatewayItem(
            "Portfolio covers every criterion",
            met == total and total > 0,
            f"{met} of {total} criteria have accepted evidence or a testimonial.",
        )
    )
    confirmed = record.employer_confirmed_at
    items.append(
        GatewayItem(
            "Employer confirms readiness",
            confirmed is not None,
            f"Confirmed on {timezone.localtime(confirmed):%d %B %Y}." if confirmed else "Not confirmed yet.",
        )
    )
    return Gateway(items, otj, qualifications)


def _overdue(on: date, path: str = "") -> Q:
    """A review due before `on` that is not yet signed by all three parties (`ProgressReview.is_overdue`)."""
    unsigned = Q()
    for party in ("apprentice", "employer", "provider"):
        unsigned |= Q(**{f"{path}{party}_signed_at__isnull": True})
    return Q(**{f"{path}due_on__lt": on}) & unsigned


def records_for(user: Actor, *, query: str = "", cohort: int | None = None) -> QuerySet[LearningRecord]:
    qs = (
        LearningRecord.objects.visible_to(user)
        .select_related("enrolment__apprentice", "enrolment__cohort__scheme", "standard", "pathway", "rule_set")
        .annotate(
            overdue_reviews=Count("reviews", filter=_overdue(timezone.localdate(), "reviews__"), distinct=True),
            hours_waiting=Count("hours", filter=Q(hours__status="pending"), distinct=True),
        )
        .order_by("enrolment__apprentice__family_name", "enrolment__apprentice__given_name")
    )
    if query:
        qs = qs.filter(
            Q(enrolment__apprentice__given_name__icontains=query)
            | Q(enrolment__apprentice__family_name__icontains=query)
            | Q(enrolment__apprentice__preferred_name__icontains=query)
        )
    if cohort:
        qs = qs.filter(enrolment__cohort_id=cohort)
    return qs


def overdue_reviews(user: Actor, on: date | None = None) -> QuerySet[ProgressReview]:
    """Reviews past their due date and not yet signed by all three parties, that this person can see."""
    return (
        ProgressReview.objects.visible_to(user)
        .filter(_overdue(on or timezone.localdate()), record__enrolment__status__in=["started", "on_break"])
        .select_related("record__enrolment__apprentice")
        .order_by("due_on")
    )


def behind_on_hours(user: Actor, on: date | None = None) -> list[tuple[LearningRecord, OtjSummary]]:
    """Started apprentices before their gateway whose approved hours are behind the pace: one query for them all
    (it is read on the coordinator's and tutors' home pages)."""
    return behind_pace(LearningRecord.objects.visible_to(user), on)


#: what `_summarise` reads from a record, and what lists read to name its apprentice
_SUMMARY_FIELDS = ("start_date", "planned_end", "contracted_hours", "standard__otj_minimum_hours", "rule_set__rules")
_NAMED = Person.name_fields("enrolment__apprentice__")


def behind_pace(records: QuerySet[LearningRecord], on: date | None = None) -> list[tuple[LearningRecord, OtjSummary]]:
    """Among `records`, the started ones before their gateway whose approved hours are behind the pace."""

    def hours_with(status: str) -> Any:
        return Subquery(
            OffTheJobEntry.objects.filter(record=OuterRef("pk"), status=status)
            .values("record")
            .annotate(s=Sum("hours"))
            .values("s")
        )

    records = (
        records.filter(enrolment__status="started", gateway_on__isnull=True)
        .select_related(None)
        .select_related("enrolment__apprentice", "standard", "rule_set")
        .only(*_SUMMARY_FIELDS, *_NAMED)
        .order_by("enrolment__apprentice__family_name", "enrolment__apprentice__given_name", "pk")
    )
    out: list[tuple[LearningRecord, OtjSummary]] = []
    for record in records.annotate(approved_sum=hours_with("approved"), pending_sum=hours_with("pending")):
        summary = _summarise(
            record, record.approved_sum or Decimal(0), record.pending_sum or Decimal(0), Decimal(0), on
        )
        if summary.behind:
            out.append((record, summary))
    return out


#: the qualification with a deadline the seeds state: the Care Certificate within 12 weeks of starting
CARE_CERTIFICATE = "CARE-CERTIFICATE"
#: reminders and the "due soon" lists start this many days before the due date
DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class CertificateDue:
    record: LearningRecord
    due: date
    signed_off: int
    of: int
    overdue: bool


def care_certificates_due(user: Actor, on: date | None = None) -> list[CertificateDue]:
    """Started apprentices whose Care Certificate is due within `DUE_SOON_DAYS` or overdue and not achieved
    (standards signed off, or held before the start): one query, overdue first."""
    return certificates_due_among(LearningRecord.objects.visible_to(user), on or timezone.localdate())


def certificates_due_among(records: QuerySet[LearningRecord], on: date) -> list[CertificateDue]:
    """`care_certificates_due` over any set of records (the daily reminders use every partnership's)."""
    care = Qualification.objects.filter(code=CARE_CERTIFICATE, due_weeks__isnull=False).first()
    if care is None or care.due_weeks is None:
        return []
    of = care.units.count()
    latest_start = on + timedelta(days=DUE_SOON_DAYS) - timedelta(weeks=care.due_weeks)
    records = (
        records.filter(enrolment__status="started", standard__qualifications=care, start_date__lte=latest_start)
        .exclude(prior_qualifications__qualification=care)
        .select_related(None)
        .select_related("enrolment__apprentice")
        .only("start_date", *_NAMED)
        .annotate(
            care_signed=Count("unit_achievements", filter=Q(unit_achievements__unit__qualification=care), distinct=True)
        )
    )
    due = [
        CertificateDue(r, due_on, r.care_signed, of, on > due_on)
        for r in records
        if (due_on := r.start_date + timedelta(weeks=care.due_weeks))
        if r.care_signed < of
    ]
    return sorted(due, key=lambda d: (d.due, d.record.pk))


# ------------------------------------------------------------------------- choices for the record's forms


def current_placement(record: LearningRecord) -> Any:
    """The apprentice's published placement under way today, if any."""
    from workforce_hub.rotations.models import Placement

    return (
        Placement.objects.under_way(timezone.localdate())
        .filter(enrolment_id=record.enrolment_id)
        .select_related("setting__site")
        .first()
    )


def testimonial_placement(record: LearningRecord) -> Any:
    """The placement a testimonial can be asked about now: the one under way, else the most recent one still in the
    scheme's testimonial window."""
    from workforce_hub.rotations.models import Placement

    today = timezone.localdate()
    started = (
        Placement.objects.filter(enrolment_id=record.enrolment_id, status="published", start_date__lte=today)
        .select_related("setting__site", "enrolment__cohort__scheme")
        .order_by("-start_date")
    )
    return next((p for p in started[:2] if p.testimonial_open(today)), None)


def testimonial_authors(placement: Placement) -> QuerySet[Person]:
    """Managers and mentors of the placement's host organisation who can be asked for a testimonial."""
    return host_staff(placement)


def behaviours(record: LearningRecord) -> QuerySet[Criterion]:
    return Criterion.objects.filter(standard_id=record.standard_id, kind=Criterion.Kind.BEHAVIOUR)


def expected_for(placement: Placement) -> ExpectedLearning | None:
    return ExpectedLearning.objects.filter(placement=placement).prefetch_related("criteria").first()


def units_to_sign_off(record: LearningRecord) -> QuerySet[Any]:
    from workforce_hub.programmes.models import Unit

    done = record.unit_achievements.values("unit_id")
    return (
        Unit.objects.filter(qualification__standards=record.standard)
        .exclude(pk__in=done)
        .select_related("qualification")
    )
