"""Reads for digital skills: a person's own results and suggestions, and the privacy-safe needs analysis."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.utils import timezone

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.organisations.models import Organisation, Site

from .framework import SUPPRESSION_THRESHOLD, answers_of, current_framework, question_path
from .models import (
    TALLIED,
    Assessment,
    AssessmentRound,
    Band,
    Crosswalk,
    Domain,
    DomainResult,
    Framework,
    LearningResource,
    NeedsTally,
    Response,
    StaffGroup,
    tally_key,
)
from .presenters import (
    ConfirmedSkill,
    DomainLevel,
    OwnResults,
)

#: grouping -> (heading, how its groups are labelled: organisation or site names, choice labels, or the text)
GROUPINGS: dict[str, tuple[str, str]] = {
    "organisation": ("Organisation", "organisation"),
    "parent": ("Network, federation or parent body", "organisation"),
    "top": ("Federation, ICB or trust", "organisation"),
    "site": ("Site", "site"),
    "team": ("Team", "text"),
    "staff_group": ("Staff group", "choice"),
    "band": ("Band", "choice"),
    "job_role": ("Role", "text"),
}


_CHOICES = {"staff_group": dict(StaffGroup.choices), "band": dict(Band.choices)}


def own_results(assessment: Assessment) -> OwnResults:
    """A person's levels per domain in words, learning suggestions, and the questions they found unclear."""
    levels = dict(assessment.domain_results.values_list("domain_id", "level"))  # kept when it was completed
    framework = assessment.framework
    domains = list(Domain.objects.filter(framework=framework).order_by("order"))
    suggested: dict[tuple[str, int], list[LearningResource]] = defaultdict(list)
    for res in LearningResource.objects.filter(partnership_id=assessment.person.partnership_id, level__lt=3):
        suggested[(res.domain_code, res.level)].append(res)
    earlier = (
        Assessment.objects.filter(
            person_id=assessment.person_id,
            completed_at__isnull=False,
            completed_at__lt=assessment.completed_at or timezone.now(),
        )
        .exclude(pk=assessment.pk)
        .order_by("-completed_at")
        .first()
    )
    before: dict[str, int] = {}
    if earlier is not None:
        before = dict(earlier.domain_results.values_list("domain__code", "level"))
    rows = []
    for d in domains:
        level = levels.get(d.pk, 1)
        resources = suggested[(d.code, level)][:3] if level < 3 else []
        then = before.get(d.code)
        rows.append(
            DomainLevel(
                domain=d,
                level=level,
                level_name=framework.level_name(level),
                resources=resources,
                earlier_name=framework.level_name(then) if then else None,
                change=None if then is None else ("up" if level > then else "down" if level < then else "same"),
            )
        )
    answers = answers_of(assessment)
    unclear = [i for i in question_path(assessment, answers) if answers.get(i.pk) == Response.UNCLEAR]
    return OwnResults(rows=rows, unclear=unclear, earlier=earlier)


def history(user: Actor) -> list[dict[str, Any]]:
    """The person's completed assessments, oldest first, with the level per domain (progress over time)."""
    done = list(Assessment.objects.visible_to(user).filter(completed_at__isnull=False).order_by("completed_at"))
    results: dict[int, dict[str, int]] = {a.pk: {} for a in done}
    for r in DomainResult.objects.visible_to(user).filter(assessment__in=done).select_related("domain"):
        results[r.assessment_id][r.domain.code] = r.level
    return [{"assessment": a, "levels": results[a.pk]} for a in done]


@dataclass
class Cell:
    basics: int | None  # share (whole per cent) at "getting started"
    not_confident: int | None  # share below "confident"


Counts = tuple[int, int, int]  # (people's results, at getting started, below confident)


