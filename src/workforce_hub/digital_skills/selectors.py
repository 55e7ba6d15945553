"""Reads for digital skills: a person's own results and suggestions, and the privacy-safe needs analysis."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from workforce_hub.core.access import viewer_for
from workforce_hub.organisations.models import Organisation, Site

from . import services
from .models import (
    Assessment,
    Band,
    Crosswalk,
    Domain,
    DomainResult,
    Framework,
    LearningResource,
    Response,
    StaffGroup,
)
from .services import answers_of, question_path

#: groups smaller than this are never shown (and one more is hidden where a total would give them away)
SUPPRESSION_THRESHOLD = 5
#: grouping -> (heading, the assessment field or expression it groups by, how its values are labelled)
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


def _key(group_by: str, prefix: str = "") -> Any:
    """The expression a grouping groups by, on Assessment (prefix "") or on a model that points to it."""
    org = f"{prefix}organisation"
    if group_by == "parent":
        return Coalesce(F(f"{org}__parent_id"), F(f"{org}_id"))
    if group_by == "top":
        return Coalesce(F(f"{org}__parent__parent_id"), F(f"{org}__parent_id"), F(f"{org}_id"))
    if group_by in ("organisation", "site"):
        return F(f"{prefix}{group_by}_id")
    return F(f"{prefix}{group_by}")


_CHOICES = {"staff_group": dict(StaffGroup.choices), "band": dict(Band.choices)}


def own_results(assessment: Assessment) -> dict[str, Any]:
    """A person's levels per domain in words, learning suggestions, and the questions they found unclear."""
    levels = dict(assessment.domain_results.values_list("domain_id", "level"))  # kept when it was completed
    framework = assessment.framework
    domains = list(Domain.objects.filter(framework=framework).order_by("order"))
    partnership_id = assessment.person.partnership_id
    rows = []
    for d in domains:
        level = levels.get(d.pk, 1)
        resources = (
            list(LearningResource.objects.filter(partnership_id=partnership_id, domain_code=d.code, level=level)[:3])
            if level < 3
            else []
        )
        rows.append({"domain": d, "level": level, "level_name": framework.level_name(level), "resources": resources})
    answers = answers_of(assessment)
    unclear = [i for i in question_path(assessment, answers) if answers.get(i.pk) == Response.UNCLEAR]
    return {"rows": rows, "unclear": unclear}


def history(user: Any) -> list[dict[str, Any]]:
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


def _cell(counts: tuple[int, int, int] | None) -> Cell:
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


def _translated_counts(results: Any, key: str, framework: Framework) -> dict[tuple[Any, int], tuple[int, int, int]]:
    """(group, domain of `framework`) -> (n, getting started, below confident), with results kept under other
    framework versions translated through the crosswalk (results with no comparable domain are left out)."""
    maps: dict[int, dict[int, int]] = {}
    counts: dict[tuple[Any, int], tuple[int, int, int]] = {}
    rows = (
        results.values_list(key, "domain__framework_id", "domain_id")
        .annotate(n=Count("id"), basics=Count("id", filter=Q(level=1)), below=Count("id", filter=Q(level__lte=2)))
        .order_by()
    )
    for group, fw_id, domain_id, n, basics, below in rows:
        if fw_id not in maps:
            maps[fw_id] = domain_map(Framework.objects.get(pk=fw_id), framework)
        target = maps[fw_id].get(domain_id)
        if target is None:
            continue
        old = counts.get((group, target), (0, 0, 0))
        counts[(group, target)] = (old[0] + n, old[1] + basics, old[2] + below)
    return counts


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
    """Groups under the threshold, plus, where exactly one is hidden, the next smallest (so that the total minus
    the groups shown cannot reveal it)."""
    hidden = {g for g, n in sizes.items() if n < threshold}
    if len(hidden) == 1 and len(sizes) > 1:
        hidden.add(min((g for g in sizes if g not in hidden), key=lambda g: (sizes[g], str(g))))
    return hidden


def _completed(partnership_id: int, round_id: int | None) -> Any:
    assessments = Assessment.objects.filter(partnership_id=partnership_id, completed_at__isnull=False)
    if round_id is not None:
        assessments = assessments.filter(round_id=round_id)
    return assessments


def _results(partnership_id: int, round_id: int | None) -> Any:
    results = DomainResult.objects.filter(
        assessment__partnership_id=partnership_id, assessment__completed_at__isnull=False
    )
    if round_id is not None:
        results = results.filter(assessment__round_id=round_id)
    return results


def needs_analysis(
    *, user: Any, group_by: str = "organisation", round_id: int | None = None, threshold: int = SUPPRESSION_THRESHOLD
) -> dict[str, Any]:
    """Aggregate levels by organisation (or its parent bodies), site, team, staff group, band or role. Never
    individual answers: only groups of at least `threshold` people are shown, with complementary suppression.
    Two grouped queries whatever the number of staff: people per group, and levels per group and domain."""
    viewer = viewer_for(user)
    group_by = group_by if group_by in GROUPINGS else "organisation"
    framework = services.current_framework()
    assessments = _completed(viewer.pid, round_id).annotate(group=_key(group_by))
    sizes = dict(assessments.values_list("group").annotate(n=Count("id")).order_by())
    results = _results(viewer.pid, round_id).annotate(group=_key(group_by, "assessment__"))
    counts = _translated_counts(results, "group", framework)
    domains = list(Domain.objects.filter(framework=framework).order_by("order"))
    domains = [d for d in domains if any(k[1] == d.pk for k in counts)]
    hidden = hide_small(sizes, threshold)
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
        sums = []
        for d in domains:
            parts = [v for (g, dom), v in counts.items() if dom == d.pk]
            sums.append(_cell(tuple(sum(p[i] for p in parts) for i in range(3))))  # type: ignore[arg-type]
        total = GroupRow("All staff", total_n, False, sums)
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
