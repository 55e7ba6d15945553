"""Monitoring and evaluation: a scheme's logic model (versioned), its items and links, external factors,
indicators (bound to a metric the Hub computes, or entered by hand with evidence), and ratings on the evaluation's
four-point scale (seed 001, Figure 7), proposed by the Hub and confirmed or overridden by a person with a reason.

Who sees what: partnership admins, coordinators and partner leads read everything; coordinators change logic models;
an indicator's owner enters its manual values and confirms its item's rating. Nobody else sees them."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.models import TimeStampedModel
from workforce_hub.portfolios.models import evidence_path, evidence_storage

READERS = ("partnership_admin", "coordinator", "partner_lead")


class ReadersQuerySet(models.QuerySet[Any]):
    """Partnership admins, coordinators and partner leads of the partnership; an indicator's owner sees what they
    own. `partnership_path` leads to the partnership, `owner_path` to the owner."""

    partnership_path = "model__partnership_id"
    owner_path = ""

    def visible_to(self, user: Actor) -> Any:
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        qs = self.filter(**{self.partnership_path: viewer.partnership_id})
        if viewer.has_role(*READERS):
            return qs
        if self.owner_path and viewer.person_id is not None:
            return qs.filter(**{self.owner_path: viewer.person_id}).distinct()
        return qs.none()


class LogicModelQuerySet(ReadersQuerySet):
    partnership_path = "partnership_id"
    owner_path = "items__indicators__owner_id"


class Programme(models.TextChoices):
    """Partnership programmes that are not schemes but have a logic model of their own."""

    DIGITAL_SKILLS = "digital_skills", "Digital skills for all staff"


class LogicModel(TimeStampedModel):
    """One version of a scheme's (or a partnership programme's) logic model. A change once ratings have been given
    makes a new version, so the ratings given against the old one stay readable."""

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.CASCADE, related_name="+")
    scheme = models.ForeignKey(
        "schemes.Scheme", null=True, blank=True, on_delete=models.CASCADE, related_name="logic_models"
    )
    programme = models.CharField(max_length=30, choices=Programme.choices, blank=True)
    version = models.PositiveSmallIntegerField(default=1)
    note = models.CharField("what changed", max_length=300, blank=True)

    objects = LogicModelQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "programme", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "version"], name="logic_model_version_once"),
            models.UniqueConstraint(
                fields=["partnership", "programme", "version"],
                condition=~Q(programme=""),
                name="programme_logic_model_version_once",
            ),
            models.CheckConstraint(
                condition=(Q(scheme__isnull=False) & Q(programme="")) | (Q(scheme__isnull=True) & ~Q(programme="")),
                name="logic_model_of_scheme_or_programme",
            ),
        ]

    def __str__(self) -> str:
        return f"Logic model of {self.subject}, version {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:model", args=[self.pk])

    @property
    def subject(self) -> str:
        """What the model is of: the scheme's name or the programme's."""
        return self.scheme.name if self.scheme is not None else str(Programme(self.programme).label)

    def versions_url(self) -> str:
        if self.scheme_id:
            return reverse("monitoring:scheme_models", args=[self.scheme_id])
        return reverse("monitoring:programme_models", args=[self.programme])

    def same_subject(self) -> dict[str, object]:
        """The filter for every version of the same model."""
        if self.scheme_id:
            return {"scheme_id": self.scheme_id}
        return {"partnership_id": self.partnership_id, "programme": self.programme}


class Kind(models.TextChoices):
    INPUT = "input", "Inputs"
    ACTIVITY = "activity", "Activities"
    OUTPUT = "output", "Outputs"
    SHORT = "short_outcome", "Short-term outcomes"
    LONG = "long_outcome", "Longer-term outcomes"
    IMPACT = "impact", "Impacts"


#: the kinds that are measured and rated
MEASURED = (Kind.OUTPUT, Kind.SHORT, Kind.LONG, Kind.IMPACT)


class ItemQuerySet(ReadersQuerySet):
    owner_path = "indicators__owner_id"


class Item(TimeStampedModel):
    model = models.ForeignKey(LogicModel, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    statement = models.TextField(help_text="In plain English, for example: 10 apprentices take part in the scheme.")
    leads_to = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="comes_from")
    external_factors = models.TextField(
        blank=True, help_text="Other things outside the scheme that also affect this, one a line."
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.statement[:80]

    def get_absolute_url(self) -> str:
        return reverse("monitoring:model", args=[self.model_id]) + f"#item-{self.pk}"


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class IndicatorQuerySet(ReadersQuerySet):
    partnership_path = "item__model__partnership_id"
    owner_path = "owner_id"


class Indicator(TimeStampedModel):
    """How an output or outcome is measured: a metric the Hub computes (see `monitoring.metrics`), or a value
    entered by hand with its evidence. SMART: a target, a baseline, a due date, an owner and a direction."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(max_length=200)
    metric = models.CharField(
        max_length=40, blank=True, help_text="A figure the Hub computes from its records. Empty: entered by hand."
    )
    cohort = models.ForeignKey(
        "schemes.Cohort",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Count one cohort only. Empty: every cohort of the scheme.",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Count one organisation only, where the figure allows it. Empty: the whole partnership.",
    )
    since = models.DateField(
        "counted from", null=True, blank=True, help_text="Count only what happened from this date, where it allows."
    )
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    baseline = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    due_on = models.DateField("due by", null=True, blank=True)
    owner = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_indicators"
    )
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HIGHER)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()


class ManualValueQuerySet(ReadersQuerySet):
    partnership_path = "indicator__item__model__partnership_id"
    owner_path = "indicator__owner_id"


class ManualValue(TimeStampedModel):
    """A value for an indicator the Hub cannot compute, with what shows it (no personal details)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="manual_values")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    recorded_on = models.DateField()
    evidence = models.TextField(help_text="What shows it, for example the meeting minutes of 4 March. No names.")
    evidence_file = models.FileField(
        storage=evidence_storage, upload_to=evidence_path, blank=True, max_length=200, help_text="Checked, no names."
    )
    evidence_type = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ManualValueQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_on", "-pk"]

    def __str__(self) -> str:
        return f"Value for indicator {self.indicator_id}"


class Rating(models.TextChoices):
    ACHIEVED = "achieved", "Achieved"
    PARTIAL = "partial", "Partly achieved or on track"
    NOT_ACHIEVED = "not_achieved", "Not yet achieved, and not feasible in the scheme's time and scale"
    UNCLEAR = "unclear", "Unclear on the evidence"


class ItemRatingQuerySet(ReadersQuerySet):
    partnership_path = "item__model__partnership_id"
    owner_path = "item__indicators__owner_id"


class ItemRating(models.Model):
    """The rating of an item at a review date: what the Hub proposed and what a person decided, and why."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="ratings")
    review_on = models.DateField()
    proposed = models.CharField(max_length=20, choices=Rating.choices)
    rating = models.CharField(max_length=20, choices=Rating.choices)
    reason = models.TextField(blank=True, help_text="Needed when the rating differs from the Hub's proposal.")
    decided_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    objects = ItemRatingQuerySet.as_manager()

    class Meta:
        ordering = ["-review_on", "-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating=models.F("proposed")) | ~Q(reason=""), name="rating_override_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Rating of item {self.item_id} on {self.review_on}"
