"""REST API for jobs, careers events, destinations and the scheme report."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.rest.base import (
    IsPartnershipMember,
    VisibleChoicesSerializer,
    VisibleModelViewSet,
    instance_of,
)
from workforce_hub.organisations.models import Sector
from workforce_hub.organisations.selectors import current_partnership
from workforce_hub.people.models import Person
from workforce_hub.schemes.models import Cohort, Scheme

from . import reports, services
from .models import CareersEvent, Destination, JobPreference, JobVacancy, LevyTransfer


class JobSerializer(VisibleChoicesSerializer):
    class Meta:
        model = JobVacancy
        fields = [
            "id",
            "organisation",
            "title",
            "sector",
            "area",
            "postcode",
            "latitude",
            "longitude",
            "location_source",
            "located_on",
            "hours",
            "pay",
            "description",
            "how_to_apply",
            "closes_on",
            "schemes",
        ]
        read_only_fields = ["location_source", "located_on"]


class JobViewSet(VisibleModelViewSet):
    """Jobs partners are recruiting for. Any member reads them; partners post for their own organisation."""

    serializer_class = JobSerializer
    write_perm = "hub.post_jobs"
    search_fields = ["title", "organisation__name", "area"]
    filterset_fields = ["sector", "organisation"]

    def base_queryset(self) -> QuerySet[JobVacancy]:
        return JobVacancy.objects.visible_to(self.request.user).order_by("closes_on", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.job_create(
            partnership=current_partnership(viewer_for(self.request.user)),
            data=dict(serializer.validated_data),
            actor=self.request.user,
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        services.job_update(job=instance_of(serializer), data=dict(serializer.validated_data), actor=self.request.user)


class DestinationSerializer(VisibleChoicesSerializer):
    class Meta:
        model = Destination
        fields = [
            "id",
            "enrolment",
            "point",
            "recorded_on",
            "outcome",
            "role",
            "organisation",
            "organisation_name",
            "at_placement_host",
        ]
        read_only_fields = ["at_placement_host"]


class DestinationViewSet(VisibleModelViewSet):
    """Where apprentices went at the end and 6 and 12 months later. Coordinators record them; admins read them;
    an apprentice reads their own."""

    serializer_class = DestinationSerializer
    http_method_names = ["get", "post", "head", "options"]
    write_perm = "hub.record_destinations"
    filterset_fields = ["enrolment", "point", "outcome"]

    def base_queryset(self) -> QuerySet[Destination]:
        return Destination.objects.visible_to(self.request.user).order_by("pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        enrolment = data.pop("enrolment")  # already limited to the enrolments the caller can see
        serializer.instance = services.destination_record(enrolment=enrolment, data=data, actor=self.request.user)


ReportSerializer = inline_serializer(
    "SchemeReport",
    {
        "scheme": serializers.CharField(),
        "cohorts": serializers.ListField(child=serializers.CharField()),
        "on": serializers.DateField(),
        "tables": serializers.ListField(child=serializers.DictField()),
    },
)


@extend_schema(responses={200: ReportSerializer})
@api_view(["GET"])
@permission_classes([IsAuthenticated, IsPartnershipMember])
def scheme_report(request: Request, pk: int) -> Response:
    """The scheme report (every cohort, or `?cohort=<id>`): the same tables as the page and its exports."""
    require_perm(request.user, "hub.view_scheme_reports")
    scheme = get_visible_or_404(Scheme.objects.visible_to(request.user), pk=pk)
    cohorts = list(Cohort.objects.visible_to(request.user).filter(scheme=scheme))
    if request.query_params.get("cohort"):
        cohorts = [c for c in cohorts if str(c.pk) == request.query_params["cohort"]]
    report = reports.scheme_report_kept(scheme, cohorts, reader=request.user)
    return Response(
        {
            "scheme": scheme.name,
            "cohorts": [c.name for c in report.cohorts],
            "on": report.on,
            "tables": [
                {
                    "title": t,
                    "headers": h,
                    "rows": [[str(c) if not isinstance(c, int | float) else c for c in r] for r in rows],
                }
                for t, h, rows in reports.tables(
                    report, small_numbers_hidden=not viewer_for(request.user).is_partnership_wide
                )
            ],
        }
    )


class CareersEventSerializer(VisibleChoicesSerializer):
    places_taken = serializers.SerializerMethodField()
    signed_up = serializers.SerializerMethodField()

    class Meta:
        model = CareersEvent
        fields = [
            "id",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "location",
            "capacity",
            "places_taken",
            "signed_up",
        ]
        read_only_fields = ["places_taken", "signed_up"]

    def get_places_taken(self, event: CareersEvent) -> int:
        return event.signups.count()

    def get_signed_up(self, event: CareersEvent) -> bool:
        request = self.context.get("request")
        person = viewer_for(request.user).person_id if request is not None else None
        return person is not None and any(s.person_id == person for s in event.signups.all())


class CareersEventViewSet(VisibleModelViewSet):
    """Careers events for everyone in the partnership. Coordinators and admins add and change them; anyone signs up
    for themselves (`sign-up`) or cancels (`cancel`)."""

    serializer_class = CareersEventSerializer
    write_perm = "hub.manage_events"
    search_fields = ["title", "location"]

    def base_queryset(self) -> QuerySet[CareersEvent]:
        return (
            CareersEvent.objects.visible_to(self.request.user).prefetch_related("signups").order_by("starts_at", "pk")
        )

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.event_create(
            partnership=current_partnership(viewer_for(self.request.user)),
            data=dict(serializer.validated_data),
            actor=self.request.user,
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        services.event_update(
            event=instance_of(serializer), data=dict(serializer.validated_data), actor=self.request.user
        )

    @extend_schema(request=None, responses={200: CareersEventSerializer})
    @action(
        detail=True, methods=["post"], url_path="sign-up", permission_classes=[IsAuthenticated, IsPartnershipMember]
    )
    def sign_up(self, request: Request, pk: str | None = None) -> Response:
        event = self.get_object()
        services.event_signup(event=event, actor=request.user)
        return Response(self.get_serializer(self.base_queryset().get(pk=event.pk)).data)

    @extend_schema(request=None, responses={200: CareersEventSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated, IsPartnershipMember])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        event = self.get_object()
        services.event_cancel(event=event, actor=request.user)
        return Response(self.get_serializer(self.base_queryset().get(pk=event.pk)).data)


@extend_schema(request=None, responses={200: inline_serializer("AlertsSent", {"sent": serializers.IntegerField()})})
@api_view(["POST"])
@permission_classes([IsAuthenticated, IsPartnershipMember])
def job_alerts_send(request: Request) -> Response:
    """Send this fortnight's job alerts now (coordinators and admins; the daily job does the same and nobody gets
    two in a fortnight)."""
    require_perm(request.user, "hub.manage_events")
    return Response({"sent": services.job_alerts_send()})


class JobPreferenceSerializer(VisibleChoicesSerializer):
    # lists, never null: the model's JSON fields may be blank, so its own checks would let a null through
    sectors = serializers.ListField(
        child=serializers.ChoiceField(choices=Sector.choices), required=False, max_length=len(Sector.choices)
    )
    areas = serializers.ListField(child=serializers.CharField(max_length=100), required=False, max_length=50)

    class Meta:
        model = JobPreference
        fields = ["sectors", "areas", "max_distance_km", "alerts"]


@extend_schema(methods=["GET"], responses={200: JobPreferenceSerializer})
@extend_schema(methods=["PUT"], request=JobPreferenceSerializer, responses={200: JobPreferenceSerializer})
@api_view(["GET", "PUT"])
@permission_classes([IsAuthenticated, IsPartnershipMember])
def my_job_preferences(request: Request) -> Response:
    """Your own job-alert preferences: sectors, areas, how far you would travel, and whether to get alerts."""
    viewer = viewer_for(request.user)
    person = get_visible_or_404(Person.objects.visible_to(request.user), pk=viewer.person_id)
    current = JobPreference.objects.visible_to(request.user).filter(person=person).first()
    if request.method == "GET":
        return Response(JobPreferenceSerializer(current or JobPreference(person=person)).data)
    payload = JobPreferenceSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    saved = services.preferences_set(person=person, data=dict(payload.validated_data), actor=request.user)
    return Response(JobPreferenceSerializer(saved).data)


class LevyTransferSerializer(VisibleChoicesSerializer):
    class Meta:
        model = LevyTransfer
        fields = ["id", "scheme", "sender", "receiver", "amount", "levy_funds", "agreed_on", "note", "created_at"]
        read_only_fields = ["id", "created_at"]


class LevyTransferViewSet(VisibleModelViewSet):
    """Levy transfers between partners that pay for a scheme's training. Partnership admins, coordinators and
    partner leads read them; coordinators record (within the sender's cap of a quarter of its levy funds in the
    year from April) and remove them. No changes: remove and record again."""

    serializer_class = LevyTransferSerializer
    write_perm = "hub.manage_schemes"
    http_method_names = ["get", "post", "delete", "head", "options"]
    filterset_fields = ["scheme", "sender", "receiver"]

    def base_queryset(self) -> QuerySet[LevyTransfer]:
        return LevyTransfer.objects.visible_to(self.request.user).order_by("agreed_on", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        scheme = data.pop("scheme")
        serializer.instance = services.levy_transfer_record(scheme=scheme, data=data, actor=self.request.user)

    def perform_destroy(self, instance: LevyTransfer) -> None:
        services.levy_transfer_delete(transfer=instance, actor=self.request.user)
