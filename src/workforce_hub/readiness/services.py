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
from workforce_hub.people.selectors import acting_person
from workforce_hub.rotations.models import Placement, TrainingUnit
from workforce_hub.rotations.selectors import host_staff
from workforce_hub.rotations.services import placement_recipients, setting_leads
from workforce_hub.schemes import patterns
from workforce_hub.schemes.models import Scheme

from . import access, selectors
from .models import (
    AGREEMENT_FIELDS,
    PRE_ARRIVAL_DAYS,
    Audience,
    Briefing,
    ChecklistItem,
    ChecklistTemplate,
    FaqEntry,
    GlossaryTerm,
    InductionDone,
    InductionItem,
    PlacementAgreement,
    PreArrivalTask,
)

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
            contact = _contact(placement)
            tasks = _checklist(placement, today, contact)
            prepared += 1
        _send_briefing(placement)
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


def _checklist(placement: Placement, today: date, contact: Person | None) -> list[PreArrivalTask]:
    template = selectors.template_for(placement)
    if template is None:
        return []
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
    task.done_at, task.done_by, task.note = timezone.now(), acting_person(actor), note.strip()
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
    changes = {k: v for k, v in data.items() if k in AGREEMENT_FIELDS}
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
        setattr(agreement, f"{role}_signed_by", acting_person(actor))
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


def _items(
    lines: list[str], *, field: str = "items", unit: str = "days before the start", most: int = 180
) -> list[tuple[int, str]]:
    """'14: Clinical system account' lines -> (number, title); every bad line is reported under `field`."""
    items, errors = [], []
    for number, line in enumerate(lines, start=1):
        count, sep, title = line.partition(":")
        if not sep or not count.strip().isdigit() or not title.strip():
            errors.append(f"Line {number}: write the {unit}, a colon and the task, for example “2: Building pass”.")
        elif int(count) > most:
            errors.append(f"Line {number}: give at most {most} {unit}.")
        else:
            items.append((int(count), title.strip()[:200]))
    if errors:
        raise ValidationError({field: errors})
    if not items and field == "items":
        raise ValidationError({field: "Add at least one task."})
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


# ------------------------------------------------------------------------------------------------ induction


@atomic_service
def induction_save(*, actor: Actor, scheme: Scheme, lines: dict[str, list[str]]) -> list[InductionItem]:
    """Replace the scheme's induction checklist: for each audience, lines of 'weeks after the start: item'. Items
    kept by title keep who has done them."""
    require_perm_in(actor, "hub.manage_readiness", scheme.partnership_id)
    parsed: dict[str, list[tuple[int, str]]] = {}
    errors: dict[str, list[str]] = {}
    for audience in Audience.values:
        try:
            parsed[audience] = _items(lines.get(audience, []), field=audience, unit="weeks after the start", most=52)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)  # every audience's bad lines at once
    existing = {(i.audience, i.title): i for i in InductionItem.objects.filter(scheme=scheme)}
    keep = []
    for audience, items in parsed.items():
        for position, (weeks, title) in enumerate(items):
            item = existing.pop((audience, title), None) or InductionItem(scheme=scheme, audience=audience, title=title)
            item.due_weeks, item.position = weeks, position
            item.save()
            keep.append(item)
    for gone in existing.values():
        gone.delete()
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=scheme, detail={"induction_items": len(keep)})
    return keep


@atomic_service
def induction_item_save(*, actor: Actor, data: dict[str, Any], item: InductionItem | None = None) -> InductionItem:
    """One item at a time (the API); the page replaces the whole checklist with `induction_save`."""
    scheme = item.scheme if item is not None else data["scheme"]
    require_perm_in(actor, "hub.manage_readiness", scheme.partnership_id)
    fields = {k: v for k, v in data.items() if k in ("audience", "title", "due_weeks", "position")}
    if item is None:
        return model_create(model=InductionItem, data={**fields, "scheme": scheme}, actor=actor)
    model_update(instance=item, data=fields, actor=actor)
    return item


