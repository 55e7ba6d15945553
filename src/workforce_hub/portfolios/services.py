"""Writes to learning records. Every function checks who is acting against `policy.parties` and audits."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import timezone

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import atomic_service, audit_refusal
from workforce_hub.core.services import model_create, model_update
from workforce_hub.core.text import lower_first
from workforce_hub.notifications.services import notification_queue
from workforce_hub.people.models import Person
from workforce_hub.programmes import combination
from workforce_hub.programmes.models import Criterion, FundingRuleSet, Pathway, Qualification, Standard, Unit
from workforce_hub.programmes.selectors import criteria_for
from workforce_hub.rotations.models import Placement
from workforce_hub.schemes.models import Enrolment, EnrolmentStatus

from . import files, screening, selectors
from .access import parties
from .models import (
    Evidence,
    ExpectedLearning,
    LearningRecord,
    OffTheJobEntry,
    PriorQualification,
    ProgressReview,
    Scan,
    Screening,
    Testimonial,
    TrainingPlan,
    UnitAchievement,
)


def _refuse(actor: Actor, obj: models.Model, message: str) -> Exception:
    """A refusal on the learning record: audited (identifiers only) like every refusal, and answered as a
    ValidationError with code "refused" so the page shows the reason where the action was tried."""
    return audit_refusal(ValidationError(message, code="refused"), actor=actor, obj=obj)


def _person(actor: Actor) -> Person:
    return Person.objects.get(pk=viewer_for(actor).pkey)


# ------------------------------------------------------------------------------------------------ the record


@atomic_service
def record_create(
    *,
    actor: Actor,
    enrolment: Enrolment,
    standard: Standard,
    pathway: Pathway | None,
    start_date: date,
    planned_end: date,
    contracted_hours: Decimal,
) -> LearningRecord:
    viewer = viewer_for(actor)
    if (
        not (viewer.is_partnership_wide or enrolment.cohort.training_provider_id in viewer.provider_org_ids)
        or viewer.partnership_id != enrolment.partnership_id
    ):
        raise _refuse(actor, enrolment, "Only the training provider or a coordinator can set up a learning record.")
    if hasattr(enrolment, "learning_record"):
        raise ValidationError("This apprentice already has a learning record.")
    if pathway is not None and pathway.standard_id != standard.pk:
        raise ValidationError({"pathway": "Choose a pathway of the chosen standard."})
    if standard.pathways.exists() and pathway is None:
        raise ValidationError({"pathway": "This standard has pathways: choose one."})
    try:
        rule_set = FundingRuleSet.objects.for_start(start_date)
    except FundingRuleSet.DoesNotExist as exc:
        raise ValidationError({"start_date": str(exc)}) from exc
    if planned_end < combination.minimum_end(rule_set.rules, start_date):
        raise ValidationError(
            {
                "planned_end": f"Under {lower_first(rule_set.name)} an apprenticeship lasts at least "
                f"{rule_set.rules['minimum_duration_months']} months: end on or after "
                f"{combination.minimum_end(rule_set.rules, start_date):%d %B %Y}."
            }
        )
    record = model_create(
        model=LearningRecord,
        data={
            "enrolment": enrolment,
            "standard": standard,
            "pathway": pathway,
            "rule_set": rule_set,
            "start_date": start_date,
            "planned_end": planned_end,
            "contracted_hours": contracted_hours,
        },
        actor=actor,
    )
    reviews_schedule(record)
    return record


def record_update(*, actor: Actor, record: LearningRecord, data: dict[str, Any]) -> LearningRecord:
    """Planned end and English and maths facts. The standard, start and rule set never change once set."""
    if not parties(actor, record).manager:
        raise _refuse(actor, record, "Only the training provider or a coordinator can change the record.")
    allowed = {"planned_end", "english_achieved", "maths_achieved", "employer_requires_english_maths"}
    if set(data) - allowed:
        raise _refuse(actor, record, "Those details cannot be changed here.")
    if "planned_end" in data and data["planned_end"] < combination.minimum_end(
        record.rule_set.rules, record.start_date
    ):
        raise ValidationError({"planned_end": "That is shorter than the minimum duration of these rules."})
    changed = model_update(instance=record, data=data, actor=actor)
    if "planned_end" in changed:
        reviews_schedule(record)
    return record


def reviews_schedule(record: LearningRecord) -> list[ProgressReview]:
    """Make sure a review exists for every due date the rule set gives; unheld reviews after the end are removed."""
    due = combination.review_due_dates(record.rule_set.rules, record.start_date, record.planned_end)
    existing = {r.due_on for r in record.reviews.all()}
    created = [ProgressReview(record=record, due_on=d) for d in due if d not in existing]
    ProgressReview.objects.bulk_create(created)
    record.reviews.filter(due_on__gt=record.planned_end, held_on__isnull=True).delete()
    return created


# ---------------------------------------------------------------------------------------- the training plan

PLAN_FIELDS = ("summary", "otj_plan", "employer_commitments", "provider_commitments", "support")


@atomic_service
def plan_save(*, actor: Actor, record: LearningRecord, data: dict[str, Any]) -> TrainingPlan:
    """A new version of the plan; signatures start again, because what was signed has changed."""
    if not parties(actor, record).manager:
        raise _refuse(actor, record, "Only the training provider or a coordinator can write the training plan.")
    current = record.plans.order_by("-version").first()
    if current and all(getattr(current, f) == data.get(f, "") for f in PLAN_FIELDS):
        raise ValidationError("Nothing has changed, so there is no new version to sign.")
    plan = model_create(
        model=TrainingPlan,
        data={
            "record": record,
            "version": (current.version + 1) if current else 1,
            "created_by": _person(actor),
            **{f: data.get(f, "") for f in PLAN_FIELDS},
        },
        actor=actor,
    )
    link = reverse("portfolios:plan", args=[record.pk])
    for person in _signatories(record):
        notification_queue(
            key=f"plan-{plan.pk}-sign-{person.pk}",
            recipient=person,
            kind="plan_sign",
            subject="A training plan is ready for you to sign",
            body="A training plan has a new version. Open the link to read and sign it.",
            link=link,
        )
    return plan


def _signatories(record: LearningRecord) -> list[Person]:
    out = [record.enrolment.apprentice]
    if record.enrolment.line_manager:
        out.append(record.enrolment.line_manager)
    return out


def _sign(obj: TrainingPlan | ProgressReview, actor: Actor, record: LearningRecord) -> str:
    role = parties(actor, record).signs_as
    if role is None:
        raise _refuse(actor, obj, "Only the apprentice, their employer or their training provider can sign.")
    if getattr(obj, f"{role}_signed_at"):
        raise ValidationError("You have already signed this.")
    setattr(obj, f"{role}_signed_at", timezone.now())
    fields = [f"{role}_signed_at"]
    if role != "apprentice":
        setattr(obj, f"{role}_signed_by", _person(actor))
        fields.append(f"{role}_signed_by")
    obj.save(update_fields=fields)
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=obj, detail={"signed_as": role})
    return role


@atomic_service
def plan_sign(*, actor: Actor, plan: TrainingPlan) -> str:
    latest = plan.record.plans.order_by("-version").first()
    if latest is None or latest.pk != plan.pk:
        raise ValidationError("This version has been replaced. Sign the latest version.")
    return _sign(plan, actor, plan.record)


# ------------------------------------------------------------------------------------------ off-the-job hours


def hours_log(*, actor: Actor, record: LearningRecord, data: dict[str, Any]) -> OffTheJobEntry:
    if not parties(actor, record).apprentice:
        raise _refuse(actor, record, "Only the apprentice logs their off-the-job hours.")
    when = data["date"]
    if when < record.start_date:
        raise ValidationError({"date": "That is before the apprenticeship started."})
    if when > timezone.localdate():
        raise ValidationError({"date": "You cannot log hours for a date in the future."})
    if record.gateway_on and when > record.gateway_on:
        raise ValidationError({"date": "Hours after the gateway do not count towards off-the-job training."})
    evidence = data.get("evidence")
    if evidence is not None and evidence.record_id != record.pk:
        raise ValidationError({"evidence": "Choose evidence from your own portfolio."})
    return model_create(model=OffTheJobEntry, data={"record": record, **data}, actor=actor)


def hours_review(*, actor: Actor, entry: OffTheJobEntry, approve: bool, feedback: str) -> None:
    if not parties(actor, entry.record).provider:
        raise _refuse(actor, entry, "Only the training provider approves off-the-job hours.")
    if not approve and not feedback.strip():
        raise ValidationError({"feedback": "Say why the hours are not approved, so the apprentice can put it right."})
    entry.status = OffTheJobEntry.Status.APPROVED if approve else OffTheJobEntry.Status.REJECTED
    entry.feedback = feedback
    entry.reviewed_by = _person(actor)
    entry.reviewed_at = timezone.now()
    entry.save(update_fields=["status", "feedback", "reviewed_by", "reviewed_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=entry, detail={"fields": ["status"]})


# ----------------------------------------------------------------------------------------------- evidence


def _check_criteria(record: LearningRecord, criteria: list[Criterion]) -> None:
    allowed = set(criteria_for(record.standard_id, record.pathway_id).values_list("pk", flat=True))
    if any(c.pk not in allowed for c in criteria):
        raise ValidationError({"criteria": "Choose criteria of your own standard and pathway."})


@atomic_service
def evidence_add(
    *,
    actor: Actor,
    record: LearningRecord,
    title: str,
    reflection: str = "",
    upload: tuple[str, bytes] | None = None,
    criteria: list[Criterion],
    placement: Placement | None = None,
    image_confirmed: bool = False,
) -> Evidence:
    """Add a file or a written account. It is screened before anyone else can see it; anything flagged stays with
    the apprentice (quarantined) with a message saying what was found and where."""
    if not parties(actor, record).apprentice:
        raise _refuse(actor, record, "Only the apprentice adds evidence to their portfolio.")
    if (upload is None) == (not reflection.strip()):
        raise ValidationError("Upload a file or write a reflective account (one or the other).")
    _check_criteria(record, criteria)
    if placement is not None and placement.enrolment_id != record.enrolment_id:
        raise ValidationError({"placement": "Choose one of your own placements."})
    evidence = Evidence(record=record, title=title, placement=placement)
    places: list[tuple[str, str]] = []
    if upload is not None:
        name, raw = upload
        read = files.read_upload(name, raw)
        checked, places, unreadable = read.checked, read.places, read.unreadable
        if unreadable and not image_confirmed:
            raise ValidationError(
                {
                    "image_confirmed": "Pictures cannot be checked automatically: confirm it shows no patient details."
                    if checked.is_image
                    else "This file has no text we can check (it may be a scanned page): confirm it shows no "
                    "patient details, or upload a version with text."
                }
            )
        evidence.kind = Evidence.Kind.FILE
        evidence.original_name = name[-200:]
        evidence.content_type = checked.content_type
        evidence.size = len(checked.content)
        evidence.image_confirmed = unreadable and image_confirmed
        evidence.file.save(f"upload{checked.extension}", ContentFile(checked.content), save=False)
        evidence.scan = _scan_only(checked.content)
    else:
        evidence.kind = Evidence.Kind.REFLECTION
        evidence.reflection = reflection
        places = screening.lines_of(reflection)
        evidence.scan = Scan.CLEAN
    found = screening.scan_places([("title", title), *places])
    evidence.findings = [f.as_dict() for f in found]
    evidence.screening = Screening.FLAGGED if found else Screening.CLEAR
    evidence.save()
    evidence.criteria.set(criteria)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=evidence,
        detail={"kind": evidence.kind, "screening": evidence.screening, "scan": evidence.scan},
    )
    if evidence.is_released:
        _tell_provider_new_evidence(evidence)
    return evidence


def _scan_only(content: bytes) -> str:
    try:
        return files.get_scanner().scan(content)
    except Exception:
        return Scan.ERROR


def evidence_rescan(*, actor: Actor, evidence: Evidence) -> str:
    """Try the virus check again (after the checker failed). The file stays blocked until it passes."""
    if not parties(actor, evidence.record).apprentice:
        raise _refuse(actor, evidence, "Only the apprentice can retry the check.")
    if evidence.scan != Scan.ERROR:
        raise ValidationError("Only a check that failed can be tried again.")
    # read from the start each time: a second retry on the same object once sent the checker nothing, which it
    # called clean (tests/test_scanner.py)
    evidence.file.open("rb")
    try:
        content = evidence.file.read()
    finally:
        evidence.file.close()
    evidence.scan = _scan_only(content)
    evidence.save(update_fields=["scan"])
    return evidence.scan


@atomic_service
def evidence_replace(
    *,
    actor: Actor,
    evidence: Evidence,
    reflection: str = "",
    upload: tuple[str, bytes] | None = None,
    image_confirmed: bool = False,
) -> Evidence:
    """Redact and upload again: the old file is deleted, the new one screened from the start."""
    if not parties(actor, evidence.record).apprentice:
        raise _refuse(actor, evidence, "Only the apprentice can replace their evidence.")
    if evidence.is_released and evidence.status == Evidence.Status.ACCEPTED:
        raise ValidationError("Accepted evidence cannot be replaced. Add a new item instead.")
    record, title, criteria, placement = (
        evidence.record,
        evidence.title,
        list(evidence.criteria.all()),
        evidence.placement,
    )
    new = evidence_add(
        actor=actor,
        record=record,
        title=title,
        reflection=reflection,
        upload=upload,
        criteria=criteria,
        placement=placement,
        image_confirmed=image_confirmed,
    )
    _delete(evidence, actor)
    return new


def _delete(evidence: Evidence, actor: Actor) -> None:
    if evidence.file:
        evidence.file.delete(save=False)
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=evidence)
    evidence.delete()


def evidence_delete(*, actor: Actor, evidence: Evidence) -> None:
    if not parties(actor, evidence.record).apprentice:
        raise _refuse(actor, evidence, "Only the apprentice can remove their evidence.")
    if evidence.status == Evidence.Status.ACCEPTED:
        raise ValidationError("Accepted evidence is part of the record and cannot be removed.")
    _delete(evidence, actor)


def evidence_request_review(*, actor: Actor, evidence: Evidence) -> None:
    """The apprentice thinks the screening is wrong: the provider's tutors may now look (and only they)."""
    if not parties(actor, evidence.record).apprentice:
        raise _refuse(actor, evidence, "Only the apprentice can ask for a review.")
    if evidence.screening != Screening.FLAGGED:
        raise ValidationError("Only quarantined evidence can be sent for review.")
    evidence.screening = Screening.REVIEW
    evidence.save(update_fields=["screening"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=evidence, detail={"screening": "review"})
    for person in _provider_staff(evidence.record):
        notification_queue(
            key=f"evidence-review-{evidence.pk}-{person.pk}-{evidence.updated_at:%Y%m%d%H%M%S%f}",
            recipient=person,
            kind="evidence_review",
            subject="Evidence needs your review",
            body="An apprentice has asked you to check an item that was held back by the patient-data check.",
            link=evidence.get_absolute_url(),
            about=evidence,
        )


def evidence_review(*, actor: Actor, evidence: Evidence, release: bool, note: str) -> None:
    """The tutor's decision on a quarantined item: release it (no patient details after all) or send it back."""
    if not parties(actor, evidence.record).provider:
        raise _refuse(actor, evidence, "Only the training provider reviews quarantined evidence.")
    if evidence.screening != Screening.REVIEW:
        raise ValidationError("This item is not waiting for review.")
    if not note.strip():
        raise ValidationError({"note": "Say what you decided and why."})
    evidence.screening = Screening.RELEASED if release else Screening.FLAGGED
    evidence.review_note = note
    evidence.save(update_fields=["screening", "review_note"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=evidence,
        detail={"screening": evidence.screening},
    )


def evidence_assess(*, actor: Actor, evidence: Evidence, accepted: bool, feedback: str) -> None:
    if not parties(actor, evidence.record).provider:
        raise _refuse(actor, evidence, "Only the training provider assesses evidence.")
    if not evidence.is_released:
        raise ValidationError("Quarantined evidence cannot be assessed.")
    if not accepted and not feedback.strip():
        raise ValidationError({"feedback": "Say what more is needed."})
    evidence.status = Evidence.Status.ACCEPTED if accepted else Evidence.Status.MORE_WORK
    evidence.feedback = feedback
    evidence.assessed_by = _person(actor)
    evidence.assessed_at = timezone.now()
    evidence.save(update_fields=["status", "feedback", "assessed_by", "assessed_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=evidence, detail={"fields": ["status"]})
    notification_queue(
        key=f"evidence-assessed-{evidence.pk}-{evidence.assessed_at:%Y%m%d%H%M%S%f}",
        recipient=evidence.record.enrolment.apprentice,
        kind="evidence_assessed",
        subject="Your evidence has been assessed",
        body="Your tutor has assessed an item in your portfolio. Open the link to read the feedback.",
        link=evidence.get_absolute_url(),
    )


def _provider_staff(record: LearningRecord) -> list[Person]:
    from workforce_hub.core.roles import PROVIDER_ROLES
    from workforce_hub.organisations.models import Membership

    ids = (
        Membership.objects.active()
        .filter(organisation_id=record.enrolment.cohort.training_provider_id, role__in=PROVIDER_ROLES)
        .values_list("person_id", flat=True)
    )
    return list(Person.objects.filter(pk__in=ids, is_active=True))


def _tell_provider_new_evidence(evidence: Evidence) -> None:
    for person in _provider_staff(evidence.record):
        notification_queue(
            key=f"evidence-new-{evidence.pk}-{person.pk}",
            recipient=person,
            kind="evidence_new",
            subject="New evidence to assess",
            body="An apprentice has added evidence to their portfolio. Open the link to assess it.",
            link=evidence.get_absolute_url(),
            about=evidence,
        )


# -------------------------------------------------------------------------------------------- testimonials


@atomic_service
def testimonial_request(
    *, actor: Actor, record: LearningRecord, placement: Placement, author: Person, behaviours: list[Criterion]
) -> Testimonial:
    p = parties(actor, record)
    if not (p.apprentice or p.manager):
        raise _refuse(actor, record, "The apprentice, their tutor or a coordinator asks for testimonials.")
    if placement.enrolment_id != record.enrolment_id or placement.status != Placement.Status.PUBLISHED:
        raise ValidationError({"placement": "Choose one of the apprentice's published placements."})
    if not placement.testimonial_open():
        raise ValidationError({"placement": _window_text(placement, "asked for")})
    if not selectors.testimonial_authors(placement).filter(pk=author.pk).exists():
        raise ValidationError({"author": "Ask a manager or mentor at the placement's host organisation."})
    if not behaviours:
        raise ValidationError({"behaviours": "Choose at least one behaviour."})
    allowed = set(selectors.behaviours(record).values_list("pk", flat=True))
    if any(b.pk not in allowed for b in behaviours):
        raise ValidationError({"behaviours": "Choose behaviours of the apprentice's standard."})
    testimonial = model_create(
        model=Testimonial,
        data={
            "record": record,
            "placement": placement,
            "author": author,
            "requested_by": _person(actor),
            "behaviours": behaviours,
        },
        actor=actor,
    )
    notification_queue(
        key=f"testimonial-{testimonial.pk}",
        recipient=author,
        kind="testimonial_request",
        subject="You have been asked for a testimonial",
        body="An apprentice placed with you would value a short testimonial about the placement. Open the link to "
        "write it.",
        link=testimonial.get_absolute_url(),
    )
    return testimonial


def _window_text(placement: Placement, done: str) -> str:
    weeks = placement.enrolment.cohort.scheme.testimonial_weeks_after
    after = f" or up to {weeks} weeks after it ends" if weeks else ""
    return f"Testimonials are {done} while the placement is under way{after}."


def testimonial_complete(*, actor: Actor, testimonial: Testimonial, responses: dict[str, str]) -> None:
    """The host writes what they saw for each behaviour. Patient details are refused, with where they were."""
    if viewer_for(actor).person_id != testimonial.author_id:
        raise _refuse(actor, testimonial, "Only the person asked can write this testimonial.")
    if not testimonial.placement.testimonial_open():
        raise _refuse(actor, testimonial, _window_text(testimonial.placement, "written"))
    if testimonial.status != Testimonial.Status.REQUESTED:
        raise ValidationError("This testimonial has already been written.")
    codes = set(testimonial.behaviours.values_list("code", flat=True))
    cleaned = {code: text.strip() for code, text in responses.items() if code in codes}
    errors: dict[str, str] = {}
    for code in codes:
        if not cleaned.get(code):
            errors[f"b_{code}"] = "Write what you saw, or 'not seen' if you did not see it."
        else:
            found = screening.scan_text(cleaned[code], code)
            if found:
                errors[f"b_{code}"] = (
                    f"This looks like it includes {found[0].label}. Remove any patient or personal details."
                )
    if errors:
        raise ValidationError(errors)
    testimonial.responses = cleaned
    testimonial.status = Testimonial.Status.COMPLETED
    testimonial.completed_at = timezone.now()
    testimonial.save(update_fields=["responses", "status", "completed_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=testimonial, detail={"fields": ["responses"]})


# ------------------------------------------------------------------------------------ expected learning, reviews


def expected_learning_save(
    *, actor: Actor, placement: Placement, criteria: list[Criterion], notes: str
) -> ExpectedLearning:
    record = placement.enrolment.learning_record
    if not parties(actor, record).manager:
        raise _refuse(actor, placement, "Only the training provider or a coordinator sets the expected learning.")
    _check_criteria(record, criteria)
    found = screening.scan_text(notes, "notes")
    if found:
        raise ValidationError({"notes": f"This looks like it includes {found[0].label}. Remove personal details."})
    existing = ExpectedLearning.objects.filter(placement=placement).first()
    if existing:
        model_update(instance=existing, data={"criteria": criteria, "notes": notes}, actor=actor)
        return existing
    return model_create(
        model=ExpectedLearning,
        data={"record": record, "placement": placement, "criteria": criteria, "notes": notes},
        actor=actor,
    )


def review_record(*, actor: Actor, review: ProgressReview, data: dict[str, Any]) -> ProgressReview:
    """The provider writes up the review meeting; it is then signed by all three parties."""
    if not parties(actor, review.record).provider:
        raise _refuse(actor, review, "The training provider writes up progress reviews.")
    if review.apprentice_signed_at or review.employer_signed_at or review.provider_signed_at:
        raise ValidationError("This review has been signed and cannot be changed.")
    if data["held_on"] > timezone.localdate():
        raise ValidationError({"held_on": "The review cannot be recorded before it is held."})
    if data["held_on"] < review.record.start_date:
        raise ValidationError({"held_on": "That is before the apprenticeship started."})
    data = {**data, "recorded_by": _person(actor), "otj_hours": selectors.otj_summary(review.record).approved}
    model_update(instance=review, data=data, actor=actor)
    return review


@atomic_service
def review_sign(*, actor: Actor, review: ProgressReview) -> str:
    if not review.held_on:
        raise ValidationError("The review has not been written up yet.")
    return _sign(review, actor, review.record)


# ------------------------------------------------------------------------------------- qualifications, gateway


@atomic_service
def units_record(*, actor: Actor, record: LearningRecord, units: list[Unit], achieved_on: date) -> int:
    if not parties(actor, record).provider:
        raise _refuse(actor, record, "Only the training provider signs off units.")
    if achieved_on > timezone.localdate() or achieved_on < record.start_date:
        raise ValidationError({"achieved_on": "Give a date between the start and today."})
    allowed = set(Unit.objects.filter(qualification__standards=record.standard).values_list("pk", flat=True))
    if any(u.pk not in allowed for u in units):
        raise ValidationError({"units": "Choose units of the standard's qualifications."})
    done = set(record.unit_achievements.values_list("unit_id", flat=True))
    person = _person(actor)
    new = [
        UnitAchievement(record=record, unit=u, achieved_on=achieved_on, recorded_by=person)
        for u in units
        if u.pk not in done
    ]
    UnitAchievement.objects.bulk_create(new)
    if new:
        audit_record(
            actor=actor, action=AuditEvent.Action.CREATE, obj=record, detail={"units": [u.unit_id for u in new]}
        )
    return len(new)


@atomic_service
def prior_qualification_record(
    *, actor: Actor, record: LearningRecord, qualification: Qualification, achieved_on: date, evidence: str
) -> PriorQualification:
    """The training provider records a qualification the apprentice held before the start; it counts as achieved."""
    if not parties(actor, record).provider:
        raise _refuse(actor, record, "Only the training provider records qualifications held before the start.")
    errors: dict[str, str] = {}
    if not record.standard.qualifications.filter(pk=qualification.pk).exists():
        errors["qualification"] = "Choose a qualification the standard requires."
    elif record.prior_qualifications.filter(qualification=qualification).exists():
        errors["qualification"] = "This qualification is already recorded as held before the start."
    if achieved_on > record.start_date:
        errors["achieved_on"] = f"Give a date on or before the start ({record.start_date:%d %B %Y})."
    if not evidence.strip():
        errors["evidence"] = "Say what you saw as evidence, for example the certificate and its date."
    if errors:
        raise ValidationError(errors)
    prior = PriorQualification.objects.create(
        record=record,
        qualification=qualification,
        achieved_on=achieved_on,
        evidence=evidence.strip(),
        recorded_by=_person(actor),
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=record,
        detail={"prior_qualification": prior.pk, "qualification": qualification.pk},
    )
    return prior


def employer_confirm(*, actor: Actor, record: LearningRecord) -> None:
    """The employer confirms the apprentice is ready for the end-point assessment."""
    if not parties(actor, record).employer:
        raise _refuse(actor, record, "Only the employer confirms readiness for the end-point assessment.")
    if record.employer_confirmed_at:
        raise ValidationError("The employer has already confirmed.")
    record.employer_confirmed_at = timezone.now()
    record.employer_confirmed_by = _person(actor)
    record.save(update_fields=["employer_confirmed_at", "employer_confirmed_by"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=record, detail={"fields": ["employer_confirmed"]})


def gateway_pass(*, actor: Actor, record: LearningRecord, on: date) -> None:
    """Record the gateway once every item is met. Hours after this date no longer count."""
    if not parties(actor, record).manager:
        raise _refuse(actor, record, "Only the training provider or a coordinator records the gateway.")
    if record.gateway_on:
        raise ValidationError("The gateway has already been recorded.")
    if not selectors.gateway(record).ready:
        raise ValidationError("Every gateway item must be met first.")
    record.gateway_on = on
    record.save(update_fields=["gateway_on"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=record, detail={"fields": ["gateway_on"]})


def care_certificate_reminders(today: date | None = None) -> int:
    """Daily: remind each apprentice, and their training provider's tutors, once when the Care Certificate falls due
    within two weeks and once when it is overdue (idempotent: a second run the same day sends nothing)."""
    from workforce_hub.core.roles import PROVIDER_ROLES

    today = today or timezone.localdate()
    records = LearningRecord.objects.select_related("enrolment__apprentice", "enrolment__cohort")
    sent = 0
    for item in selectors.certificates_due_among(records, today):
        record = item.record
        stage = "overdue" if item.overdue else "due"
        words = (
            f"is overdue: it was due on {item.due:%-d %B %Y}"
            if item.overdue
            else f"is due on {item.due:%-d %B %Y}, within 12 weeks of the start"
        )
        link = reverse("portfolios:qualifications", args=[record.pk])
        apprentice = record.enrolment.apprentice
        notification_queue(
            key=f"care-certificate-{stage}:{record.pk}:{apprentice.pk}",
            recipient=apprentice,
            kind="care_certificate_due",
            subject="Your Care Certificate " + ("is overdue" if item.overdue else "is due soon"),
            body=f"Your Care Certificate {words}. {item.signed_off} of {item.of} standards are signed off. "
            "Talk to your tutor about the rest.",
            link=link,
            about=record,
        )
        provider = record.enrolment.cohort.training_provider_id
        for tutor in _provider_staff(record):
            notification_queue(
                key=f"care-certificate-{stage}:{record.pk}:{tutor.pk}",
                recipient=tutor,
                kind="care_certificate_due",
                subject="A Care Certificate " + ("is overdue" if item.overdue else "is due soon"),
                body=f"An apprentice's Care Certificate {words}. {item.signed_off} of {item.of} standards are "
                "signed off.",
                link=link,
                as_role=(PROVIDER_ROLES, provider),
            )
        sent += 1
    return sent


#: progress reviews: the first reminder this many days before the date, and overdue reminders for this many days after
REVIEW_REMIND_DAYS_BEFORE = 14
REMIND_OVERDUE_FOR_DAYS = 30


def review_reminders(today: date | None = None) -> int:
    """Daily: once two weeks before a progress review is due, tell the apprentice, their line manager and the
    training provider's tutors; once when it is overdue (not held), tell the line manager and tutors. Idempotent:
    each reminder has its own key, so a second run the same day sends nothing. Returns how many reviews."""
    today = today or timezone.localdate()
    reviews = (
        ProgressReview.objects.filter(
            held_on__isnull=True,
            due_on__gt=today - timedelta(days=REMIND_OVERDUE_FOR_DAYS),
            due_on__lte=today + timedelta(days=REVIEW_REMIND_DAYS_BEFORE),
            record__enrolment__status__in=[EnrolmentStatus.STARTED, EnrolmentStatus.ON_BREAK],
        )
        .select_related("record__enrolment__apprentice", "record__enrolment__line_manager", "record__enrolment__cohort")
        .order_by("pk")
    )
    count = 0
    for review in reviews:
        enrolment = review.record.enrolment
        overdue = review.due_on < today
        stage = "overdue" if overdue else "due"
        when = f"{review.due_on:%-d %B %Y}"
        people = [] if overdue else [enrolment.apprentice]
        people += [p for p in (enrolment.line_manager,) if p is not None and p.is_active]
        people += _provider_staff(review.record)
        for person in people:
            own = person.pk == enrolment.apprentice_id
            notification_queue(
                key=f"review-{stage}:{review.pk}:{person.pk}",
                recipient=person,
                kind="progress_review_due",
                subject=("Your progress review" if own else "A progress review")
                + (" is overdue" if overdue else " is due soon"),
                body=(
                    f"{'Your' if own else 'An apprentice’s'} progress review "
                    + (f"was due on {when} and has not been held." if overdue else f"is due on {when}.")
                    + " The apprentice, their employer and the training provider meet and sign it."
                ),
                link=review.get_absolute_url(),
                about=review,
            )
        count += 1
    return count
