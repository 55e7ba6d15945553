"""Reading monitoring: each measured item with its indicators' values and the Hub's proposed rating."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.caching import until_changed
from workforce_hub.outcomes.reports import SchemeReport

from . import metrics, rating
from .models import MEASURED, READERS, Direction, Indicator, Item, ItemRating, Kind, LogicModel, ManualValue


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


def scope_of(indicator: Indicator, on: date, reports: dict[Any, SchemeReport] | None = None) -> metrics.Scope:
    """What the indicator counts, as at `on`. `reports` keeps one scheme report per cohort filter for a whole table
    (every scheme figure reads the same report)."""
    model = indicator.item.model
    return metrics.Scope(
        partnership_id=model.partnership_id,
        on=on,
        scheme=model.scheme,
        cohort=indicator.cohort,
        organisation=indicator.organisation,
        since=indicator.since,
        reports={} if reports is None else reports,
    )


def indicator_value(
    indicator: Indicator, on: date, reports: dict[Any, SchemeReport] | None = None
) -> tuple[Decimal | None, str]:
    """The indicator's value as at `on` and where it comes from."""
    if indicator.metric:
        metric = metrics.CATALOGUE.get(indicator.metric)
        if metric is None:
            return None, "Unknown metric"
        return metric.compute(scope_of(indicator, on, reports)), metric.label
    latest = ManualValue.objects.filter(indicator=indicator, recorded_on__lte=on).first()
    return (latest.value, latest.evidence) if latest else (None, "No value entered yet")


def item_rows(
    model: LogicModel, on: date, *, only: Item | None = None, indicator_ids: set[int] | None = None
) -> list[ItemRow]:
    """Each measured item of the model (or `only` that one) with its indicators' values and the proposals;
    `indicator_ids` keeps only those indicators, and the items that have one of them."""
    indicators = Indicator.objects.select_related("owner", "cohort", "organisation")
    items = Item.objects.filter(model=model, kind__in=MEASURED)
    if only is not None:
        items = items.filter(pk=only.pk)
    if indicator_ids is not None:
        indicators = indicators.filter(pk__in=indicator_ids)
        items = items.filter(indicators__in=indicator_ids).distinct()
    items = items.prefetch_related(Prefetch("indicators", queryset=indicators), "ratings").select_related(
        "model__scheme"
    )
    out = []
    reports: dict[Any, SchemeReport] = {}
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
        latest = next(iter(item.ratings.all()), None)  # newest first (the model's ordering)
        out.append(ItemRow(item, rows, rating.join([r.proposal for r in rows]), latest, problems))
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
    """Indicators of the latest version of each logic model among `models` that are not met and are due within `days` or
    past their date, overdue first."""
    latest: dict[tuple[int, int | None, str], LogicModel] = {}
    for model in models.select_related("scheme").order_by("partnership", "scheme", "programme", "-version"):
        latest.setdefault((model.partnership_id, model.scheme_id, model.programme), model)
    due: dict[int, set[int]] = {}
    window = Indicator.objects.filter(
        item__model__in=[m.pk for m in latest.values()], due_on__lte=on + timedelta(days=days)
    )
    for pk, model_id in window.values_list("pk", "item__model_id"):
        due.setdefault(model_id, set()).add(pk)
    out = []
    for model in latest.values():
        if model.pk not in due:
            continue
        for r in item_rows(model, on, indicator_ids=due[model.pk]):
            for ir in r.indicators:
                if ir.proposal == rating.ACHIEVED:
                    continue
                assert ir.indicator.due_on is not None  # the window above
                out.append(Watch(model, ir, on > ir.indicator.due_on))
    return sorted(out, key=lambda w: (not w.overdue, w.row.indicator.due_on or on, w.row.indicator.pk))


#: the due list is kept this long at most; any audited change in the partnership makes it again sooner
DUE_CACHE_SECONDS = 600


def due_or_off_track(user: Actor, on: date) -> list[Watch]:
    """What the viewer may see that is due within `DUE_SOON_DAYS` or off track (the coordinator's list and partner
    leads' homes). Working it out reads a scheme report per scheme, so it is cached for the day and the
    partnership's latest audited change: any change through the Hub's services makes it afresh."""
    viewer = viewer_for(user)
    if viewer.partnership_id is None:
        return []
    who = "readers" if viewer.has_role(*READERS) else f"person-{viewer.person_id}"
    return until_changed(
        viewer.partnership_id,
        f"monitoring:due:{who}:{on.isoformat()}",
        lambda: unmet_due_within(LogicModel.objects.visible_to(user), on, DUE_SOON_DAYS),
        seconds=DUE_CACHE_SECONDS,
    )


def cohort_comparison(model: LogicModel, on: date) -> tuple[list[str], list[list[object]]]:
    """Every indicator bound to a scheme figure for the whole scheme, counted cohort by cohort (headers, rows); empty
    for a programme's model."""
    if model.scheme is None:
        return [], []
    cohorts = list(model.scheme.cohorts.order_by("start_date", "name"))
    reports: dict[Any, SchemeReport] = {}
    rows: list[list[object]] = []
    for ind in Indicator.objects.filter(item__model=model, cohort__isnull=True).exclude(metric="").order_by("pk"):
        metric = metrics.CATALOGUE.get(ind.metric)
        if metric is None or metric.programme != metrics.SCHEME:
            continue
        values = [
            metric.compute(metrics.Scope(model.partnership_id, on, scheme=model.scheme, cohort=c, reports=reports))
            for c in cohorts
        ]
        rows.append([ind.name, *["Not known" if v is None else v for v in values]])
    return ["Indicator", *[c.name for c in cohorts]], rows


