"""Writes for rotations: calendars, the training schedule, capacity changes, planning runs and publishing.

Permission is checked before any transaction opens, so that a refusal stays in the audit log.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from rotation_planner import busiest_day
from workforce_hub.core import privacy
from workforce_hub.core.access import Actor, actor_id, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.roles import HOST_ROLES
from workforce_hub.core.services import model_create, model_update
from workforce_hub.notifications.services import notification_queue
from workforce_hub.organisations.models import Membership, Organisation, PlacementSetting
from workforce_hub.people.models import Person
from workforce_hub.schemes import patterns
from workforce_hub.schemes.models import Cohort, Enrolment, Scheme

from .access import PLAN
from .execution import plan_run_execute  # noqa: F401  (the task's body; callers may run a queued plan at once)
from .instances import (
    build_instance,
    cohort_id,
    enrolment_id,
    record_pk,
    remove_left_out_reasons,
    remove_personal_data,
    setting_id,
)
from .models import CalendarFeed, CapacityChange, CohortBlock, Placement, PlanRun, ReplanNeed, TrainingUnit
from .signals import placements_published
from .tasks import plan_rotation

logger = logging.getLogger(__name__)


# ------------------------------------------------------------------------------------------------ calendars


def _next_weekday(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def cohort_calendar_create(*, cohort: Cohort, actor: Actor) -> list[CohortBlock]:
    """The scheme's blocks laid end to end from the cohort's start, each ending on a weekday."""
    require_perm(actor, PLAN)
    scheme = cohort.scheme
    with transaction.atomic():
        if CohortBlock.objects.filter(cohort=cohort).exists():
            raise ValidationError("This cohort already has a calendar. Change its blocks one by one.")
        blocks = []
        start = _next_weekday(cohort.start_date)
        for number in range(1, scheme.block_count + 1):
            end = start + timedelta(weeks=scheme.block_weeks) - timedelta(days=1)
            while end.weekday() >= 5:
                end -= timedelta(days=1)
            if end > cohort.end_date:
                raise ValidationError(
                    f"{scheme.block_count} blocks of {scheme.block_weeks} weeks do not fit between the cohort's "
                    f"start ({cohort.start_date:%-d %B %Y}) and end ({cohort.end_date:%-d %B %Y}). Change the "
                    "cohort's dates or the scheme's placement rules."
                )
            blocks.append(CohortBlock(cohort=cohort, number=number, start_date=start, end_date=end))
            start = _next_weekday(end + timedelta(days=1))
        CohortBlock.objects.bulk_create(blocks)
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=cohort, detail={"calendar_blocks": len(blocks)})
    return blocks


def cohort_block_update(*, block: CohortBlock, data: dict[str, Any], actor: Actor) -> CohortBlock:
    """Move a block's dates. Blocks stay in order without overlapping, inside the cohort's dates."""
    require_perm(actor, PLAN)
    start, end = data["start_date"], data["end_date"]
    cohort = block.cohort
    errors: dict[str, str] = {}
    if end < start:
        errors["end_date"] = "The end date must be on or after the start date."
    if start < cohort.start_date:
        errors["start_date"] = f"The block cannot start before the cohort ({cohort.start_date:%-d %B %Y})."
    if end > cohort.end_date:
        errors["end_date"] = f"The block cannot end after the cohort ({cohort.end_date:%-d %B %Y})."
    before = CohortBlock.objects.filter(cohort=cohort, number=block.number - 1).first()
    after = CohortBlock.objects.filter(cohort=cohort, number=block.number + 1).first()
    if before and start <= before.end_date:
        errors["start_date"] = f"The block must start after block {before.number} ends ({before.end_date:%-d %B %Y})."
    if after and end >= after.start_date:
        errors["end_date"] = f"The block must end before block {after.number} starts ({after.start_date:%-d %B %Y})."
    if errors:
        raise ValidationError(errors)
    model_update(instance=block, data={"start_date": start, "end_date": end}, actor=actor)
    return block


def training_unit_create(*, scheme: Scheme, data: dict[str, Any], actor: Actor) -> TrainingUnit:
    require_perm(actor, PLAN)
    if data["block_number"] > scheme.block_count:
        raise ValidationError({"block_number": f"The scheme has {scheme.block_count} blocks."})
    if TrainingUnit.objects.filter(scheme=scheme, title=data["title"]).exists():
        raise ValidationError({"title": "The schedule already has a unit with this title."})
    return model_create(model=TrainingUnit, data={**data, "scheme": scheme}, actor=actor)


def training_unit_delete(*, unit: TrainingUnit, actor: Actor) -> None:
    require_perm(actor, PLAN)
    with transaction.atomic():
        audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=unit)
        unit.delete()


# ------------------------------------------------------------------------------------------- capacity changes


def capacity_change_create(*, setting: PlacementSetting, data: dict[str, Any], actor: Actor) -> CapacityChange:
    """Record a host's change of places. Cohorts whose published placements no longer fit are offered a re-plan."""
    require_perm(actor, "hub.change_capacity")
    with transaction.atomic():
        change = model_create(
            model=CapacityChange,
            data={**data, "setting": setting, "recorded_by_id": actor_id(actor)},
            actor=actor,
        )
        clashes = list(
            Placement.objects.filter(status=Placement.Status.PUBLISHED, setting=setting)
            .filter(start_date__lte=change.end_date, end_date__gte=change.start_date)
            .select_related("enrolment__cohort")
        )
        # per day, as the planner counts: placements that only follow each other do not clash
        day, count = busiest_day([(p.start_date, p.end_date) for p in clashes], change.start_date, change.end_date)
        if count > change.capacity:
            _offer_replans(
                clashes,
                f"{setting.name} now takes {change.capacity} from {change.start_date:%-d %B %Y} to "
                f"{change.end_date:%-d %B %Y}, fewer than the {count} apprentices placed there on {day:%-d %B %Y}.",
                setting=setting,
            )
    return change


