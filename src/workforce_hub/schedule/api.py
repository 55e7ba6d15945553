"""REST API for the scheduled jobs: each job with its next chance to run and its latest runs; `run` queues one now
(partnership admins and coordinators)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from workforce_hub.core.rest.base import IsPartnershipMember

from . import access, services
from .models import JobRun
from .selectors import JobRow, job_rows


class ScheduledJobRunSerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    started_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField()
    detail = serializers.CharField()


class ScheduledJobSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(source="job.name")
    title = serializers.CharField(source="job.title")
    does = serializers.CharField(source="job.does")
    next_run = serializers.DateTimeField(allow_null=True)
    recent = ScheduledJobRunSerializer(many=True)


class ScheduledJobViewSet(viewsets.GenericViewSet[Any]):
    """The scheduled jobs (partnership admins and coordinators)."""

    permission_classes = [IsPartnershipMember]
    serializer_class = ScheduledJobSerializer
    queryset = JobRun.objects.none()  # the jobs are not rows; this only tells the schema generator the model
    lookup_field = "name"
    lookup_value_regex = "[a-z_]+"

    def list(self, request: Request) -> Response:
        access.access_jobs(request.user)
        page = self.paginate_queryset(job_rows())  # type: ignore[arg-type]  # a list pages like a queryset
        return self.get_paginated_response(ScheduledJobSerializer(page, many=True).data)

    @extend_schema(
        request=None,
        responses={202: ScheduledJobSerializer},
        parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH, description="The job's name.")],
    )
    @action(detail=True, methods=["post"])
    def run(self, request: Request, name: str | None = None) -> Response:
        services.job_queue(actor=request.user, name=name or "")
        row: JobRow = next(r for r in job_rows() if r.job.name == name)
        return Response(ScheduledJobSerializer(row).data, status=202)
