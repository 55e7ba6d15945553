"""The programme catalogue: apprenticeship standards and their KSBs, qualifications with units and an achievement
rule, and the funding-rule sets that apply by start date. All of it is versioned data shipped with the project
(`programmes/data/*.json`) and shared by every partnership; an enrolment keeps the version it started on.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Self

from django.db import models
from django.db.models import Q

from workforce_hub.core.access import Actor, viewer_for

from .combination import review_interval_text


class CatalogueQuerySet(models.QuerySet[Any]):
    """The catalogue is the same for every partnership: any member reads it, nobody else."""

    def visible_to(self, user: Actor) -> Self:
        return self.none() if viewer_for(user).is_anonymous else self.all()


class Standard(models.Model):
    """One version of an apprenticeship standard. A new version is a new row; records keep the one they began on."""

    code = models.CharField(max_length=20, help_text="The reference, for example ST0119.")
    version = models.CharField(max_length=10)
    title = models.CharField(max_length=200)
    level = models.PositiveSmallIntegerField()
    typical_months = models.PositiveSmallIntegerField(help_text="Typical duration, in months.")
    otj_minimum_hours = models.PositiveIntegerField(
        null=True, blank=True, help_text="Published minimum off-the-job hours (rules for starts from 1 August 2025)."
    )
    qualifications: models.ManyToManyField[Qualification, Any] = models.ManyToManyField(
        "Qualification", blank=True, related_name="standards", help_text="Qualifications the standard requires."
    )
    source = models.TextField()
    is_current = models.BooleanField(default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["title", "version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="standard_unique_version")]

    def __str__(self) -> str:
        return f"{self.title} (level {self.level}, version {self.version})"


class Pathway(models.Model):
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="pathways")
    name = models.CharField(max_length=200)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["standard", "name"], name="pathway_unique_name")]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """A knowledge, skill or behaviour statement of a standard: what evidence is mapped to."""

    class Kind(models.TextChoices):
        KNOWLEDGE = "K", "Knowledge"
        SKILL = "S", "Skill"
        BEHAVIOUR = "B", "Behaviour"

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="criteria")
    pathway = models.ForeignKey(
        Pathway, null=True, blank=True, on_delete=models.CASCADE, related_name="criteria", help_text="Empty: core."
    )
    kind = models.CharField(max_length=1, choices=Kind.choices)
    code = models.CharField(max_length=10)
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["standard", "code"], name="criterion_unique_code")]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"


class Qualification(models.Model):
    """A qualification, its units and the rule that says when it is achieved (see `programmes.combination`)."""

    code = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    guided_learning_hours = models.PositiveIntegerField(null=True, blank=True)
    total_qualification_hours = models.PositiveIntegerField(
        null=True, blank=True, help_text="Guided learning plus the learner's own study and assessment."
    )
    due_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Must be achieved within this many weeks of the start."
    )
    rule = models.JSONField(help_text="When the qualification counts as achieved (see programmes.combination).")
    source = models.TextField()

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Unit(models.Model):
    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="units")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    credits = models.PositiveSmallIntegerField(default=0)
    guided_learning_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    group = models.CharField(max_length=20, help_text="For example mandatory, B or C.")
    position = models.PositiveSmallIntegerField(default=0)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["qualification", "code"], name="unit_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class FundingRuleSetQuerySet(CatalogueQuerySet):
    def for_start(self, start: date) -> FundingRuleSet:
        """The rule set for an apprenticeship that starts on `start` (every start date has exactly one)."""
        found = self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start), starts_on__lte=start).first()
        if found is None:
            raise FundingRuleSet.DoesNotExist(f"No funding rules cover a start on {start:%d %B %Y}.")
        return found


class FundingRuleSet(models.Model):
    """The rules fixed for an apprentice by their start date. The numbers are data with their sources."""

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    starts_on = models.DateField(help_text="Applies to apprenticeships starting on or after this date.")
    ends_on = models.DateField(null=True, blank=True, help_text="…and on or before this date. Empty: still current.")
    rules = models.JSONField()
    sources = models.JSONField(default=list, help_text="Where each number comes from.")

    objects = FundingRuleSetQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="rule_set_dates"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def review_interval(self) -> str:
        """'at least every 12 weeks' or 'at least every 3 months'."""
        return review_interval_text(self.rules)
