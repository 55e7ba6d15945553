"""Writes for digital skills: shipped frameworks, starting and answering an assessment, completing it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.organisations.models import Membership, Organisation, Site
from workforce_hub.people.models import Person

from .models import (
    Answer,
    Assessment,
    AssessmentRound,
    Band,
    Crosswalk,
    Domain,
    DomainResult,
    Framework,
    Item,
    NeedsTally,
    Response,
    StaffGroup,
)

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


# ------------------------------------------------------------------------------------------------- writes


def assessment_start(*, person: Person, actor: Any) -> Assessment:
    """Start a new assessment (or return the one under way). The workplace is the person's first organisation."""
    under_way = Assessment.objects.filter(person=person, completed_at__isnull=True).first()
    if under_way is not None:
        return under_way
    today = timezone.localdate()
    membership = Membership.objects.active().filter(person=person).order_by("pk").first()
    assessment = Assessment.objects.create(
        person=person,
        partnership_id=person.partnership_id,
        framework=current_framework(),
        organisation=membership.organisation if membership else None,
        job_role=membership.job_title if membership else "",
        round=AssessmentRound.objects.filter(
            partnership_id=person.partnership_id, opens_on__lte=today, closes_on__gte=today
        ).first(),
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=assessment, partnership_id=person.partnership_id)
    return assessment


def assessment_set_group(
    *,
    assessment: Assessment,
    staff_group: str,
    organisation: Organisation | None,
    band: str = "",
    site: Site | None = None,
    team: str = "",
    job_role: str | None = None,
) -> None:
    """The first page: what work the person does (it decides the questions) and, optionally, where and at what
    band and role (so the needs analysis can group by them)."""
    errors = {}
    if staff_group not in StaffGroup.values:
        errors["staff_group"] = "Choose the group that best describes your work."
    if band and band not in Band.values:
        errors["band"] = "Choose a band from the list, or leave it blank."
    org = organisation or assessment.organisation
    if site is not None and (org is None or site.organisation_id != org.pk):
        errors["site"] = "Choose a site of the organisation you work for."
    if errors:
        raise ValidationError(errors)
    assessment.staff_group = staff_group
    if organisation is not None:
        assessment.organisation = organisation
    assessment.band = band
    assessment.site = site
    assessment.team = team.strip()[:100]
    if job_role is not None:
        assessment.job_role = job_role.strip()[:100]
    assessment.save(update_fields=["staff_group", "organisation", "band", "site", "team", "job_role", "updated_at"])


def assessment_answer(*, assessment: Assessment, item: Item, response: str) -> None:
    """Save one answer (changing an earlier one is allowed)."""
    if response not in Response.values:
        raise ValidationError({"response": "Choose one answer."})
    if assessment.completed_at is not None:
        raise ValidationError("This assessment is finished. Start a new one to see your progress.")
    answers = answers_of(assessment)
    if item.pk not in {i.pk for i in question_path(assessment, answers)}:
        raise ValidationError("That question is not part of your assessment.")
    Answer.objects.update_or_create(assessment=assessment, item=item, defaults={"response": response})


def assessment_complete(*, assessment: Assessment, actor: Any) -> None:
    """Finish: keep the level reached in each domain (what the needs analysis counts)."""
    if next_item(assessment) is not None or not assessment.staff_group:
        raise ValidationError("Answer every question first.")
    with transaction.atomic():
        levels = domain_levels(assessment)
        DomainResult.objects.filter(assessment=assessment).delete()
        DomainResult.objects.bulk_create(
            [DomainResult(assessment=assessment, domain_id=d, level=lv) for d, lv in levels.items()]
        )
        assessment.completed_at = timezone.now()
        assessment.save(update_fields=["completed_at", "updated_at"])
        tally_add(assessment, levels)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=assessment,
            detail={"completed": True},
            partnership_id=assessment.person.partnership_id,
        )


# ------------------------------------------------------------------------------------ needs analysis tallies

#: the groupings kept in tallies (parent bodies are summed from organisations when read)
TALLIED = {
    "organisation": "organisation_id",
    "site": "site_id",
    "team": "team",
    "staff_group": "staff_group",
    "band": "band",
    "job_role": "job_role",
}


def tally_add(assessment: Assessment, levels: dict[int, int]) -> None:
    """Count a completed assessment into the tallies: one upsert for every grouping and domain."""
    rows = [
        (
            assessment.partnership_id or assessment.person.partnership_id,
            assessment.round_id or 0,
            grouping,
            _tally_key(getattr(assessment, field)),
            domain_id,
            level,
        )
        for grouping, field in TALLIED.items()
        for domain_id, level in levels.items()
    ]
    table = NeedsTally._meta.db_table
    placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, 1)"] * len(rows))
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {table} (partnership_id, round_key, grouping, key, domain_id, level, n)"  # noqa: S608
            f" VALUES {placeholders} ON CONFLICT (partnership_id, round_key, grouping, key, domain_id, level)"
            f" DO UPDATE SET n = {table}.n + 1",
            [v for row in rows for v in row],
        )


def _tally_key(value: Any) -> str:
    return "" if value is None else str(value)[:200]


@transaction.atomic
def tally_rebuild(partnership_id: int | None = None) -> int:
    """Recount the tallies from the stored domain results (after a bulk load, or to check them)."""
    tallies = NeedsTally.objects.all()
    results = DomainResult.objects.filter(assessment__completed_at__isnull=False)
    if partnership_id is not None:
        tallies = tallies.filter(partnership_id=partnership_id)
        results = results.filter(assessment__partnership_id=partnership_id)
    tallies.delete()
    made = 0
    for grouping, field in TALLIED.items():
        grouped = (
            results.values_list(
                "assessment__partnership_id", "assessment__round_id", f"assessment__{field}", "domain_id", "level"
            )
            .annotate(count=Count("id"))
            .order_by()
        )
        batch = [
            NeedsTally(
                partnership_id=pid,
                round_key=round_id or 0,
                grouping=grouping,
                key=_tally_key(key),
                domain_id=domain,
                level=lv,
                n=count,
            )
            for pid, round_id, key, domain, lv, count in grouped
        ]
        NeedsTally.objects.bulk_create(batch, batch_size=5000)
        made += len(batch)
    return made
