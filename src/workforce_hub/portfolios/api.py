"""REST API for learning records: records with their gateway status, training plans, off-the-job hours, evidence
metadata (never the file or text of quarantined items) with assessments, and progress reviews."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from workforce_hub.core.access import get_visible_or_404
from workforce_hub.core.rest.base import IsPartnershipMember, VisibleModelViewSet, limit_related

from . import selectors, services
from .models import Evidence, LearningRecord, OffTheJobEntry, ProgressReview, TrainingPlan


class ReadOnlyVisible(VisibleModelViewSet):
    http_method_names = ["get", "head", "options"]


class LearningRecordSerializer(serializers.ModelSerializer):
    apprentice = serializers.IntegerField(source="enrolment.apprentice_id", read_only=True)
    standard: serializers.StringRelatedField[Any] = serializers.StringRelatedField()
    pathway: serializers.StringRelatedField[Any] = serializers.StringRelatedField()
    rule_set = serializers.CharField(source="rule_set.code", read_only=True)

    class Meta:
        model = LearningRecord
        fields = [
            "id",
            "enrolment",
            "apprentice",
            "standard",
            "pathway",
            "rule_set",
            "start_date",
            "planned_end",
            "contracted_hours",
            "english_achieved",
            "maths_achieved",
            "employer_confirmed_at",
            "gateway_on",
        ]
        read_only_fields = fields


GatewaySerializer = inline_serializer(
    "GatewayStatus",
    {
        "ready": serializers.BooleanField(),
        "items": serializers.ListField(child=serializers.DictField()),
        "otj": serializers.DictField(),
    },
)


class LearningRecordViewSet(ReadOnlyVisible):
    """Learning records you can see (the apprentice, their line manager, their provider, coordinators)."""

    serializer_class = LearningRecordSerializer
    search_fields = ["enrolment__apprentice__family_name", "enrolment__apprentice__given_name"]

    def base_queryset(self) -> QuerySet[LearningRecord]:
        return (
            LearningRecord.objects.visible_to(self.request.user)
            .select_related("standard", "pathway", "rule_set", "enrolment")
            .order_by("pk")
        )

    @extend_schema(responses={200: GatewaySerializer})
    @action(detail=True, methods=["get"])
    def gateway(self, request: Request, pk: str | None = None) -> Response:
        """The end-point-assessment gateway checklist, each item with why it passes or not."""
        record = self.get_object()
        gate = selectors.gateway(record)
        otj = gate.otj
        return Response(
            {
                "ready": gate.ready,
                "items": [{"label": i.label, "passed": i.passed, "reason": i.reason} for i in gate.items],
                "otj": {
                    "required": str(otj.required),
                    "approved": str(otj.approved),
                    "pending": str(otj.pending),
                    "pace": str(otj.pace),
                    "behind": otj.behind,
                },
            }
        )


class TrainingPlanSerializer(serializers.ModelSerializer):
    is_agreed = serializers.BooleanField(read_only=True)

    class Meta:
        model = TrainingPlan
        fields = [
            "id",
            "record",
            "version",
            "summary",
            "otj_plan",
            "employer_commitments",
            "provider_commitments",
            "support",
            "apprentice_signed_at",
            "employer_signed_at",
            "provider_signed_at",
            "is_agreed",
            "created_at",
        ]
        read_only_fields = fields


class TrainingPlanViewSet(ReadOnlyVisible):
    """Every version of each training plan, with its three signatures."""

    serializer_class = TrainingPlanSerializer

    def base_queryset(self) -> QuerySet[TrainingPlan]:
        return TrainingPlan.objects.visible_to(self.request.user).order_by("record_id", "-version")


class OffTheJobSerializer(serializers.ModelSerializer):
    class Meta:
        model = OffTheJobEntry
        fields = [
            "id",
            "record",
            "activity",
            "date",
            "hours",
            "description",
            "evidence",
            "status",
            "feedback",
            "reviewed_at",
        ]
        read_only_fields = ["id", "status", "feedback", "reviewed_at"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "record" in fields:
            limit_related(fields, "record", LearningRecord.objects.visible_to(request.user))
            limit_related(fields, "evidence", Evidence.objects.visible_to(request.user))
        return fields


class HoursDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    feedback = serializers.CharField(required=False, allow_blank=True, default="")


class OffTheJobViewSet(VisibleModelViewSet):
    """Off-the-job hours. Apprentices log their own (POST); the training provider approves (`review`)."""

    serializer_class = OffTheJobSerializer
    permission_classes = [permissions.IsAuthenticated, IsPartnershipMember]
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["record", "status"]

    def base_queryset(self) -> QuerySet[OffTheJobEntry]:
        return OffTheJobEntry.objects.visible_to(self.request.user).order_by("-date", "-pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        record = data.pop("record")
        serializer.instance = services.hours_log(actor=self.request.user, record=record, data=data)

    @extend_schema(request=HoursDecisionSerializer, responses={200: OffTheJobSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        entry = self.get_object()
        payload = HoursDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.hours_review(actor=request.user, entry=entry, **payload.validated_data)
        entry.refresh_from_db()
        return Response(self.get_serializer(entry).data, status=status.HTTP_200_OK)


class EvidenceSerializer(serializers.ModelSerializer):
    criteria: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )
    quarantined = serializers.BooleanField(source="is_quarantined", read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "record",
            "kind",
            "title",
            "content_type",
            "size",
            "screening",
            "scan",
            "quarantined",
            "criteria",
            "placement",
            "status",
            "feedback",
            "assessed_at",
            "created_at",
        ]
        read_only_fields = fields


class AssessSerializer(serializers.Serializer):
    accepted = serializers.BooleanField()
    feedback = serializers.CharField(required=False, allow_blank=True, default="")


class EvidenceViewSet(ReadOnlyVisible):
    """Evidence metadata and assessment results. Files and text are read on the permission-checked pages only;
    quarantined items are listed to their uploader alone."""

    serializer_class = EvidenceSerializer
    filterset_fields = ["record", "status"]
    search_fields = ["title"]
    http_method_names = ["get", "post", "head", "options"]
    permission_classes = [permissions.IsAuthenticated, IsPartnershipMember]

    def base_queryset(self) -> QuerySet[Evidence]:
        return Evidence.objects.visible_to(self.request.user).prefetch_related("criteria").order_by("-created_at")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response({"detail": "Add evidence on the evidence page, where it is screened."}, status=405)

    @extend_schema(request=AssessSerializer, responses={200: EvidenceSerializer})
    @action(detail=True, methods=["post"])
    def assess(self, request: Request, pk: str | None = None) -> Response:
        """The training provider's assessment: accepted, or needs more work with feedback."""
        item = get_visible_or_404(self.base_queryset(), pk=pk)
        payload = AssessSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.evidence_assess(actor=request.user, evidence=item, **payload.validated_data)
        item.refresh_from_db()
        return Response(self.get_serializer(item).data)


class ProgressReviewSerializer(serializers.ModelSerializer):
    is_signed = serializers.BooleanField(read_only=True)

    class Meta:
        model = ProgressReview
        fields = [
            "id",
            "record",
            "due_on",
            "held_on",
            "progress",
            "otj_hours",
            "actions",
            "apprentice_signed_at",
            "employer_signed_at",
            "provider_signed_at",
            "is_signed",
        ]
        read_only_fields = fields


class ProgressReviewViewSet(ReadOnlyVisible):
    """Progress reviews scheduled by the funding rules, with their write-up and three signatures."""

    serializer_class = ProgressReviewSerializer
    filterset_fields = ["record"]

    def base_queryset(self) -> QuerySet[ProgressReview]:
        return ProgressReview.objects.visible_to(self.request.user).order_by("due_on", "pk")
