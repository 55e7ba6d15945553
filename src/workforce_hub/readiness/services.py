"""Writes for readiness: prepare each published placement (its pre-arrival checklist and a draft agreement), tick
tasks, keep and sign agreements, keep the checklist templates, and the audited pre-arrival disclosure."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import atomic_service, audit_refusal, require_perm, require_perm_in
from workforce_hub.core.roles import HOST_ROLES
from workforce_hub.core.services import model_create, model_update
from workforce_hub.notifications.services import notification_queue
from workforce_hub.organisations.models import Partnership
from workforce_hub.people.models import Person
from workforce_hub.rotations.models import Placement, TrainingUnit
from workforce_hub.rotations.services import setting_leads
from workforce_hub.schemes import patterns

from . import access, selectors
from .models import PRE_ARRIVAL_DAYS, ChecklistItem, ChecklistTemplate, PlacementAgreement, PreArrivalTask

AGREEMENT_TEXT_FIELDS = (
    "expected_learning",
    "may_do",
    "must_not_do",
    "supernumerary",
    "mentor",
    "working_week",
    "who_to_call",
)


def _person(actor: Actor) -> Person | None:
    pid = viewer_for(actor).person_id
    return Person.objects.filter(pk=pid).first() if pid else None


# ------------------------------------------------------------------------------ when placements are published


def placements_prepare(placements: Iterable[Placement], today: date | None = None) -> int:
    """For each newly published placement: the pre-arrival checklist from the best-fitting template, assigned to
    the setting's single point of contact, and a draft agreement; the contact hears once (nobody named). Idempotent."""
    today = today or timezone.localdate()
    prepared = 0
    for placement in placements:
        with transaction.atomic():
            if PlacementAgreement.objects.filter(placement=placement).exists():
                continue
            _draft_agreement(placement)
            tasks = _checklist(placement, today)
            prepared += 1
        contact = _contact(placement)
        if contact is not None and tasks:
            notification_queue(
                key=f"pre-arrival:{placement.pk}:{contact.pk}",
                recipient=contact,
                kind="pre_arrival_checklist",
                subject=f"Get ready for an apprentice at {placement.setting.name}",
                body=(
                    f"An apprentice starts at {placement.setting.name} on {placement.start_date:%-d %B %Y}. "
                    f"There are {len(tasks)} things to set up before their first day, the first due on "
                    f"{tasks[0].due_on:%-d %B %Y}. You will see their name and work e-mail "
                    f"from {PRE_ARRIVAL_DAYS} days before the start so that accounts can be set up."
                ),
                link=reverse("readiness:placement", args=[placement.pk]),
                as_role=(HOST_ROLES, placement.setting.site.organisation_id),
            )
    return prepared


def _contact(placement: Placement) -> Person | None:
    leads = setting_leads(placement.setting)
    return leads[0] if leads else None


def _checklist(placement: Placement, today: date) -> list[PreArrivalTask]:
    template = selectors.template_for(placement)
    if template is None:
        return []
    contact = _contact(placement)
    tasks = [
        PreArrivalTask(
            placement=placement,
            title=item.title,
            due_on=max(placement.start_date - timedelta(days=item.days_before_start), today),
            assigned_to=contact,
            position=item.position,
        )
        for item in template.items.all()
    ]
    return PreArrivalTask.objects.bulk_create(tasks)


