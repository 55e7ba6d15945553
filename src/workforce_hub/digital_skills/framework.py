"""The digital skills framework: loading the shipped versions, the current one, and the short adaptive path of
questions with the levels it gives. Read by the services (which write assessments) and the selectors alike."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.db import transaction

from workforce_hub.core.signals import migrated

from .models import Assessment, Crosswalk, Domain, Framework, Item, Response

DATA = Path(__file__).parent / "data"
#: groups of fewer people are never shown to anyone but themselves (needs analysis, practice measures)
SUPPRESSION_THRESHOLD = 5
STRUGGLING = {Response.NOT_YET, Response.UNCLEAR}


def load_framework(path: Path) -> Framework:
    """Load a framework file (idempotent: a name and version already loaded is left as it is)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    existing = Framework.objects.filter(name=raw["name"], version=raw["version"]).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        Framework.objects.filter(name=raw["name"]).update(is_current=False)
        framework = Framework.objects.create(
            name=raw["name"], version=raw["version"], source=raw["source"], levels=raw["levels"]
        )
        for d_order, d in enumerate(raw["domains"]):
            domain = Domain.objects.create(framework=framework, code=d["code"], name=d["name"], order=d_order)
            for i_order, i in enumerate(d["items"]):
                Item.objects.create(
                    domain=domain,
                    code=i["code"],
                    text=i["text"],
                    help_text=i.get("help", ""),
                    level=i["level"],
                    is_foundation=i.get("foundation", False),
                    skill_area=i["skill_area"],
                    staff_groups=i.get("groups", []),
                    order=i_order,
                )
        crosswalk = raw.get("crosswalk")
        if crosswalk:
            _load_crosswalk(framework, crosswalk)
    return framework


def _load_crosswalk(framework: Framework, crosswalk: dict[str, Any]) -> None:
    """`{"from": {"name", "version"}, "items": {new code: [old codes]}}`: which old items ask the same thing."""
    source = Framework.objects.get(name=crosswalk["from"]["name"], version=crosswalk["from"]["version"])
    old = {i.code: i for i in Item.objects.filter(domain__framework=source)}
    new = {i.code: i for i in Item.objects.filter(domain__framework=framework)}
    Crosswalk.objects.bulk_create(
        [
            Crosswalk(from_item=old[old_code], to_item=new[new_code])
            for new_code, old_codes in crosswalk["items"].items()
            for old_code in old_codes
        ]
    )


def load_shipped_frameworks(**kwargs: Any) -> None:
    """post_migrate: make sure every framework file shipped with the project is in the database."""
    if not migrated(kwargs, "digital_skills.Framework"):
        return
    for path in sorted(DATA.glob("*.json")):
        load_framework(path)


def current_framework() -> Framework:
    framework = Framework.objects.filter(is_current=True).order_by("-created_at").first()
    if framework is None:
        load_shipped_frameworks()
        framework = Framework.objects.filter(is_current=True).order_by("-created_at").first()
    assert framework is not None
    return framework


# ------------------------------------------------------------------------------------------- the questions


def question_path(
    assessment: Assessment, answers: dict[int, str] | None = None, items: list[Item] | None = None
) -> list[Item]:
    """The questions this person is asked, given their answers so far (short and adaptive):
    foundation items first; then, domain by domain, the everyday items for their staff group unless they said they
    cannot yet do (or did not understand) that domain's foundation; then the advanced items only where every
    everyday item in the domain was 'yes, I can'."""
    if answers is None:
        answers = answers_of(assessment)
    if items is None:
        items = framework_items(assessment.framework)
    group = assessment.staff_group
    foundation = [i for i in items if i.is_foundation]
    path = list(foundation)
    struggling_overall = sum(1 for i in foundation if answers.get(i.pk) in STRUGGLING) >= 2
    for domain in sorted({i.domain for i in items}, key=lambda d: d.order):
        in_domain = [i for i in items if i.domain_id == domain.pk]
        basics = [i for i in in_domain if i.is_foundation]
        if any(answers.get(i.pk) in STRUGGLING for i in basics) or (not basics and struggling_overall):
            continue
        if any(i.pk not in answers for i in basics):
            continue  # the foundation question comes first
        everyday = [i for i in in_domain if i.level == 2 and not i.is_foundation and i.applies_to(group)]
        path += everyday
        if everyday and all(answers.get(i.pk) == Response.CAN for i in everyday):
            path += [i for i in in_domain if i.level == 3 and i.applies_to(group)]
    return path


def expected_length(assessment: Assessment, answers: dict[int, str], items: list[Item] | None = None) -> int:
    """How many questions this person will probably be asked in all: the path as it would be if every question
    still to come were answered the way they have answered most so far (at the start: "yes, I can"). Exact when
    they answer alike throughout; it settles on the real count as they go."""
    if items is None:
        items = framework_items(assessment.framework)
    likely = Counter(answers.values()).most_common(1)[0][0] if answers else Response.CAN
    assumed = {i.pk: answers.get(i.pk, likely) for i in items}
    return len(question_path(assessment, assumed, items))


def length_range(assessment: Assessment) -> tuple[int, int]:
    """The fewest and the most questions the path can have for this person (all "not yet", all "yes")."""
    items = framework_items(assessment.framework)
    fewest = len(question_path(assessment, dict.fromkeys((i.pk for i in items), Response.NOT_YET), items))
    most = len(question_path(assessment, dict.fromkeys((i.pk for i in items), Response.CAN), items))
    return fewest, most


def answers_of(assessment: Assessment) -> dict[int, str]:
    """Item id -> response, for every answer given so far."""
    return dict(assessment.answers.values_list("item_id", "response"))


def framework_items(framework: Framework) -> list[Item]:
    return list(Item.objects.filter(domain__framework=framework).select_related("domain"))


def next_item(assessment: Assessment) -> Item | None:
    answers = answers_of(assessment)
    return next((i for i in question_path(assessment, answers) if i.pk not in answers), None)


def domain_levels(
    assessment: Assessment, answers: dict[int, str] | None = None, items: list[Item] | None = None
) -> dict[int, int]:
    """Domain id -> level (1 getting started, 2 developing, 3 confident), from the questions on the path."""
    if answers is None:
        answers = answers_of(assessment)
    items = items if items is not None else framework_items(assessment.framework)
    path = question_path(assessment, answers, items)
    levels = {}
    for domain in {i.domain for i in items}:
        asked = [i for i in path if i.domain_id == domain.pk and i.pk in answers]
        basics = [i for i in asked if i.is_foundation]
        everyday = [i for i in asked if not i.is_foundation]
        if not asked or any(answers[i.pk] in STRUGGLING for i in basics):
            level = 1
        elif not everyday:
            level = 2 if basics else 1
        elif all(answers[i.pk] == Response.CAN for i in everyday):
            level = 3
        else:
            level = 2
        levels[domain.pk] = level
    return levels


def items_by_code(framework_id: int, codes: set[str]) -> list[Item]:
    """The framework's items with these codes (reference data, the same for everyone)."""
    return list(Item.objects.filter(domain__framework_id=framework_id, code__in=codes).select_related("domain"))
