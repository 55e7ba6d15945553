"""REST API for digital champions: champions and their drop-ins, the support log and skill checks, practice
maturity, the quality mark and its levels. The addresses are the ones they had before the split (ADR 0029)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.rest.base import (
    VisibleChoicesSerializer,
    VisibleModelViewSet,
    limit_related,
)
from workforce_hub.digital_skills.framework import items_by_code

from . import champions as champion_service
from . import maturity as maturity_service
from .models import (
    ActionItem,
    Booking,
    Champion,
    Dimension,
    DropIn,
    MaturityAssessment,
    MaturityScore,
    QualityMarkAward,
    QualityMarkLevel,
    SkillCheck,
    SupportContact,
)

# ------------------------------------------------------------------- champions, drop-ins, support, skill checks


class ChampionSerializer(VisibleChoicesSerializer):
    name = serializers.CharField(source="person.display_name", read_only=True)

    class Meta:
        model = Champion
        fields = ["id", "person", "name", "organisation", "site", "team", "domain_codes", "contact_note", "is_active"]
        read_only_fields = ["name", "is_active"]


class ChampionViewSet(VisibleModelViewSet):
    """Digital champions: the directory every member uses to find help. Admins and coordinators add them."""

    serializer_class = ChampionSerializer
    http_method_names = ["get", "post", "head", "options"]
    write_perm = champion_service.MANAGE
    filterset_fields = ["organisation", "is_active"]

    def base_queryset(self) -> QuerySet[Champion]:
        return Champion.objects.visible_to(self.request.user).select_related("person").order_by("pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        serializer.instance = champion_service.champion_create(
            actor=self.request.user,
            person=data["person"],
            organisation=data["organisation"],
            site=data.get("site"),
            team=data.get("team", ""),
            domain_codes=list(data.get("domain_codes") or []),
            contact_note=data.get("contact_note", ""),
        )


class DropInSerializer(VisibleChoicesSerializer):
    booked = serializers.SerializerMethodField()

    class Meta:
        model = DropIn
        fields = ["id", "champion", "starts_at", "minutes", "place", "topic", "places", "booked"]
        read_only_fields = ["booked"]

    def get_booked(self, drop_in: DropIn) -> int:
        return sum(1 for b in drop_in.bookings.all() if b.cancelled_at is None)


class DropInViewSet(VisibleModelViewSet):
    """Drop-in sessions champions offer. A champion adds their own (POST); anyone books a place for themselves
    (`book`) and cancels it (`cancel`)."""

    serializer_class = DropInSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["champion"]

    def base_queryset(self) -> QuerySet[DropIn]:
        return DropIn.objects.visible_to(self.request.user).prefetch_related("bookings").order_by("starts_at", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        serializer.instance = champion_service.drop_in_create(
            actor=self.request.user,
            champion=data["champion"],
            starts_at=data["starts_at"],
            minutes=data.get("minutes", 60),
            place=data["place"],
            topic=data.get("topic", ""),
            places=data.get("places", 6),
        )

    @extend_schema(request=None, responses={200: DropInSerializer})
    @action(detail=True, methods=["post"])
    def book(self, request: Request, pk: str | None = None) -> Response:
        drop_in = self.get_object()
        champion_service.booking_create(actor=request.user, drop_in=drop_in)
        return Response(self.get_serializer(self.base_queryset().get(pk=drop_in.pk)).data)

    @extend_schema(request=None, responses={200: DropInSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        drop_in = self.get_object()
        booking = get_visible_or_404(
            Booking.objects.visible_to(request.user).filter(cancelled_at__isnull=True),
            drop_in=drop_in,
            person_id=viewer_for(request.user).person_id,
        )
        champion_service.booking_cancel(actor=request.user, booking=booking)
        return Response(self.get_serializer(self.base_queryset().get(pk=drop_in.pk)).data)


class SupportContactSerializer(VisibleChoicesSerializer):
    class Meta:
        model = SupportContact
        fields = ["id", "champion", "happened_on", "domain_code", "summary", "minutes", "outcome", "referred_to"]
        read_only_fields = ["champion"]


class SupportContactViewSet(VisibleModelViewSet):
    """The support log: each time a champion helped someone (who was helped is never recorded). A champion logs
    their own (POST); admins and coordinators read all of them to measure impact."""

    serializer_class = SupportContactSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["champion", "outcome", "domain_code"]

    def base_queryset(self) -> QuerySet[SupportContact]:
        return SupportContact.objects.visible_to(self.request.user).order_by("-happened_on", "-pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        serializer.instance = champion_service.support_contact_create(
            actor=self.request.user,
            happened_on=data["happened_on"],
            domain_code=data["domain_code"],
            summary=data.get("summary", ""),
            minutes=data["minutes"],
            outcome=data["outcome"],
            referred_to=data.get("referred_to", ""),
        )


class SkillCheckSerializer(VisibleChoicesSerializer):
    confirmed: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        source="confirmed_items", many=True, read_only=True, slug_field="code"
    )

    class Meta:
        model = SkillCheck
        fields = ["id", "person", "champion", "confirmed_at", "confirmed", "created_at"]
        read_only_fields = ["person", "confirmed_at", "confirmed", "created_at"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            limit_related(fields, "champion", Champion.objects.visible_to(request.user).filter(is_active=True))
        return fields


class ConfirmSkillsSerializer(serializers.Serializer):
    items = serializers.ListField(child=serializers.CharField(), help_text="Codes of the skills they showed you.")


class SkillCheckViewSet(VisibleModelViewSet):
    """Skill checks: you ask a champion (POST) to confirm skills you can show them; the champion confirms the
    ones you showed (`confirm`). Only the two of you see it."""

    serializer_class = SkillCheckSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True

    def base_queryset(self) -> QuerySet[SkillCheck]:
        return SkillCheck.objects.visible_to(self.request.user).prefetch_related("confirmed_items").order_by("pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        champion = serializer.validated_data["champion"]
        serializer.instance = champion_service.skill_check_request(actor=self.request.user, champion=champion)

    @extend_schema(request=ConfirmSkillsSerializer, responses={200: SkillCheckSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        check = self.get_object()
        payload = ConfirmSkillsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        codes = set(payload.validated_data["items"])
        items = items_by_code(check.framework_id, codes)
        if len(items) != len(codes):
            raise ValidationError({"items": "Choose skills from the list."})
        champion_service.skill_check_confirm(actor=request.user, check=check, items=items)
        return Response(self.get_serializer(self.base_queryset().get(pk=check.pk)).data)


# ---------------------------------------------------------------------- practice maturity and the quality mark


class MaturityScoreSerializer(VisibleChoicesSerializer):
    class Meta:
        model = MaturityScore
        fields = ["id", "dimension", "score", "metric", "evidence"]
        read_only_fields = ["dimension"]


class ActionItemSerializer(VisibleChoicesSerializer):
    class Meta:
        model = ActionItem
        fields = ["id", "dimension", "action", "owner", "due_on", "done_on"]
        read_only_fields = ["done_on"]


class MaturitySerializer(VisibleChoicesSerializer):
    scores = MaturityScoreSerializer(many=True, read_only=True)
    actions = ActionItemSerializer(many=True, read_only=True)

    class Meta:
        model = MaturityAssessment
        fields = ["id", "organisation", "assessed_on", "status", "scores", "actions"]
        read_only_fields = ["assessed_on", "status"]


class ScoreChangeSerializer(serializers.Serializer):
    dimension = serializers.ChoiceField(choices=Dimension.choices)
    score = serializers.IntegerField(min_value=1, max_value=4, allow_null=True)
    metric = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.CharField(required=False, allow_blank=True, default="")


class ActionDoneSerializer(serializers.Serializer):
    action = serializers.IntegerField(help_text="The id of an action in this assessment's plan.")


class MaturityViewSet(VisibleModelViewSet):
    """A practice's own view of its digital maturity on the seven Cs, with its action plan. Its managers (and
    admins and coordinators) start one (POST), score each C (`score`), add actions (`actions`) and send it for
    peer review (`submit`)."""

    serializer_class = MaturitySerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["organisation", "status"]

    def base_queryset(self) -> QuerySet[MaturityAssessment]:
        return (
            MaturityAssessment.objects.visible_to(self.request.user)
            .prefetch_related("scores", "actions")
            .order_by("-assessed_on", "-pk")
        )

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        organisation = serializer.validated_data["organisation"]
        serializer.instance = maturity_service.maturity_start(actor=self.request.user, organisation=organisation)

    def _fresh(self, maturity: MaturityAssessment) -> Response:
        return Response(self.get_serializer(self.base_queryset().get(pk=maturity.pk)).data)

    @extend_schema(request=ScoreChangeSerializer, responses={200: MaturitySerializer})
    @action(detail=True, methods=["post"])
    def score(self, request: Request, pk: str | None = None) -> Response:
        maturity = self.get_object()
        payload = ScoreChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        score = maturity.scores.get(dimension=data["dimension"])
        maturity_service.maturity_score_update(
            actor=request.user, score=score, value=data["score"], metric=data["metric"], evidence=data["evidence"]
        )
        return self._fresh(maturity)

    @extend_schema(request=ActionItemSerializer, responses={200: MaturitySerializer})
    @action(detail=True, methods=["post"])
    def actions(self, request: Request, pk: str | None = None) -> Response:
        maturity = self.get_object()
        payload = ActionItemSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        maturity_service.action_add(
            actor=request.user,
            maturity=maturity,
            dimension=data["dimension"],
            action=data["action"],
            owner=data["owner"],
            due_on=data["due_on"],
        )
        return self._fresh(maturity)

    @extend_schema(request=ActionDoneSerializer, responses={200: MaturitySerializer})
    @action(detail=True, methods=["post"], url_path="action-done")
    def action_done(self, request: Request, pk: str | None = None) -> Response:
        """Mark an action of the plan done (again to undo it)."""
        maturity = self.get_object()
        payload = ActionDoneSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = get_visible_or_404(maturity.actions.all(), pk=payload.validated_data["action"])
        maturity_service.action_done(actor=request.user, item=item)
        return self._fresh(maturity)

    @extend_schema(request=None, responses={200: MaturitySerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        maturity = self.get_object()
        maturity_service.maturity_submit(actor=request.user, maturity=maturity)
        return self._fresh(maturity)


class QualityMarkSerializer(VisibleChoicesSerializer):
    level: serializers.StringRelatedField[Any] = serializers.StringRelatedField()

    class Meta:
        model = QualityMarkAward
        fields = ["id", "maturity", "level", "submitted_at", "reviewed_at", "review_note", "expires_on"]
        read_only_fields = fields


class ReviewSerializer(serializers.Serializer):
    agree = serializers.BooleanField(help_text="True awards the level the scores reach; false sends it back.")
    note = serializers.CharField(help_text="What you checked and found. The practice sees this.")


class QualityMarkViewSet(VisibleModelViewSet):
    """Digital quality marks: submitted maturity assessments and their peer review. A second person, who did not
    submit it and does not work there, reviews it (`review`)."""

    serializer_class = QualityMarkSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True

    def base_queryset(self) -> QuerySet[QualityMarkAward]:
        return QualityMarkAward.objects.visible_to(self.request.user).select_related("level").order_by("pk")

    @extend_schema(exclude=True)  # refused: not an operation of the API, so not in its schema
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        return Response({"detail": "Send a maturity assessment for review with its `submit` action."}, status=405)

    @extend_schema(request=ReviewSerializer, responses={200: QualityMarkSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        award = self.get_object()
        payload = ReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        maturity_service.quality_mark_review(actor=request.user, award=award, **payload.validated_data)
        return Response(self.get_serializer(self.base_queryset().get(pk=award.pk)).data)


class QualityMarkLevelSerializer(VisibleChoicesSerializer):
    class Meta:
        model = QualityMarkLevel
        fields = ["id", "name", "min_average", "min_each", "valid_months", "description"]


class QualityMarkLevelViewSet(VisibleModelViewSet):
    """The levels of the partnership's digital quality mark, each reached at a minimum average and a minimum score
    in every C. Admins and coordinators add them."""

    serializer_class = QualityMarkLevelSerializer
    http_method_names = ["get", "post", "head", "options"]
    write_perm = champion_service.MANAGE

    def base_queryset(self) -> QuerySet[QualityMarkLevel]:
        return QualityMarkLevel.objects.visible_to(self.request.user).order_by("min_average", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = maturity_service.quality_level_save(
            actor=self.request.user, data=dict(serializer.validated_data)
        )
