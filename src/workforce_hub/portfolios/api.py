"""REST API for learning records: records with their gateway status, training plans, off-the-job hours, evidence
metadata (never the file or text of quarantined items) with assessments, and progress reviews."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from workforce_hub.core.access import get_visible_or_404
from workforce_hub.core.rest.base import (
    VisibleChoicesSerializer,
    VisibleModelViewSet,
    instance_of,
)
from workforce_hub.programmes.models import Pathway, Standard, Unit
from workforce_hub.rotations.models import Placement
from workforce_hub.schemes.models import Enrolment

from . import selectors, services
from .models import (
    Evidence,
    ExpectedLearning,
    LearningRecord,
    OffTheJobEntry,
    PriorQualification,
    ProgressReview,
    Testimonial,
    TrainingPlan,
    UnitAchievement,
)


class ReadOnlyVisible(VisibleModelViewSet):
    http_method_names = ["get", "head", "options"]


class LearningRecordSerializer(VisibleChoicesSerializer):
    apprentice = serializers.IntegerField(source="enrolment.apprentice_id", read_only=True)
    standard: serializers.StringRelatedField[Any] = serializers.StringRelatedField()
    pathway: serializers.StringRelatedField[Any] = serializers.StringRelatedField(allow_null=True)
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


class RecordSetUpSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField()
    standard = serializers.IntegerField(help_text="A version of a standard from `standards`.")
    pathway = serializers.IntegerField(required=False, allow_null=True, default=None)
    start_date = serializers.DateField()
    planned_end = serializers.DateField()
    contracted_hours = serializers.DecimalField(max_digits=4, decimal_places=1)


class RecordChangeSerializer(serializers.Serializer):
    planned_end = serializers.DateField(required=False)
    english_achieved = serializers.BooleanField(required=False)
    maths_achieved = serializers.BooleanField(required=False)
    employer_requires_english_maths = serializers.BooleanField(required=False)


class GatewayPassSerializer(serializers.Serializer):
    on = serializers.DateField(help_text="The gateway date: hours after it no longer count.")


class LearningRecordViewSet(ReadOnlyVisible):
    """Learning records you can see (the apprentice, their line manager, their provider, coordinators). The
    training provider or a coordinator sets one up (POST) and changes its planned end and English and maths facts
    (PATCH); the named line manager confirms readiness (`employer-confirm`); the provider or a coordinator records
    the gateway once every item is met (`gateway-pass`)."""

    serializer_class = LearningRecordSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    service_checks_writes = True
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

    @extend_schema(request=RecordSetUpSerializer, responses={201: LearningRecordSerializer})
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        payload = RecordSetUpSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        enrolment = get_visible_or_404(Enrolment.objects.visible_to(request.user), pk=data.pop("enrolment"))
        standard = get_visible_or_404(Standard.objects.visible_to(request.user), pk=data.pop("standard"))
        pathway_id = data.pop("pathway")
        pathway = get_visible_or_404(Pathway.objects.visible_to(request.user), pk=pathway_id) if pathway_id else None
        record = services.record_create(
            actor=request.user, enrolment=enrolment, standard=standard, pathway=pathway, **data
        )
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RecordChangeSerializer, responses={200: LearningRecordSerializer})
    def partial_update(self, request: Request, *args: object, **kwargs: object) -> Response:
        record = self.get_object()
        payload = RecordChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.record_update(actor=request.user, record=record, data=dict(payload.validated_data))
        return Response(self.get_serializer(self.base_queryset().get(pk=record.pk)).data)

    @extend_schema(request=None, responses={200: LearningRecordSerializer})
    @action(detail=True, methods=["post"], url_path="employer-confirm")
    def employer_confirm(self, request: Request, pk: str | None = None) -> Response:
        record = self.get_object()
        services.employer_confirm(actor=request.user, record=record)
        return Response(self.get_serializer(self.base_queryset().get(pk=record.pk)).data)

    @extend_schema(request=GatewayPassSerializer, responses={200: LearningRecordSerializer})
    @action(detail=True, methods=["post"], url_path="gateway-pass")
    def gateway_pass(self, request: Request, pk: str | None = None) -> Response:
        record = self.get_object()
        payload = GatewayPassSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.gateway_pass(actor=request.user, record=record, on=payload.validated_data["on"])
        return Response(self.get_serializer(self.base_queryset().get(pk=record.pk)).data)


class TrainingPlanSerializer(VisibleChoicesSerializer):
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
        read_only_fields = [f for f in fields if f not in services.PLAN_FIELDS and f != "record"]


class TrainingPlanViewSet(ReadOnlyVisible):
    """Every version of each training plan, with its three signatures. The provider or a coordinator writes a new
    version (POST; signatures start again); the apprentice, the named line manager and the provider each sign the
    latest version once (`sign`)."""

    serializer_class = TrainingPlanSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True

    def base_queryset(self) -> QuerySet[TrainingPlan]:
        return TrainingPlan.objects.visible_to(self.request.user).order_by("record_id", "-version")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        record = data.pop("record")
        serializer.instance = services.plan_save(actor=self.request.user, record=record, data=data)

    @extend_schema(request=None, responses={200: TrainingPlanSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        services.plan_sign(actor=request.user, plan=plan)
        return Response(self.get_serializer(self.base_queryset().get(pk=plan.pk)).data)


class OffTheJobSerializer(VisibleChoicesSerializer):
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


class HoursDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    feedback = serializers.CharField(required=False, allow_blank=True, default="")


class OffTheJobViewSet(VisibleModelViewSet):
    """Off-the-job hours. Apprentices log their own (POST); the training provider approves (`review`)."""

    serializer_class = OffTheJobSerializer
    service_checks_writes = True
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


class EvidenceSerializer(VisibleChoicesSerializer):
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
    service_checks_writes = True

    def base_queryset(self) -> QuerySet[Evidence]:
        return Evidence.objects.visible_to(self.request.user).prefetch_related("criteria").order_by("-created_at")

    @extend_schema(exclude=True)  # refused: not an operation of the API, so not in its schema
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
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


class ProgressReviewSerializer(VisibleChoicesSerializer):
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
        read_only_fields = [f for f in fields if f not in ("held_on", "progress", "actions")]


class ProgressReviewViewSet(ReadOnlyVisible):
    """Progress reviews scheduled by the funding rules, with their write-up and three signatures. The training
    provider writes it up (PATCH with `held_on`, `progress`, `actions`; locked once anyone signs); the apprentice,
    the named line manager and the provider each sign it (`sign`)."""

    serializer_class = ProgressReviewSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["record"]

    def base_queryset(self) -> QuerySet[ProgressReview]:
        return ProgressReview.objects.visible_to(self.request.user).order_by("due_on", "pk")

    @extend_schema(exclude=True)  # refused: not an operation of the API, so not in its schema
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        return Response({"detail": "Reviews are scheduled by the funding rules when the record is set up."}, status=405)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        review = instance_of(serializer)
        data = {f: serializer.validated_data.get(f, getattr(review, f)) for f in ("held_on", "progress", "actions")}
        if data["held_on"] is None:
            raise ValidationError({"held_on": "Give the date the review was held."})
        serializer.instance = services.review_record(actor=self.request.user, review=review, data=data)

    @extend_schema(request=None, responses={200: ProgressReviewSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        services.review_sign(actor=request.user, review=review)
        return Response(self.get_serializer(self.base_queryset().get(pk=review.pk)).data)


class TestimonialSerializer(VisibleChoicesSerializer):
    behaviours: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )

    class Meta:
        model = Testimonial
        fields = ["id", "record", "placement", "author", "behaviours", "responses", "status", "completed_at"]
        read_only_fields = fields


class TestimonialRequestSerializer(serializers.Serializer):
    record = serializers.IntegerField()
    placement = serializers.IntegerField()
    author = serializers.IntegerField(help_text="A manager or mentor at the placement's host organisation.")
    behaviours = serializers.ListField(child=serializers.CharField(), help_text="Codes of the standard's behaviours.")


class TestimonialWriteSerializer(serializers.Serializer):
    responses = serializers.DictField(
        child=serializers.CharField(allow_blank=True), help_text="Behaviour code → what you saw."
    )


class TestimonialViewSet(ReadOnlyVisible):
    """Testimonials from hosts against the standard's behaviours. The apprentice, their tutor or a coordinator asks
    (POST) while a placement runs; the person asked writes it (`write`), screened for patient details."""

    serializer_class = TestimonialSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["record", "status"]

    def base_queryset(self) -> QuerySet[Testimonial]:
        return Testimonial.objects.visible_to(self.request.user).prefetch_related("behaviours").order_by("pk")

    @extend_schema(request=TestimonialRequestSerializer, responses={201: TestimonialSerializer})
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        payload = TestimonialRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        record = get_visible_or_404(LearningRecord.objects.visible_to(request.user), pk=data["record"])
        placement = get_visible_or_404(Placement.objects.visible_to(request.user), pk=data["placement"])
        author = get_visible_or_404(selectors.testimonial_authors(placement), pk=data["author"])
        behaviours = list(selectors.behaviours(record).filter(code__in=data["behaviours"]))
        if len(behaviours) != len(set(data["behaviours"])):
            raise ValidationError({"behaviours": "Choose behaviours of the apprentice's standard."})
        testimonial = services.testimonial_request(
            actor=request.user, record=record, placement=placement, author=author, behaviours=behaviours
        )
        return Response(self.get_serializer(testimonial).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TestimonialWriteSerializer, responses={200: TestimonialSerializer})
    @action(detail=True, methods=["post"])
    def write(self, request: Request, pk: str | None = None) -> Response:
        testimonial = self.get_object()
        payload = TestimonialWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.testimonial_complete(
            actor=request.user, testimonial=testimonial, responses=payload.validated_data["responses"]
        )
        testimonial.refresh_from_db()
        return Response(self.get_serializer(testimonial).data)


class ExpectedLearningSerializer(VisibleChoicesSerializer):
    """`criteria` are ids of the standard's criteria (codes repeat across standards). Posting again for the same
    placement changes what was set."""

    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.none())

    class Meta:
        model = ExpectedLearning
        fields = ["id", "record", "placement", "criteria", "notes"]
        read_only_fields = ["record"]


class ExpectedLearningViewSet(ReadOnlyVisible):
    """What an apprentice should cover at a placement. The provider or a coordinator sets it (POST, again to
    change it); the host's managers and mentors read it from publication to the placement's last day."""

    serializer_class = ExpectedLearningSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["record", "placement"]

    def base_queryset(self) -> QuerySet[ExpectedLearning]:
        return ExpectedLearning.objects.visible_to(self.request.user).prefetch_related("criteria").order_by("pk")

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        saved = services.expected_learning_save(
            actor=request.user, placement=data["placement"], criteria=list(data["criteria"]), notes=data["notes"]
        )
        return Response(self.get_serializer(saved).data, status=status.HTTP_201_CREATED)


class UnitAchievementSerializer(VisibleChoicesSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = UnitAchievement
        fields = ["id", "record", "unit", "achieved_on", "recorded_by"]
        read_only_fields = fields


class PriorQualificationSerializer(VisibleChoicesSerializer):
    class Meta:
        model = PriorQualification
        fields = ["id", "record", "qualification", "achieved_on", "evidence", "recorded_by", "created_at"]
        read_only_fields = ["id", "recorded_by", "created_at"]


class PriorQualificationViewSet(VisibleModelViewSet):
    """Qualifications an apprentice held before the start (they count as achieved). The training provider records
    them; readers of the learning record see them."""

    serializer_class = PriorQualificationSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["record"]

    def base_queryset(self) -> QuerySet[PriorQualification]:
        return PriorQualification.objects.visible_to(self.request.user).order_by("pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        serializer.instance = services.prior_qualification_record(
            actor=self.request.user,
            record=data["record"],
            qualification=data["qualification"],
            achieved_on=data["achieved_on"],
            evidence=data["evidence"],
        )


class UnitSignOffSerializer(serializers.Serializer):
    record = serializers.IntegerField()
    units = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of units of the standard's qualifications."
    )
    achieved_on = serializers.DateField()


class UnitAchievementViewSet(ReadOnlyVisible):
    """Units (and Care Certificate standards) the training provider has signed off. The provider signs off
    several at once (POST); units already signed off are left as they are."""

    serializer_class = UnitAchievementSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["record"]

    def base_queryset(self) -> QuerySet[UnitAchievement]:
        return UnitAchievement.objects.visible_to(self.request.user).select_related("unit").order_by("pk")

    @extend_schema(request=UnitSignOffSerializer, responses={201: UnitAchievementSerializer(many=True)})
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        payload = UnitSignOffSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        record = get_visible_or_404(LearningRecord.objects.visible_to(request.user), pk=data["record"])
        units = list(Unit.objects.visible_to(request.user).filter(pk__in=data["units"]))
        if not units or len(units) != len(set(data["units"])):
            raise ValidationError({"units": "Choose units of the standard's qualifications."})
        services.units_record(actor=request.user, record=record, units=units, achieved_on=data["achieved_on"])
        done = self.base_queryset().filter(record=record, unit__in=units)
        return Response(self.get_serializer(done, many=True).data, status=status.HTTP_201_CREATED)