def _draft_agreement(placement: Placement) -> PlacementAgreement:
    setting = placement.setting
    enrolment = placement.enrolment
    units = TrainingUnit.objects.filter(scheme_id=enrolment.cohort.scheme_id, block_number=placement.block_number)
    learning = [f"Training this block: {u.title}." for u in units]
    expected = getattr(placement, "expected_learning", None)
    if expected is not None and expected.notes:
        learning.append(expected.notes)
    week = enrolment.working_pattern
    mentors = list(setting.mentors.all())
    contact = setting.contact
    who = [f"At {setting.name}: {contact.display_name}" if contact else f"At {setting.name}: the host manager"]
    coordinator = enrolment.cohort.coordinator
    if coordinator is not None:
        who.append(f"The scheme coordinator: {coordinator.display_name}")
    who.append("If you are ill or running late, call the placement before your shift and tell your line manager.")
    return PlacementAgreement.objects.create(
        placement=placement,
        expected_learning="\n".join(learning) or "To be agreed with the host before the first day.",
        may_do=list(setting.tasks_allowed or []),
        must_not_do=list(setting.tasks_not_allowed or []),
        mentor=mentors[0] if len(mentors) == 1 else None,
        working_week=patterns.describe(week) if week.host_days else "",
        who_to_call="\n".join(who),
    )


# ----------------------------------------------------------------------------------------------------- tasks


