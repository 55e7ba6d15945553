"""Who a person is to the Hub: `core.access.viewer_for` calls `build_viewer` (installed in `PeopleConfig.ready`),
so `core` imports no domain model."""

from __future__ import annotations

from workforce_hub.core.access import NOBODY, Actor, Viewer
from workforce_hub.organisations.models import Membership

from .models import Person


def build_viewer(user: Actor) -> Viewer:
    """The facts the access policy needs about an authenticated, active user: person, partnership and roles."""
    person = Person.objects.filter(user_id=user.pk, is_active=True).only("id", "partnership_id").first()
    if person is None:
        return NOBODY
    roles: dict[str, set[int]] = {}
    for role, org_id in Membership.objects.active().filter(person_id=person.pk).values_list("role", "organisation_id"):
        roles.setdefault(role, set()).add(org_id)
    return Viewer(
        user_id=user.pk,
        person_id=person.pk,
        partnership_id=person.partnership_id,
        roles={k: frozenset(v) for k, v in roles.items()},
    )
