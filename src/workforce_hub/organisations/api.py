"""REST API for organisations, sites and placement settings."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
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
from workforce_hub.organisations.selectors import current_partnership

from . import services
from .models import WEEKDAYS, Organisation, PlacementSetting, Site


class OrganisationSerializer(VisibleChoicesSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "org_type",
            "sector",
            "size",
            "parent",
            "ods_code",
            "apprentices_at_a_time",
            "is_active",
        ]


class OrganisationLimitSerializer(serializers.Serializer[Any]):
    apprentices_at_a_time = serializers.IntegerField(
        min_value=0, max_value=50, allow_null=True, help_text="null: no limit beyond each setting's places."
    )


class SiteSerializer(VisibleChoicesSerializer):
    class Meta:
        model = Site
        fields = [
            "id",
            "organisation",
            "name",
            "address",
            "postcode",
            "latitude",
            "longitude",
            "location_source",
            "located_on",
        ]
        read_only_fields = ["location_source", "located_on"]
        # left out, the location is looked up from the postcode (typed only when the postcode is not found)
        extra_kwargs = {"latitude": {"required": False}, "longitude": {"required": False}}


class SettingSerializer(VisibleChoicesSerializer):
    organisation = serializers.IntegerField(source="site.organisation_id", read_only=True)
    sector = serializers.CharField(source="site.organisation.sector", read_only=True)
    address = serializers.CharField(source="site.address", read_only=True)
    postcode = serializers.CharField(source="site.postcode", read_only=True)
    latitude = serializers.DecimalField(source="site.latitude", max_digits=8, decimal_places=5, read_only=True)
    longitude = serializers.DecimalField(source="site.longitude", max_digits=8, decimal_places=5, read_only=True)
    working_days = serializers.ListField(child=serializers.ChoiceField(choices=WEEKDAYS), required=False)
    tasks_allowed = serializers.ListField(child=serializers.CharField(max_length=300), required=False)
    tasks_not_allowed = serializers.ListField(child=serializers.CharField(max_length=300), required=False)

    class Meta:
        model = PlacementSetting
        fields = [
            "id",
            "site",
            "organisation",
            "sector",
            "name",
            "setting_type",
            "capacity",
            "min_age",
            "address",
            "postcode",
            "latitude",
            "longitude",
            "working_days",
            "working_hours",
            "shift_pattern",
            "contact",
            "mentors",
            "tasks_allowed",
            "tasks_not_allowed",
            "is_active",
        ]


class OrganisationViewSet(VisibleModelViewSet):
    """Organisations in your partnership. Only partnership admins can add or change them."""

    serializer_class = OrganisationSerializer
    write_perm = "hub.manage_organisations"
    filterset_fields = ["org_type", "sector", "is_active", "parent"]
    search_fields = ["name", "ods_code"]
    ordering_fields = ["name", "size"]

    def base_queryset(self) -> QuerySet[Organisation]:
        return Organisation.objects.visible_to(self.request.user).order_by("name")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        viewer = viewer_for(self.request.user)
        serializer.instance = services.organisation_create(
            partnership=current_partnership(viewer), data=dict(serializer.validated_data), actor=self.request.user
        )

    @extend_schema(request=OrganisationLimitSerializer, responses={200: OrganisationSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsPartnershipMember])
    def limit(self, request: Request, pk: str | None = None) -> Response:
        """How many apprentices the organisation hosts at a time across all its settings (coordinators and
        partnership admins). Published placements over a new limit are offered a re-plan."""
        organisation = self.get_object()
        payload = OrganisationLimitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.organisation_limit_set(
            organisation=organisation, limit=payload.validated_data["apprentices_at_a_time"], actor=request.user
        )
        organisation.refresh_from_db()
        return Response(self.get_serializer(organisation).data)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        services.organisation_update(
            organisation=instance_of(serializer), data=dict(serializer.validated_data), actor=self.request.user
        )


class SiteViewSet(VisibleModelViewSet):
    """Sites (addresses) of organisations."""

    serializer_class = SiteSerializer
    write_perm = "hub.manage_organisations"
    filterset_fields = ["organisation"]
    search_fields = ["name", "postcode"]

    def base_queryset(self) -> QuerySet[Site]:
        return Site.objects.visible_to(self.request.user).select_related("organisation").order_by("pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.site_create(
            organisation=data.pop("organisation"), data=data, actor=self.request.user
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        services.site_update(
            site=instance_of(serializer), data=dict(serializer.validated_data), actor=self.request.user
        )


class SettingViewSet(VisibleModelViewSet):
    """Placement settings: capacity, minimum age, working pattern, contact, mentors and the menu of tasks."""

    serializer_class = SettingSerializer
    write_perm = "hub.manage_organisations"
    filterset_fields = ["setting_type", "site", "site__organisation", "site__organisation__sector", "is_active"]
    search_fields = ["name", "site__organisation__name", "site__postcode"]
    ordering_fields = ["name", "capacity", "min_age"]

    def base_queryset(self) -> QuerySet[PlacementSetting]:
        return (
            PlacementSetting.objects.visible_to(self.request.user)
            .select_related("site__organisation")
            .prefetch_related("mentors")
            .order_by("pk")
        )

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.setting_create(site=data.pop("site"), data=data, actor=self.request.user)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        services.setting_update(
            setting=instance_of(serializer), data=dict(serializer.validated_data), actor=self.request.user
        )
