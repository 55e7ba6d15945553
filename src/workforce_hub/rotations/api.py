"""REST API for rotations: planning runs (with their instance and plan JSON), publishing, placements, calendars."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from workforce_hub.core.rest.base import VisibleModelViewSet, limit_related
from workforce_hub.schemes.models import Cohort

from . import services
from .models import CohortBlock, Placement, PlanRun


class ChoiceSerializer(serializers.Serializer):
    enrolment = serializers.RegexField(r"^E\d+$", help_text="The enrolment, as E<id>.")
    block = serializers.IntegerField(min_value=1, max_value=24, help_text="The block number (from 1).")
    setting = serializers.RegexField(r"^S\d+$", help_text="The placement setting, as S<id>.")


class ChoicesSerializer(serializers.Serializer):
    pins = ChoiceSerializer(many=True, required=False, help_text="Keep these apprentices in these settings.")
    forbidden = ChoiceSerializer(many=True, required=False, help_text="Never place them in these settings.")


class PlanRunSerializer(serializers.ModelSerializer):
    cohorts = serializers.PrimaryKeyRelatedField(many=True, queryset=Cohort.objects.none())
    choices = ChoicesSerializer(required=False)
    instance = serializers.JSONField(read_only=True, help_text="The planning instance, as the planner read it.")
    plan = serializers.JSONField(read_only=True, help_text="The plan, as the planner wrote it.")
    progress = serializers.JSONField(read_only=True)
    left_out = serializers.JSONField(read_only=True)

    class Meta:
        model = PlanRun
        fields = [
            "id",
            "scheme",
            "cohorts",
            "parent",
            "reason",
            "time_limit",
            "choices",
            "status",
            "result",
            "objective",
            "bound",
            "progress",
            "error",
            "left_out",
            "instance",
            "plan",
            "created_at",
            "started_at",
            "finished_at",
            "published_at",
        ]
        read_only_fields = [
            "scheme",
            "parent",
            "status",
            "result",
            "objective",
            "bound",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "published_at",
        ]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if request := self.context.get("request"):
            limit_related(fields, "cohorts", Cohort.objects.visible_to(request.user))
        return fields


class PublishResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="Placements created or changed.")
    cancelled = serializers.IntegerField(help_text="Placements replaced by a changed one.")
    unchanged = serializers.IntegerField(help_text="Placements already published as planned.")
    already_published = serializers.BooleanField(help_text="True when this run had been published before.")


class PlanRunViewSet(VisibleModelViewSet):
    """Planning runs. Creating one builds the instance from the records and queues the planner; poll the run for
    its progress; `publish` turns its plan into placements (idempotent)."""

    serializer_class = PlanRunSerializer
    write_perm = services.PLAN
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["scheme", "status", "result"]
    ordering_fields = ["created_at"]

    def base_queryset(self) -> QuerySet[PlanRun]:
        return PlanRun.objects.visible_to(self.request.user).prefetch_related("cohorts").order_by("-created_at", "-pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        serializer.instance = services.plan_run_create(
            cohorts=list(data["cohorts"]),
            actor=self.request.user,
            time_limit=data.get("time_limit", 30),
            choices=data.get("choices") or {},
            reason=data.get("reason", ""),
        )

    @extend_schema(request=None, responses={200: PublishResultSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        run = self.get_object()
        result = services.plan_run_publish(run=run, actor=request.user)
        data = {
            "created": len(result.created),
            "cancelled": result.cancelled,
            "unchanged": result.unchanged,
            "already_published": result.already_published,
        }
        return Response(PublishResultSerializer(data).data, status=status.HTTP_200_OK)

    @extend_schema(request=None, responses={200: PlanRunSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str | None = None) -> Response:
        run = services.plan_run_retry(run=self.get_object(), actor=request.user)
        return Response(self.get_serializer(run).data)

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                "PlanChange",
                {
                    "enrolment": serializers.IntegerField(),
                    "block": serializers.IntegerField(),
                    "start": serializers.DateField(),
                    "end": serializers.DateField(),
                    "from_setting": serializers.IntegerField(allow_null=True),
                    "to_setting": serializers.IntegerField(),
                },
                many=True,
            )
        },
    )
    @action(detail=True, methods=["get"])
    def changes(self, request: Request, pk: str | None = None) -> Response:
        """What publishing this run would change, compared with the placements published now."""
        return Response(services.plan_changes(self.get_object()))


class PlacementSerializer(serializers.ModelSerializer):
    block = serializers.IntegerField(source="block_number", read_only=True)

    class Meta:
        model = Placement
        fields = ["id", "enrolment", "setting", "block", "start_date", "end_date", "status", "published_at", "plan_run"]
        read_only_fields = fields


class PlacementViewSet(VisibleModelViewSet):
    """Placements you may see: hosts see a placement only while it is under way."""

    serializer_class = PlacementSerializer
    http_method_names = ["get", "head", "options"]
    filterset_fields = ["enrolment", "setting", "status", "enrolment__cohort"]
    ordering_fields = ["start_date"]

    def base_queryset(self) -> QuerySet[Placement]:
        return Placement.objects.visible_to(self.request.user).order_by("start_date", "pk")


class CohortBlockSerializer(serializers.ModelSerializer):
    class Meta:
        model = CohortBlock
        fields = ["id", "cohort", "number", "start_date", "end_date"]
        read_only_fields = fields


class CohortBlockViewSet(VisibleModelViewSet):
    """Cohort calendars: the dates of each placement block."""

    serializer_class = CohortBlockSerializer
    http_method_names = ["get", "head", "options"]
    filterset_fields = ["cohort"]

    def base_queryset(self) -> QuerySet[CohortBlock]:
        return CohortBlock.objects.visible_to(self.request.user).order_by("cohort_id", "number")