def _offer_replans(
    placements: list[Placement], summary: str, setting: PlacementSetting | None = None
) -> list[ReplanNeed]:
    """A re-plan need for each cohort these placements belong to, saying why."""
    cohorts = {p.enrolment.cohort_id: p.enrolment.cohort for p in placements}
    return [
        ReplanNeed.objects.create(cohort=cohort, setting=setting, kind=ReplanNeed.Kind.CAPACITY, summary=summary)
        for cohort in cohorts.values()
    ]


def organisation_limit_check(*, organisation: Organisation, today: date | None = None) -> list[ReplanNeed]:
    """After an organisation's limit changed: if published placements put more apprentices there on some day
    from today than it now takes, offer each cohort involved a re-plan."""
    limit = organisation.apprentices_at_a_time
    if limit is None:
        return []
    today = today or timezone.localdate()
    placements = list(
        Placement.objects.filter(
            status=Placement.Status.PUBLISHED, setting__site__organisation=organisation, end_date__gte=today
        ).select_related("enrolment__cohort")
    )
    day, count = busiest_day([(p.start_date, p.end_date) for p in placements], today)
    if count <= limit:
        return []
    return _offer_replans(
        placements,
        f"{organisation.name} now takes {limit} apprentice{'' if limit == 1 else 's'} at a time, "
        f"fewer than the {count} placed there on {day:%-d %B %Y}.",
    )


# ------------------------------------------------------------------------------------------------ planning


def _choices(cohorts: list[Cohort], choices: dict[str, Any]) -> dict[str, Any]:
    """Check the coordinator's pins and ruled-out settings name apprentices of these cohorts and real settings."""
    enrolments = set(Enrolment.objects.filter(cohort__in=cohorts).values_list("pk", flat=True))
    partnership_settings = set(
        PlacementSetting.objects.filter(
            site__organisation__partnership_id=cohorts[0].scheme.partnership_id
        ).values_list("pk", flat=True)
    )
    clean: dict[str, Any] = {"pins": [], "forbidden": []}
    if choices.get("avoid_unsigned_hosts"):
        clean["avoid_unsigned_hosts"] = True
    for key in ("pins", "forbidden"):
        seen = set()
        for item in choices.get(key, []):
            try:
                e, b, s = record_pk(item["enrolment"]), int(item["block"]), record_pk(item["setting"])
            except (KeyError, TypeError, ValueError) as exc:
                raise ValidationError({"choices": f"Each of {key} needs an enrolment, a block and a setting."}) from exc
            if e not in enrolments:
                raise ValidationError({"choices": f"Enrolment {e} is not in the cohorts being planned."})
            if s not in partnership_settings:
                raise ValidationError({"choices": f"Setting {s} is not in this partnership."})
            if (e, b, s) not in seen:
                seen.add((e, b, s))
                clean[key].append({"enrolment": enrolment_id(e), "block": b, "setting": setting_id(s)})
    pinned = {(p["enrolment"], p["block"]) for p in clean["pins"]}
    if len(pinned) != len(clean["pins"]):
        raise ValidationError({"choices": "An apprentice can be kept in only one setting in a block."})
    return clean


