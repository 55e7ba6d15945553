"""Who is looking: the one place that turns a user into the facts the access policy needs.

Every `visible_to(user)` queryset starts from `viewer_for(user)`. A user with no person record,
an inactive user or an anonymous user is a viewer with no roles, who sees nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

from .roles import HOST_ROLES, PARTNERSHIP_WIDE, PROVIDER_ROLES, Role


class Actor(Protocol):
    """Who is acting or looking: `request.user` (a signed-in `accounts.User` or Django's `AnonymousUser`).

    Services and selectors take an `Actor`; `viewer_for(actor)` turns it into the facts the access policy needs.
    Typed by what the Hub uses of it, so `core` needs no import of the accounts app."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...

    def has_perm(self, perm: str, obj: Any = None) -> bool: ...


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

    def coordinates(self, partnership_id: int) -> bool:
        """A coordinator of this partnership (not of another one)."""
        return self.is_coordinator and self.partnership_id == partnership_id

    @property
    def is_partnership_admin(self) -> bool:
        return self.has_role(Role.PARTNERSHIP_ADMIN)

    @property
    def host_org_ids(self) -> set[int]:
        return self.orgs_for(*HOST_ROLES)

    @property
    def provider_org_ids(self) -> set[int]:
        return self.orgs_for(*PROVIDER_ROLES)


def actor_id(actor: Actor | None) -> int | None:
    """The signed-in user's id, to store as who did something (None for nobody or an anonymous visitor)."""
    return actor.pk if actor is not None and actor.is_authenticated else None


NOBODY = Viewer()
_CACHE_ATTR = "_workforce_hub_viewer"


#: Turns an authenticated, active user into a Viewer. The people app installs it when Django starts
#: (`people.access.build_viewer`), so this module knows no domain model.
ViewerLoader = Callable[[Any], Viewer]
_loader: ViewerLoader | None = None


def install_viewer_loader(loader: ViewerLoader) -> None:
    global _loader
    _loader = loader


def viewer_for(user: Actor) -> Viewer:
    """The viewer for a user; cached on the user object for the length of a request."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return NOBODY
    cached = getattr(user, _CACHE_ATTR, None)
    if isinstance(cached, Viewer):
        return cached
    if _loader is None:
        raise ImproperlyConfigured("No viewer loader installed: is workforce_hub.people in INSTALLED_APPS?")
    viewer = _loader(user)
    setattr(user, _CACHE_ATTR, viewer)
    return viewer


def forget_viewer(user: Actor) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def get_visible_or_404[M: Model](queryset: QuerySet[M], **lookup: object) -> M:
    """Fetch one object from an already-scoped queryset; anything else is a 404 (never a 403)."""
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Not found") from exc
