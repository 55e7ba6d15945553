"""Reads for digital skills: a person's own results and suggestions, and the privacy-safe needs analysis."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from workforce_hub.core.access import viewer_for

from .models import Assessment, Domain, DomainResult, LearningResource, Response, StaffGroup
from .services import answers_of, question_path

#: groups smaller than this are never shown (and one more is hidden where a total would give them away)
SUPPRESSION_THRESHOLD = 5
GROUPINGS = {
    "organisation": ("assessment__organisation__name", "Organisation"),
    "parent": ("parent_name", "Network, federation or parent body"),
    "staff_group": ("assessment__staff_group", "Staff group"),
}


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
    basics: float | None  # share at "getting started"
    not_confident: float | None  # share below "confident"


def _cell(counts: dict[str, int] | None) -> Cell:
    """Shares (whole per cent) of a group at 'getting started' and below 'confident' in one domain."""
    if not counts or not counts["n"]:
        return Cell(None, None)
    return Cell(round(100 * counts["basics"] / counts["n"]), round(100 * counts["below"] / counts["n"]))


@dataclass
class GroupRow:
    label: str
    n: int | None
    suppressed: bool
    cells: list[Cell] = field(default_factory=list)


def needs_analysis(
    *, user: Any, group_by: str = "organisation", round_id: int | None = None, threshold: int = SUPPRESSION_THRESHOLD
) -> dict[str, Any]:
    """Aggregate levels by organisation, parent body or staff group. Never individual answers: only groups of at
    least `threshold` people are shown, and where exactly one group is hidden the next smallest is hidden too, so
    that the total minus the shown groups cannot reveal it."""
    viewer = viewer_for(user)
    key, heading = GROUPINGS.get(group_by, GROUPINGS["organisation"])
    results = DomainResult.objects.filter(
        assessment__person__partnership_id=viewer.pid, assessment__completed_at__isnull=False
    )
    if round_id is not None:
        results = results.filter(assessment__round_id=round_id)
    if group_by == "parent":
        results = results.annotate(
            parent_name=Coalesce(F("assessment__organisation__parent__name"), F("assessment__organisation__name"))
        )
    domains = list(Domain.objects.filter(pk__in=results.values("domain_id")).order_by("order"))
    sizes = dict(results.values_list(key).annotate(n=Count("assessment_id", distinct=True)))
    counts = {
        (row[key], row["domain_id"]): row
        for row in results.values(key, "domain_id").annotate(
            n=Count("id"), basics=Count("id", filter=Q(level=1)), below=Count("id", filter=Q(level__lte=2))
        )
    }
    hidden = {g for g, n in sizes.items() if n < threshold}
    if len(hidden) == 1 and len(sizes) > 1:
        hidden.add(min((g for g in sizes if g not in hidden), key=lambda g: (sizes[g], str(g))))
    labels = dict(StaffGroup.choices) if group_by == "staff_group" else {}

    def cells(group: Any) -> list[Cell]:
        return [_cell(counts.get((group, d.pk))) for d in domains]

    rows = []
    for group in sorted(sizes, key=lambda g: str(labels.get(g, g) or "Not recorded")):
        label = str(labels.get(group, group) or "Not recorded")
        if group in hidden:
            rows.append(GroupRow(label, None, True, [Cell(None, None) for _ in domains]))
        else:
            rows.append(GroupRow(label, sizes[group], False, cells(group)))
    total_n = sum(sizes.values())
    total = None
    if total_n >= threshold:
        agg = {
            d: results.filter(domain_id=d.pk).aggregate(
                n=Count("id"), basics=Count("id", filter=Q(level=1)), below=Count("id", filter=Q(level__lte=2))
            )
            for d in domains
        }
        total = GroupRow(
            "All staff",
            total_n,
            False,
            [
                Cell(round(100 * a["basics"] / a["n"]), round(100 * a["below"] / a["n"]))
                if a["n"]
                else Cell(None, None)
                for a in agg.values()
            ],
        )
    gaps = []
    if total is not None:
        gaps = sorted(
            ((d, c) for d, c in zip(domains, total.cells, strict=True) if c.not_confident is not None),
            key=lambda dc: -(dc[1].not_confident or 0),
        )[:3]
    return {
        "heading": heading,
        "domains": domains,
        "rows": rows,
        "total": total,
        "gaps": gaps,
        "threshold": threshold,
        "suppressed_count": sum(1 for r in rows if r.suppressed),
    }
