"""Shared API plumbing: every viewset starts from `visible_to` and writes through services."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.views import APIView

from workforce_hub.core.access import viewer_for


class IsPartnershipMember(permissions.BasePermission):
    message = "Your account is not a member of a partnership."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated and not viewer_for(request.user).is_anonymous)


class ActionPermission(permissions.BasePermission):
    """Reads: any member (objects are filtered by visible_to). Writes: the viewset's `write_perm`, or, where the
    right to write depends on the object and the day (the host while the placement runs, the apprentice on their
    own record), the service decides (`service_checks_writes`) and audits a refusal as it does for the pages."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if getattr(view, "service_checks_writes", False):
            return True
        perm = getattr(view, "write_perm", None)
        return bool(perm and request.user.has_perm(perm))


class VisibleModelViewSet(viewsets.ModelViewSet):
    permission_classes = [permissions.IsAuthenticated, IsPartnershipMember, ActionPermission]
    http_method_names = ["get", "post", "patch", "head", "options"]
    write_perm: str = ""
    service_checks_writes: bool = False

    def base_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        return self.base_queryset()


class ReadOnlyVisibleViewSet(VisibleModelViewSet):
    http_method_names = ["get", "head", "options"]


def instance_of[M: Model](serializer: serializers.BaseSerializer[M]) -> M:
    """The object an update changes (DRF sets it before `perform_update`)."""
    if serializer.instance is None:
        raise ValueError("An update needs the object it changes.")
    return serializer.instance


def limit_related(fields: dict[str, Any], name: str, queryset: QuerySet[Any]) -> None:
    """Limit a related field of a serializer (one object or many) to `queryset`: what the user may choose."""
    field = fields[name]
    if isinstance(field, serializers.ManyRelatedField):
        field = field.child_relation
    if not isinstance(field, serializers.RelatedField):
        raise TypeError(f"{name} is not a related field.")
    field.queryset = queryset  # type: ignore[arg-type]  # the stubs type this attribute as a manager descriptor


class VisibleChoicesSerializer(serializers.ModelSerializer):
    """A model serializer whose related fields accept only what the caller may see: every writable related field
    whose model has `visible_to` is limited to it, so a request can never name (or learn of) someone else's record.
    A subclass may narrow a field further in its own `get_fields`."""

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None:
            return fields
        for name, field in fields.items():
            related = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
            queryset = getattr(related, "queryset", None)
            if isinstance(related, serializers.RelatedField) and queryset is not None:
                manager = queryset.model._default_manager
                if hasattr(manager, "visible_to"):
                    limit_related(fields, name, manager.visible_to(request.user))
        return fields
