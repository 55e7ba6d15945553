"""The figures the Hub computes from its records, each with its definition in words. Every metric reads the scheme
report (`outcomes.reports`), so an indicator and the report always agree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from workforce_hub.outcomes.models import Destination, Point
from workforce_hub.outcomes.reports import SchemeReport
from workforce_hub.rotations.models import Placement


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    definition: str
    compute: Callable[[SchemeReport], Decimal | None]


def _funnel(label: str) -> Callable[[SchemeReport], Decimal | None]:
    def compute(report: SchemeReport) -> Decimal | None:
        value = report.funnel_value(label)
        return None if value is None else Decimal(value)

    return compute


def _employed(point: str) -> Callable[[SchemeReport], Decimal | None]:
    def compute(report: SchemeReport) -> Decimal | None:
        rows = dict(report.destinations)
        return Decimal(sum(rows[label][point] for label in ("Employed in health care", "Employed in social care")))

    return compute


def _feedback(report: SchemeReport) -> Decimal | None:
    average, answers = report.feedback[0][1], report.feedback[0][2]
    return None if average is None or not answers else Decimal(str(average))


def _appraisals(report: SchemeReport) -> Decimal | None:
    row = next(r for r in report.feedback if r[0] == "Hosts' appraisals of apprentices")
    return None if row[1] is None else Decimal(str(row[1]))


def _retained_by_host(report: SchemeReport) -> Decimal | None:
    """Apprentices working, at the end, for an organisation where they had a placement."""
    return Decimal(
        Destination.objects.filter(
            enrolment__cohort__in=report.cohorts, point=Point.END, at_placement_host=True
        ).count()
    )


def _different_settings(report: SchemeReport) -> Decimal | None:
    """Apprentices whose ended placements number the scheme's blocks, each in a different setting type."""
    types: dict[int, list[str]] = {}
    for enrolment_id, setting_type in Placement.objects.filter(
        enrolment__cohort__in=report.cohorts, status=Placement.Status.PUBLISHED, end_date__lt=report.on
    ).values_list("enrolment_id", "setting__setting_type"):
        types.setdefault(enrolment_id, []).append(setting_type)
    blocks = report.scheme.block_count
    return Decimal(sum(1 for found in types.values() if len(found) >= blocks and len(set(found)) == len(found)))


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
    )
}