def plan_run_create(
    *,
    cohorts: list[Cohort],
    actor: Actor,
    time_limit: int = 30,
    choices: dict[str, Any] | None = None,
    parent: PlanRun | None = None,
    reason: str = "",
    today: date | None = None,
    enqueue: bool = True,
) -> PlanRun:
    """Build the instance from the records now and queue the planner. The run keeps the instance as built."""
    require_perm(actor, PLAN)
    if not cohorts:
        raise ValidationError({"cohorts": "Choose at least one cohort."})
    schemes = {c.scheme_id for c in cohorts}
    if len(schemes) != 1:
        raise ValidationError({"cohorts": "Cohorts planned together must be in the same scheme (they share rules)."})
    without = [c.name for c in cohorts if not CohortBlock.objects.filter(cohort=c).exists()]
    if without:
        raise ValidationError({"cohorts": f"Create the calendar first for: {', '.join(without)}."})
    if not 5 <= time_limit <= 600:
        raise ValidationError({"time_limit": "Give the planner between 5 and 600 seconds."})
    scheme = cohorts[0].scheme
    clean = _choices(cohorts, choices or {})
    built = build_instance(scheme=scheme, cohorts=cohorts, choices=clean, today=today or timezone.localdate())
    if not built.raw["apprentices"]:
        raise ValidationError({"cohorts": "There is nobody to plan: no apprentice in these cohorts can be placed."})
    with transaction.atomic():
        run = PlanRun.objects.create(
            partnership_id=scheme.partnership_id,
            scheme=scheme,
            parent=parent,
            reason=reason,
            time_limit=time_limit,
            choices=clean,
            left_out=built.left_out,
            instance=built.raw,
            created_by_id=actor_id(actor),
        )
        run.cohorts.set(cohorts)
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=run, detail={"cohorts": [c.pk for c in cohorts]})
        if enqueue:
            _enqueue(run)
    return run


def _enqueue(run: PlanRun) -> None:
    transaction.on_commit(lambda: plan_rotation.enqueue(run_id=run.pk))


