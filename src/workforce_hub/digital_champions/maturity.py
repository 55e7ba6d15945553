"""Writes for practice digital maturity on the seven Cs, the digital quality mark with its peer review, and the
partnership's quality-mark levels."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.services import model_create
from workforce_hub.digital_skills.access import MANAGE
from workforce_hub.digital_skills.framework import SUPPRESSION_THRESHOLD
from workforce_hub.digital_skills.models import DomainResult
from workforce_hub.organisations.models import Organisation

from .models import (
    ActionItem,
    Dimension,
    MaturityAssessment,
    MaturityScore,
    QualityMarkAward,
    QualityMarkLevel,
)

REVIEW = "hub.review_quality_mark"
ASSESSORS_ONLY = "Only the organisation's managers, coordinators and admins can do this."
SECOND_PERSON = "A quality mark is reviewed by a second person who did not submit it and does not work there."
#: a quality mark is due for re-assessment this many days before it expires
RENEW_WARNING_DAYS = 90


# --------------------------------------------------------------------------------------- digital maturity


def can_assess(user: Actor, organisation: Organisation) -> bool:
    """Admins and coordinators, or a manager of that organisation."""
    viewer = viewer_for(user)
    if viewer.is_anonymous or organisation.partnership_id != viewer.partnership_id:
        return False
    return viewer.is_partnership_wide or organisation.pk in viewer.orgs_for("line_manager", "host_manager")


def _require_assessor(user: Actor, organisation: Organisation) -> None:
    if not can_assess(user, organisation):
        raise PermissionDenied(ASSESSORS_ONLY)


def _band(value: float, cuts: tuple[int, int, int]) -> int:
    return 1 + sum(1 for c in cuts if value >= c)


def staff_measures(organisation: Organisation) -> dict[str, Any]:
    """Competence and confidence from the staff's completed self-assessments in the latest round the
    organisation took part in: the share of domain results at 'developing' or above, and at 'confident'.
    None where fewer than SUPPRESSION_THRESHOLD people took part (too few to say, and to keep answers private)."""
    results = DomainResult.objects.filter(assessment__organisation=organisation, assessment__completed_at__isnull=False)
    latest = results.order_by("-assessment__completed_at").values_list("assessment__round_id", flat=True).first()
    results = results.filter(assessment__round_id=latest)
    agg = results.aggregate(
        people=Count("assessment_id", distinct=True),
        n=Count("id"),
        developing=Count("id", filter=Q(level__gte=2)),
        confident=Count("id", filter=Q(level=3)),
    )
    if agg["people"] < SUPPRESSION_THRESHOLD:
        return {"people": agg["people"], "competence": None, "confidence": None}
    return {
        "people": agg["people"],
        "competence": round(100 * agg["developing"] / agg["n"]),
        "confidence": round(100 * agg["confident"] / agg["n"]),
    }


def maturity_start(*, actor: Actor, organisation: Organisation) -> MaturityAssessment:
    """Open a maturity assessment with the seven Cs; competence and confidence filled from staff results."""
    _require_assessor(actor, organisation)
    measures = staff_measures(organisation)
    with transaction.atomic():
        maturity = MaturityAssessment.objects.create(
            organisation=organisation, assessed_on=timezone.localdate(), created_by_id=viewer_for(actor).pkey
        )
        scores = []
        for dim in Dimension:
            score = MaturityScore(maturity=maturity, dimension=dim)
            if dim in (Dimension.COMPETENCE, Dimension.CONFIDENCE) and measures[dim.value] is not None:
                pct = measures[dim.value]
                if dim == Dimension.COMPETENCE:
                    score.score = _band(pct, (50, 70, 85))
                    score.metric = f"{pct}% of staff skills at 'developing' or above ({measures['people']} staff)"
                else:
                    score.score = _band(pct, (20, 40, 60))
                    score.metric = f"{pct}% of staff skills at 'confident' ({measures['people']} staff)"
                score.evidence = "Filled in from the staff digital skills self-assessments."
            scores.append(score)
        MaturityScore.objects.bulk_create(scores)
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=maturity)
    return maturity


def _editable(actor: Actor, maturity: MaturityAssessment) -> None:
    _require_assessor(actor, maturity.organisation)
    if maturity.status != MaturityAssessment.Status.DRAFT:
        raise ValidationError("This assessment has been sent for review and can no longer be changed.")


def maturity_score_update(*, actor: Actor, score: MaturityScore, value: int | None, metric: str, evidence: str) -> None:
    _editable(actor, score.maturity)
    if value is not None and not 1 <= value <= 4:
        raise ValidationError({"score": "Choose a score from 1 to 4."})
    score.score = value
    score.metric = metric.strip()[:300]
    score.evidence = evidence.strip()
    score.save()
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=score.maturity, detail={"c": score.dimension})


def action_add(
    *, actor: Actor, maturity: MaturityAssessment, dimension: str, action: str, owner: str, due_on: date | None
) -> ActionItem:
    _require_assessor(actor, maturity.organisation)
    errors = {}
    if dimension not in Dimension.values:
        errors["dimension"] = "Choose which of the seven Cs it improves."
    if not action.strip():
        errors["action"] = "Say what will be done."
    if not owner.strip():
        errors["owner"] = "Say who will do it."
    if due_on is None:
        errors["due_on"] = "Enter the date it is due, for example 31 3 2027."
    if errors:
        raise ValidationError(errors)
    assert due_on is not None
    return model_create(
        model=ActionItem,
        data={"maturity": maturity, "dimension": dimension, "action": action, "owner": owner, "due_on": due_on},
        actor=actor,
    )


def action_done(*, actor: Actor, item: ActionItem) -> None:
    _require_assessor(actor, item.maturity.organisation)
    item.done_on = None if item.done_on else timezone.localdate()
    item.save(update_fields=["done_on", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=item, detail={"done": bool(item.done_on)})


def level_met(maturity: MaturityAssessment) -> QualityMarkLevel | None:
    """The highest quality mark level the scores reach (average and lowest score), or None."""
    scores = [s.score for s in maturity.scores.all()]
    if not scores or any(s is None for s in scores):
        return None
    values = [int(s) for s in scores if s is not None]
    average = Decimal(sum(values)) / len(values)
    met = [
        lv
        for lv in QualityMarkLevel.objects.filter(partnership_id=maturity.organisation.partnership_id)
        if average >= lv.min_average and min(values) >= lv.min_each
    ]
    return max(met, key=lambda lv: lv.min_average, default=None)


def maturity_submit(*, actor: Actor, maturity: MaturityAssessment) -> QualityMarkAward:
    """Send for peer review. Every C needs a score and the action plan at least one action."""
    _editable(actor, maturity)
    missing = [s.get_dimension_display() for s in maturity.scores.all() if s.score is None]
    if missing:
        raise ValidationError(f"Score every C first. Still to score: {', '.join(missing)}.")
    if not maturity.actions.exists():
        raise ValidationError("Add at least one action to the action plan first.")
    with transaction.atomic():
        maturity.status = MaturityAssessment.Status.SUBMITTED
        maturity.save(update_fields=["status", "updated_at"])
        award = QualityMarkAward.objects.create(
            maturity=maturity, submitted_by_id=viewer_for(actor).pkey, submitted_at=timezone.now()
        )
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=maturity, detail={"submitted": True})
    return award


def can_review(user: Actor, award: QualityMarkAward) -> bool:
    """A second person: someone allowed to review, who did not submit it and does not work for the practice."""
    viewer = viewer_for(user)
    if not user.has_perm(REVIEW) or award.maturity.organisation.partnership_id != viewer.partnership_id:
        return False
    own_orgs = {o for orgs in viewer.roles.values() for o in orgs}
    return award.submitted_by_id != viewer.person_id and award.maturity.organisation_id not in own_orgs


def quality_mark_review(*, actor: Actor, award: QualityMarkAward, agree: bool, note: str) -> None:
    """Peer review: agree (the level the scores reach is awarded, until it expires) or send it back with a note."""
    if not can_review(actor, award):
        raise PermissionDenied(SECOND_PERSON)
    if award.reviewed_at is not None:
        raise ValidationError("This has already been reviewed.")
    if not note.strip():
        raise ValidationError({"note": "Write a short note for the practice on what you found."})
    maturity = award.maturity
    level = level_met(maturity) if agree else None
    if agree and level is None:
        raise ValidationError("The scores do not reach any quality mark level. Send it back with a note instead.")
    today = timezone.localdate()
    with transaction.atomic():
        award.reviewed_by_id = viewer_for(actor).pkey
        award.reviewed_at = timezone.now()
        award.review_note = note.strip()
        award.level = level
        award.expires_on = today + relativedelta(months=level.valid_months) if level else None
        award.save()
        maturity.status = MaturityAssessment.Status.AWARDED if level else MaturityAssessment.Status.NOT_AWARDED
        maturity.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=award, detail={"awarded": level is not None})


# ------------------------------------------------------------------------- the partnership's settings


def quality_level_save(*, actor: Actor, data: dict[str, Any]) -> QualityMarkLevel:
    require_perm(actor, MANAGE)
    errors = {}
    if not Decimal(1) <= data["min_average"] <= Decimal(4):
        errors["min_average"] = "Enter an average from 1 to 4."
    if not 1 <= data["min_each"] <= 4:
        errors["min_each"] = "Enter a score from 1 to 4."
    if not 1 <= data["valid_months"] <= 60:
        errors["valid_months"] = "A mark lasts between 1 and 60 months."
    if errors:
        raise ValidationError(errors)
    return model_create(model=QualityMarkLevel, data={**data, "partnership_id": viewer_for(actor).pid}, actor=actor)
