"""Reading the catalogue for pages and the API."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from .models import Criterion, FundingRuleSet, Qualification, Standard, Unit


def standards() -> QuerySet[Standard]:
    return Standard.objects.prefetch_related("pathways", "qualifications").order_by("title", "-version")


def qualifications() -> QuerySet[Qualification]:
    return Qualification.objects.prefetch_related(Prefetch("units", queryset=Unit.objects.order_by("position")))


def rule_sets() -> QuerySet[FundingRuleSet]:
    return FundingRuleSet.objects.order_by("starts_on")


def criteria_for(standard_id: int, pathway_id: int | None) -> QuerySet[Criterion]:
    """The core criteria of the standard plus those of the chosen pathway."""
    qs = Criterion.objects.filter(standard_id=standard_id)
    return qs.filter(Q(pathway__isnull=True) | Q(pathway_id=pathway_id)).order_by("position")
