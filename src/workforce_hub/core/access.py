"""Who is looking: the one place that turns a user into the facts the access policy needs.

Every `visible_to(user)` queryset starts from `viewer_for(user)`. A user with no person record,
an inactive user or an anonymous user is a viewer with no roles, who sees nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from .roles import HOST_ROLES, PARTNERSHIP_WIDE, PROVIDER_ROLES, Role


@dataclass(frozen=True)
class Viewer:
    user_id: int | None = None
    person_id: int | None = None
    partnership_id: int | None = None
    #: role -> organisation ids where the person holds that role (active memberships only)
    roles: dict[str, frozenset[int]] = field(default_factory=dict)

    @property
    def pid(self) -> int:
        """The partnership id of a member (views behind `member_required` only)."""
        if self.partnership_id is None:
            raise PermissionError("Not a member of a partnership.")
        return self.partnership_id

    @property
    def pkey(self) -> int:
        """The person id of a member."""
        if self.person_id is None:
            raise PermissionError("Not a member of a partnership.")
        return self.person_id

    @property
    def is_anonymous(self) -> bool:
        return self.person_id is None or self.partnership_id is None

    def has_role(self, *roles: str) -> bool:
        return any(self.roles.get(r) for r in roles)

    def orgs_for(self, *roles: str) -> set[int]:
        out: set[int] = set()
        for r in roles:
            out |= set(self.roles.get(r, ()))
        return out

    @property
    def is_partnership_wide(self) -> bool:
        return self.has_role(*PARTNERSHIP_WIDE)

    @property
    def is_coordinator(self) -> bool:
        return self.has_role(Role.COORDINATOR)

    @property
    def is_partnership_admin(self) -> bool:
        return self.has_role(Role.PARTNERSHIP_ADMIN)

    @property
    def host_org_ids(self) -> set[int]:
        return self.orgs_for(*HOST_ROLES)

    @property
    def provider_org_ids(self) -> set[int]:
        return self.orgs_for(*PROVIDER_ROLES)


NOBODY = Viewer()
_CACHE_ATTR = "_workforce_hub_viewer"


def viewer_for(user: Any) -> Viewer:
    """The viewer for a user; cached on the user object for the length of a request."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return NOBODY
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    from workforce_hub.organisations.models import Membership
    from workforce_hub.people.models import Person

    person = Person.objects.filter(user_id=user.pk, is_active=True).only("id", "partnership_id").first()
    if person is None:
        viewer = NOBODY
    else:
        roles: dict[str, set[int]] = {}
        for role, org_id in (
            Membership.objects.active().filter(person_id=person.pk).values_list("role", "organisation_id")
        ):
            roles.setdefault(role, set()).add(org_id)
        viewer = Viewer(
            user_id=user.pk,
            person_id=person.pk,
            partnership_id=person.partnership_id,
            roles={k: frozenset(v) for k, v in roles.items()},
        )
    setattr(user, _CACHE_ATTR, viewer)
    return viewer


def forget_viewer(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def enrolment_access(viewer: Viewer, path: str = "") -> Any:
    """Which enrolments a non-partnership-wide viewer reaches through a relationship, as a Q object.

    `path` leads from the model being filtered to the enrolment ("" for Enrolment, "enrolments__" for Person).
    The named line manager, tutors and assessors of the cohort's training provider, and hosts and mentors while
    a published placement at their organisation covers today. An empty Q (nothing) for anyone else.
    """
    from django.db.models import Q
    from django.utils import timezone

    q = Q(pk__in=[])
    if viewer.has_role(Role.LINE_MANAGER):
        q |= Q(**{f"{path}line_manager_id": viewer.person_id})
    if viewer.provider_org_ids:
        q |= Q(**{f"{path}cohort__training_provider_id__in": viewer.provider_org_ids})
    if viewer.host_org_ids:
        today = timezone.localdate()
        q |= Q(
            **{
                f"{path}placements__setting__site__organisation_id__in": viewer.host_org_ids,
                f"{path}placements__status": "published",
                f"{path}placements__start_date__lte": today,
                f"{path}placements__end_date__gte": today,
            }
        )
    return q


def get_visible_or_404(queryset: Any, **lookup: Any) -> Any:
    """Fetch one object from an already-scoped queryset; anything else is a 404 (never a 403)."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Not found") from exc
