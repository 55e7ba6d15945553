"""Rotations: cohort calendars, the training schedule, capacity changes, planning runs, placements and calendars.

A `PlanRun` keeps the exact instance the Hub built from its records and the plan the planner returned (both in the
JSON of `shared/specs/rotation-planning.md`), so every plan can be audited and reproduced. Publishing a run turns
its assignments into `Placement` rows.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.models import TimeStampedModel
from workforce_hub.organisations.models import PartnershipScopedQuerySet, PartnershipWideQuerySet, SettingType


class PlanningQuerySet(PartnershipWideQuerySet):
    """Planning records are for the people who plan: coordinators and partnership admins of the partnership."""


class CohortBlockQuerySet(PartnershipScopedQuerySet):
    partnership_path = "cohort__scheme__partnership_id"


class CohortBlock(TimeStampedModel):
    """One placement block of a cohort's calendar. Numbers start at 1, as people count them."""

    cohort = models.ForeignKey("schemes.Cohort", on_delete=models.CASCADE, related_name="blocks")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(24)])
    start_date = models.DateField()
    end_date = models.DateField()

    objects = CohortBlockQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="cohort_block_unique_number"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="cohort_block_dates_ordered"),
            models.CheckConstraint(condition=Q(number__gte=1), name="cohort_block_number_from_1"),
        ]

    def __str__(self) -> str:
        return f"Block {self.number}"

    @property
    def partnership_id(self) -> int:
        return self.cohort.scheme.partnership_id


class TrainingUnitQuerySet(PartnershipScopedQuerySet):
    partnership_path = "scheme__partnership_id"


class TrainingUnit(TimeStampedModel):
    """The scheme's training schedule: a unit taught in a block, best learnt in a setting of its topic."""

    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.CASCADE, related_name="training_units")
    title = models.CharField(max_length=200)
    topic = models.CharField(
        max_length=30, choices=SettingType.choices, help_text="The setting type where this unit is best learnt."
    )
    block_number = models.PositiveSmallIntegerField(
        "block", validators=[MinValueValidator(1), MaxValueValidator(24)], help_text="The block it is taught in."
    )

    objects = TrainingUnitQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "block_number", "title"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "title"], name="training_unit_unique_title"),
            models.CheckConstraint(condition=Q(block_number__gte=1), name="training_unit_block_from_1"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def partnership_id(self) -> int:
        return self.scheme.partnership_id


class CapacityChangeQuerySet(PartnershipScopedQuerySet):
    partnership_path = "setting__site__organisation__partnership_id"


class CapacityChange(TimeStampedModel):
    """A host's change to how many apprentices a setting can take between two dates (0: none at all)."""

    setting = models.ForeignKey(
        "organisations.PlacementSetting", on_delete=models.CASCADE, related_name="capacity_changes"
    )
    start_date = models.DateField("from")
    end_date = models.DateField("to")
    capacity = models.PositiveSmallIntegerField(
        "places", validators=[MaxValueValidator(50)], help_text="0 means the setting takes no apprentices then."
    )
    reason = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CapacityChangeQuerySet.as_manager()

    class Meta:
        ordering = ["setting", "start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="capacity_change_dates_ordered"),
            models.CheckConstraint(condition=Q(capacity__lte=50), name="capacity_change_max_50"),
        ]

    def __str__(self) -> str:
        return f"{self.capacity} places from {self.start_date} to {self.end_date}"

    @property
    def partnership_id(self) -> int:
        return self.setting.site.organisation.partnership_id


class PlanRun(TimeStampedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Planning"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.PROTECT, related_name="plan_runs")
    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="plan_runs")
    cohorts = models.ManyToManyField("schemes.Cohort", related_name="plan_runs")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", verbose_name="re-run of"
    )
    reason = models.CharField(max_length=300, blank=True, help_text="Why this plan was made.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    time_limit = models.PositiveSmallIntegerField(
        "time limit in seconds", default=30, validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    #: the coordinator's choices: {"pins": [{"enrolment", "block", "setting"}], "forbidden": [...]}
    choices = models.JSONField(default=dict, blank=True)
    #: apprentices left out of the instance and why: [{"enrolment": id, "reason": text}]
    left_out = models.JSONField(default=list, blank=True)
    instance = models.JSONField(default=dict, blank=True)
    plan = models.JSONField(null=True, blank=True)
    progress = models.JSONField(default=dict, blank=True)
    result = models.CharField(max_length=20, blank=True, help_text="The planner's status: OPTIMAL, FEASIBLE...")
    objective = models.FloatField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PlanningQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "finished", "failed"]), name="plan_run_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(result__in=["OPTIMAL", "FEASIBLE"]),
                name="plan_run_published_only_with_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("rotations:run_detail", args=[self.pk])

    @property
    def has_plan(self) -> bool:
        return self.status == self.Status.FINISHED and self.result in ("OPTIMAL", "FEASIBLE")

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def stage_text(self) -> str:
        """Where the planner is, in plain English (its own stage names are technical)."""
        stage = (self.progress or {}).get("stage")
        if not stage:
            return "Not started yet"
        return PLANNER_STAGES.get(stage, stage)

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return max(0.0, (self.objective - self.bound) / max(1.0, self.objective))


