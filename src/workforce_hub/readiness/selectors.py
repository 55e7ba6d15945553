"""Reading readiness: which template fits a placement, each placement's progress, what is not ready soon."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.roles import Role
from workforce_hub.organisations.models import Membership
from workforce_hub.people.models import Person
from workforce_hub.rotations.models import Placement, TrainingUnit
from workforce_hub.schemes.models import ACTIVE_STATUSES, Enrolment, Scheme

from .models import (
    NOT_READY_WARNING_DAYS,
    Audience,
    Briefing,
    ChecklistTemplate,
    FaqEntry,
    InductionDone,
    InductionItem,
    PlacementAgreement,
    PreArrivalTask,
)


def template_for(placement: Placement) -> ChecklistTemplate | None:
    """The most specific active template for the placement's organisation and setting type."""
    setting = placement.setting
    candidates = ChecklistTemplate.objects.filter(
        partnership_id=placement.enrolment.cohort.scheme.partnership_id, is_active=True
    ).filter(
        Q(organisation__isnull=True) | Q(organisation_id=setting.site.organisation_id),
        Q(setting_type="") | Q(setting_type=setting.setting_type),
    )
    return max(candidates, key=lambda t: (t.specificity, -t.pk), default=None)


@dataclass(frozen=True)
class Readiness:
    placement: Placement
    tasks_done: int
    tasks: int
    agreement: PlacementAgreement | None

    @property
    def agreement_signed(self) -> bool:
        return self.agreement is not None and self.agreement.is_signed

    @property
    def ready(self) -> bool:
        return self.tasks_done == self.tasks and self.agreement_signed

    @property
    def summary(self) -> str:
        signed = "agreement signed" if self.agreement_signed else "agreement not yet signed by everyone"
        return f"{self.tasks_done} of {self.tasks} pre-arrival tasks done; {signed}"


def readiness_of(placements: Iterable[Placement]) -> list[Readiness]:
    placements = list(placements)
    ids = [p.pk for p in placements]
    done: dict[int, list[int]] = {pk: [0, 0] for pk in ids}
    for task in PreArrivalTask.objects.filter(placement_id__in=ids).values("placement_id", "done_at"):
        done[task["placement_id"]][1] += 1
        done[task["placement_id"]][0] += task["done_at"] is not None
    agreements = {a.placement_id: a for a in PlacementAgreement.objects.filter(placement_id__in=ids)}
    return [Readiness(p, done[p.pk][0], done[p.pk][1], agreements.get(p.pk)) for p in placements]


def starting_soon(user: Actor, today: date, days: int = NOT_READY_WARNING_DAYS) -> list[Readiness]:
    """Published placements the viewer may see that start within `days` and are not ready."""
    placements = (
        Placement.objects.visible_to(user)
        .filter(status=Placement.Status.PUBLISHED, start_date__gt=today, start_date__lte=today + timedelta(days=days))
        .select_related("setting__site__organisation", "enrolment__apprentice")
        .order_by("start_date", "pk")
    )
    return [r for r in readiness_of(placements) if not r.ready]


def host_preparing(user: Actor, today: date) -> list[Readiness]:
    """Published placements to come at the viewer's host organisations, each with its progress (nobody named)."""
    viewer = viewer_for(user)
    if not viewer.host_org_ids:
        return []
    placements = (
        Placement.objects.filter(
            status=Placement.Status.PUBLISHED,
            start_date__gt=today,
            setting__site__organisation_id__in=viewer.host_org_ids,
            enrolment__cohort__scheme__partnership_id=viewer.partnership_id or 0,
        )
        .select_related("setting", "enrolment__cohort")
        .order_by("start_date", "pk")
    )
    return readiness_of(placements)


# ------------------------------------------------------------------------------------ induction and briefings


@dataclass(frozen=True)
class InductionList:
    scheme: Scheme
    audience: str
    items: list[InductionItem]
    done: set[int]

    @property
    def label(self) -> str:
        return str(Audience(self.audience).label)

    @property
    def complete(self) -> bool:
        return all(i.pk in self.done for i in self.items)


