"""Writes for schemes, cohorts and enrolments. Every enrolment status change keeps who, when and why."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from workforce_hub.core.access import Actor, actor_id, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import atomic_service, audit_refusal, require_perm, require_perm_in
from workforce_hub.core.roles import Role
from workforce_hub.core.services import model_create, model_update
from workforce_hub.organisations.models import Organisation, Partnership, SettingType, ShiftPattern
from workforce_hub.people.models import Person
from workforce_hub.people.selectors import acting_person

from . import patterns
from .models import (
    ALLOWED_TRANSITIONS,
    PATTERN_FIELDS,
    Cohort,
    Enrolment,
    EnrolmentPattern,
    EnrolmentStatus,
    EnrolmentStatusChange,
    HostAgreement,
    HostAgreementTemplate,
    LearningFrequency,
    LeavingReason,
    LeavingReasonCorrection,
    PatternFields,
    PlannedAbsence,
    Scheme,
)
from .signals import enrolment_status_changed


def _check_setting_types(data: dict[str, Any]) -> None:
    errors = {}
    for key in ("required_setting_types", "allowed_setting_types"):
        bad = [t for t in data.get(key) or [] if t not in SettingType.values]
        if bad:
            errors[key] = f"Unknown setting type: {', '.join(bad)}."
    allowed = set(data.get("allowed_setting_types") or [])
    missing = [t for t in data.get("required_setting_types") or [] if allowed and t not in allowed]
    if missing and "required_setting_types" not in errors:
        labels = dict(SettingType.choices)
        errors["allowed_setting_types"] = (
            f"Allow every type apprentices must experience: {', '.join(str(labels[t]) for t in missing)}."
        )
    if errors:
        raise ValidationError(errors)


def _check_funders(partnership_id: int, data: dict[str, Any]) -> None:
    funders, exempt = list(data.get("funders") or []), list(data.get("exempt_partners") or [])
    errors = {}
    if any(o.partnership_id != partnership_id for o in funders):
        errors["funders"] = "Choose funders from this partnership."
    if any(o.partnership_id != partnership_id for o in exempt):
        errors["exempt_partners"] = "Choose partners from this partnership."
    elif both := sorted({o.name for o in funders} & {o.name for o in exempt}):
        errors["exempt_partners"] = f"A partner either shares the costs or is not asked to pay: {', '.join(both)}."
    if errors:
        raise ValidationError(errors)


def scheme_create(*, partnership: Partnership, data: dict[str, Any], actor: Actor) -> Scheme:
    require_perm(actor, "hub.manage_schemes")
    _check_setting_types(data)
    _check_funders(partnership.pk, data)
    return model_create(model=Scheme, data={**data, "partnership": partnership}, actor=actor)


def scheme_update(*, scheme: Scheme, data: dict[str, Any], actor: Actor) -> Scheme:
    require_perm(actor, "hub.manage_schemes")
    data = {k: v for k, v in data.items() if k != "partnership"}
    _check_setting_types(data)
    _check_funders(
        scheme.partnership_id,
        {
            "funders": data.get("funders", scheme.funders.all()),
            "exempt_partners": data.get("exempt_partners", scheme.exempt_partners.all()),
        },
    )
    model_update(instance=scheme, data=data, actor=actor)
    return scheme


def _check_cohort(scheme: Scheme, data: dict[str, Any]) -> None:
    errors = {}
    for key in ("employer", "training_provider"):
        org = data.get(key)
        if org is not None and org.partnership_id != scheme.partnership_id:
            errors[key] = "Choose an organisation in this partnership."
    provider = data.get("training_provider")
    if provider is not None and provider.org_type not in (
        Organisation.Type.TRAINING_PROVIDER,
        Organisation.Type.TRAINING_HUB,
    ):
        errors["training_provider"] = "Choose an organisation whose type is training provider or training hub."
    coordinator = data.get("coordinator")
    if coordinator is not None and coordinator.partnership_id != scheme.partnership_id:
        errors["coordinator"] = "Choose a coordinator from this partnership."
    if errors:
        raise ValidationError(errors)


def _check_pattern(data: dict[str, Any], current: PatternFields | None = None) -> dict[str, Any]:
    """The pattern fields of `data` over the current ones, checked (`patterns.problems`); host days in week order."""
    merged = {f: data[f] if f in data else getattr(current, f, PATTERN_DEFAULTS[f]) for f in PATTERN_FIELDS}
    given = list(merged["host_days"] or [])
    merged["host_days"] = [c for c in patterns.WEEKDAY_CODES if c in given] + [
        c for c in given if c not in patterns.WEEKDAY_CODES
    ]
    errors = patterns.problems(SimpleNamespace(**merged))
    if errors:
        raise ValidationError(errors)
    return {f: merged[f] for f in PATTERN_FIELDS if f in data}


PATTERN_DEFAULTS: dict[str, Any] = {
    "host_days": ["mon", "tue", "wed", "thu"],
    "learning_day": "fri",
    "training_day_frequency": LearningFrequency.WEEKLY,
    "learning_week": 1,
    "other_day": "",
    "other_place": "",
    "other_place_alternate": "",
    "hours_per_day": None,
}


def cohort_create(*, scheme: Scheme, data: dict[str, Any], actor: Actor) -> Cohort:
    require_perm(actor, "hub.manage_schemes")
    _check_cohort(scheme, data)
    data = {**PATTERN_DEFAULTS, **data, **_check_pattern(data)}
    return model_create(model=Cohort, data={**data, "scheme": scheme}, actor=actor)


def cohort_update(*, cohort: Cohort, data: dict[str, Any], actor: Actor) -> Cohort:
    require_perm(actor, "hub.manage_schemes")
    data = {k: v for k, v in data.items() if k != "scheme"}
    _check_cohort(cohort.scheme, data)
    data = {**data, **_check_pattern(data, cohort)}
    model_update(instance=cohort, data=data, actor=actor)
    return cohort


def enrolment_create(
    *,
    cohort: Cohort,
    apprentice: Person,
    actor: Actor,
    reason: str,
    status: str = EnrolmentStatus.APPLIED,
    line_manager: Person | None = None,
    effective_on: date | None = None,
) -> Enrolment:
    require_perm(actor, "hub.manage_enrolments")  # before the transaction, so a refusal stays audited
    with transaction.atomic():
        return _enrolment_create(
            cohort=cohort,
            apprentice=apprentice,
            actor=actor,
            reason=reason,
            status=status,
            line_manager=line_manager,
            effective_on=effective_on,
        )


def _enrolment_create(
    *,
    cohort: Cohort,
    apprentice: Person,
    actor: Actor,
    reason: str,
    status: str,
    line_manager: Person | None,
    effective_on: date | None,
) -> Enrolment:
    if apprentice.partnership_id != cohort.scheme.partnership_id:
        raise ValidationError({"apprentice": "Choose an apprentice from this partnership."})
    if line_manager is not None and line_manager.partnership_id != cohort.scheme.partnership_id:
        raise ValidationError({"line_manager": "Choose a line manager from this partnership."})
    if status not in (EnrolmentStatus.APPLIED, EnrolmentStatus.OFFERED, EnrolmentStatus.STARTED):
        raise ValidationError({"status": "A new enrolment starts as applied, offered or started."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why this person is being enrolled."})
    if Enrolment.objects.filter(cohort=cohort, apprentice=apprentice).exists():
        raise ValidationError({"apprentice": "This person is already enrolled in this cohort."})
    today = effective_on or timezone.localdate()
    enrolment = Enrolment.objects.create(
        cohort=cohort,
        apprentice=apprentice,
        status=status,
        line_manager=line_manager,
        started_on=today if status == EnrolmentStatus.STARTED else None,
    )
    EnrolmentStatusChange.objects.create(
        enrolment=enrolment,
        from_status="",
        to_status=status,
        reason=reason.strip(),
        effective_on=today,
        changed_by_id=actor_id(actor),
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=enrolment, detail={"status": status})
    return enrolment


def enrolment_change_status(
    *,
    enrolment: Enrolment,
    to_status: str,
    reason: str,
    actor: Actor,
    effective_on: date | None = None,
    leaving_reason: str = "",
) -> EnrolmentStatusChange:
    """Move an enrolment along its lifecycle. Every change needs a reason; final states stay final."""
    require_perm(actor, "hub.manage_enrolments")  # before the transaction, so a refusal stays audited
    with transaction.atomic():
        return _enrolment_change_status(
            enrolment=enrolment,
            to_status=to_status,
            reason=reason,
            actor=actor,
            effective_on=effective_on,
            leaving_reason=leaving_reason,
        )


def _enrolment_change_status(
    *, enrolment: Enrolment, to_status: str, reason: str, actor: Actor, effective_on: date | None, leaving_reason: str
) -> EnrolmentStatusChange:
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    current = EnrolmentStatus(enrolment.status)
    if to_status not in EnrolmentStatus.values:
        raise ValidationError({"to_status": "Choose a status from the list."})
    target = EnrolmentStatus(to_status)
    if target not in ALLOWED_TRANSITIONS[current]:
        allowed = ", ".join(sorted(str(EnrolmentStatus(s).label).lower() for s in ALLOWED_TRANSITIONS[current]))
        raise ValidationError(
            {
                "to_status": f"An enrolment that is {current.label.lower()} cannot become {target.label.lower()}."
                + (f" It can become: {allowed}." if allowed else " This is a final status.")
            }
        )
    if not reason or not reason.strip():
        raise ValidationError({"reason": "Enter the reason for this change."})
    if leaving_reason and (target != EnrolmentStatus.WITHDRAWN or leaving_reason not in LeavingReason.values):
        raise ValidationError({"leaving_reason": "Give a reason for leaving only when an apprentice withdraws."})
    if target == EnrolmentStatus.WITHDRAWN and not leaving_reason:
        raise ValidationError(
            {"leaving_reason": "Choose the main reason for leaving: the scheme report counts leavers by it."}
        )
    when = effective_on or timezone.localdate()
    last = enrolment.status_history.order_by("-effective_on", "-id").first()
    if last is not None and when < last.effective_on:
        raise ValidationError({"effective_on": "The date cannot be before the last status change."})
    enrolment.status = target
    if target == EnrolmentStatus.STARTED and enrolment.started_on is None:
        enrolment.started_on = when
    if target in (EnrolmentStatus.WITHDRAWN, EnrolmentStatus.TRANSFERRED, EnrolmentStatus.COMPLETED):
        enrolment.ended_on = when
    enrolment.save(update_fields=["status", "started_on", "ended_on", "updated_at"])
    change = EnrolmentStatusChange.objects.create(
        enrolment=enrolment,
        from_status=current,
        to_status=target,
        reason=reason.strip(),
        leaving_reason=leaving_reason,
        effective_on=when,
        changed_by_id=actor_id(actor),
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=enrolment,
        detail={"from_status": current.value, "to_status": target.value},
    )
    enrolment_status_changed.send(sender=Enrolment, enrolment=enrolment, change=change, actor=actor)
    return change


def leaving_reason_correct(*, enrolment: Enrolment, leaving_reason: str, note: str, actor: Actor) -> Enrolment:
    """Put right the reason recorded with a withdrawal. The status stays final; the original reason is kept in a
    `LeavingReasonCorrection` row, and the change is audited."""
    require_perm(actor, "hub.manage_enrolments")
    enrolment.refresh_from_db(fields=["status"])
    if enrolment.status != EnrolmentStatus.WITHDRAWN:
        raise ValidationError("Only a withdrawal has a reason for leaving to correct.")
    if leaving_reason not in LeavingReason.values:
        raise ValidationError({"leaving_reason": "Choose the main reason for leaving from the list."})
    if not note.strip():
        raise ValidationError({"note": "Say why the recorded reason was wrong."})
    with transaction.atomic():
        change = (
            enrolment.status_history.select_for_update()
            .filter(to_status=EnrolmentStatus.WITHDRAWN)
            .order_by("-effective_on", "-id")
            .first()
        )
        if change is None:
            raise ValidationError("This enrolment has no recorded withdrawal.")
        if change.leaving_reason == leaving_reason:
            raise ValidationError({"leaving_reason": "That is already the recorded reason."})
        LeavingReasonCorrection.objects.create(
            status_change=change,
            from_reason=change.leaving_reason,
            to_reason=leaving_reason,
            note=note.strip(),
            corrected_by_id=actor_id(actor),
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=enrolment,
            detail={"leaving_reason": {"from": change.leaving_reason, "to": leaving_reason}},
        )
        change.leaving_reason = leaving_reason
        change.save(update_fields=["leaving_reason"])
    return enrolment


# ------------------------------------------------------------------------------------------- planning needs


def enrolment_planning_update(*, enrolment: Enrolment, data: dict[str, Any], actor: Actor) -> Enrolment:
    """What the planner should know about an apprentice: the shift patterns they can work (coordinators) and the
    setting types they would like (coordinators, and the apprentice for themselves)."""
    viewer = viewer_for(actor)
    own = viewer.person_id is not None and viewer.person_id == enrolment.apprentice_id
    if not own:  # anyone else: a coordinator of the enrolment's own partnership
        require_perm_in(actor, "hub.manage_enrolments", enrolment.cohort.scheme.partnership_id)
    coordinator = actor.has_perm("hub.manage_enrolments")
    changes: dict[str, Any] = {}
    if "preferred_setting_types" in data:
        types = list(dict.fromkeys(data["preferred_setting_types"] or []))
        unknown = [t for t in types if t not in SettingType.values]
        if unknown:
            raise ValidationError({"preferred_setting_types": f"Choose setting types from the list ({unknown[0]})."})
        changes["preferred_setting_types"] = types
    if "allowed_shifts" in data:
        if not coordinator:
            raise ValidationError({"allowed_shifts": "Ask your coordinator to change the shifts you can work."})
        shifts = list(dict.fromkeys(data["allowed_shifts"] or []))
        unknown = [s for s in shifts if s not in ShiftPattern.values]
        if unknown:
            raise ValidationError({"allowed_shifts": f"Choose shift patterns from the list ({unknown[0]})."})
        changes["allowed_shifts"] = shifts
    if changes:
        model_update(instance=enrolment, data=changes, actor=actor)
    return enrolment


def planned_absence_create(*, enrolment: Enrolment, data: dict[str, Any], actor: Actor) -> PlannedAbsence:
    """A planned break with a planned return (coordinators): the planner leaves the blocks it mostly covers empty."""
    require_perm_in(actor, "hub.manage_enrolments", enrolment.cohort.scheme.partnership_id)
    start, back = data.get("start_date"), data.get("planned_return")
    if start and back and back <= start:
        raise ValidationError({"planned_return": "The planned return must be after the first day away."})
    if data.get("reason") not in PlannedAbsence.Reason.values:
        raise ValidationError({"reason": "Choose why they will be away."})
    overlapping = PlannedAbsence.objects.filter(enrolment=enrolment, start_date__lt=back, planned_return__gt=start)
    if overlapping.exists():
        raise ValidationError({"start_date": "This overlaps an absence already recorded. Change that one instead."})
    return model_create(
        model=PlannedAbsence,
        data={
            "enrolment": enrolment,
            "reason": data["reason"],
            "start_date": start,
            "planned_return": back,
            "recorded_by_id": actor_id(actor),
        },
        actor=actor,
    )


def planned_absence_delete(*, absence: PlannedAbsence, actor: Actor) -> None:
    require_perm_in(actor, "hub.manage_enrolments", absence.enrolment.cohort.scheme.partnership_id)
    audit_record(
        actor=actor, action=AuditEvent.Action.DELETE, obj=absence.enrolment, detail={"planned_absence": absence.pk}
    )
    absence.delete()


@atomic_service
def enrolment_pattern_save(*, enrolment: Enrolment, data: dict[str, Any], actor: Actor) -> EnrolmentPattern:
    """Give an apprentice their own working week (coordinators), starting from the cohort's where a field is not
    given. Placement notices, calendars and the host's "who is here today" follow it from then on."""
    require_perm_in(actor, "hub.manage_enrolments", enrolment.cohort.scheme.partnership_id)
    existing = EnrolmentPattern.objects.filter(enrolment=enrolment).first()
    checked = _check_pattern(data, existing or enrolment.cohort)
    if existing is not None:
        model_update(instance=existing, data=checked, actor=actor)
        return existing
    base = {f: getattr(enrolment.cohort, f) for f in PATTERN_FIELDS}
    return model_create(model=EnrolmentPattern, data={**base, **checked, "enrolment": enrolment}, actor=actor)


