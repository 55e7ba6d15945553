"""REST API for role design: role reviews, their activities (with `decide`), comments, and role profiles (drafted
from a review; `publish`, `new-version`), through the same services and rules as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from workforce_hub.core.access import viewer_for
from workforce_hub.core.rest.base import VisibleChoicesSerializer, VisibleModelViewSet, instance_of, limit_related

from . import selectors, services
from .models import (
    Activity,
    ActivityComment,
    AgreementTemplate,
    CheckItem,
    CompetenceCheck,
    Decision,
    DelegationRule,
    RoleProfile,
    RoleReview,
    ScopeLine,
    StaffAbsence,
    TrainingAgreement,
    TrainingRequest,
)
from .selectors import partnership_staff


class StaffChoicesSerializer(VisibleChoicesSerializer):
    """People named on these records (participants, learners, staff) may be anyone working in the partnership — the
    page offers the same names; the service checks they work for the right organisation. `staff_fields` names them."""

    staff_fields: tuple[str, ...] = ()

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            for name in self.staff_fields:
                limit_related(fields, name, partnership_staff(viewer_for(request.user).partnership_id))
        return fields


class RoleReviewSerializer(StaffChoicesSerializer):
    staff_fields = ("participants",)

    class Meta:
        model = RoleReview
        fields = [
            "id",
            "title",
            "organisations",
            "teams",
            "need",
            "need_statement",
            "measures",
            "participants",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]


class RoleReviewViewSet(VisibleModelViewSet):
    """Role reviews: participants, coordinators, partnership admins, and managers of the review's organisations
    read; coordinators and line or host managers start them; a coordinator or a manager of the team changes one."""

    serializer_class = RoleReviewSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    write_perm = "hub.design_roles"
    filterset_fields = ["need", "organisations"]
    search_fields = ["title", "teams"]

    def base_queryset(self) -> QuerySet[RoleReview]:
        return RoleReview.objects.visible_to(self.request.user).prefetch_related("organisations", "participants")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.review_create(actor=self.request.user, data=dict(serializer.validated_data))

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.review_change(
            actor=self.request.user, review=instance_of(serializer), data=dict(serializer.validated_data)
        )


class ActivitySerializer(VisibleChoicesSerializer):
    class Meta:
        model = Activity
        fields = [
            "id",
            "review",
            "name",
            "done_now_by",
            "frequency",
            "risk",
            "suits_support_role",
            "training",
            "supervision",
            "conditions",
            "decision",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = ["id", "conditions", "decision", "decided_by", "decided_at"]


class DecideSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=Decision.choices, allow_blank=True)
    conditions = serializers.CharField(required=False, allow_blank=True)


class ActivityViewSet(VisibleModelViewSet):
    """A review's activities. Participants and managers add, change and remove them while not agreed; `decide`
    (a coordinator or a manager of the team) agrees one in or out of the role's scope, with its conditions."""

    serializer_class = ActivitySerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["review", "decision"]

    def base_queryset(self) -> QuerySet[Activity]:
        return Activity.objects.visible_to(self.request.user).order_by("review", "position", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.activity_add(actor=self.request.user, review=data.pop("review"), data=data)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        data.pop("review", None)
        serializer.instance = services.activity_change(
            actor=self.request.user, activity=instance_of(serializer), data=data
        )

    def perform_destroy(self, instance: Activity) -> None:
        services.activity_delete(actor=self.request.user, activity=instance)

    @extend_schema(request=DecideSerializer, responses={200: ActivitySerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        payload = DecideSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        activity = services.activity_decide(
            actor=request.user,
            activity=self.get_object(),
            decision=payload.validated_data["decision"],
            conditions=payload.validated_data.get("conditions"),
        )
        return Response(self.get_serializer(activity).data)


class CommentSerializer(VisibleChoicesSerializer):
    class Meta:
        model = ActivityComment
        fields = ["id", "activity", "author", "text", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class CommentViewSet(VisibleModelViewSet):
    """Comments on a review's activities (whoever takes part in the review)."""

    serializer_class = CommentSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["activity"]

    def base_queryset(self) -> QuerySet[ActivityComment]:
        return ActivityComment.objects.visible_to(self.request.user).order_by("created_at", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        serializer.instance = services.comment_add(
            actor=self.request.user, activity=data["activity"], text=data["text"]
        )


class ScopeLineSerializer(serializers.ModelSerializer[ScopeLine]):
    class Meta:
        model = ScopeLine
        fields = ["activity", "in_scope", "conditions", "supervision", "training"]


class DelegationSerializer(serializers.ModelSerializer[DelegationRule]):
    class Meta:
        model = DelegationRule
        fields = ["delegated_by", "what", "supervision"]


class RoleProfileSerializer(VisibleChoicesSerializer):
    scope = ScopeLineSerializer(many=True, read_only=True)
    delegation = DelegationSerializer(many=True, read_only=True)
    competences = serializers.SerializerMethodField()

    class Meta:
        model = RoleProfile
        fields = [
            "id",
            "review",
            "organisation",
            "title",
            "purpose",
            "band",
            "training_route",
            "standard",
            "competences_signed_off_by",
            "version",
            "previous",
            "published_at",
            "scope",
            "competences",
            "delegation",
        ]
        read_only_fields = ["id", "version", "previous", "published_at"]

    def get_competences(self, profile: RoleProfile) -> list[str]:
        return [c.text for c in profile.competences.select_related("criterion")]


class RoleProfileViewSet(VisibleModelViewSet):
    """Role profiles: published ones for everyone in the partnership, drafts for whoever sees their review. `POST`
    with `review` drafts one from the review's agreed activities; `PATCH` changes a draft; `publish`; `new-version`
    copies a published one into a new draft."""

    serializer_class = RoleProfileSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["organisation", "review", "training_route"]
    search_fields = ["title"]

    def base_queryset(self) -> QuerySet[RoleProfile]:
        return RoleProfile.objects.visible_to(self.request.user).prefetch_related("scope", "delegation")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        review = data.pop("review", None)
        if review is None:
            raise serializers.ValidationError({"review": "Draft a profile from a role review."})
        serializer.instance = services.profile_from_review(actor=self.request.user, review=review, data=data)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        data.pop("review", None)
        serializer.instance = services.profile_change(
            actor=self.request.user, profile=instance_of(serializer), data=data
        )

    @extend_schema(request=ScopeLineSerializer, responses={200: RoleProfileSerializer})
    @action(detail=True, methods=["post"])
    def scope(self, request: Request, pk: str | None = None) -> Response:
        """Add an activity to a draft's scope (or out of it), or change the one with the same name."""
        payload = ScopeLineSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        profile = self.get_object()
        services.scope_line_save(actor=request.user, profile=profile, data=dict(payload.validated_data))
        return Response(self.get_serializer(self.get_queryset().get(pk=profile.pk)).data)  # the scope as it is now

    @extend_schema(request=None, responses={200: RoleProfileSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        profile = services.profile_publish(actor=request.user, profile=self.get_object())
        return Response(self.get_serializer(profile).data)

    @extend_schema(request=None, responses={201: RoleProfileSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request: Request, pk: str | None = None) -> Response:
        profile = services.profile_new_version(actor=request.user, profile=self.get_object())
        return Response(self.get_serializer(profile).data, status=201)


# ------------------------------------------------------------------------------ funding gate and agreements


class GateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    met = serializers.BooleanField()
    evidence = serializers.CharField()


class TrainingRequestSerializer(StaffChoicesSerializer):
    staff_fields = ("learner",)

    gate = serializers.SerializerMethodField()

    class Meta:
        model = TrainingRequest
        fields = [
            "id",
            "organisation",
            "profile",
            "learner",
            "places",
            "workforce_plan_ref",
            "skill_mix",
            "sponsor",
            "study_hours_a_week",
            "post_guaranteed",
            "post_evidence",
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "gate",
        ]
        read_only_fields = ["id", "status", "decided_by", "decided_at", "decision_note"]

    @extend_schema_field(GateSerializer(many=True))
    def get_gate(self, request: TrainingRequest) -> list[dict[str, Any]]:
        return [{"name": g.name, "met": g.met, "evidence": g.evidence} for g in selectors.gate(request)]


class RequestDecisionSerializer(serializers.Serializer[Any]):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True)


class TrainingRequestViewSet(VisibleModelViewSet):
    """Training requests for a role with the funding gate, part by part. Managers of the organisation (and
    coordinators) ask and change a draft; `decide` (coordinators, partnership admins) approves only when every part
    is met, or refuses with a note."""

    serializer_class = TrainingRequestSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["organisation", "profile", "status"]

    def base_queryset(self) -> QuerySet[TrainingRequest]:
        return TrainingRequest.objects.visible_to(self.request.user).select_related("profile").order_by("-created_at")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.request_create(actor=self.request.user, data=dict(serializer.validated_data))

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k not in ("organisation", "profile")}
        serializer.instance = services.request_change(
            actor=self.request.user, request=instance_of(serializer), data=data
        )

    @extend_schema(request=RequestDecisionSerializer, responses={200: TrainingRequestSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        payload = RequestDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        decided = services.request_decide(
            actor=request.user,
            request=self.get_object(),
            approve=payload.validated_data["approve"],
            note=payload.validated_data.get("note", ""),
        )
        return Response(self.get_serializer(decided).data)


class AgreementTemplateSerializer(VisibleChoicesSerializer):
    class Meta:
        model = AgreementTemplate
        fields = ["id", "name", "version", "employer_funds", "learner_commits", "repayment", "is_current"]
        read_only_fields = ["id", "version", "is_current"]


class AgreementTemplateViewSet(VisibleModelViewSet):
    """Training agreement templates (everyone in the partnership reads them). Coordinators and admins add one;
    `PATCH` makes the next version (the old one stays, no longer offered)."""

    serializer_class = AgreementTemplateSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    write_perm = "hub.approve_training"
    filterset_fields = ["is_current"]

    def base_queryset(self) -> QuerySet[AgreementTemplate]:
        return AgreementTemplate.objects.visible_to(self.request.user).order_by("name", "-version")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.template_save(actor=self.request.user, data=dict(serializer.validated_data))

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.template_save(
            actor=self.request.user, data=dict(serializer.validated_data), replaces=instance_of(serializer)
        )


class TrainingAgreementSerializer(StaffChoicesSerializer):
    staff_fields = ("learner",)

    is_signed = serializers.BooleanField(read_only=True)

    class Meta:
        model = TrainingAgreement
        fields = [
            "id",
            "request",
            "template",
            "learner",
            "provider",
            "version",
            "previous",
            "employer_funds",
            "learner_commits",
            "repayment",
            "study_hours_a_week",
            "learner_signed_at",
            "employer_signed_at",
            "provider_signed_at",
            "is_signed",
        ]
        read_only_fields = [
            "id",
            "version",
            "previous",
            "learner_signed_at",
            "employer_signed_at",
            "provider_signed_at",
        ]


class TrainingAgreementViewSet(VisibleModelViewSet):
    """Training agreements: the learner, managers of the organisation, coordinators and admins read them. `POST`
    (`request`, `template`, `learner`, `provider`) draws one up for an approved request; `PATCH` of the terms makes
    a new version that everyone signs again; `sign` signs as whoever the caller is on it."""

    serializer_class = TrainingAgreementSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["request", "learner"]

    def base_queryset(self) -> QuerySet[TrainingAgreement]:
        return TrainingAgreement.objects.visible_to(self.request.user).select_related("request").order_by("-created_at")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        serializer.instance = services.agreement_create(
            actor=self.request.user,
            request=data["request"],
            template=data["template"],
            learner=data["learner"],
            provider=data.get("provider"),
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.agreement_change(
            actor=self.request.user, agreement=instance_of(serializer), data=dict(serializer.validated_data)
        )

    @extend_schema(request=None, responses={200: TrainingAgreementSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        agreement = services.agreement_sign(actor=request.user, agreement=self.get_object())
        return Response(self.get_serializer(agreement).data)


# ---------------------------------------------------------------------------------------- competence checks


class StaffAbsenceSerializer(StaffChoicesSerializer):
    staff_fields = ("person",)

    class Meta:
        model = StaffAbsence
        fields = ["id", "person", "organisation", "started_on", "returned_on"]


class StaffAbsenceViewSet(VisibleModelViewSet):
    """Long absences of staff (dates only, never a reason), so that a competence check follows the return.
    Managers of the organisation and coordinators record them; the person sees their own."""

    serializer_class = StaffAbsenceSerializer
    http_method_names = ["get", "post", "head", "options"]
    write_perm = "hub.design_roles"
    filterset_fields = ["organisation", "person"]

    def base_queryset(self) -> QuerySet[StaffAbsence]:
        return StaffAbsence.objects.visible_to(self.request.user).order_by("-started_on")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.absence_record(actor=self.request.user, data=dict(serializer.validated_data))


class CheckItemSerializer(VisibleChoicesSerializer):
    class Meta:
        model = CheckItem
        fields = ["id", "competence", "outcome", "plan", "signed_by", "signed_at"]
        read_only_fields = fields


class CompetenceCheckSerializer(StaffChoicesSerializer):
    staff_fields = ("person",)

    items = CheckItemSerializer(many=True, read_only=True)

    class Meta:
        model = CompetenceCheck
        fields = ["id", "person", "organisation", "profile", "reason", "created_at", "items"]
        read_only_fields = ["id", "created_at"]


class CheckItemSignSerializer(serializers.Serializer[Any]):
    item = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=["observed", "needs_training"])
    plan = serializers.CharField(required=False, allow_blank=True)


class CompetenceCheckViewSet(VisibleModelViewSet):
    """Competence checks with their items. Managers of the organisation and coordinators start one (`person`,
    `organisation`, `profile`, `reason`); `sign` (`item`, `outcome`, `plan`) by an authorised supervisor."""

    serializer_class = CompetenceCheckSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["organisation", "person", "reason"]

    def base_queryset(self) -> QuerySet[CompetenceCheck]:
        return CompetenceCheck.objects.visible_to(self.request.user).prefetch_related("items").order_by("-created_at")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        serializer.instance = services.check_start(
            actor=self.request.user,
            person=data["person"],
            organisation=data["organisation"],
            profile=data["profile"],
            reason=data["reason"],
        )

    @extend_schema(request=CheckItemSignSerializer, responses={200: CompetenceCheckSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        payload = CheckItemSignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        check = self.get_object()
        item = check.items.filter(pk=payload.validated_data["item"]).first()
        if item is None:
            raise serializers.ValidationError({"item": "Choose an item of this check."})
        services.check_item_sign(
            actor=request.user,
            item=item,
            outcome=payload.validated_data["outcome"],
            plan=payload.validated_data.get("plan", ""),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=check.pk)).data)