def in_audience(actor: Actor, scheme: Scheme, audience: str) -> bool:
    """Apprentices enrolled in the scheme; mentors and host managers of the partnership; tutors and assessors of a
    training provider of the scheme's cohorts."""
    viewer = viewer_for(actor)
    if viewer.partnership_id != scheme.partnership_id or viewer.person_id is None:
        return False
    if audience == Audience.APPRENTICE:
        return Enrolment.objects.filter(cohort__scheme=scheme, apprentice_id=viewer.person_id).exists()
    if audience == Audience.MENTOR:
        return bool(viewer.host_org_ids)
    providers = set(scheme.cohorts.values_list("training_provider_id", flat=True))
    return bool(providers & viewer.provider_org_ids)


def my_induction(user: Actor) -> list[InductionList]:
    """The induction checklists this person is in the audience for, with what they have done."""
    viewer = viewer_for(user)
    items = list(
        InductionItem.objects.visible_to(user).select_related("scheme").order_by("scheme__name", "audience", "position")
    )
    done = set(InductionDone.objects.filter(person_id=viewer.person_id or 0).values_list("item_id", flat=True))
    lists: dict[tuple[int, str], list[InductionItem]] = {}
    for item in items:
        lists.setdefault((item.scheme_id, item.audience), []).append(item)
    out = []
    for (_, audience), group in lists.items():
        if in_audience(user, group[0].scheme, audience):
            out.append(InductionList(group[0].scheme, audience, group, {i.pk for i in group if i.pk in done}))
    return out


@dataclass(frozen=True)
class InductionRow:
    person: Person
    audience: str
    done: int
    total: int


def induction_progress(scheme: Scheme) -> list[InductionRow]:
    """Everyone the scheme's induction is for, with how much of theirs they have done."""
    items = list(InductionItem.objects.filter(scheme=scheme))
    by_audience: dict[str, set[int]] = {}
    for item in items:
        by_audience.setdefault(item.audience, set()).add(item.pk)
    people: dict[str, set[int]] = {
        Audience.APPRENTICE: set(
            Enrolment.objects.filter(cohort__scheme=scheme, status__in=ACTIVE_STATUSES).values_list(
                "apprentice_id", flat=True
            )
        ),
        Audience.MENTOR: set(
            Membership.objects.active()
            .filter(
                organisation__sites__settings__placements__enrolment__cohort__scheme=scheme,
                role__in=[Role.MENTOR, Role.HOST_MANAGER],
            )
            .values_list("person_id", flat=True)
        ),
        Audience.TUTOR: set(
            Membership.objects.active()
            .filter(organisation__provider_cohorts__scheme=scheme, role__in=[Role.TUTOR, Role.ASSESSOR])
            .values_list("person_id", flat=True)
        ),
    }
    done = {
        (d["person_id"], d["item_id"])
        for d in InductionDone.objects.filter(item__scheme=scheme).values("person_id", "item_id")
    }
    everyone = Person.objects.in_bulk({p for ids in people.values() for p in ids})
    rows = []
    for audience, ids in people.items():
        wanted = by_audience.get(audience, set())
        if not wanted:
            continue
        for pid in ids:
            if pid in everyone:
                rows.append(InductionRow(everyone[pid], audience, sum((pid, i) in done for i in wanted), len(wanted)))
    return sorted(rows, key=lambda r: (r.audience, r.person.family_name, r.person.given_name))


def briefing_pack(placement: Placement) -> dict[str, object]:
    """What a host needs to know before an apprentice arrives: the scheme in brief, the FAQ, the training for the
    block and who to contact."""
    scheme = placement.enrolment.cohort.scheme
    cohort = placement.enrolment.cohort
    return {
        "briefing": Briefing.objects.filter(scheme=scheme).first(),
        "faq": list(FaqEntry.objects.filter(partnership_id=scheme.partnership_id)),
        "training": list(TrainingUnit.objects.filter(scheme=scheme, block_number=placement.block_number)),
        "coordinator": cohort.coordinator,
        "provider": cohort.training_provider,
        "contact": placement.setting.contact,
    }
