"""REST API for jobs, destinations and the scheme report."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.rest.base import IsPartnershipMember, VisibleModelViewSet, instance_of, limit_related
from workforce_hub.organisations.models import Organisation
from workforce_hub.organisations.selectors import current_partnership
from workforce_hub.schemes.models import Cohort, Scheme

from . import reports, services
from .models import Destination, JobVacancy


class JobSerializer(serializers.ModelSerializer):
    class Meta:
        model = JobVacancy
        fields = [
            "id",
            "organisation",
            "title",
            "sector",
            "area",
            "postcode",
            "hours",
            "pay",
            "description",
            "how_to_apply",
            "closes_on",
            "schemes",
        ]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            limit_related(fields, "organisation", Organisation.objects.visible_to(request.user))
            limit_related(fields, "schemes", Scheme.objects.visible_to(request.user))
        return fields


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


class DestinationSerializer(serializers.ModelSerializer):
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
        enrolment = data.pop("enrolment")
        from workforce_hub.schemes.models import Enrolment

        enrolment = get_visible_or_404(Enrolment.objects.visible_to(self.request.user), pk=enrolment.pk)
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
    report = reports.scheme_report(scheme, cohorts)
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
                for t, h, rows in reports.tables(report)
            ],
        }
    )
