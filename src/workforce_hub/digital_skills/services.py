"""Writes for digital skills: shipped frameworks, starting and answering an assessment, completing it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from workforce_hub.core import privacy
from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.services import model_create, model_update
from workforce_hub.organisations.models import Membership, Organisation, Site
from workforce_hub.people.models import Person

from .access import MANAGE
from .framework import (  # noqa: F401  (re-exported: the framework's reads are part of this app's API)
    DATA,
    STRUGGLING,
    SUPPRESSION_THRESHOLD,
    answers_of,
    current_framework,
    domain_levels,
    expected_length,
    framework_items,
    length_range,
    load_framework,
    load_shipped_frameworks,
    next_item,
    question_path,
)
from .models import TALLIED as TALLIED
from .models import (
    Answer,
    Assessment,
    AssessmentRound,
    Band,
    DomainResult,
    Item,
    LearningResource,
    NeedsTally,
    Response,
    StaffGroup,
    tally_key,
)

# ------------------------------------------------------------------------------------------------- writes


def assessment_start(*, person: Person, actor: Actor) -> Assessment:
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


def assessment_complete(*, assessment: Assessment, actor: Actor) -> None:
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
def tally_add(assessment: Assessment, levels: dict[int, int]) -> None:
    """Count a completed assessment into the tallies: one upsert for every grouping and domain."""
    rows = [
        (
            assessment.partnership_id or assessment.person.partnership_id,
            assessment.round_id or 0,
            grouping,
            tally_key(getattr(assessment, field)),
            domain_id,
            level,
        )
        for grouping, field in TALLIED.items()
        for domain_id, level in levels.items()
    ]
    table = NeedsTally._meta.db_table
    placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, 1)"] * len(rows))
    with connection.cursor() as cur:
        # The table name is the model's own; every value is a parameter (bandit B608).
        cur.execute(
            f"INSERT INTO {table} (partnership_id, round_key, grouping, key, domain_id, level, n)"  # noqa: S608  # nosec B608
            f" VALUES {placeholders} ON CONFLICT (partnership_id, round_key, grouping, key, domain_id, level)"
            f" DO UPDATE SET n = {table}.n + 1",
            [v for row in rows for v in row],
        )


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
                key=tally_key(key),
                domain_id=domain,
                level=lv,
                n=count,
            )
            for pid, round_id, key, domain, lv, count in grouped
        ]
        NeedsTally.objects.bulk_create(batch, batch_size=5000)
        made += len(batch)
    return made


# ---------------------------------------------------------------------------------------------------- retention


def answers_sweep(cutoff: date) -> int:
    """Retention: delete the answers to each question of assessments completed before `cutoff` (the levels reached
    stay, and so do the needs-analysis counts made from them), and assessments started before `cutoff` and never
    finished (never counted). Returns how many rows were deleted."""
    start = privacy.start_of(cutoff)
    answers, _ = Answer.objects.filter(assessment__completed_at__lt=start).delete()
    unfinished, _ = Assessment.objects.filter(completed_at__isnull=True, started_at__lt=start).delete()
    return answers + unfinished


# ---------------------------------------------------------------------------------------- learning resources


def resource_save(*, actor: Actor, data: dict[str, Any], resource: LearningResource | None = None) -> LearningResource:
    """Add or change a learning resource in the partnership's catalogue."""
    require_perm(actor, MANAGE)
    if resource is None:
        return model_create(model=LearningResource, data={**data, "partnership_id": viewer_for(actor).pid}, actor=actor)
    fresh = LearningResource.objects.get(pk=resource.pk)  # a form may already have changed the one passed in
    model_update(instance=fresh, data=data, actor=actor)
    return fresh


def resource_delete(*, actor: Actor, resource: LearningResource) -> None:
    require_perm(actor, MANAGE)
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=resource)
    resource.delete()
