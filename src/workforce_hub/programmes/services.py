"""Loading the catalogue shipped in `data/`. Idempotent: existing versions are left as they are, so a record that
started on a version keeps exactly the criteria it started with."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from .combination import validate_rule
from .models import Criterion, FundingRuleSet, Pathway, Qualification, Standard, Unit

DATA = Path(__file__).parent / "data"


def load_shipped_catalogue(**kwargs: Any) -> None:
    """post_migrate: make sure the rule sets, qualifications and standards shipped with the project are loaded."""
    load_catalogue(DATA)


@transaction.atomic
def load_catalogue(folder: Path) -> None:
    rule_sets = json.loads((folder / "funding_rules.json").read_text())["rule_sets"]
    _check_rule_sets_cover_every_date(rule_sets)
    for rs in rule_sets:
        FundingRuleSet.objects.update_or_create(
            code=rs["code"],
            defaults={
                "name": rs["name"],
                "starts_on": rs["starts_on"],
                "ends_on": rs["ends_on"],
                "rules": rs["rules"],
                "sources": rs["sources"],
            },
        )
    for q in json.loads((folder / "qualifications.json").read_text())["qualifications"]:
        validate_rule(q["rule"])
        qualification, created = Qualification.objects.get_or_create(
            code=q["code"],
            defaults={
                "title": q["title"],
                "level": q["level"],
                "guided_learning_hours": q["guided_learning_hours"],
                "due_weeks": q["due_weeks"],
                "rule": q["rule"],
                "source": q["source"],
            },
        )
        if created:
            Unit.objects.bulk_create(
                Unit(qualification=qualification, code=c, title=t, credits=cr, group=g, position=i)
                for i, (c, t, cr, g) in enumerate(q["units"])
            )
    for s in json.loads((folder / "standards.json").read_text())["standards"]:
        standard, created = Standard.objects.get_or_create(
            code=s["code"],
            version=s["version"],
            defaults={
                "title": s["title"],
                "level": s["level"],
                "typical_months": s["typical_months"],
                "otj_minimum_hours": s["otj_minimum_hours"],
                "source": s["source"],
                "is_current": s["is_current"],
            },
        )
        if not created:
            if standard.is_current != s["is_current"]:
                standard.is_current = s["is_current"]
                standard.save(update_fields=["is_current"])
            continue
        standard.qualifications.set(Qualification.objects.filter(code__in=s["qualifications"]))
        pathways = {name: Pathway.objects.create(standard=standard, name=name) for name in s["pathways"]}
        Criterion.objects.bulk_create(
            Criterion(
                standard=standard, kind=k, code=code, text=text, pathway=pathways.get(p) if p else None, position=i
            )
            for i, (k, code, text, p) in enumerate(s["criteria"])
        )


def _check_rule_sets_cover_every_date(rule_sets: list[dict[str, Any]]) -> None:
    """Rule sets must follow on from each other with no gap and no overlap, the last one open-ended."""
    ordered = sorted(rule_sets, key=lambda r: r["starts_on"])
    for before, after in itertools.pairwise(ordered):
        if before["ends_on"] is None:
            raise ValueError(f"{before['code']} is open-ended but {after['code']} starts after it.")
        gap = (date.fromisoformat(after["starts_on"]) - date.fromisoformat(before["ends_on"])).days
        if gap != 1:
            raise ValueError(f"{before['code']} and {after['code']} leave a gap or overlap.")
    if ordered and ordered[-1]["ends_on"] is not None:
        raise ValueError("The latest rule set must be open-ended.")