#: the planner's progress stages (rotation_planner.solver) as a coordinator reads them
PLANNER_STAGES = {
    "bound": "Lowest possible cost worked out; looking for a first plan",
    "first plan": "First complete plan found; improving it",
    "prices and core problem": "Improving the plan, and the lowest possible cost, across the whole area",
    "neighbourhood search": "Improving the plan, a few apprentices at a time",
    "finished": "Finished",
}


class ReplanNeedQuerySet(PlanningQuerySet):
    partnership_path = "cohort__scheme__partnership_id"

    def open(self) -> ReplanNeedQuerySet:
        return self.filter(resolved_at__isnull=True)


class ReplanNeed(TimeStampedModel):
    """Something changed after a plan was published (an apprentice left, a host withdrew places): offer a re-plan."""

    class Kind(models.TextChoices):
        WITHDRAWAL = "withdrawal", "An apprentice left"
        CAPACITY = "capacity", "A host changed its places"

    cohort = models.ForeignKey("schemes.Cohort", on_delete=models.CASCADE, related_name="replan_needs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.CharField(max_length=300)
    #: who or where it is about: the apprentice who left, or the setting whose places changed
    enrolment = models.ForeignKey(
        "schemes.Enrolment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    setting = models.ForeignKey(
        "organisations.PlacementSetting", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by_run = models.ForeignKey(PlanRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = ReplanNeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.summary


class PlacementQuerySet(models.QuerySet["Placement"]):
    def visible_to(self, user: Actor) -> PlacementQuerySet:
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
        # no DISTINCT: every condition is on the placement's own columns or a foreign key, so no row can come twice
        return qs.filter(allowed)

    def live(self) -> PlacementQuerySet:
        return self.exclude(status=Placement.Status.CANCELLED)

    def under_way(self, on: date) -> PlacementQuerySet:
        """Published and under way on `on` (`Placement.is_current` as a query)."""
        return self.filter(status=Placement.Status.PUBLISHED, start_date__lte=on, end_date__gte=on)


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
    plan_run = models.ForeignKey(PlanRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="placements")
    arrival_confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the host confirmed the apprentice arrived on the first day."
    )
    arrival_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

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

    @property
    def block_number(self) -> int:
        return self.block_index + 1

    def is_current(self, on: date | None = None) -> bool:
        """Published and under way on `on` (today by default): when hosts may see the apprentice."""
        today = on or timezone.localdate()
        return self.status == self.Status.PUBLISHED and self.start_date <= today <= self.end_date

    def testimonial_open(self, on: date | None = None) -> bool:
        """Published, started, and not more than the scheme's testimonial window past its end: when a host may be
        asked for, and write, a testimonial about this placement."""
        today = on or timezone.localdate()
        weeks = self.enrolment.cohort.scheme.testimonial_weeks_after
        return self.status == self.Status.PUBLISHED and self.start_date <= today <= self.end_date + timedelta(
            weeks=weeks
        )


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedQuerySet(models.QuerySet["CalendarFeed"]):
    def visible_to(self, user: Actor) -> CalendarFeedQuerySet:
        """A feed's address is a secret: only its owner sees it."""
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        return self.filter(person_id=viewer.person_id)


class CalendarFeed(TimeStampedModel):
    """A secret address a calendar app can subscribe to without signing in. Resetting it stops the old one."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    last_read_at = models.DateTimeField(null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Calendar feed {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("rotations:calendar_feed", args=[self.token])
