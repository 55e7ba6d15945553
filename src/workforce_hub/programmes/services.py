"""Loading the catalogue shipped in `data/`. Idempotent. Standards and funding-rule sets are versions: an existing
version is left as it is, so a record that started on it keeps exactly the criteria it started with. Qualifications
follow the shipped file (corrections to a unit's title, credits or group apply to everyone), keeping every unit
already signed off."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from workforce_hub.core.signals import migrated

from .combination import validate_rule
from .models import Criterion, FundingRuleSet, Pathway, Qualification, Standard, Unit

DATA = Path(__file__).parent / "data"
WITHDRAWN = "withdrawn"


def load_shipped_catalogue(**kwargs: Any) -> None:
    """post_migrate: make sure the rule sets, qualifications and standards shipped with the project are loaded."""
    if migrated(kwargs, "programmes.FundingRuleSet", "programmes.Criterion"):
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
        qualification, _ = Qualification.objects.update_or_create(
            code=q["code"],
            defaults={
                "title": q["title"],
                "level": q["level"],
                "guided_learning_hours": q["guided_learning_hours"],
                "total_qualification_hours": q["total_qualification_hours"],
                "due_weeks": q["due_weeks"],
                "rule": q["rule"],
                "source": q["source"],
            },
        )
        _reconcile_units(qualification, q["units"])
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


def _reconcile_units(qualification: Qualification, rows: list[list[Any]]) -> None:
    """Units follow the shipped list by code: new ones are added and corrected titles, credits, hours and groups
    are applied in place, so units already signed off stay signed off. A unit dropped from the list is deleted
    when nobody has achieved it, otherwise kept in the group "withdrawn", which no rule counts."""
    existing = {u.code: u for u in qualification.units.all()}
    shipped = set()
    for position, (code, title, credits, group, hours) in enumerate(rows):
        shipped.add(code)
        Unit.objects.update_or_create(
            qualification=qualification,
            code=code,
            defaults={
                "title": title,
                "credits": credits,
                "group": group,
                "guided_learning_hours": hours,
                "position": position,
            },
        )
    for code, unit in existing.items():
        if code in shipped:
            continue
        if unit.achievements.exists():
            if unit.group != WITHDRAWN:
                unit.group = WITHDRAWN
                unit.save(update_fields=["group"])
        else:
            unit.delete()


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
