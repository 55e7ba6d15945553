"""REST API for the programme catalogue: apprenticeship standards with their criteria (KSBs) and pathways,
qualifications with their units and achievement rule, and the funding-rule sets by start date. Read-only: the
catalogue is versioned data shipped with the Hub and the same for every partnership."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from rest_framework import serializers

from workforce_hub.core.rest.base import ReadOnlyVisibleViewSet, VisibleChoicesSerializer

from .models import Criterion, FundingRuleSet, Qualification, Standard, Unit


class CriterionSerializer(VisibleChoicesSerializer):
    pathway: serializers.StringRelatedField[Any] = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Criterion
        fields = ["id", "kind", "code", "text", "pathway"]


class StandardSerializer(VisibleChoicesSerializer):
    pathways: serializers.StringRelatedField[Any] = serializers.StringRelatedField(many=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Standard
        fields = [
            "id",
            "code",
            "version",
            "title",
            "level",
            "typical_months",
            "otj_minimum_hours",
            "is_current",
            "pathways",
            "qualifications",
            "criteria",
            "source",
        ]


class StandardViewSet(ReadOnlyVisibleViewSet):
    """Apprenticeship standards, one row per version, with their knowledge, skills and behaviours."""

    serializer_class = StandardSerializer
    search_fields = ["title", "code"]
    filterset_fields = ["code", "level", "is_current"]

    def base_queryset(self) -> QuerySet[Standard]:
        return (
            Standard.objects.visible_to(self.request.user)
            .prefetch_related(
                "pathways", "qualifications", Prefetch("criteria", queryset=Criterion.objects.select_related("pathway"))
            )
            .order_by("title", "version")
        )


class UnitSerializer(VisibleChoicesSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "title", "credits", "guided_learning_hours", "group"]


class QualificationSerializer(VisibleChoicesSerializer):
    units = UnitSerializer(many=True, read_only=True)

    class Meta:
        model = Qualification
        fields = [
            "id",
            "code",
            "title",
            "level",
            "guided_learning_hours",
            "total_qualification_hours",
            "due_weeks",
            "rule",
            "units",
            "source",
        ]


class QualificationViewSet(ReadOnlyVisibleViewSet):
    """Qualifications with their units and the rule that says when each is achieved."""

    serializer_class = QualificationSerializer
    search_fields = ["title", "code"]

    def base_queryset(self) -> QuerySet[Qualification]:
        return (
            Qualification.objects.visible_to(self.request.user)
            .prefetch_related(Prefetch("units", queryset=Unit.objects.order_by("position")))
            .order_by("title")
        )


class FundingRuleSetSerializer(VisibleChoicesSerializer):
    class Meta:
        model = FundingRuleSet
        fields = ["id", "code", "name", "starts_on", "ends_on", "rules", "sources"]


class FundingRuleSetViewSet(ReadOnlyVisibleViewSet):
    """The funding rules fixed by an apprenticeship's start date (off-the-job hours, English and maths, minimum
    duration, reviews), each number with its source."""

    serializer_class = FundingRuleSetSerializer

    def base_queryset(self) -> QuerySet[FundingRuleSet]:
        return FundingRuleSet.objects.visible_to(self.request.user).order_by("starts_on")