@atomic_service
def enrolment_pattern_remove(*, enrolment: Enrolment, actor: Actor) -> None:
    """Back to the cohort's working week."""
    require_perm_in(actor, "hub.manage_enrolments", enrolment.cohort.scheme.partnership_id)
    existing = EnrolmentPattern.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=existing, detail={"enrolment": enrolment.pk})
        existing.delete()


# --------------------------------------------------------------------------------- partnership agreements with hosts


@atomic_service
def host_agreement_template_publish(
    *, actor: Actor, partnership: Partnership, data: dict[str, Any]
) -> HostAgreementTemplate:
    """A new version of the partnership's agreement with hosts; agreements already signed keep their version."""
    require_perm_in(actor, "hub.manage_schemes", partnership.pk)
    errors = {
        k: "Write what this part of the agreement says."
        for k in ("host_commits", "partnership_provides")
        if not (data.get(k) or "").strip()
    }
    if errors:
        raise ValidationError(errors)
    latest = HostAgreementTemplate.objects.filter(partnership=partnership).order_by("-version").first()
    return model_create(
        model=HostAgreementTemplate,
        data={
            "partnership": partnership,
            "version": (latest.version + 1) if latest else 1,
            "host_commits": data["host_commits"].strip(),
            "partnership_provides": data["partnership_provides"].strip(),
        },
        actor=actor,
    )