def _plus(a: Counts | None, b: Counts) -> Counts:
    return b if a is None else (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _cell(counts: Counts | None) -> Cell:
    """Shares of a group at 'getting started' and below 'confident' in one domain, from (n, basics, below)."""
    if not counts or not counts[0]:
        return Cell(None, None)
    n, basics, below = counts
    return Cell(round(100 * basics / n), round(100 * below / n))


@dataclass
class GroupRow:
    label: str
    n: int | None
    suppressed: bool
    cells: list[Cell] = field(default_factory=list)


def domain_map(source: Framework, target: Framework) -> dict[int, int]:
    """Domain of `source` -> the domain of `target` it compares with, from the item crosswalks (each old domain
    goes to the new domain most of its items were mapped to). A framework maps to itself."""
    if source.pk == target.pk:
        return {d: d for d in Domain.objects.filter(framework=source).values_list("pk", flat=True)}
    votes: dict[int, Counter[int]] = defaultdict(Counter)
    pairs = Crosswalk.objects.filter(from_item__domain__framework=source, to_item__domain__framework=target)
    pairs = pairs | Crosswalk.objects.filter(from_item__domain__framework=target, to_item__domain__framework=source)
    for from_dom, from_fw, to_dom in pairs.values_list(
        "from_item__domain_id", "from_item__domain__framework_id", "to_item__domain_id"
    ):
        old, new = (from_dom, to_dom) if from_fw == source.pk else (to_dom, from_dom)
        votes[old][new] += 1
    return {old: c.most_common(1)[0][0] for old, c in votes.items()}


def _tallies(partnership_id: int, grouping: str, round_id: int | None) -> Any:
    tallies = NeedsTally.objects.filter(partnership_id=partnership_id, grouping=grouping)
    return tallies if round_id is None else tallies.filter(round_key=round_id)


def _counted(
    tallies: Any, group_of: Callable[[Any], Any], framework: Framework, key_field: str = "key"
) -> tuple[dict[Any, int], dict[tuple[Any, int], Counts]]:
    """From tallies: people per group, and (group, domain of `framework`) -> (n, getting started, below confident).
    Results kept under other framework versions are translated through the crosswalk; a person is counted once,
    by the first domain of the framework they answered."""
    maps: dict[int, dict[int, int]] = {}
    firsts = dict(Domain.objects.order_by("framework_id", "-order").values_list("framework_id", "pk"))
    sizes: dict[Any, int] = defaultdict(int)
    counts: dict[tuple[Any, int], Counts] = {}
    rows = (
        tallies.values_list(key_field, "domain__framework_id", "domain_id", "level").annotate(total=Sum("n")).order_by()
    )
    for key, fw_id, domain_id, level, n in rows:
        group = group_of(key)
        if domain_id == firsts.get(fw_id):
            sizes[group] += n
        if fw_id not in maps:
            maps[fw_id] = domain_map(Framework.objects.get(pk=fw_id), framework)
        target = maps[fw_id].get(domain_id)
        if target is None:
            continue
        counts[(group, target)] = _plus(
            counts.get((group, target)), (n, n if level == 1 else 0, n if level <= 2 else 0)
        )
    return dict(sizes), counts


def _group_of(group_by: str, partnership_id: int) -> tuple[str, Callable[[Any], Any]]:
    """The tallied grouping a grouping reads, and how a tally key becomes its group (ids for organisations and
    sites; an organisation's parent or top body for those groupings; None where not recorded)."""
    if group_by in ("parent", "top"):
        orgs = {
            str(pk): (pk, parent, grand)
            for pk, parent, grand in Organisation.objects.filter(partnership_id=partnership_id).values_list(
                "pk", "parent_id", "parent__parent_id"
            )
        }

        def up(key: str) -> Any:
            pk, parent, grand = orgs.get(key, (None, None, None))
            return (parent or pk) if group_by == "parent" else (grand or parent or pk)

        return "organisation", up
    if group_by in ("organisation", "site"):
        return group_by, lambda key: int(key) if key else None
    return group_by, lambda key: key or None


def _labels(group_by: str, groups: set[Any]) -> dict[Any, str]:
    kind = GROUPINGS[group_by][1]
    names: dict[Any, str]
    if kind == "organisation":
        names = dict(Organisation.objects.filter(pk__in=[g for g in groups if g]).values_list("pk", "name"))
    elif kind == "site":
        names = dict(Site.objects.filter(pk__in=[g for g in groups if g]).values_list("pk", "name"))
    elif kind == "choice":
        names = {k: str(v) for k, v in _CHOICES[group_by].items()}
    else:
        names = {g: g for g in groups if g}
    return {g: names.get(g) or "Not recorded" for g in groups}


def hide_small(sizes: dict[Any, int], threshold: int) -> set[Any]:
    """Groups under the threshold, plus the complementary group (`_hide_complement`)."""
    hidden = {g for g, n in sizes.items() if n < threshold}
    _hide_complement(hidden, sizes)
    return hidden


def _hide_complement(hidden: set[Any], sizes: dict[Any, int]) -> bool:
    """Where exactly one group is hidden, hide the next smallest too, so that the total minus the groups shown
    cannot reveal it. Says whether it hid one."""
    if len(hidden) == 1 and len(sizes) > 1:
        hidden.add(min((g for g in sizes if g not in hidden), key=lambda g: (sizes[g], str(g))))
        return True
    return False


def _completed(partnership_id: int, round_id: int | None) -> Any:
    assessments = Assessment.objects.filter(partnership_id=partnership_id, completed_at__isnull=False)
    return assessments if round_id is None else assessments.filter(round_id=round_id)


def hidden_across_groupings(partnership_id: int, round_id: int | None, threshold: int) -> dict[str, set[Any]]:
    """`hide_across_groupings` for a partnership and round, worked out once per change of the data: the cache key
    includes how many assessments are complete and the latest completion (one indexed aggregate)."""
    version = _completed(partnership_id, round_id).aggregate(n=Count("id"), last=Max("completed_at"))
    last = version["last"].timestamp() if version["last"] else 0
    key = f"needs-hidden:{partnership_id}:{round_id}:{threshold}:{version['n']}:{last}"
    hidden: dict[str, set[Any]] | None = cache.get(key)
    if hidden is None:
        hidden = hide_across_groupings(_cells(partnership_id, round_id), threshold)
        cache.set(key, hidden, 3600)
    return hidden


def _cells(partnership_id: int, round_id: int | None) -> list[tuple[dict[str, Any], int]]:
    """The cross-classification of completed assessments: for each combination of groups (one per grouping) that
    occurs, how many. Counted by the database, so only the combinations come back, never a person."""
    assessments = _completed(partnership_id, round_id)
    # each grouping: the tallied grouping it reads, and how that tally key becomes its group (as the table does)
    readers = {g: _group_of(g, partnership_id) for g in GROUPINGS}
    cells = []
    for *values, n in assessments.values_list(*TALLIED.values()).annotate(n=Count("id")).order_by():
        keys = dict(zip(TALLIED, values, strict=True))
        cells.append(({g: group_of(tally_key(keys[read])) for g, (read, group_of) in readers.items()}, n))
    return cells


def hide_across_groupings(
    cells: list[tuple[dict[str, Any], int]], threshold: int = SUPPRESSION_THRESHOLD
) -> dict[str, set[Any]]:
    """The groups each grouping must hide, so that no small group can be worked out by subtracting one grouping's
    figures from another's (ADR 0008). Starting from each grouping's own rule (`hide_small`), a group is also
    hidden when the groups of another grouping that lie wholly inside it, and are shown, leave fewer than
    `threshold` people over (a staff group minus the roles inside it; a federation minus its practices). Repeated
    until nothing changes, with each grouping's complementary rule applied again after every round."""
    sizes: dict[str, dict[Any, int]] = {g: defaultdict(int) for g in GROUPINGS}
    for keys, n in cells:
        for g in GROUPINGS:
            sizes[g][keys[g]] += n
    # (a, b) → group of a → the groups of b that lie wholly inside it
    nested_in: dict[tuple[str, str], dict[Any, list[Any]]] = {}
    for a in GROUPINGS:
        for b in GROUPINGS:
            if a != b:
                containers: dict[Any, set[Any]] = defaultdict(set)
                for keys, _n in cells:
                    containers[keys[b]].add(keys[a])
                by_group: dict[Any, list[Any]] = defaultdict(list)
                for h, around in containers.items():
                    if len(around) == 1:
                        by_group[next(iter(around))].append(h)
                nested_in[(a, b)] = by_group
    hidden = {g: hide_small(sizes[g], threshold) for g in GROUPINGS}
    changed = True
    while changed:
        changed = False
        for a in GROUPINGS:
            for group, size in sizes[a].items():
                if group in hidden[a]:
                    continue
                for b in GROUPINGS:
                    if b == a:
                        continue
                    nested = sum(sizes[b][h] for h in nested_in[(a, b)].get(group, ()) if h not in hidden[b])
                    if nested and 0 < size - nested < threshold:
                        hidden[a].add(group)
                        changed = True
                        break
            changed = _hide_complement(hidden[a], sizes[a]) or changed
    return hidden


def needs_analysis(
    *, user: Actor, group_by: str = "organisation", round_id: int | None = None, threshold: int = SUPPRESSION_THRESHOLD
) -> dict[str, Any]:
    """Aggregate levels by organisation (or its parent bodies), site, team, staff group, band or role. Never
    individual answers: only groups of at least `threshold` people are shown, with complementary suppression.
    It reads the tallies kept as assessments are completed, so its cost depends on the number of groups only."""
    viewer = viewer_for(user)
    group_by = group_by if group_by in GROUPINGS else "organisation"
    framework = current_framework()
    grouping, group_of = _group_of(group_by, viewer.pid)
    sizes, counts = _counted(_tallies(viewer.pid, grouping, round_id), group_of, framework)
    totals: dict[int, Counts] = {}
    for (_group, domain_id), c in counts.items():
        totals[domain_id] = _plus(totals.get(domain_id), c)
    domains = [d for d in Domain.objects.filter(framework=framework).order_by("order") if d.pk in totals]
    hidden = hide_small(sizes, threshold) | hidden_across_groupings(viewer.pid, round_id, threshold)[group_by]
    labels = _labels(group_by, set(sizes))
    rows = []
    for group in sorted(sizes, key=lambda g: labels[g]):
        if group in hidden:
            rows.append(GroupRow(labels[group], None, True, [Cell(None, None) for _ in domains]))
        else:
            rows.append(
                GroupRow(labels[group], sizes[group], False, [_cell(counts.get((group, d.pk))) for d in domains])
            )
    total_n = sum(sizes.values())
    total = None
    if total_n >= threshold:
        total = GroupRow("All staff", total_n, False, [_cell(totals[d.pk]) for d in domains])
    gaps = []
    if total is not None:
        gaps = sorted(
            ((d, c) for d, c in zip(domains, total.cells, strict=True) if c.not_confident is not None),
            key=lambda dc: -(dc[1].not_confident or 0),
        )[:3]
    return {
        "heading": GROUPINGS[group_by][0],
        "group_by": group_by,
        "domains": domains,
        "rows": rows,
        "total": total,
        "gaps": gaps,
        "threshold": threshold,
        "suppressed_count": sum(1 for r in rows if r.suppressed),
    }


# ------------------------------------------------------------------------- for the champions' pages


def not_confident_by_organisation(partnership_id: int, round_id: int | None = None) -> dict[int, int | None]:
    """Organisation id -> the share of its staff's skills below 'confident' (None where too few people answered to
    show it), from the needs analysis's tallies: what the champions' coverage table sets beside their numbers."""
    grouping, group_of = _group_of("organisation", partnership_id)
    people, counts = _counted(_tallies(partnership_id, grouping, round_id), group_of, current_framework())
    below: dict[int, Counts] = {}
    for (org_id, _domain), c in counts.items():
        below[org_id] = _plus(below.get(org_id), c)
    return {
        org_id: _cell(c).not_confident if people.get(org_id, 0) >= SUPPRESSION_THRESHOLD else None
        for org_id, c in below.items()
    }


#: Where skills confirmed by someone else come from (the digital champions app registers its skill checks), so the
#: results page can show them beside the person's own rating without this app importing the one above it.
Confirmer = Callable[[Actor, Framework], Iterable[ConfirmedSkill]]
_CONFIRMERS: dict[str, Confirmer] = {}


def confirmer(name: str) -> Callable[[Confirmer], Confirmer]:
    """Decorator: register a source of confirmed skills under a unique name (registering it again replaces it)."""

    def decorator(source: Confirmer) -> Confirmer:
        _CONFIRMERS[name] = source
        return source

    return decorator


def confirmed_items(user: Actor, framework: Framework) -> dict[int, list[ConfirmedSkill]]:
    """Domain id -> the skills others confirmed for the viewer (for the results page, beside self-rating)."""
    out: dict[int, list[ConfirmedSkill]] = defaultdict(list)
    for _, source in sorted(_CONFIRMERS.items()):
        for skill in source(user, framework):
            out[skill.item.domain_id].append(skill)
    return out


def trend(user: Actor, threshold: int = SUPPRESSION_THRESHOLD) -> dict[str, Any]:
    """Share of staff skills not yet confident per domain in each round, all compared on the current framework
    (older versions through the crosswalk). A round with fewer than `threshold` people is hidden."""
    viewer = viewer_for(user)
    framework = current_framework()
    domains = list(Domain.objects.filter(framework=framework).order_by("order"))
    rounds = list(AssessmentRound.objects.visible_to(user).order_by("opens_on"))
    sizes, counts = _counted(
        NeedsTally.objects.filter(partnership_id=viewer.pid, grouping="organisation"),
        lambda round_key: round_key,
        framework,
        key_field="round_key",
    )
    rows = []
    for r in rounds:
        n = sizes.get(r.pk, 0)
        if not n:
            continue
        hidden = n < threshold
        cells = [Cell(None, None) if hidden else _cell(counts.get((r.pk, d.pk))) for d in domains]
        rows.append(GroupRow(r.name, None if hidden else n, hidden, cells))
    return {"domains": domains, "rows": rows}


def needs_table(data: dict[str, Any]) -> list[list[Any]]:
    """The needs analysis as rows for a CSV or spreadsheet (suppressed groups say so, with no figures)."""
    header = [data["heading"], "People"]
    for d in data["domains"]:
        header += [f"{d.name}: % getting started", f"{d.name}: % not yet confident"]
    out: list[list[Any]] = [header]
    for row in [*data["rows"], *([data["total"]] if data["total"] else [])]:
        line: list[Any] = [row.label, "suppressed" if row.suppressed else row.n]
        for c in row.cells:
            line += ["suppressed", "suppressed"] if row.suppressed else [c.basics, c.not_confident]
        out.append(line)
    return out


def heatmap_spec(data: dict[str, Any]) -> dict[str, Any] | None:
    """A Vega-Lite heat map of the same figures as the table: groups down, domains across, darker = more need."""
    values = [
        {"group": row.label, "domain": d.name, "share": c.not_confident}
        for row in data["rows"]
        if not row.suppressed
        for d, c in zip(data["domains"], row.cells, strict=True)
        if c.not_confident is not None
    ]
    if not values:
        return None
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": "Heat map of the share of staff not yet confident, by group and domain.",
        "data": {"values": values},
        "width": "container",
        "height": {"step": 28},
        # the labels count in the chart's size, and are never cut short (a domain or group name is read whole)
        "autosize": {"type": "fit-x", "contains": "padding"},
        "encoding": {
            "y": {
                "field": "group",
                "type": "nominal",
                "title": data["heading"],
                "sort": None,
                "axis": {"labelLimit": 0},
            },
            "x": {
                "field": "domain",
                "type": "nominal",
                "title": None,
                "sort": None,
                "axis": {"labelAngle": -30, "labelLimit": 0, "labelAlign": "right"},
            },
            "color": {
                "field": "share",
                "type": "quantitative",
                "title": "% not yet confident",
                "scale": {"domain": [0, 100], "scheme": "blues"},
            },
        },
        "layer": [
            {"mark": {"type": "rect"}},
            {
                "mark": {"type": "text", "fontSize": 12},
                "encoding": {
                    "text": {"field": "share", "type": "quantitative"},
                    "color": {"condition": {"test": "datum.share > 55", "value": "white"}, "value": "black"},
                },
            },
        ],
    }


def trend_spec(data: dict[str, Any]) -> dict[str, Any] | None:
    values = [
        {"round": row.label, "order": i, "domain": d.name, "share": c.not_confident}
        for i, row in enumerate(data["rows"])
        if not row.suppressed
        for d, c in zip(data["domains"], row.cells, strict=True)
        if c.not_confident is not None
    ]
    if len({v["round"] for v in values}) < 2:
        return None
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": "Share of staff not yet confident in each domain, round by round.",
        "data": {"values": values},
        "width": "container",
        "height": 240,
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "round", "type": "ordinal", "sort": {"field": "order"}, "title": "Round"},
            "y": {
                "field": "share",
                "type": "quantitative",
                "title": "% not yet confident",
                "scale": {"domain": [0, 100]},
            },
            "color": {"field": "domain", "type": "nominal", "title": "Domain"},
        },
    }
