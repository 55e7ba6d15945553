"""Field-level access: which sensitive field groups a viewer may see on a person (SECURITY.md 3)."""

from __future__ import annotations

from workforce_hub.core.access import Viewer
from workforce_hub.core.roles import Role

from .models import Person

FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "contact": ("email", "phone", "postcode", "latitude", "longitude", "location_source", "located_on"),
    "date_of_birth": ("date_of_birth",),
    "health": ("health_and_adjustment_notes",),
}
SENSITIVE_FIELDS: frozenset[str] = frozenset(f for fields in FIELD_GROUPS.values() for f in fields)
#: reads of these are special-category and always audited
AUDITED_GROUPS = frozenset({"health"})


def _relationships(viewer: Viewer, person: Person) -> set[str]:
    rel: set[str] = set()
    if viewer.person_id == person.pk:
        rel.add("self")
    if viewer.partnership_id != person.partnership_id:
        return rel
    if viewer.is_coordinator:
        rel.add("coordinator")
    if viewer.is_partnership_admin:
        rel.add("partnership_admin")
    enrolments = person.enrolments.all()
    if viewer.has_role(Role.LINE_MANAGER) and any(e.line_manager_id == viewer.person_id for e in enrolments):
        rel.add("line_manager")
    if viewer.provider_org_ids and any(e.cohort.training_provider_id in viewer.provider_org_ids for e in enrolments):
        rel.add("tutor")
    if viewer.host_org_ids:
        for e in enrolments:
            for p in e.placements.all():
                if p.is_current() and p.setting.site.organisation_id in viewer.host_org_ids:
                    rel.add("host")
    return rel


#: who may see each group, by relationship to the person
GROUP_POLICY: dict[str, frozenset[str]] = {
    "contact": frozenset({"self", "coordinator", "partnership_admin", "line_manager", "tutor"}),
    "date_of_birth": frozenset({"self", "coordinator", "partnership_admin"}),
    "health": frozenset({"self", "coordinator", "line_manager"}),
}


def visible_groups(viewer: Viewer, person: Person) -> set[str]:
    rel = _relationships(viewer, person)
    return {group for group, who in GROUP_POLICY.items() if rel & who}


def hidden_fields(viewer: Viewer, person: Person) -> set[str]:
    groups = visible_groups(viewer, person)
    return {f for g, fields in FIELD_GROUPS.items() if g not in groups for f in fields}
