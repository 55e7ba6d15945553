"""REST API for schemes, cohorts and enrolments (with the status lifecycle)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from workforce_hub.core.access import viewer_for
from workforce_hub.core.rest.base import (
    IsPartnershipMember,
    VisibleChoicesSerializer,
    VisibleModelViewSet,
    instance_of,
)
from workforce_hub.organisations.models import Organisation, SettingType, ShiftPattern
from workforce_hub.organisations.selectors import current_partnership
from workforce_hub.people.models import Person

from . import services
from .models import (
    PATTERN_FIELDS,
    WEEKDAY_CHOICES,
    Cohort,
    Enrolment,
    EnrolmentPattern,
    EnrolmentStatus,
    EnrolmentStatusChange,
    HostAgreement,
    HostAgreementTemplate,
    LeavingReason,
    PlannedAbsence,
    Scheme,
)


def _scope(fields: dict[str, Any], request: Any, names: tuple[str, ...], qs: QuerySet[Any]) -> None:
    for name in names:
        if name in fields:
            f = fields[name]
            target = getattr(f, "child_relation", f)
            target.queryset = qs


class SchemeSerializer(VisibleChoicesSerializer):
    required_setting_types = serializers.ListField(
        child=serializers.ChoiceField(choices=SettingType.choices), required=False
    )
    allowed_setting_types = serializers.ListField(
        child=serializers.ChoiceField(choices=SettingType.choices), required=False
    )

    class Meta:
        model = Scheme
        fields = [
            "id",
            "name",
            "description",
            "funders",
            "exempt_partners",
            "funding_share",
            "annual_cost",
            "training_cost_per_person",
            "qualification_cost_per_person",
            "block_count",
            "block_weeks",
            "first_block_with_employer",
            "last_block_sector",
            "no_repeat_type",
            "required_setting_types",
            "allowed_setting_types",
            "max_travel_minutes",
            "minimum_notice_weeks",
            "testimonial_weeks_after",
            "is_active",
        ]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if request := self.context.get("request"):
            _scope(fields, request, ("funders", "exempt_partners"), Organisation.objects.visible_to(request.user))
        return fields


class CohortSerializer(VisibleChoicesSerializer):
    host_days = serializers.ListField(
        child=serializers.ChoiceField(choices=WEEKDAY_CHOICES),
        required=False,
        help_text="Days of the week at the host: mon, tue, wed, thu, fri, sat, sun.",
    )
    pattern_text = serializers.CharField(read_only=True, help_text="The working week in plain English.")

    class Meta:
        model = Cohort
        fields = [
            "id",
            "scheme",
            "name",
            "employer",
            "training_provider",
            "start_date",
            "end_date",
            "contracted_hours",
            *PATTERN_FIELDS,
            "pattern_text",
            "weekly_pattern",
            "coordinator",
        ]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if request := self.context.get("request"):
            _scope(fields, request, ("scheme",), Scheme.objects.visible_to(request.user))
            _scope(fields, request, ("employer", "training_provider"), Organisation.objects.visible_to(request.user))
            _scope(fields, request, ("coordinator",), Person.objects.visible_to(request.user))
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end <= start:
            raise serializers.ValidationError({"end_date": "The end date must be after the start date."})
        return attrs


class StatusChangeSerializer(VisibleChoicesSerializer):
    class Meta:
        model = EnrolmentStatusChange
        fields = ["from_status", "to_status", "reason", "effective_on", "changed_at"]


class EnrolmentSerializer(VisibleChoicesSerializer):
    reason = serializers.CharField(write_only=True, help_text="Why this person is being enrolled.")
    status_history = StatusChangeSerializer(many=True, read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "cohort",
            "apprentice",
            "status",
            "line_manager",
            "started_on",
            "ended_on",
            "reason",
            "status_history",
            "allowed_shifts",
            "preferred_setting_types",
        ]
        read_only_fields = ["started_on", "ended_on", "allowed_shifts", "preferred_setting_types"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if request := self.context.get("request"):
            _scope(fields, request, ("cohort",), Cohort.objects.visible_to(request.user))
            _scope(fields, request, ("apprentice", "line_manager"), Person.objects.visible_to(request.user))
        return fields


class StatusChangeRequestSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=EnrolmentStatus.choices)
    reason = serializers.CharField()
    effective_on = serializers.DateField(required=False)
    leaving_reason = serializers.ChoiceField(choices=LeavingReason.choices, required=False)


class LeavingReasonCorrectionSerializer(serializers.Serializer):
    leaving_reason = serializers.ChoiceField(choices=LeavingReason.choices)
    note = serializers.CharField()


class SchemeViewSet(VisibleModelViewSet):
    """Schemes of your partnership and their placement rules."""

    serializer_class = SchemeSerializer
    write_perm = "hub.manage_schemes"
    filterset_fields = ["is_active", "funders"]
    search_fields = ["name"]

    def base_queryset(self) -> QuerySet[Scheme]:
        return Scheme.objects.visible_to(self.request.user).prefetch_related("funders").order_by("name")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.scheme_create(
            partnership=current_partnership(viewer_for(self.request.user)),
            data=dict(serializer.validated_data),
            actor=self.request.user,
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        services.scheme_update(
            scheme=instance_of(serializer), data=dict(serializer.validated_data), actor=self.request.user
        )


class CohortViewSet(VisibleModelViewSet):
    """Cohorts: employer, training provider, dates, contracted hours and weekly pattern."""

    serializer_class = CohortSerializer
    write_perm = "hub.manage_schemes"
    filterset_fields = ["scheme", "employer", "training_provider"]
    search_fields = ["name"]
    ordering_fields = ["start_date", "name"]

    def base_queryset(self) -> QuerySet[Cohort]:
        return Cohort.objects.visible_to(self.request.user).order_by("start_date", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.cohort_create(scheme=data.pop("scheme"), data=data, actor=self.request.user)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        services.cohort_update(
            cohort=instance_of(serializer), data=dict(serializer.validated_data), actor=self.request.user
        )


class PlanningNeedsSerializer(serializers.Serializer[Any]):
    preferred_setting_types = serializers.ListField(
        child=serializers.ChoiceField(choices=SettingType.choices), required=False
    )
    allowed_shifts = serializers.ListField(
        child=serializers.ChoiceField(choices=ShiftPattern.choices),
        required=False,
        help_text="Coordinators only. Empty: any pattern.",
    )


class PlannedAbsenceSerializer(VisibleChoicesSerializer):
    class Meta:
        model = PlannedAbsence
        fields = ["id", "enrolment", "reason", "start_date", "planned_return", "recorded_at"]
        read_only_fields = ["recorded_at"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if request := self.context.get("request"):
            _scope(fields, request, ("enrolment",), Enrolment.objects.visible_to(request.user))
        return fields


class EnrolmentPatternSerializer(VisibleChoicesSerializer):
    host_days = serializers.ListField(
        child=serializers.ChoiceField(choices=WEEKDAY_CHOICES),
        required=False,
        help_text="Days of the week at the host: mon, tue, wed, thu, fri, sat, sun.",
    )
    pattern_text = serializers.CharField(read_only=True, help_text="The working week in plain English.")

    class Meta:
        model = EnrolmentPattern
        fields = ["id", "enrolment", *PATTERN_FIELDS, "pattern_text"]


class EnrolmentPatternViewSet(VisibleModelViewSet):
    """An apprentice's own working week where it differs from the cohort's. Coordinators set, change and remove
    it (fields not given start from the cohort's); readers of the enrolment see it."""

    serializer_class = EnrolmentPatternSerializer
    write_perm = "hub.manage_enrolments"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filterset_fields = ["enrolment"]

    def base_queryset(self) -> QuerySet[EnrolmentPattern]:
        return EnrolmentPattern.objects.visible_to(self.request.user).order_by("pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.enrolment_pattern_save(
            enrolment=data.pop("enrolment"), data=data, actor=self.request.user
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        data.pop("enrolment", None)
        serializer.instance = services.enrolment_pattern_save(
            enrolment=instance_of(serializer).enrolment, data=data, actor=self.request.user
        )

    def perform_destroy(self, instance: EnrolmentPattern) -> None:
        services.enrolment_pattern_remove(enrolment=instance.enrolment, actor=self.request.user)


class PlannedAbsenceViewSet(VisibleModelViewSet):
    """Planned breaks with a planned return (parental leave, a long illness). Coordinators record them; the
    apprentice sees their own. The planner leaves empty each block an absence covers for half its days or more."""

    serializer_class = PlannedAbsenceSerializer
    write_perm = "hub.manage_enrolments"
    http_method_names = ["get", "post", "delete", "head", "options"]
    filterset_fields = ["enrolment", "reason"]

    def base_queryset(self) -> QuerySet[PlannedAbsence]:
        return PlannedAbsence.objects.visible_to(self.request.user).order_by("start_date", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.planned_absence_create(
            enrolment=data.pop("enrolment"), data=data, actor=self.request.user
        )

    def perform_destroy(self, instance: PlannedAbsence) -> None:
        services.planned_absence_delete(absence=instance, actor=self.request.user)


class EnrolmentViewSet(VisibleModelViewSet):
    """Enrolments of apprentices in cohorts. Status changes go through the `change-status` action."""

    serializer_class = EnrolmentSerializer
    write_perm = "hub.manage_enrolments"
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["cohort", "status", "cohort__scheme"]
    ordering_fields = ["status"]

    def base_queryset(self) -> QuerySet[Enrolment]:
        return Enrolment.objects.visible_to(self.request.user).prefetch_related("status_history").order_by("pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.enrolment_create(
            cohort=data["cohort"],
            apprentice=data["apprentice"],
            line_manager=data.get("line_manager"),
            status=data.get("status", EnrolmentStatus.APPLIED),
            reason=data["reason"],
            actor=self.request.user,
        )

    @extend_schema(request=StatusChangeRequestSerializer, responses={200: EnrolmentSerializer})
    @action(detail=True, methods=["post"], url_path="change-status")
    def change_status(self, request: Request, pk: str | None = None) -> Response:
        enrolment = self.get_object()
        payload = StatusChangeRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.enrolment_change_status(enrolment=enrolment, actor=request.user, **payload.validated_data)
        enrolment.refresh_from_db()
        return Response(self.get_serializer(enrolment).data, status=status.HTTP_200_OK)

    @extend_schema(request=PlanningNeedsSerializer, responses={200: EnrolmentSerializer})
    @action(detail=True, methods=["post"], url_path="planning-needs", permission_classes=[IsPartnershipMember])
    def planning_needs(self, request: Request, pk: str | None = None) -> Response:
        """The setting types the apprentice would like (the apprentice or a coordinator) and the shift patterns
        they can work (coordinators)."""
        enrolment = self.get_object()
        payload = PlanningNeedsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.enrolment_planning_update(enrolment=enrolment, data=dict(payload.validated_data), actor=request.user)
        enrolment.refresh_from_db()
        return Response(self.get_serializer(enrolment).data, status=status.HTTP_200_OK)

    @extend_schema(request=LeavingReasonCorrectionSerializer, responses={200: EnrolmentSerializer})
    @action(detail=True, methods=["post"], url_path="correct-leaving-reason")
    def correct_leaving_reason(self, request: Request, pk: str | None = None) -> Response:
        """Put right a withdrawal's reason for leaving; the original is kept (coordinators)."""
        enrolment = self.get_object()
        payload = LeavingReasonCorrectionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.leaving_reason_correct(enrolment=enrolment, actor=request.user, **payload.validated_data)
        enrolment.refresh_from_db()
        return Response(self.get_serializer(enrolment).data, status=status.HTTP_200_OK)


class HostAgreementTemplateSerializer(VisibleChoicesSerializer):
    class Meta:
        model = HostAgreementTemplate
        fields = ["id", "version", "host_commits", "partnership_provides", "created_at"]
        read_only_fields = ["id", "version", "created_at"]


class HostAgreementTemplateViewSet(VisibleModelViewSet):
    """The partnership's agreement with hosts, every version (newest first). `POST` makes the next version
    (coordinators); versions never change."""

    serializer_class = HostAgreementTemplateSerializer
    write_perm = "hub.manage_schemes"
    http_method_names = ["get", "post", "head", "options"]

    def base_queryset(self) -> QuerySet[HostAgreementTemplate]:
        return HostAgreementTemplate.objects.visible_to(self.request.user).order_by("-version")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.host_agreement_template_publish(
            actor=self.request.user,
            partnership=current_partnership(viewer_for(self.request.user)),
            data=dict(serializer.validated_data),
        )


class HostAgreementSerializer(VisibleChoicesSerializer):
    is_signed = serializers.BooleanField(read_only=True)
    version = serializers.IntegerField(source="template.version", read_only=True)

    class Meta:
        model = HostAgreement
        fields = [
            "id",
            "scheme",
            "organisation",
            "version",
            "host_signed_at",
            "host_signed_by",
            "partnership_signed_at",
            "partnership_signed_by",
            "is_signed",
        ]
        read_only_fields = [
            "id",
            "version",
            "host_signed_at",
            "host_signed_by",
            "partnership_signed_at",
            "partnership_signed_by",
        ]


class HostAgreementViewSet(VisibleModelViewSet):
    """Each host organisation's agreement to a scheme. Coordinators offer it (`POST`, on the current version); a
    host manager or partner lead of the organisation and a coordinator sign it (`sign`)."""

    serializer_class = HostAgreementSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["scheme", "organisation"]

    def base_queryset(self) -> QuerySet[HostAgreement]:
        return HostAgreement.objects.visible_to(self.request.user).select_related("template").order_by("pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        serializer.instance = services.host_agreement_offer(
            actor=self.request.user, scheme=data["scheme"], organisation=data["organisation"]
        )

    @extend_schema(request=None, responses={200: HostAgreementSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        agreement = services.host_agreement_sign(actor=request.user, agreement=self.get_object())
        return Response(self.get_serializer(agreement).data)
