"""Reading monitoring: each measured item with its indicators' values and the Hub's proposed rating."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from workforce_hub.core.access import Actor
from workforce_hub.outcomes.reports import SchemeReport, scheme_report

from . import metrics, rating
from .models import MEASURED, Direction, Indicator, Item, ItemRating, LogicModel, ManualValue


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    value: Decimal | None
    source: str  # the metric's label, or the evidence of the latest manual value
    proposal: str
    problems: list[str]


@dataclass(frozen=True)
class ItemRow:
    item: Item
    indicators: list[IndicatorRow]
    proposal: str
    latest: ItemRating | None
    problems: list[str]


def item_row(item: Item, on: date) -> ItemRow | None:
    """One item's row; None for an input or an activity (they are not measured)."""
    rows = item_rows(item.model, on, only=item)
    return rows[0] if rows else None


def smart_problems(indicator: Indicator) -> list[str]:
    """What keeps an indicator from being SMART, in plain words."""
    out = []
    if indicator.target is None:
        out.append("no target")
    if indicator.due_on is None:
        out.append("no date it is due by")
    if indicator.owner_id is None:
        out.append("nobody responsible")
    return out


def indicator_value(
    indicator: Indicator, on: date, reports: dict[int | None, SchemeReport] | None = None
) -> tuple[Decimal | None, str]:
    """The indicator's value as at `on` and where it comes from. `reports` keeps one scheme report per cohort filter
    for a whole table (every metric reads the same report)."""
    if indicator.metric:
        metric = metrics.CATALOGUE.get(indicator.metric)
        if metric is None:
            return None, "Unknown metric"
        reports = {} if reports is None else reports
        if indicator.cohort_id not in reports:
            cohort = [indicator.cohort] if indicator.cohort else None
            reports[indicator.cohort_id] = scheme_report(indicator.item.model.scheme, cohort, on=on)
        return metric.compute(reports[indicator.cohort_id]), metric.label
    latest = ManualValue.objects.filter(indicator=indicator, recorded_on__lte=on).first()
    return (latest.value, latest.evidence) if latest else (None, "No value entered yet")


def item_rows(model: LogicModel, on: date, *, only: Item | None = None) -> list[ItemRow]:
    """Each measured item of the model (or `only` that one) with its indicators' values and the proposals."""
    items = (
        Item.objects.filter(model=model, kind__in=MEASURED, **({"pk": only.pk} if only is not None else {}))
        .prefetch_related("indicators__owner", "indicators__cohort")
        .select_related("model__scheme")
    )
    out = []
    reports: dict[int | None, SchemeReport] = {}
    for item in items:
        rows = []
        for ind in item.indicators.all():
            ind.item = item
            value, source = indicator_value(ind, on, reports)
            proposal = rating.propose(
                value=value,
                target=ind.target,
                baseline=ind.baseline,
                due_on=ind.due_on,
                higher_is_better=ind.direction == Direction.HIGHER,
                on=on,
            )
            rows.append(IndicatorRow(ind, value, source, proposal, smart_problems(ind)))
        problems = [] if rows else ["no indicator: say how it will be measured"]
        out.append(ItemRow(item, rows, rating.join([r.proposal for r in rows]), item.ratings.first(), problems))
    return out


RATING_WORDS = {
    "achieved": "Achieved",
    "partial": "Partly achieved or on track",
    "not_achieved": "Not achieved",
    "unclear": "Unclear on the evidence",
}
TABLE_HEADERS = [
    "Output or outcome",
    "Indicator",
    "Value",
    "Target",
    "Baseline",
    "Due by",
    "Responsible",
    "Source",
    "The Hub proposes (indicator)",
    "The Hub proposes (item)",
    "Rating",
    "Why it differs",
]


def table(rows: list[ItemRow]) -> list[list[object]]:
    """One line per indicator (an item without any gets one line): what the page shows, and the CSV and Excel."""
    out: list[list[object]] = []
    for r in rows:
        decided = [RATING_WORDS[r.latest.rating], r.latest.reason] if r.latest else ["Not rated yet", ""]
        item = [r.item.get_kind_display(), r.item.statement]
        indicators: list[IndicatorRow | None] = list(r.indicators) or [None]
        for ir in indicators:
            if ir is None:
                out.append(
                    [
                        f"{item[0]}: {item[1]}",
                        "No indicator",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        RATING_WORDS[r.proposal],
                        *decided,
                    ]
                )
                continue
            ind = ir.indicator
            out.append(
                [
                    f"{item[0]}: {item[1]}",
                    ind.name,
                    "" if ir.value is None else ir.value,
                    "" if ind.target is None else ind.target,
                    "" if ind.baseline is None else ind.baseline,
                    ind.due_on.isoformat() if ind.due_on else "",
                    ind.owner.display_name if ind.owner else "",
                    ir.source,
                    RATING_WORDS[ir.proposal],
                    RATING_WORDS[r.proposal],
                    *decided,
                ]
            )
    return out


#: indicators show as "due soon" from this many days before their date
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class Watch:
    model: LogicModel
    row: IndicatorRow
    overdue: bool


def unmet_due_within(models: QuerySet[LogicModel], on: date, days: int) -> list[Watch]:
    """Indicators of each scheme's latest logic model among `models` that are not met and are due within `days` or
    past their date, overdue first."""
    latest: dict[int, LogicModel] = {}
    for model in models.select_related("scheme").order_by("scheme", "-version"):
        latest.setdefault(model.scheme_id, model)
    out = []
    for model in latest.values():
        for r in item_rows(model, on):
            for ir in r.indicators:
                due = ir.indicator.due_on
                if due is None or ir.proposal == rating.ACHIEVED or (due - on).days > days:
                    continue
                out.append(Watch(model, ir, on > due))
    return sorted(out, key=lambda w: (not w.overdue, w.row.indicator.due_on or on, w.row.indicator.pk))


def due_or_off_track(user: Actor, on: date) -> list[Watch]:
    """What the viewer may see that is due within `DUE_SOON_DAYS` or off track (the coordinator's list and partner
    leads' homes)."""
    return unmet_due_within(LogicModel.objects.visible_to(user), on, DUE_SOON_DAYS)


def cohort_comparison(model: LogicModel, on: date) -> tuple[list[str], list[list[object]]]:
    """Every indicator bound to a metric for the whole scheme, counted cohort by cohort (headers, rows)."""
    cohorts = list(model.scheme.cohorts.order_by("start_date", "name"))
    reports = {c.pk: scheme_report(model.scheme, [c], on=on) for c in cohorts}
    rows: list[list[object]] = []
    for ind in Indicator.objects.filter(item__model=model, cohort__isnull=True).exclude(metric="").order_by("pk"):
        metric = metrics.CATALOGUE.get(ind.metric)
        if metric is None:
            continue
        values = [metric.compute(reports[c.pk]) for c in cohorts]
        rows.append([ind.name, *["Not known" if v is None else v for v in values]])
    return ["Indicator", *[c.name for c in cohorts]], rows