def plan_run_retry(*, run: PlanRun, actor: Actor) -> PlanRun:
    require_perm(actor, PLAN)
    with transaction.atomic():
        run = PlanRun.objects.select_for_update().get(pk=run.pk)
        if run.status != PlanRun.Status.FAILED:
            raise ValidationError("Only a plan that failed can be tried again.")
        run.status, run.error, run.progress = PlanRun.Status.QUEUED, "", {}
        run.save(update_fields=["status", "error", "progress", "updated_at"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=run, detail={"retry": True})
        _enqueue(run)
    return run


# ------------------------------------------------------------------------------------------------ publishing


@dataclass
class PublishResult:
    created: list[Placement] = field(default_factory=list)
    unchanged: int = 0
    cancelled: int = 0
    already_published: bool = False


def short_notice(
    run: PlanRun, today: date | None = None, changes: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Assignments that would start sooner than the scheme's minimum notice and differ from what was published.
    `changes` is `plan_changes(run)` when the caller already has it."""
    today = today or timezone.localdate()
    weeks = run.scheme.minimum_notice_weeks
    out = []
    for change in plan_changes(run) if changes is None else changes:
        if change["start"] >= today and (change["start"] - today).days < weeks * 7:
            out.append(change)
    return out


def plan_changes(run: PlanRun) -> list[dict[str, Any]]:
    """What publishing this run would change: one entry per apprentice and block whose setting differs from the
    published (or planned) placement, with the dates of the block."""
    if not run.plan:
        return []
    blocks = {(cohort_id(b.cohort_id), b.number): b for b in CohortBlock.objects.filter(cohort__in=run.cohorts.all())}
    cohort_of = {a["id"]: a["cohort"] for a in run.instance.get("apprentices", [])}
    current = {
        (enrolment_id(p.enrolment_id), p.block_index + 1): p
        for p in Placement.objects.live().filter(enrolment__cohort__in=run.cohorts.all()).select_related("setting")
    }
    out = []
    for a in run.plan.get("assignments", []):
        block = blocks.get((cohort_of.get(a["apprentice"], ""), a["block"]))
        if block is None:
            continue
        existing = current.get((a["apprentice"], a["block"]))
        if (
            existing is not None
            and setting_id(existing.setting_id) == a["setting"]
            and existing.status == Placement.Status.PUBLISHED
            and (existing.start_date, existing.end_date) == (block.start_date, block.end_date)
        ):
            continue
        out.append(
            {
                "enrolment": record_pk(a["apprentice"]),
                "block": a["block"],
                "start": block.start_date,
                "end": block.end_date,
                "from_setting": existing.setting_id if existing else None,
                "to_setting": record_pk(a["setting"]),
            }
        )
    return out


def plan_run_publish(*, run: PlanRun, actor: Actor, today: date | None = None) -> PublishResult:
    """Turn the run's plan into published placements and tell each apprentice, host and mentor.

    Idempotent: publishing the same run again changes nothing and sends nothing. A placement whose setting and
    dates are already published stays as it is (no new message); one that changes is cancelled and replaced.
    """
    require_perm(actor, PLAN)
    today = today or timezone.localdate()
    with transaction.atomic():
        run = PlanRun.objects.select_for_update().select_related("scheme").get(pk=run.pk)
        if run.published_at is not None:
            return PublishResult(already_published=True)
        if not run.has_plan:
            raise ValidationError("Only a finished plan can be published.")
        cohorts = list(run.cohorts.all())
        newer = PlanRun.objects.filter(
            cohorts__in=cohorts, published_at__isnull=False, created_at__gt=run.created_at
        ).exists()
        if newer:
            raise ValidationError("A newer plan for these cohorts has been published. Plan again from the records.")
        result = PublishResult()
        now = timezone.now()
        changes = {(c["enrolment"], c["block"]): c for c in plan_changes(run)}
        result.unchanged = len((run.plan or {}).get("assignments", [])) - len(changes)
        enrolments = Enrolment.objects.in_bulk([e for e, _ in changes])
        settings = PlacementSetting.objects.select_related("site__organisation").in_bulk(
            [c["to_setting"] for c in changes.values()]
        )
        live = {
            (p.enrolment_id, p.block_index + 1): p
            for p in Placement.objects.live().filter(enrolment_id__in=[e for e, _ in changes])
        }
        for (e, number), change in sorted(changes.items()):
            old = live.get((e, number))
            if old is not None:
                old.status = Placement.Status.CANCELLED
                old.save(update_fields=["status", "updated_at"])
                result.cancelled += 1
            placement = Placement.objects.create(
                enrolment=enrolments[e],
                setting=settings[change["to_setting"]],
                block_index=number - 1,
                start_date=change["start"],
                end_date=change["end"],
                status=Placement.Status.PUBLISHED,
                published_at=now,
                plan_run=run,
            )
            result.created.append(placement)
        run.published_at, run.published_by_id = now, actor_id(actor)
        run.save(update_fields=["published_at", "published_by", "updated_at"])
        ReplanNeed.objects.filter(cohort__in=cohorts, resolved_at__isnull=True).update(
            resolved_at=now, resolved_by_run=run
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.PUBLISH,
            obj=run,
            detail={"created": len(result.created), "cancelled": result.cancelled, "unchanged": result.unchanged},
        )
        for placement in result.created:
            _notify(placement, run.scheme, today)
        placements_published.send(sender=PlanRun, run=run, placements=result.created)
    return result


def setting_leads(setting: PlacementSetting) -> list[Person]:
    """The placement's line managers: the setting's named contact, or else its organisation's host managers."""
    if setting.contact_id and setting.contact:
        return [setting.contact] if setting.contact.is_active else []
    return [
        m.person
        for m in Membership.objects.active()
        .filter(organisation=setting.site.organisation, role="host_manager")
        .select_related("person")
        if m.person.is_active
    ]


def placement_recipients(setting: PlacementSetting) -> list[Person]:
    """Who hears about a placement at a setting: its line managers (`setting_leads`) and its named mentors."""
    people: dict[int, Person] = {p.pk: p for p in setting_leads(setting)}
    for mentor in setting.mentors.all():
        people[mentor.pk] = mentor
    return [p for p in people.values() if p.is_active]


def _notify(placement: Placement, scheme: Scheme, today: date) -> None:
    """Apprentice: the details of their placement. Hosts and mentors: that an apprentice is coming, unnamed until
    the placement starts (they see who in the Hub from the first day)."""
    setting = placement.setting
    site = setting.site
    notice_days = (placement.start_date - today).days
    short = 0 <= notice_days < scheme.minimum_notice_weeks * 7
    warning = (
        f"\n\nThis is shorter notice than the scheme's {scheme.minimum_notice_weeks} weeks. "
        "Contact the scheme coordinator if it causes a problem."
        if short
        else ""
    )
    mentors = ", ".join(m.display_name for m in setting.mentors.all()) or "to be confirmed by the host"
    week = placement.enrolment.working_pattern
    days = patterns.describe(week) if week.host_days else "as agreed with the host"
    details = (
        f"Block {placement.block_number}: {placement.start_date:%-d %B %Y} to {placement.end_date:%-d %B %Y}\n"
        f"Setting: {setting.name}, {site.organisation.name}\n"
        f"Address: {site.address}, {site.postcode}\n"
        f"Days at the placement: {days}\n"
        f"Hours: {setting.working_hours or 'as agreed with the host'}\n"
        f"Named mentor: {mentors}"
    )
    apprentice = placement.enrolment.apprentice
    notification_queue(
        key=f"placement-published:{placement.pk}:{apprentice.pk}",
        recipient=apprentice,
        kind="placement_published",
        subject="Your next placement" + (" (short notice)" if short else ""),
        body=f"Your placement has been confirmed.\n\n{details}{warning}",
        link=reverse("rotations:my_calendar"),
        about=placement,
    )
    for person in placement_recipients(setting):
        notification_queue(
            key=f"placement-published:{placement.pk}:{person.pk}",
            recipient=person,
            kind="placement_published",
            subject=f"An apprentice is coming to {setting.name}" + (" (short notice)" if short else ""),
            body=(
                "An apprentice has been placed with you. You will see their name and details in Workforce Hub "
                f"from the first day of the placement.\n\n{details}{warning}"
            ),
            link=reverse("rotations:my_calendar"),
            as_role=(HOST_ROLES, site.organisation_id),
        )


# --------------------------------------------------------------------------------------- withdrawals, feeds


def enrolment_left(*, enrolment: Enrolment, on: date, reason: str) -> None:
    """An apprentice withdrew or transferred: placements after the date are cancelled, one under way ends on it,
    and the cohort is offered a re-plan."""
    live = Placement.objects.live().filter(enrolment=enrolment, end_date__gte=on)
    affected = False
    for p in live:
        affected = affected or p.status == Placement.Status.PUBLISHED
        if p.start_date > on:
            p.status = Placement.Status.CANCELLED
            p.save(update_fields=["status", "updated_at"])
        else:
            p.end_date = on
            p.save(update_fields=["end_date", "updated_at"])
    if affected:
        ReplanNeed.objects.create(
            cohort=enrolment.cohort,
            enrolment=enrolment,
            kind=ReplanNeed.Kind.WITHDRAWAL,
            summary=f"An apprentice {reason} on {on:%-d %B %Y}; their later placements were cancelled.",
        )


def calendar_feed_for(person: Person) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(person=person)
    return feed


def calendar_feed_read(token: str) -> CalendarFeed | None:
    """The feed with this secret address (of an active person), noting when it was last read."""
    feed = CalendarFeed.objects.filter(token=token, person__is_active=True).select_related("person").first()
    if feed is not None:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    return feed


def calendar_feed_reset(*, person: Person, actor: Actor) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    with transaction.atomic():
        CalendarFeed.objects.filter(person=person).delete()
        feed = CalendarFeed.objects.create(person=person)
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=feed, detail={"reset": True})
    return feed


def placements_for_calendar(person: Person) -> tuple[list[Placement], list[Placement]]:
    """(named, hosted) by exactly the page rules, for the person's login as it is now: their own placements, and
    the line-managed ones while they hold that role, by name; placements at organisations where they hold a host
    role (host manager, mentor) now, named only from the first to the last day (`hosted_named`). Nothing for a
    person with no active login or after every role has ended."""
    user = person.user
    if user is None:
        return [], []
    viewer = viewer_for(user)
    if viewer.is_anonymous or viewer.partnership_id is None:
        return [], []
    published = Placement.objects.filter(status=Placement.Status.PUBLISHED)
    mine = Q(enrolment__apprentice=person)
    if viewer.has_role("line_manager"):
        mine |= Q(enrolment__line_manager=person)
    named = list(
        published.visible_to(user)
        .filter(mine)
        .select_related(
            "setting__site__organisation", "enrolment__apprentice", "enrolment__cohort", "enrolment__own_pattern"
        )
        .order_by("start_date")
    )
    hosted = list(
        published.filter(
            enrolment__cohort__scheme__partnership_id=viewer.partnership_id,
            setting__site__organisation_id__in=viewer.host_org_ids,
        )
        .exclude(pk__in=[p.pk for p in named])
        .select_related(
            "setting__site__organisation", "enrolment__apprentice", "enrolment__cohort", "enrolment__own_pattern"
        )
        .order_by("start_date")
    )
    return named, hosted


def hosted_named(placement: Placement, today: date) -> bool:
    """A host sees the apprentice's name from the placement's first day to its last (the page rule)."""
    return placement.start_date <= today <= placement.end_date


# ------------------------------------------------------------------------------------------- retention, erasure


def _without_personal_data(
    instance: dict[str, Any] | None, left_out: list[dict[str, Any]] | None, enrolment_pks: set[int] | None
) -> tuple[dict[str, Any], list[dict[str, Any]], bool]:
    """A run's stored instance and left-out list without the enrolments' personal data (all when None), and whether
    there was any to take out. The stored values are not changed."""
    instance, left = copy.deepcopy(instance or {}), copy.deepcopy(left_out or [])
    removed = remove_personal_data(instance, enrolment_pks)
    removed = remove_left_out_reasons(left, enrolment_pks) or removed
    return instance, left, removed


def _remove_from_runs(runs: QuerySet[PlanRun], enrolment_pks: set[int] | None) -> int:
    changed = 0
    for run in runs.only("pk", "instance", "left_out").iterator(chunk_size=50):
        instance, left, removed = _without_personal_data(run.instance, run.left_out, enrolment_pks)
        if removed:
            PlanRun.objects.filter(pk=run.pk).update(instance=instance, left_out=left)
            changed += 1
    return changed


def plan_inputs_sweep(cutoff: date) -> int:
    """Retention: take dates of birth and home locations out of the planner's inputs kept with runs made before
    `cutoff` (the plans and placements stay). Returns how many runs changed; a run already done is not counted."""
    return _remove_from_runs(PlanRun.objects.filter(created_at__lt=privacy.start_of(cutoff)), None)


def _runs_of(person_id: int) -> tuple[Any, set[int]]:
    enrolments = dict(Enrolment.objects.filter(apprentice_id=person_id).values_list("pk", "cohort__scheme_id"))
    return PlanRun.objects.filter(scheme_id__in=set(enrolments.values())), set(enrolments)


def plan_inputs_of(person_id: int) -> int:
    """How many runs hold this person's date of birth, home location or a reason naming their postcode."""
    runs, pks = _runs_of(person_id)
    if not pks:
        return 0
    return sum(
        _without_personal_data(instance, left, pks)[2] for instance, left in runs.values_list("instance", "left_out")
    )


def plan_inputs_erase(person_id: int) -> int:
    """Erasure: take the person's date of birth, home location and left-out reasons out of every run."""
    runs, pks = _runs_of(person_id)
    return _remove_from_runs(runs, pks) if pks else 0
