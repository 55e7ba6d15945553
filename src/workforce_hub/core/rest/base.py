"""Shared API plumbing: every viewset starts from `visible_to` and writes through services."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import permissions, viewsets

from workforce_hub.core.access import viewer_for


class IsPartnershipMember(permissions.BasePermission):
    message = "Your account is not a member of a partnership."

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and not viewer_for(request.user).is_anonymous)


class ActionPermission(permissions.BasePermission):
    """Reads: any member (objects are filtered by visible_to). Writes: the viewset's `write_perm`."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        perm = getattr(view, "write_perm", None)
        return bool(perm and request.user.has_perm(perm))


class VisibleModelViewSet(viewsets.ModelViewSet):
    permission_classes = [permissions.IsAuthenticated, IsPartnershipMember, ActionPermission]
    http_method_names = ["get", "post", "patch", "head", "options"]
    write_perm: str = ""

    def base_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        return self.base_queryset()
