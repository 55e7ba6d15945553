"""Placements: an apprentice in a setting for one block. Publishing and planning come with the planner."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from workforce_hub.core.access import viewer_for
from workforce_hub.core.models import TimeStampedModel


class PlacementQuerySet(models.QuerySet["Placement"]):
    def visible_to(self, user: Any) -> PlacementQuerySet:
        """Hosts see a placement (and so the apprentice) only from its start to its end."""
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        qs = self.filter(enrolment__cohort__scheme__partnership_id=viewer.partnership_id)
        if viewer.is_partnership_wide:
            return qs
        today = timezone.localdate()
        published = Q(status=Placement.Status.PUBLISHED)
        allowed = Q(enrolment__apprentice_id=viewer.person_id) & published
        if viewer.has_role("line_manager"):
            allowed |= Q(enrolment__line_manager_id=viewer.person_id) & published
        if viewer.provider_org_ids:
            allowed |= Q(enrolment__cohort__training_provider_id__in=viewer.provider_org_ids) & published
        if viewer.host_org_ids:
            allowed |= (
                Q(setting__site__organisation_id__in=viewer.host_org_ids, start_date__lte=today, end_date__gte=today)
                & published
            )
        return qs.filter(allowed).distinct()


class Placement(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        CANCELLED = "cancelled", "Cancelled"

    enrolment = models.ForeignKey("schemes.Enrolment", on_delete=models.CASCADE, related_name="placements")
    setting = models.ForeignKey("organisations.PlacementSetting", on_delete=models.PROTECT, related_name="placements")
    block_index = models.PositiveSmallIntegerField()
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="placement_dates_ordered"),
            models.UniqueConstraint(
                fields=["enrolment", "block_index"],
                condition=~Q(status="cancelled"),
                name="placement_one_per_block",
            ),
        ]

    def __str__(self) -> str:
        return f"Placement {self.pk}: block {self.block_index + 1}"

    def is_current(self, on: Any = None) -> bool:
        """Published and under way on `on` (today by default): when hosts may see the apprentice."""
        today = on or timezone.localdate()
        return self.status == self.Status.PUBLISHED and self.start_date <= today <= self.end_date
