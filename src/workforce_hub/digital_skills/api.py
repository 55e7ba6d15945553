"""REST API for digital skills: your own assessments, the suppressed needs analysis for managers, and learning
resources."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from workforce_hub.core.rest.base import (
    IsPartnershipMember,
    VisibleChoicesSerializer,
    VisibleModelViewSet,
    instance_of,
)
from workforce_hub.core.web import id_param

from . import selectors, services
from .access import access_needs
from .models import (
    Assessment,
    LearningResource,
)


class DomainLevelSerializer(serializers.Serializer):
    domain = serializers.CharField(source="domain.code")
    level = serializers.IntegerField()


class AssessmentSerializer(VisibleChoicesSerializer):
    domain_results = DomainLevelSerializer(many=True, read_only=True)
    framework: serializers.StringRelatedField[Any] = serializers.StringRelatedField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "framework",
            "staff_group",
            "organisation",
            "round",
            "started_at",
            "completed_at",
            "domain_results",
        ]
        read_only_fields = fields


class AssessmentViewSet(VisibleModelViewSet):
    """Your own digital skills assessments and the level reached in each domain. Nobody else's, whatever the role."""

    serializer_class = AssessmentSerializer
    http_method_names = ["get", "head", "options"]

    def base_queryset(self) -> QuerySet[Assessment]:
        return (
            Assessment.objects.visible_to(self.request.user)
            .select_related("framework")
            .prefetch_related("domain_results__domain")
            .order_by("-started_at", "-pk")
        )


@extend_schema(
    parameters=[
        OpenApiParameter("group_by", str, enum=list(selectors.GROUPINGS)),
        OpenApiParameter("round", int, required=False),
    ],
    responses={
        200: inline_serializer(
            "NeedsAnalysis",
            {
                "threshold": serializers.IntegerField(),
                "domains": serializers.ListField(child=serializers.CharField()),
                "rows": serializers.ListField(child=serializers.DictField()),
            },
        )
    },
)
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated, IsPartnershipMember])
def needs_analysis(request: Request) -> Response:
    """Aggregated needs by organisation, parent body or staff group. Groups under the threshold are hidden."""
    access_needs(request.user)
    group_by = request.query_params.get("group_by", "organisation")
    round_id = request.query_params.get("round", "")
    data = selectors.needs_analysis(user=request.user, group_by=group_by, round_id=id_param(round_id))

    def row(r: Any) -> dict[str, Any]:
        return {
            "group": r.label,
            "people": r.n,
            "suppressed": r.suppressed,
            "cells": [
                {"domain": d.code, "getting_started_pct": c.basics, "not_yet_confident_pct": c.not_confident}
                for d, c in zip(data["domains"], r.cells, strict=True)
            ],
        }

    return Response(
        {
            "threshold": data["threshold"],
            "domains": [d.code for d in data["domains"]],
            "rows": [row(r) for r in data["rows"]],
            "total": row(data["total"]) if data["total"] else None,
        }
    )


class LearningResourceSerializer(VisibleChoicesSerializer):
    class Meta:
        model = LearningResource
        fields = ["id", "title", "url", "domain_code", "level", "duration_minutes", "format"]


class LearningResourceViewSet(VisibleModelViewSet):
    """The partnership's catalogue of learning resources, suggested to staff by area and level. Admins and
    coordinators add, change and remove them."""

    serializer_class = LearningResourceSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    write_perm = services.MANAGE
    search_fields = ["title"]
    filterset_fields = ["domain_code", "level"]

    def base_queryset(self) -> QuerySet[LearningResource]:
        return LearningResource.objects.visible_to(self.request.user).order_by("domain_code", "level", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.resource_save(actor=self.request.user, data=dict(serializer.validated_data))

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.resource_save(
            actor=self.request.user, data=dict(serializer.validated_data), resource=instance_of(serializer)
        )

    def perform_destroy(self, instance: LearningResource) -> None:
        services.resource_delete(actor=self.request.user, resource=instance)
