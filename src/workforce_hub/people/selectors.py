"""Reads for people pages. Sensitive fields are removed here, before any template or serializer sees them."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from workforce_hub.core import privacy
from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.organisations.models import Membership

from .models import Person
from .policy import AUDITED_GROUPS, FIELD_GROUPS, visible_groups


def person_list(*, user: Actor, q: str = "", role: str = "", organisation: Any = None) -> QuerySet[Person]:
    qs = Person.objects.visible_to(user)
    if q:
        for word in q.split()[:4]:
            qs = qs.filter(
                Q(given_name__icontains=word) | Q(family_name__icontains=word) | Q(preferred_name__icontains=word)
            )
    if role:
        qs = qs.filter(memberships__role=role)
    if organisation:
        qs = qs.filter(memberships__organisation=organisation)
    return (
        qs.prefetch_related(Prefetch("memberships", queryset=Membership.objects.select_related("organisation")))
        .distinct()
        .order_by("family_name", "given_name")
    )


def person_for_policy(person_qs: QuerySet[Person]) -> QuerySet[Person]:
    """Prefetch what the field policy needs, in a fixed number of queries."""
    return person_qs.prefetch_related("enrolments__cohort", "enrolments__placements__setting__site")


def person_fields(*, user: Actor, person: Person, purpose: str = "page") -> dict[str, Any]:
    """The person's fields this user may see. Reading special-category fields is audited."""
    viewer = viewer_for(user)
    groups = visible_groups(viewer, person)
    data: dict[str, Any] = {
        "id": person.pk,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "preferred_name": person.preferred_name,
        "display_name": person.display_name,
        "is_active": person.is_active,
        "has_login": person.user_id is not None,
    }
    for group in groups:
        for field in FIELD_GROUPS[group]:
            data[field] = getattr(person, field)
    audited = sorted(groups & AUDITED_GROUPS)
    if audited and person.health_and_adjustment_notes:
        audit_record(
            actor=user, action=AuditEvent.Action.READ_SENSITIVE, obj=person, detail={"groups": audited, "via": purpose}
        )
    data["visible_groups"] = sorted(groups)
    return data


def acting_person(actor: Actor) -> Person | None:
    """The person record of whoever acts (to record who signed, decided or entered something); None for a login
    with no person, such as a system job."""
    person_id = viewer_for(actor).person_id
    return Person.objects.filter(pk=person_id).first() if person_id else None


def erasure_plan(person: Person) -> list[privacy.ErasureLine]:
    """What an erasure of the person does (or, after one, what was kept), record type by record type."""
    return privacy.erasure_plan(person.pk)


def coordinators_of(partnership_id: int) -> QuerySet[Person]:
    """The partnership's active coordinators (who hears about something no named coordinator looks after)."""
    from workforce_hub.core.roles import Role

    return Person.objects.filter(
        pk__in=Membership.objects.active()
        .filter(role=Role.COORDINATOR, person__partnership_id=partnership_id)
        .values("person_id"),
        is_active=True,
    )