#: a trend shows at most this many past points (quarter ends) before today
TREND_POINTS = 8


def _quarter_ends(start: date, on: date) -> list[date]:
    out = []
    year, quarter_month = start.year, ((start.month - 1) // 3 + 1) * 3
    while True:
        end = date(year + (quarter_month == 12), quarter_month % 12 + 1, 1) - timedelta(days=1)
        if end >= on:
            break
        out.append(end)
        year, quarter_month = (year + 1, 3) if quarter_month == 12 else (year, quarter_month + 3)
    return out[-TREND_POINTS:]


def trend(indicator: Indicator, on: date) -> list[tuple[date, Decimal | None]]:
    """The indicator's value over time: a computed figure at each quarter end since the scheme's first cohort
    started (or the date it counts from, or a year ago) and today; a value entered by hand each time it was
    entered."""
    if not indicator.metric:
        values = ManualValue.objects.filter(indicator=indicator, recorded_on__lte=on).order_by("recorded_on", "pk")
        return [(v.recorded_on, v.value) for v in values]
    scheme = indicator.item.model.scheme
    first = scheme.cohorts.order_by("start_date").values_list("start_date", flat=True).first() if scheme else None
    start = indicator.since or first or on - timedelta(days=365)
    return [(d, indicator_value(indicator, d)[0]) for d in [*_quarter_ends(start, on), on]]


def trend_chart(indicator: Indicator, points: list[tuple[date, Decimal | None]]) -> dict[str, Any] | None:
    """Vega-Lite: the values as a line with the target as a dashed rule (the page shows the same as a table)."""
    known = [{"on": d.isoformat(), "value": float(v)} for d, v in points if v is not None]
    if not known:
        return None
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": known},
            "mark": {"type": "line", "point": True, "color": "#005eb8"},
            "encoding": {
                "x": {"field": "on", "type": "temporal", "title": "Date", "axis": {"format": "%b %Y"}},
                "y": {"field": "value", "type": "quantitative", "title": indicator.name},
                "tooltip": [
                    {"field": "on", "type": "temporal", "title": "As at", "format": "%-d %b %Y"},
                    {"field": "value", "title": "Value"},
                ],
            },
        }
    ]
    if indicator.target is not None:
        layers.append(
            {
                "data": {"values": [{"target": float(indicator.target)}]},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#d5281b"},
                "encoding": {"y": {"field": "target", "type": "quantitative"}},
            }
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": "container",
        "height": 220,
        "layer": layers,
    }


BOX_W, BOX_H, GAP_X, GAP_Y, TOP = 144, 80, 22, 14, 36
#: characters a line and lines a box (12px text)
LINE_CHARS, BOX_LINES = 21, 4


@dataclass(frozen=True)
class Box:
    item: Item
    x: int
    y: int
    lines: list[str]


@dataclass(frozen=True)
class Diagram:
    width: int
    height: int
    columns: list[tuple[str, int]]  # heading, x
    boxes: list[Box]
    arrows: list[tuple[int, int, int, int]]  # x1, y1, x2, y2
    box_w: int = BOX_W
    box_h: int = BOX_H


def diagram(items: list[Item]) -> Diagram:
    """Where each item's box and each link's arrow go in the picture of the logic model: a column per kind, in
    order, boxes top to bottom (the page gives the same content as lists; the picture is hidden from screen
    readers). Statements longer than four short lines are cut in the picture only."""
    kinds = [k for k in Kind if any(i.kind == k for i in items)]
    place: dict[int, Box] = {}
    columns = []
    for col, kind in enumerate(kinds):
        x = col * (BOX_W + GAP_X)
        columns.append((str(kind.label), x))
        for row, item in enumerate(i for i in items if i.kind == kind):
            lines = textwrap.wrap(item.statement, LINE_CHARS)
            if len(lines) > BOX_LINES:
                rest = " ".join(lines[BOX_LINES - 1 :])
                lines = [*lines[: BOX_LINES - 1], textwrap.shorten(rest, LINE_CHARS, placeholder="…")]
            place[item.pk] = Box(item, x, TOP + row * (BOX_H + GAP_Y), lines)
    arrows = []
    for item in items:
        for target in item.leads_to.all():
            a, b = place.get(item.pk), place.get(target.pk)
            if a and b:
                arrows.append((a.x + BOX_W, a.y + BOX_H // 2, b.x, b.y + BOX_H // 2))
    rows = max([sum(1 for i in items if i.kind == k) for k in kinds] or [0])
    return Diagram(
        width=max(len(kinds) * (BOX_W + GAP_X) - GAP_X, 0),
        height=TOP + rows * (BOX_H + GAP_Y),
        columns=columns,
        boxes=list(place.values()),
        arrows=arrows,
    )
