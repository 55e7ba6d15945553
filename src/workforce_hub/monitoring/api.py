"""REST API for monitoring: logic models with their items and indicators (with the value as at today and the Hub's
proposal), and ratings (an owner or a coordinator confirms or overrides the proposal with a reason)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from workforce_hub.core.rest.base import VisibleChoicesSerializer, VisibleModelViewSet, instance_of

from . import services
from .models import Indicator, Item, ItemRating, LogicModel, ManualValue
from .selectors import item_rows


class IndicatorSerializer(VisibleChoicesSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "item",
            "name",
            "metric",
            "cohort",
            "organisation",
            "since",
            "target",
            "baseline",
            "due_on",
            "owner",
            "direction",
        ]


class ItemSerializer(VisibleChoicesSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Item
        fields = ["id", "model", "kind", "statement", "leads_to", "external_factors", "indicators"]


class ItemViewSet(VisibleModelViewSet):
    """Items of logic models (inputs, activities, outputs, outcomes, impacts). Coordinators add, change and remove
    them while the version has no ratings."""

    serializer_class = ItemSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    write_perm = "hub.manage_logic_models"
    filterset_fields = ["model", "kind"]

    def base_queryset(self) -> QuerySet[Item]:
        return Item.objects.visible_to(self.request.user).prefetch_related("indicators", "leads_to").order_by("pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.item_add(actor=self.request.user, model=data.pop("model"), data=data)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        data.pop("model", None)
        serializer.instance = services.item_change(actor=self.request.user, item=instance_of(serializer), data=data)

    def perform_destroy(self, instance: Item) -> None:
        services.item_delete(actor=self.request.user, item=instance)


class IndicatorViewSet(VisibleModelViewSet):
    """Indicators on outputs and outcomes. `POST` adds one, refused unless SMART; `PATCH` changes one and `DELETE`
    removes one while the version has no ratings (coordinators)."""

    serializer_class = IndicatorSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    write_perm = "hub.manage_logic_models"
    filterset_fields = ["item", "metric", "owner"]

    def base_queryset(self) -> QuerySet[Indicator]:
        return Indicator.objects.visible_to(self.request.user).order_by("pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.indicator_add(actor=self.request.user, item=data.pop("item"), data=data)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        indicator = instance_of(serializer)
        if data.pop("item", indicator.item) != indicator.item:
            raise serializers.ValidationError({"item": "An indicator stays with its item; add a new one instead."})
        serializer.instance = services.indicator_change(actor=self.request.user, indicator=indicator, data=data)

    def perform_destroy(self, instance: Indicator) -> None:
        services.indicator_delete(actor=self.request.user, indicator=instance)


class LogicModelSerializer(VisibleChoicesSerializer):
    items = ItemSerializer(many=True, read_only=True)
    proposals = serializers.SerializerMethodField(help_text="Item id → the rating the Hub proposes today.")

    class Meta:
        model = LogicModel
        fields = ["id", "scheme", "programme", "version", "note", "created_at", "items", "proposals"]
        read_only_fields = ["version", "created_at"]

    def get_proposals(self, model: LogicModel) -> dict[str, str]:
        return {str(r.item.pk): r.proposal for r in item_rows(model, timezone.localdate())}


class LogicModelViewSet(VisibleModelViewSet):
    """Each scheme's (and partnership programme's) logic models, every version (read: partnership admins,
    coordinators, partner leads and the indicators' owners). `POST` (`scheme` or `programme`, `note`) makes the next
    version, a copy of the latest (coordinators)."""

    serializer_class = LogicModelSerializer
    http_method_names = ["get", "post", "head", "options"]
    write_perm = "hub.manage_logic_models"
    filterset_fields = ["scheme", "programme"]

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        serializer.instance = services.logic_model_create(
            actor=self.request.user,
            scheme=data.get("scheme"),
            programme=data.get("programme", ""),
            note=data.get("note", ""),
        )

    def base_queryset(self) -> QuerySet[LogicModel]:
        return (
            LogicModel.objects.visible_to(self.request.user)
            .prefetch_related("items__indicators", "items__leads_to")
            .order_by("scheme", "programme", "-version")
        )


class ItemRatingSerializer(VisibleChoicesSerializer):
    class Meta:
        model = ItemRating
        fields = ["id", "item", "review_on", "proposed", "rating", "reason", "decided_by", "decided_at"]
        read_only_fields = ["id", "review_on", "proposed", "decided_by", "decided_at"]


class ItemRatingViewSet(VisibleModelViewSet):
    """Ratings, newest first. `POST` (`item`, `rating`, `reason` if it differs from the Hub's proposal): an owner of
    the item's indicators or a coordinator."""

    serializer_class = ItemRatingSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["item"]

    def base_queryset(self) -> QuerySet[ItemRating]:
        return ItemRating.objects.visible_to(self.request.user).order_by("-review_on", "-decided_at")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        serializer.instance = services.rating_decide(
            actor=self.request.user, item=data["item"], rating=data["rating"], reason=data.get("reason", "")
        )


class ManualValueSerializer(VisibleChoicesSerializer):
    upload = serializers.FileField(write_only=True, required=False, help_text="A file that shows it (multipart).")
    confirmed = serializers.BooleanField(
        write_only=True, required=False, help_text="The file (a picture or a scan) shows no personal details."
    )
    file = serializers.SerializerMethodField(help_text="Where to download the file of evidence, if there is one.")

    class Meta:
        model = ManualValue
        fields = [
            "id",
            "indicator",
            "value",
            "recorded_on",
            "evidence",
            "upload",
            "confirmed",
            "file",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = ["id", "recorded_by", "created_at"]

    def get_file(self, value: ManualValue) -> str | None:
        return reverse("monitoring:value_file", args=[value.pk]) if value.evidence_file else None


class ManualValueViewSet(VisibleModelViewSet):
    """Values of indicators the Hub cannot compute, with their evidence, newest first. `POST` (`indicator`, `value`,
    `recorded_on`, `evidence`): the indicator's owner or a coordinator."""

    serializer_class = ManualValueSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["indicator"]

    def base_queryset(self) -> QuerySet[ManualValue]:
        return ManualValue.objects.visible_to(self.request.user).order_by("-recorded_on", "-pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        upload = data.pop("upload", None)
        if upload is not None:
            data["upload"] = (upload.name, upload.read())
        serializer.instance = services.manual_value_add(
            actor=self.request.user, indicator=data.pop("indicator"), data=data
        )