@atomic_service
def task_done(*, actor: Actor, task: PreArrivalTask, note: str = "") -> PreArrivalTask:
    if not access.can_tick(task, actor):
        raise audit_refusal(
            PermissionDenied("Only the host or the coordinator ticks pre-arrival tasks."), actor=actor, obj=task
        )
    if task.done_at is not None:
        raise ValidationError("This task is already done.")
    task.done_at, task.done_by, task.note = timezone.now(), _person(actor), note.strip()
    task.save(update_fields=["done_at", "done_by", "note", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=task, detail={"fields": ["done_at"]})
    return task


@atomic_service
def task_undo(*, actor: Actor, task: PreArrivalTask) -> PreArrivalTask:
    if not access.can_tick(task, actor):
        raise audit_refusal(
            PermissionDenied("Only the host or the coordinator changes pre-arrival tasks."), actor=actor, obj=task
        )
    task.done_at, task.done_by = None, None
    task.save(update_fields=["done_at", "done_by", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=task, detail={"fields": ["done_at"], "undone": True})
    return task


# ------------------------------------------------------------------------------------------------ agreements


@atomic_service
def agreement_update(*, actor: Actor, agreement: PlacementAgreement, data: dict[str, Any]) -> PlacementAgreement:
    """The coordinator changes the wording. Anything signed already is signed again by everyone."""
    placement = agreement.placement
    require_perm_in(actor, "hub.manage_readiness", placement.enrolment.cohort.scheme.partnership_id)
    mentor = data.get("mentor")
    if (
        mentor is not None
        and not placement.setting.mentors.filter(pk=mentor.pk).exists()
        and not host_staff(placement).filter(pk=mentor.pk).exists()
    ):
        raise ValidationError({"mentor": "Choose a mentor or manager at the host organisation."})
    changes = {k: v for k, v in data.items() if k in AGREEMENT_TEXT_FIELDS}
    for key in ("may_do", "must_not_do"):
        if key in changes:
            changes[key] = [line.strip() for line in changes[key] if line.strip()]
    if agreement.apprentice_signed_at or agreement.host_signed_at or agreement.coordinator_signed_at:
        changes.update(
            apprentice_signed_at=None,
            host_signed_at=None,
            host_signed_by=None,
            coordinator_signed_at=None,
            coordinator_signed_by=None,
        )
    model_update(instance=agreement, data=changes, actor=actor)
    return agreement


def host_staff(placement: Placement) -> Any:
    """Managers and mentors of the placement's host organisation: who may be named as the mentor."""
    from workforce_hub.organisations.models import Membership

    ids = (
        Membership.objects.active()
        .filter(organisation_id=placement.setting.site.organisation_id, role__in=["host_manager", "mentor"])
        .values("person_id")
    )
    return Person.objects.filter(pk__in=ids, is_active=True)


@atomic_service
def agreement_sign(*, actor: Actor, agreement: PlacementAgreement) -> PlacementAgreement:
    """The apprentice, the host (the named mentor or a host manager) or the coordinator signs. After the first day
    it can still be signed, and the agreement then shows it was signed late."""
    role = access.signs_as(agreement, actor)
    if role is None:
        raise audit_refusal(
            PermissionDenied("Only the apprentice, the host and the coordinator sign this agreement."),
            actor=actor,
            obj=agreement,
        )
    if agreement.placement.status != Placement.Status.PUBLISHED:
        raise ValidationError("This placement is no longer going ahead.")
    now = timezone.now()
    fields = [f"{role}_signed_at"]
    if getattr(agreement, f"{role}_signed_at"):
        raise ValidationError("You have already signed this agreement.")
    setattr(agreement, f"{role}_signed_at", now)
    if role in ("host", "coordinator"):
        setattr(agreement, f"{role}_signed_by", _person(actor))
        fields.append(f"{role}_signed_by")
    agreement.save(update_fields=[*fields, "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=agreement, detail={"signed": role})
    return agreement


# --------------------------------------------------------------------------------------- pre-arrival disclosure


def pre_arrival_disclosure(*, actor: Actor, placement: Placement, today: date | None = None) -> dict[str, str] | None:
    """The apprentice's name and work e-mail for the setting's single point of contact inside the pre-arrival
    window (ADR 0014); None for anyone else or outside it. Each disclosure is audited."""
    today = today or timezone.localdate()
    if not access.pre_arrival_contact(placement, actor, today):
        return None
    apprentice = placement.enrolment.apprentice
    audit_record(
        actor=actor,
        action=AuditEvent.Action.READ_SENSITIVE,
        obj=apprentice,
        detail={"fields": ["name", "email"], "placement": placement.pk, "why": "pre-arrival"},
    )
    return {"name": apprentice.display_name, "email": apprentice.email}


# ------------------------------------------------------------------------------------------------ templates


def _items(lines: list[str]) -> list[tuple[int, str]]:
    """'14: Clinical system account' lines -> (days before the start, title); every bad line is reported."""
    items, errors = [], []
    for number, line in enumerate(lines, start=1):
        days, sep, title = line.partition(":")
        if not sep or not days.strip().isdigit() or not title.strip():
            errors.append(
                f"Line {number}: write the days before the start, a colon and the task, for example “14: Building pass”."
            )
        elif int(days) > 180:
            errors.append(f"Line {number}: give at most 180 days before the start.")
        else:
            items.append((int(days), title.strip()[:200]))
    if errors:
        raise ValidationError({"items": errors})
    if not items:
        raise ValidationError({"items": "Add at least one task."})
    return items


@atomic_service
def template_save(
    *,
    actor: Actor,
    partnership: Partnership,
    data: dict[str, Any],
    items: list[str],
    template: ChecklistTemplate | None = None,
) -> ChecklistTemplate:
    require_perm(actor, "hub.manage_readiness")
    parsed = _items(items)
    org = data.get("organisation")
    if org is not None and org.partnership_id != partnership.pk:
        raise ValidationError({"organisation": "Choose an organisation in this partnership."})
    name = (data.get("name") or "").strip()
    clash = ChecklistTemplate.objects.filter(partnership=partnership, name=name)
    if template is not None:
        clash = clash.exclude(pk=template.pk)
    if clash.exists():
        raise ValidationError({"name": "There is already a checklist with this name."})
    fields: dict[str, Any] = {k: data[k] for k in ("name", "setting_type", "organisation", "is_active") if k in data}
    if template is None:
        template = model_create(model=ChecklistTemplate, data={**fields, "partnership": partnership}, actor=actor)
    else:
        model_update(instance=template, data=fields, actor=actor)
        template.items.all().delete()
    ChecklistItem.objects.bulk_create(
        ChecklistItem(template=template, title=title, days_before_start=days, position=i)
        for i, (days, title) in enumerate(parsed)
    )
    return template


@atomic_service
def template_delete(*, actor: Actor, template: ChecklistTemplate) -> None:
    require_perm_in(actor, "hub.manage_readiness", template.partnership_id)
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=template, detail={"name": template.name})
    template.delete()
