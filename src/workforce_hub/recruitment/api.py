"""REST API for recruitment: vacancies, and applications (coordinators and partnership admins) with stage moves."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from workforce_hub.core.rest.base import IsPartnershipMember, VisibleChoicesSerializer, VisibleModelViewSet, instance_of
from workforce_hub.people.api import EraseSerializer

from . import services
from .access import MANAGE_RECRUITMENT
from .forms import VacancyForm
from .models import Application, Stage, Vacancy


class ApplicationSerializer(VisibleChoicesSerializer):
    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "vacancy",
            "given_name",
            "family_name",
            "email",
            "date_of_birth",
            "english",
            "maths",
            "right_to_work",
            "stage",
            "is_eligible",
            "eligibility",
            "pool_rank",
            "enrolment",
            "created_at",
        ]
        read_only_fields = fields


class MoveSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(choices=Stage.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PoolSerializer(serializers.Serializer):
    do = serializers.ChoiceField(choices=["add", "remove", "up", "down"])


class ApplicationViewSet(VisibleModelViewSet):
    """Applications to your partnership's vacancies, with the eligibility result and a reason for each rule.
    Applicants apply on the public form; moving an application (`move`) needs the coordinator role."""

    serializer_class = ApplicationSerializer
    http_method_names = ["get", "post", "head", "options"]
    write_perm = MANAGE_RECRUITMENT
    search_fields = ["family_name", "given_name", "reference"]
    filterset_fields = ["vacancy", "stage", "is_eligible"]

    def base_queryset(self) -> QuerySet[Application]:
        return Application.objects.visible_to(self.request.user).order_by("pk")

    @extend_schema(exclude=True)  # refused: not an operation of the API, so not in its schema
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        return Response({"detail": "Applicants apply on the public form."}, status=405)

    @extend_schema(request=MoveSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        """Move to the next stage (accepting an offer creates the enrolment)."""
        application = self.get_object()
        payload = MoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        application = services.application_move(application=application, actor=request.user, **payload.validated_data)
        return Response(self.get_serializer(application).data)

    @extend_schema(request=EraseSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated, IsPartnershipMember])
    def erase(self, request: Request, pk: str | None = None) -> Response:
        """Right to erasure for an applicant with no record in the Hub (partnership administrators): the
        application is anonymised as the retention sweep would do it, audited with the request's reference."""
        application = self.get_object()
        payload = EraseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        application = services.application_erase(
            application=application, reference=payload.validated_data["reference"], actor=request.user
        )
        return Response(self.get_serializer(application).data)

    @extend_schema(request=PoolSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def pool(self, request: Request, pk: str | None = None) -> Response:
        """The ranked back-up pool: `add` an eligible applicant, `remove` them, or move them `up` or `down`."""
        application = self.get_object()
        payload = PoolSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        do = payload.validated_data["do"]
        if do == "add":
            services.pool_add(application=application, actor=request.user)
        elif do == "remove":
            services.pool_remove(application=application, actor=request.user)
        else:
            services.pool_move(application=application, up=do == "up", actor=request.user)
        return Response(self.get_serializer(self.base_queryset().get(pk=application.pk)).data)


class VacancySerializer(VisibleChoicesSerializer):
    class Meta:
        model = Vacancy
        fields = ["id", "scheme", *VacancyForm.Meta.fields]  # what the page's form edits, and the scheme


class VacancyViewSet(VisibleModelViewSet):
    """Recruitment vacancies of your partnership's schemes, with what the public page tells applicants. Coordinators
    create and change them; the scheme of a vacancy cannot change."""

    serializer_class = VacancySerializer
    write_perm = MANAGE_RECRUITMENT
    search_fields = ["title", "slug"]
    filterset_fields = ["scheme", "status"]

    def base_queryset(self) -> QuerySet[Vacancy]:
        return Vacancy.objects.visible_to(self.request.user).prefetch_related("planned_settings").order_by("pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        scheme = data.pop("scheme")
        serializer.instance = services.vacancy_create(scheme=scheme, data=data, actor=self.request.user)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        services.vacancy_update(
            vacancy=instance_of(serializer), data=dict(serializer.validated_data), actor=self.request.user
        )
