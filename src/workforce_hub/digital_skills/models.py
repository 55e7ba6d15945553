"""Digital skills: frameworks as versioned data, short adaptive self-assessments, learning resources.

Individual answers belong to the person who gave them: nobody else sees them (managers see only suppressed
aggregates, built by `selectors.needs_analysis`).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.models import TimeStampedModel
from workforce_hub.organisations.models import PartnershipScopedQuerySet


class StaffGroup(models.TextChoices):
    CLINICAL = "clinical", "Clinical (nurse, doctor, allied health, pharmacy)"
    CARE = "care", "Care and support (care worker, healthcare assistant, support worker)"
    ADMIN = "admin", "Administration and reception"
    MANAGER = "manager", "Manager or team leader"
    DIGITAL = "digital", "Digital, IT or data"


class Response(models.TextChoices):
    CAN = "can", "Yes, I can do this"
    WITH_HELP = "with_help", "Yes, with some help"
    NOT_YET = "not_yet", "Not yet: I cannot do this yet"
    UNCLEAR = "unclear", "I don't understand the question"


class Band(models.TextChoices):
    BAND_2 = "2", "Band 2"
    BAND_3 = "3", "Band 3"
    BAND_4 = "4", "Band 4"
    BAND_5 = "5", "Band 5"
    BAND_6 = "6", "Band 6"
    BAND_7 = "7", "Band 7"
    BAND_8 = "8", "Band 8 or above"
    NOT_AFC = "not_afc", "Not on Agenda for Change pay"


class Framework(TimeStampedModel):
    """A versioned set of domains and items. Shipped frameworks are shared by every partnership."""

    name = models.CharField(max_length=200)
    version = models.CharField(max_length=20)
    source = models.TextField(help_text="Where the structure comes from.")
    levels = models.JSONField(default=list, help_text="Level number, name and meaning, in plain English.")
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="framework_unique_version")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def level_name(self, number: int) -> str:
        return next((lv["name"] for lv in self.levels if lv["number"] == number), str(number))


class Domain(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="domain_unique_code")]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=40)
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    level = models.PositiveSmallIntegerField()
    is_foundation = models.BooleanField(default=False)
    skill_area = models.CharField(max_length=40, help_text="The essential digital skills area it belongs to.")
    #: staff groups the item is asked of; empty means everyone
    staff_groups = models.JSONField(default=list, blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["domain__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "code"], name="item_unique_code"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="item_level_1_to_3"),
        ]

    def __str__(self) -> str:
        return self.code

    def applies_to(self, staff_group: str) -> bool:
        return not self.staff_groups or staff_group in self.staff_groups


class Crosswalk(models.Model):
    """An item of one framework version that asks the same thing as an item of another, so results compare."""

    from_item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="crosswalks_out")
    to_item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="crosswalks_in")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["from_item", "to_item"], name="crosswalk_unique")]

    def __str__(self) -> str:
        return f"{self.from_item_id} → {self.to_item_id}"


class AssessmentRound(TimeStampedModel):
    """A period in which a partnership asks its staff to assess themselves (for trends across rounds)."""

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    opens_on = models.DateField()
    closes_on = models.DateField()

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="round_unique_name"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="round_dates_ordered"),
        ]

    def __str__(self) -> str:
        return self.name


class OwnQuerySet(models.QuerySet[Any]):
    person_path = "person_id"

    def visible_to(self, user: Actor) -> OwnQuerySet:
        """Only the person who answered. Managers, coordinators and admins see aggregates, never these rows."""
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        return self.filter(**{self.person_path: viewer.person_id})


class Assessment(TimeStampedModel):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="digital_assessments")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(AssessmentRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    staff_group = models.CharField(max_length=20, choices=StaffGroup.choices, blank=True)
    #: where and as what the person works when they answer (kept, so trends compare like with like)
    partnership = models.ForeignKey("organisations.Partnership", null=True, on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey("organisations.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    team = models.CharField(max_length=100, blank=True)
    band = models.CharField(max_length=10, choices=Band.choices, blank=True)
    job_role = models.CharField("role", max_length=100, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = OwnQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["partnership", "round", "completed_at"], name="assessment_needs_idx")]

    def __str__(self) -> str:
        return f"Assessment {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("digital_skills:question", args=[self.pk])


class AssessmentPartQuerySet(OwnQuerySet):
    """Rows of an assessment (answers, levels): only the person who answered, like the assessment itself."""

    person_path = "assessment__person_id"


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    response = models.CharField(max_length=20, choices=Response.choices)
    answered_at = models.DateTimeField(auto_now=True)

    objects = AssessmentPartQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="answer_once_per_item"),
            models.CheckConstraint(condition=Q(response__in=[r.value for r in Response]), name="answer_valid"),
        ]

    def __str__(self) -> str:
        return f"Answer {self.pk}"


class LearningResource(TimeStampedModel):
    """A course, video or guide the partnership recommends, tagged by domain and the level it suits."""

    class Format(models.TextChoices):
        COURSE = "course", "Online course"
        VIDEO = "video", "Video"
        GUIDE = "guide", "Guide"
        SESSION = "session", "Face-to-face session"

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    url = models.URLField()
    domain_code = models.CharField(max_length=40)
    level = models.PositiveSmallIntegerField(
        help_text="The level of someone it suits (1 getting started, 2 developing)."
    )
    duration_minutes = models.PositiveSmallIntegerField()
    format = models.CharField(max_length=20, choices=Format.choices)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["domain_code", "level", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("digital_skills:resources")


class DomainResult(models.Model):
    """The level a completed assessment reached in one domain: what the needs analysis counts (never answers)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="domain_results")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField()

    objects = AssessmentPartQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="domain_result_once"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="domain_result_level_1_to_3"),
        ]

    def __str__(self) -> str:
        return f"Level {self.level}"


#: grouping → the assessment field it is tallied by (the needs analysis's own groupings)
TALLIED = {
    "organisation": "organisation_id",
    "site": "site_id",
    "team": "team",
    "staff_group": "staff_group",
    "band": "band",
    "job_role": "job_role",
}


def tally_key(value: object) -> str:
    """How an assessment's value is written as a tally's key ("" where it was not recorded)."""
    return "" if value is None else str(value)[:200]


class NeedsTally(models.Model):
    """How many completed assessments reached each level in each domain, per round and per group: what the needs
    analysis reads, so that its cost depends on the number of groups, not of staff. Kept up to date when an
    assessment is completed (`services.tally_add`) and rebuildable from the domain results (`tally_rebuild`).
    Holds counts only: nothing here identifies a person."""

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.CASCADE, related_name="+")
    round_key = models.PositiveIntegerField(help_text="The round's id, or 0 for no round.")
    grouping = models.CharField(max_length=20)
    key = models.CharField(max_length=200, blank=True)
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "round_key", "grouping", "key", "domain", "level"], name="needs_tally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.grouping}={self.key}: {self.n}"