@atomic_service
def induction_item_delete(*, actor: Actor, item: InductionItem) -> None:
    require_perm_in(actor, "hub.manage_readiness", item.scheme.partnership_id)
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=item, detail={"scheme": item.scheme_id})
    item.delete()


@atomic_service
def induction_tick(*, actor: Actor, item: InductionItem, done: bool = True) -> None:
    if not selectors.in_audience(actor, item.scheme, item.audience):
        raise audit_refusal(PermissionDenied("This part of the induction is for someone else."), actor=actor, obj=item)
    person_id = viewer_for(actor).person_id or 0
    if done:
        InductionDone.objects.get_or_create(item=item, person_id=person_id)
    else:
        InductionDone.objects.filter(item=item, person_id=person_id).delete()


# ----------------------------------------------------------------------------- glossary, FAQ and briefing packs


@atomic_service
def glossary_save(
    *, actor: Actor, partnership: Partnership, data: dict[str, Any], instance: GlossaryTerm | None = None
) -> GlossaryTerm:
    require_perm_in(actor, "hub.manage_readiness", partnership.pk)
    name = (data.get("term") or "").strip()
    clash = GlossaryTerm.objects.filter(partnership=partnership, term__iexact=name)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise ValidationError({"term": "This term is already in the glossary."})
    clean = {"term": name, "meaning": (data.get("meaning") or "").strip()}
    if instance is None:
        return model_create(model=GlossaryTerm, data={**clean, "partnership": partnership}, actor=actor)
    model_update(instance=instance, data=clean, actor=actor)
    return instance


@atomic_service
def faq_save(
    *, actor: Actor, partnership: Partnership, data: dict[str, Any], instance: FaqEntry | None = None
) -> FaqEntry:
    require_perm_in(actor, "hub.manage_readiness", partnership.pk)
    clean = {k: (data.get(k) or "").strip() for k in ("question", "answer")}
    if "position" in data:
        clean["position"] = data["position"]
    if instance is None:
        return model_create(model=FaqEntry, data={**clean, "partnership": partnership}, actor=actor)
    model_update(instance=instance, data=clean, actor=actor)
    return instance


@atomic_service
def reference_delete(*, actor: Actor, obj: GlossaryTerm | FaqEntry) -> None:
    require_perm_in(actor, "hub.manage_readiness", obj.partnership_id)
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=obj, detail={})
    obj.delete()


@atomic_service
def briefing_save(*, actor: Actor, scheme: Scheme, data: dict[str, Any]) -> Briefing:
    require_perm_in(actor, "hub.manage_readiness", scheme.partnership_id)
    clean = {k: (data.get(k) or "").strip() for k in ("role_is", "role_is_not")}
    existing = Briefing.objects.filter(scheme=scheme).first()
    if existing is None:
        return model_create(model=Briefing, data={**clean, "scheme": scheme}, actor=actor)
    model_update(instance=existing, data=clean, actor=actor)
    return existing


def _send_briefing(placement: Placement) -> None:
    """With the advance notice: every manager and mentor of the setting gets the briefing pack (nobody named)."""
    for person in placement_recipients(placement.setting):
        notification_queue(
            key=f"briefing:{placement.pk}:{person.pk}",
            recipient=person,
            kind="host_briefing",
            subject=f"Briefing pack: an apprentice is coming to {placement.setting.name}",
            body=(
                f"An apprentice of {placement.enrolment.cohort.scheme.name} starts at {placement.setting.name} on "
                f"{placement.start_date:%-d %B %Y}. The briefing pack says what the role is and is not, what they "
                "will learn in this block, answers to the questions hosts ask, and who to contact."
            ),
            link=reverse("readiness:briefing", args=[placement.pk]),
            as_role=(HOST_ROLES, placement.setting.site.organisation_id),
        )