@atomic_service
def host_agreement_offer(*, actor: Actor, scheme: Scheme, organisation: Organisation) -> HostAgreement:
    """Put the current version to a host for this scheme (or move an unsigned one onto the current version)."""
    require_perm_in(actor, "hub.manage_schemes", scheme.partnership_id)
    if organisation.partnership_id != scheme.partnership_id:
        raise ValidationError({"organisation": "Choose an organisation in this partnership."})
    template = HostAgreementTemplate.objects.filter(partnership_id=scheme.partnership_id).order_by("-version").first()
    if template is None:
        raise ValidationError("Write the partnership's agreement with hosts first.")
    existing = HostAgreement.objects.filter(scheme=scheme, organisation=organisation).first()
    if existing is not None:
        if existing.is_signed or existing.host_signed_at or existing.partnership_signed_at:
            raise ValidationError("This host's agreement is already being signed; it keeps its version.")
        model_update(instance=existing, data={"template": template}, actor=actor)
        return existing
    return model_create(
        model=HostAgreement, data={"scheme": scheme, "organisation": organisation, "template": template}, actor=actor
    )


def host_agreement_signs_as(agreement: HostAgreement, actor: Actor) -> str | None:
    """ "host" for a host manager or partner lead of the organisation; "partnership" for a coordinator."""
    viewer = viewer_for(actor)
    if agreement.organisation_id in viewer.orgs_for(Role.HOST_MANAGER, Role.PARTNER_LEAD):
        return "host"
    if viewer.coordinates(agreement.scheme.partnership_id):
        return "partnership"
    return None


@atomic_service
def host_agreement_sign(*, actor: Actor, agreement: HostAgreement) -> HostAgreement:
    side = host_agreement_signs_as(agreement, actor)
    if side is None:
        raise audit_refusal(
            PermissionDenied("A manager or partner lead of the host, or a coordinator, signs this agreement."),
            actor=actor,
            obj=agreement,
        )
    if getattr(agreement, f"{side}_signed_at"):
        raise ValidationError("This side has already signed.")
    setattr(agreement, f"{side}_signed_at", timezone.now())
    setattr(agreement, f"{side}_signed_by", acting_person(actor))
    agreement.save(update_fields=[f"{side}_signed_at", f"{side}_signed_by", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=agreement, detail={"signed": side})
    return agreement
