"""REST API for readiness: pre-arrival tasks (hosts tick them), placement agreements (each party signs) and the
checklist templates (coordinators)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from workforce_hub.core.access import viewer_for
from workforce_hub.core.rest.base import VisibleChoicesSerializer, VisibleModelViewSet, instance_of
from workforce_hub.organisations.selectors import current_partnership

from . import services
from .models import (
    AGREEMENT_FIELDS,
    Briefing,
    ChecklistTemplate,
    FaqEntry,
    GlossaryTerm,
    InductionItem,
    PlacementAgreement,
    PreArrivalTask,
)


class PreArrivalTaskSerializer(VisibleChoicesSerializer):
    class Meta:
        model = PreArrivalTask
        fields = ["id", "placement", "title", "due_on", "assigned_to", "done_at", "done_by", "note"]
        read_only_fields = fields


class TaskDoneSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class PreArrivalTaskViewSet(VisibleModelViewSet):
    """What the host sets up before an apprentice's first day. Never names the apprentice. The host's managers and
    mentors and coordinators mark tasks done (`done`) or not done (`undo`)."""

    serializer_class = PreArrivalTaskSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["placement", "assigned_to"]

    def base_queryset(self) -> QuerySet[PreArrivalTask]:
        return PreArrivalTask.objects.visible_to(self.request.user).order_by("due_on", "pk")

    @extend_schema(exclude=True)  # refused: not an operation of the API, so not in its schema
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response({"detail": "Tasks come from the checklist when a placement is published."}, status=405)

    @extend_schema(request=TaskDoneSerializer, responses={200: PreArrivalTaskSerializer})
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str | None = None) -> Response:
        payload = TaskDoneSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        task = services.task_done(
            actor=request.user, task=self.get_object(), note=payload.validated_data.get("note", "")
        )
        return Response(self.get_serializer(task).data)

    @extend_schema(request=None, responses={200: PreArrivalTaskSerializer})
    @action(detail=True, methods=["post"])
    def undo(self, request: Request, pk: str | None = None) -> Response:
        task = services.task_undo(actor=request.user, task=self.get_object())
        return Response(self.get_serializer(task).data)


class PlacementAgreementSerializer(VisibleChoicesSerializer):
    may_do = serializers.ListField(child=serializers.CharField(max_length=300), required=False)
    must_not_do = serializers.ListField(child=serializers.CharField(max_length=300), required=False)
    is_signed = serializers.BooleanField(read_only=True)

    class Meta:
        model = PlacementAgreement
        fields = [
            "id",
            "placement",
            *AGREEMENT_FIELDS,
            "apprentice_signed_at",
            "host_signed_at",
            "coordinator_signed_at",
            "is_signed",
        ]
        read_only_fields = ["id", "placement", "apprentice_signed_at", "host_signed_at", "coordinator_signed_at"]


class PlacementAgreementViewSet(VisibleModelViewSet):
    """A placement's agreement. Coordinators change its wording (`PATCH`; signatures are cleared); the apprentice,
    the host and a coordinator each sign (`sign`)."""

    serializer_class = PlacementAgreementSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    service_checks_writes = True  # changing the wording: coordinators; signing: each party (the service decides)
    filterset_fields = ["placement"]

    def base_queryset(self) -> QuerySet[PlacementAgreement]:
        return PlacementAgreement.objects.visible_to(self.request.user).order_by("pk")

    @extend_schema(exclude=True)  # refused: not an operation of the API, so not in its schema
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response({"detail": "Agreements are drafted when a placement is published."}, status=405)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.agreement_update(
            actor=self.request.user, agreement=instance_of(serializer), data=dict(serializer.validated_data)
        )

    @extend_schema(request=None, responses={200: PlacementAgreementSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        agreement = services.agreement_sign(actor=request.user, agreement=self.get_object())
        return Response(self.get_serializer(agreement).data)


class ChecklistItemSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    days_before_start = serializers.IntegerField(min_value=0, max_value=180)


class ChecklistTemplateSerializer(VisibleChoicesSerializer):
    items = ChecklistItemSerializer(many=True)

    class Meta:
        model = ChecklistTemplate
        fields = ["id", "name", "setting_type", "organisation", "is_active", "items"]

    def to_representation(self, instance: ChecklistTemplate) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["items"] = [{"title": i.title, "days_before_start": i.days_before_start} for i in instance.items.all()]
        return data


class ChecklistTemplateViewSet(VisibleModelViewSet):
    """Pre-arrival checklists for a setting type, an organisation, or every placement (everyone in the partnership
    reads them; coordinators keep them)."""

    serializer_class = ChecklistTemplateSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    write_perm = "hub.manage_readiness"
    filterset_fields = ["setting_type", "organisation", "is_active"]

    def base_queryset(self) -> QuerySet[ChecklistTemplate]:
        return ChecklistTemplate.objects.visible_to(self.request.user).prefetch_related("items").order_by("name")

    def _save(self, serializer: serializers.BaseSerializer[Any], template: ChecklistTemplate | None) -> None:
        data = dict(serializer.validated_data)
        items = data.pop("items", None)
        if items is None and template is not None:
            items = [{"title": i.title, "days_before_start": i.days_before_start} for i in template.items.all()]
        serializer.instance = services.template_save(
            actor=self.request.user,
            partnership=current_partnership(viewer_for(self.request.user)),
            data=data,
            items=[f"{i['days_before_start']}: {i['title']}" for i in items or []],
            template=template,
        )

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        self._save(serializer, None)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        self._save(serializer, instance_of(serializer))

    def perform_destroy(self, instance: ChecklistTemplate) -> None:
        services.template_delete(actor=self.request.user, template=instance)


class InductionItemSerializer(VisibleChoicesSerializer):
    done = serializers.SerializerMethodField(help_text="Whether you have done it.")

    class Meta:
        model = InductionItem
        fields = ["id", "scheme", "audience", "title", "due_weeks", "position", "done"]

    def get_done(self, item: InductionItem) -> bool:
        request = self.context.get("request")
        person = viewer_for(request.user).person_id if request else None
        return person is not None and item.done.filter(person_id=person).exists()


class InductionItemViewSet(VisibleModelViewSet):
    """Each scheme's induction checklist. Everyone in the partnership reads it; coordinators add, change and remove
    items; each person marks their own items `done` or `undo`."""

    serializer_class = InductionItemSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    service_checks_writes = True  # items: coordinators (checked below); done and undo: the person themselves
    filterset_fields = ["scheme", "audience"]

    def base_queryset(self) -> QuerySet[InductionItem]:
        return InductionItem.objects.visible_to(self.request.user).order_by("scheme", "audience", "position", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.induction_item_save(
            actor=self.request.user, data=dict(serializer.validated_data)
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.induction_item_save(
            actor=self.request.user, data=dict(serializer.validated_data), item=instance_of(serializer)
        )

    def perform_destroy(self, instance: InductionItem) -> None:
        services.induction_item_delete(actor=self.request.user, item=instance)

    @extend_schema(request=None, responses={200: InductionItemSerializer})
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        services.induction_tick(actor=request.user, item=item, done=True)
        return Response(self.get_serializer(item).data)

    @extend_schema(request=None, responses={200: InductionItemSerializer})
    @action(detail=True, methods=["post"])
    def undo(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        services.induction_tick(actor=request.user, item=item, done=False)
        return Response(self.get_serializer(item).data)


class GlossaryTermSerializer(VisibleChoicesSerializer):
    class Meta:
        model = GlossaryTerm
        fields = ["id", "term", "meaning"]


class FaqEntrySerializer(VisibleChoicesSerializer):
    class Meta:
        model = FaqEntry
        fields = ["id", "question", "answer", "position"]


class _ReferenceViewSet(VisibleModelViewSet):
    """The partnership's own reference texts: everyone reads them; coordinators keep them through `save`."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    write_perm = "hub.manage_readiness"
    save: Any = None  # the service that creates or changes one
    serializer_class: Any

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = type(self).save(
            actor=self.request.user,
            partnership=current_partnership(viewer_for(self.request.user)),
            data=dict(serializer.validated_data),
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        obj = instance_of(serializer)
        current = {f: getattr(obj, f) for f in self.serializer_class.Meta.fields if f != "id"}
        serializer.instance = type(self).save(
            actor=self.request.user,
            partnership=current_partnership(viewer_for(self.request.user)),
            data={**current, **serializer.validated_data},
            instance=obj,
        )

    def perform_destroy(self, instance: GlossaryTerm | FaqEntry) -> None:
        services.reference_delete(actor=self.request.user, obj=instance)


class GlossaryTermViewSet(_ReferenceViewSet):
    """The partnership's glossary of health and care words: everyone reads it; coordinators keep it."""

    serializer_class = GlossaryTermSerializer
    search_fields = ["term", "meaning"]
    save = services.glossary_save

    def base_queryset(self) -> QuerySet[GlossaryTerm]:
        return GlossaryTerm.objects.visible_to(self.request.user).order_by("term")


class FaqEntryViewSet(_ReferenceViewSet):
    """The questions hosts ask and the partnership's answers (in every briefing pack)."""

    serializer_class = FaqEntrySerializer
    save = services.faq_save

    def base_queryset(self) -> QuerySet[FaqEntry]:
        return FaqEntry.objects.visible_to(self.request.user).order_by("position", "pk")


class BriefingSerializer(VisibleChoicesSerializer):
    class Meta:
        model = Briefing
        fields = ["id", "scheme", "role_is", "role_is_not"]
        extra_kwargs: dict[str, dict[str, Any]] = {
            "scheme": {"validators": []}
        }  # a POST for a scheme that has one replaces it


class BriefingViewSet(VisibleModelViewSet):
    """Each scheme in brief for hosts (what the role is and is not). `POST` sets it for a scheme (coordinators)."""

    serializer_class = BriefingSerializer
    http_method_names = ["get", "post", "head", "options"]
    write_perm = "hub.manage_readiness"
    filterset_fields = ["scheme"]

    def base_queryset(self) -> QuerySet[Briefing]:
        return Briefing.objects.visible_to(self.request.user).order_by("pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        saved = services.briefing_save(actor=request.user, scheme=data.pop("scheme"), data=data)
        return Response(self.get_serializer(saved).data, status=201)
