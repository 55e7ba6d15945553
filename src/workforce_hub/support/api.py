"""REST API for support during the scheme: handover meetings and their records, appraisals, placement feedback and
exit questionnaires. Reads start from each record's `visible_to`; writes go through the same services as the pages,
which decide who may write (the host while the placement runs, the apprentice on their own placement) and audit a
refusal.

Pastoral notes have no API by design: they are for scheme coordinators only, every read is audited one at a time,
and an apprentice reaches theirs through the subject-access request on the page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from workforce_hub.core.access import get_visible_or_404
from workforce_hub.core.rest.base import IsPartnershipMember, VisibleChoicesSerializer, VisibleModelViewSet, instance_of
from workforce_hub.rotations.models import Placement
from workforce_hub.schemes.models import Enrolment

from . import services
from .models import Appraisal, ExitQuestionnaire, HandoverMeeting, PlacementFeedback


class HandoverSerializer(VisibleChoicesSerializer):
    class Meta:
        model = HandoverMeeting
        fields = [
            "id",
            "placement",
            "next_placement",
            "scheduled_for",
            "progress",
            "strengths",
            "areas_to_develop",
            "for_next_host",
            "completed_at",
        ]
        read_only_fields = ["placement", "next_placement", "scheduled_for", "completed_at"]


class HandoverViewSet(VisibleModelViewSet):
    """Handover meetings near the end of each placement (arranged when placements are published). The coordinator
    or the placement's host writes the record with PATCH; the next host reads it only while the next placement
    runs."""

    serializer_class = HandoverSerializer
    http_method_names = ["get", "patch", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["placement", "next_placement"]

    def base_queryset(self) -> QuerySet[HandoverMeeting]:
        return HandoverMeeting.objects.visible_to(self.request.user).select_related("placement").order_by("pk")

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        meeting = instance_of(serializer)
        data = {f: serializer.validated_data.get(f, getattr(meeting, f)) for f in HandoverSerializer.Meta.fields}
        services.handover_record(meeting=meeting, data=data, actor=self.request.user)


class PlacementRecordSerializer(VisibleChoicesSerializer):
    """Shared by appraisals and feedback: written once about one placement the writer can see. The placement is
    declared here (no unique check: the service says when one is already written) and limited to the placements
    the writer can see like every related field (`VisibleChoicesSerializer`)."""

    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.none())


class AppraisalSerializer(PlacementRecordSerializer):
    class Meta:
        model = Appraisal
        fields = [
            "id",
            "placement",
            "author",
            "practice",
            "communication",
            "teamwork",
            "reliability",
            "strengths",
            "to_develop",
            "comments",
            "created_at",
        ]
        read_only_fields = ["author", "created_at"]


class PlacementRecordViewSet(VisibleModelViewSet):
    """A record written once about one placement (POST) through its service, which decides who may write it."""

    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["placement"]
    model: type[Appraisal] | type[PlacementFeedback]

    def base_queryset(self) -> QuerySet[Any]:
        return self.model.objects.visible_to(self.request.user).order_by("pk")

    def submit(self, placement: Placement, data: dict[str, Any]) -> Appraisal | PlacementFeedback:
        raise NotImplementedError

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        placement = data.pop("placement")
        serializer.instance = self.submit(placement, data)


class AppraisalViewSet(PlacementRecordViewSet):
    """Appraisals of placements. The placement's line manager writes one (POST) from 14 days before to 14 days
    after the placement ends; the apprentice, coordinators, their line manager and provider read it. Each rating is
    1 (very poor) to 5 (very good)."""

    serializer_class = AppraisalSerializer
    model = Appraisal

    def submit(self, placement: Placement, data: dict[str, Any]) -> Appraisal:
        return services.appraisal_submit(placement=placement, data=data, actor=self.request.user)


class FeedbackSerializer(PlacementRecordSerializer):
    class Meta:
        model = PlacementFeedback
        fields = [
            "id",
            "placement",
            "author",
            "overall",
            "welcome",
            "learning",
            "support",
            "went_well",
            "could_improve",
            "created_at",
        ]
        read_only_fields = ["author", "created_at"]


class FeedbackViewSet(PlacementRecordViewSet):
    """The apprentice's feedback on a placement (POST, from two weeks before it ends); coordinators read it."""

    serializer_class = FeedbackSerializer
    model = PlacementFeedback

    def submit(self, placement: Placement, data: dict[str, Any]) -> PlacementFeedback:
        return services.feedback_submit(placement=placement, data=data, actor=self.request.user)


class ExitSerializer(VisibleChoicesSerializer):
    #: declared (no unique check: the service says when it is already answered); limited to visible enrolments
    enrolment = serializers.PrimaryKeyRelatedField(queryset=Enrolment.objects.none())

    class Meta:
        model = ExitQuestionnaire
        fields = [
            "id",
            "enrolment",
            "author",
            "overall",
            "support",
            "rotation",
            "would_recommend",
            "best_part",
            "improve",
            "plans",
            "created_at",
        ]
        read_only_fields = ["author", "created_at"]


class ExitViewSet(VisibleModelViewSet):
    """Exit questionnaires: the apprentice answers once (POST) when they complete or leave; coordinators read
    them."""

    serializer_class = ExitSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["enrolment"]

    def base_queryset(self) -> QuerySet[ExitQuestionnaire]:
        return ExitQuestionnaire.objects.visible_to(self.request.user).order_by("pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        enrolment = data.pop("enrolment")  # already limited to the enrolments the writer can see
        serializer.instance = services.exit_submit(enrolment=enrolment, data=data, actor=self.request.user)


@extend_schema(
    request=None, responses={200: inline_serializer("Arrival", {"arrival_confirmed_at": serializers.DateTimeField()})}
)
@api_view(["POST"])
@permission_classes([IsAuthenticated, IsPartnershipMember])
def placement_arrived(request: Request, pk: int) -> Response:
    """The host (during the placement) or the coordinator confirms the apprentice arrived. Idempotent."""
    placement = get_visible_or_404(Placement.objects.visible_to(request.user), pk=pk)
    placement = services.placement_arrival_confirm(placement=placement, actor=request.user)
    return Response({"arrival_confirmed_at": placement.arrival_confirmed_at})
