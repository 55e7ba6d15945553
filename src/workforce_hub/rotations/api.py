"""REST API for rotations: planning runs (with their instance and plan JSON), publishing, placements, calendars."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from workforce_hub.core.access import get_visible_or_404
from workforce_hub.core.rest.base import VisibleChoicesSerializer, VisibleModelViewSet, instance_of
from workforce_hub.schemes.models import Cohort

from . import services
from .models import CapacityChange, CohortBlock, Placement, PlanRun, TrainingUnit


class ChoiceSerializer(serializers.Serializer):
    enrolment = serializers.RegexField(r"^E\d+$", help_text="The enrolment, as E<id>.")
    block = serializers.IntegerField(min_value=1, max_value=24, help_text="The block number (from 1).")
    setting = serializers.RegexField(r"^S\d+$", help_text="The placement setting, as S<id>.")


class ChoicesSerializer(serializers.Serializer):
    pins = ChoiceSerializer(many=True, required=False, help_text="Keep these apprentices in these settings.")
    forbidden = ChoiceSerializer(many=True, required=False, help_text="Never place them in these settings.")
    avoid_unsigned_hosts = serializers.BooleanField(
        required=False,
        help_text="Leave out hosts without a partnership agreement to the scheme signed by both sides (not the "
        "cohorts' employers; placements under way stay).",
    )


class PlanRunSerializer(VisibleChoicesSerializer):
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
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def changes(self, request: Request, pk: str | None = None) -> Response:
        """What publishing this run would change, compared with the placements published now."""
        return Response(services.plan_changes(self.get_object()))


class PlacementSerializer(VisibleChoicesSerializer):
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


class CohortBlockSerializer(VisibleChoicesSerializer):
    class Meta:
        model = CohortBlock
        fields = ["id", "cohort", "number", "start_date", "end_date"]
        read_only_fields = ["cohort", "number"]


class CalendarCreateSerializer(serializers.Serializer):
    cohort = serializers.IntegerField(help_text="The cohort whose calendar to lay out from its scheme's rules.")


class CohortBlockViewSet(VisibleModelViewSet):
    """Cohort calendars: the dates of each placement block. Coordinators lay a cohort's calendar out from the
    scheme's rules (`calendar`) and move a block's dates (`PATCH`); blocks stay in order inside the cohort."""

    serializer_class = CohortBlockSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    write_perm = services.PLAN
    filterset_fields = ["cohort"]

    def base_queryset(self) -> QuerySet[CohortBlock]:
        return CohortBlock.objects.visible_to(self.request.user).order_by("cohort_id", "number")

    @extend_schema(exclude=True)  # refused: not an operation of the API, so not in its schema
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        return Response({"detail": "Lay out a calendar with `calendar`, then change its blocks."}, status=405)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        block = instance_of(serializer)
        data = {
            "start_date": serializer.validated_data.get("start_date", block.start_date),
            "end_date": serializer.validated_data.get("end_date", block.end_date),
        }
        services.cohort_block_update(block=block, data=data, actor=self.request.user)

    @extend_schema(request=CalendarCreateSerializer, responses={201: CohortBlockSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def calendar(self, request: Request) -> Response:
        payload = CalendarCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        cohort = get_visible_or_404(Cohort.objects.visible_to(request.user), pk=payload.validated_data["cohort"])
        blocks = services.cohort_calendar_create(cohort=cohort, actor=request.user)
        return Response(self.get_serializer(blocks, many=True).data, status=status.HTTP_201_CREATED)


class TrainingUnitSerializer(VisibleChoicesSerializer):
    class Meta:
        model = TrainingUnit
        fields = ["id", "scheme", "title", "topic", "block_number"]


class TrainingUnitViewSet(VisibleModelViewSet):
    """A scheme's training schedule: the units taught in each block and the type of setting where each is best
    learnt (the planner tries to place apprentices in step). Coordinators add and remove units."""

    serializer_class = TrainingUnitSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]
    write_perm = services.PLAN
    filterset_fields = ["scheme", "block_number"]

    def base_queryset(self) -> QuerySet[TrainingUnit]:
        return TrainingUnit.objects.visible_to(self.request.user).order_by("scheme_id", "block_number", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        scheme = data.pop("scheme")
        serializer.instance = services.training_unit_create(scheme=scheme, data=data, actor=self.request.user)

    def perform_destroy(self, instance: TrainingUnit) -> None:
        services.training_unit_delete(unit=instance, actor=self.request.user)


class CapacityChangeSerializer(VisibleChoicesSerializer):
    class Meta:
        model = CapacityChange
        fields = ["id", "setting", "start_date", "end_date", "capacity", "reason"]


class CapacityChangeViewSet(VisibleModelViewSet):
    """Times a host can take fewer apprentices (a ward closes, a mentor is away). The planner uses them, and
    cohorts whose published placements no longer fit are offered a re-plan. Coordinators and admins record them."""

    serializer_class = CapacityChangeSerializer
    http_method_names = ["get", "post", "head", "options"]
    write_perm = "hub.change_capacity"
    filterset_fields = ["setting"]

    def base_queryset(self) -> QuerySet[CapacityChange]:
        return CapacityChange.objects.visible_to(self.request.user).order_by("start_date", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        setting = data.pop("setting")
        serializer.instance = services.capacity_change_create(setting=setting, data=data, actor=self.request.user)
