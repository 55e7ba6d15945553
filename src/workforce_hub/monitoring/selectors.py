"""Reading monitoring: each measured item with its indicators' values and the Hub's proposed rating."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

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


def indicator_value(indicator: Indicator, on: date) -> tuple[Decimal | None, str]:
    if indicator.metric:
        metric = metrics.CATALOGUE.get(indicator.metric)
        if metric is None:
            return None, "Unknown metric"
        return metrics.value(indicator.metric, indicator.item.model.scheme, indicator.cohort, on), metric.label
    latest = ManualValue.objects.filter(indicator=indicator, recorded_on__lte=on).first()
    return (latest.value, latest.evidence) if latest else (None, "No value entered yet")


def item_rows(model: LogicModel, on: date) -> list[ItemRow]:
    items = (
        Item.objects.filter(model=model, kind__in=MEASURED)
        .prefetch_related("indicators__owner", "indicators__cohort")
        .select_related("model__scheme")
    )
    out = []
    for item in items:
        rows = []
        for ind in item.indicators.all():
            ind.item = item
            value, source = indicator_value(ind, on)
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
