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


# --------------------------------------------------------------------------------------------- champions


class Champion(TimeStampedModel):
    """A member of staff who helps colleagues with digital skills, at a site and in a team."""

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="champion_roles")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey("organisations.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    team = models.CharField(max_length=100, blank=True)
    domain_codes = models.JSONField(default=list, blank=True, help_text="Areas they are happy to help with.")
    contact_note = models.CharField(
        max_length=200, blank=True, help_text="How to reach them, for example 'Reception, Tuesday mornings'."
    )
    is_active = models.BooleanField(default=True)

    objects = PartnershipScopedQuerySet.as_manager()  # the directory is for every member: it is how staff find help

    class Meta:
        ordering = ["organisation__name", "person__family_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="champion_once_per_organisation")
        ]

    def __str__(self) -> str:
        return f"Champion {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("digital_skills:champions")


class DropInQuerySet(PartnershipScopedQuerySet):
    partnership_path = "champion__partnership_id"


class DropIn(TimeStampedModel):
    """A session where staff can bring a question to a champion."""

    champion = models.ForeignKey(Champion, on_delete=models.CASCADE, related_name="drop_ins")
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=60)
    place = models.CharField(max_length=200, help_text="Room and site, or 'Teams'.")
    topic = models.CharField(max_length=200, blank=True)
    places = models.PositiveSmallIntegerField(default=6, help_text="How many people can book.")

    objects = DropInQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [models.CheckConstraint(condition=Q(places__gte=1), name="drop_in_places_positive")]

    def __str__(self) -> str:
        return f"Drop-in {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("digital_skills:champion_home")


class PersonAndChampionQuerySet(models.QuerySet[Any]):
    """The person the row is about and the champion it concerns; nobody else."""

    champion_path = "champion"

    def visible_to(self, user: Actor) -> PersonAndChampionQuerySet:
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        return self.filter(Q(person_id=viewer.person_id) | Q(**{f"{self.champion_path}__person_id": viewer.person_id}))


class BookingQuerySet(PersonAndChampionQuerySet):
    """The person who booked, and the champion who runs the session."""

    champion_path = "drop_in__champion"


class Booking(TimeStampedModel):
    drop_in = models.ForeignKey(DropIn, on_delete=models.CASCADE, related_name="bookings")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["drop_in", "person"], condition=Q(cancelled_at__isnull=True), name="booking_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Booking {self.pk}"


class SupportContactQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Actor) -> SupportContactQuerySet:
        """The champion who logged it, and the partnership's admins and coordinators (to measure impact)."""
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        if viewer.is_partnership_wide:
            return self.filter(champion__partnership_id=viewer.partnership_id)
        return self.filter(champion__person_id=viewer.person_id)


class SupportContact(TimeStampedModel):
    """One time a champion helped someone. Who was helped is not recorded: only what, how long and the outcome."""

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", "Sorted out"
        REFERRED = "referred", "Referred on (IT service desk, training, manager)"
        FOLLOW_UP = "follow_up", "Needs a follow-up"

    champion = models.ForeignKey(Champion, on_delete=models.CASCADE, related_name="contacts")
    happened_on = models.DateField()
    domain_code = models.CharField("topic", max_length=40)
    summary = models.CharField(
        max_length=200, blank=True, help_text="A few words on the problem. Do not name the person or any patient."
    )
    minutes = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    referred_to = models.CharField(max_length=200, blank=True)

    objects = SupportContactQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gte=1, minutes__lte=480), name="contact_minutes_1_to_480")
        ]

    def __str__(self) -> str:
        return f"Support contact {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("digital_skills:champion_home")


class SkillCheck(TimeStampedModel):
    """A person asks a champion to confirm skills they have shown; the champion ticks the ones demonstrated."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="skill_checks")
    champion = models.ForeignKey(Champion, on_delete=models.CASCADE, related_name="skill_checks")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_items = models.ManyToManyField(Item, blank=True, related_name="+")

    objects = PersonAndChampionQuerySet.as_manager()  # the person who asked and the champion they asked

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Skill check {self.pk}"


# ---------------------------------------------------------------------------- practice maturity, quality mark


class Dimension(models.TextChoices):
    COMPETENCE = "competence", "Competence"
    CAPABILITY = "capability", "Capability"
    CAPACITY = "capacity", "Capacity"
    CONFIDENCE = "confidence", "Confidence"
    CREATIVITY = "creativity", "Creativity"
    COMMUNICATION = "communication", "Communication"
    CONTINUITY = "continuity", "Continuity"


class MaturityQuerySet(models.QuerySet[Any]):
    org_path = "organisation"

    def visible_to(self, user: Actor) -> MaturityQuerySet:
        """Admins, coordinators and partner leads across the partnership; managers of the organisation itself."""
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        base = self.filter(**{f"{self.org_path}__partnership_id": viewer.partnership_id})
        if viewer.is_partnership_wide or viewer.has_role("partner_lead"):
            return base
        return base.filter(**{f"{self.org_path}_id__in": viewer.orgs_for("line_manager", "host_manager")})


class MaturityAssessment(TimeStampedModel):
    """A practice's (or team's) own view of its digital maturity on the seven Cs, with an action plan."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Sent for peer review"
        AWARDED = "awarded", "Quality mark awarded"
        NOT_AWARDED = "not_awarded", "Not awarded this time"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    assessed_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")

    objects = MaturityQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"Digital maturity {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("digital_skills:maturity_detail", args=[self.pk])


class MaturityPartQuerySet(MaturityQuerySet):
    """Scores, actions and the award of a maturity assessment: seen by whoever sees the assessment."""

    org_path = "maturity__organisation"


class MaturityScore(models.Model):
    """One of the seven Cs: a score from 1 (not started) to 4 (embedded), the measure used and the evidence."""

    maturity = models.ForeignKey(MaturityAssessment, on_delete=models.CASCADE, related_name="scores")
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    metric = models.CharField(max_length=300, blank=True, help_text="What you measured, with the figure.")
    evidence = models.TextField(blank=True, help_text="What shows it: documents, examples, dates.")

    objects = MaturityPartQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["maturity", "dimension"], name="maturity_score_once"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=4), name="maturity_score_1_to_4"),
        ]

    def __str__(self) -> str:
        return self.dimension


class ActionItem(TimeStampedModel):
    maturity = models.ForeignKey(MaturityAssessment, on_delete=models.CASCADE, related_name="actions")
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    action = models.CharField(max_length=300)
    owner = models.CharField(max_length=100, help_text="Who will do it (a name or a role).")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    objects = MaturityPartQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.action

    def get_absolute_url(self) -> str:
        return self.maturity.get_absolute_url() + "#actions"


class QualityMarkLevel(TimeStampedModel):
    """A level of the partnership's digital quality mark, reached at a minimum average score on the seven Cs."""

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    min_average = models.DecimalField(max_digits=3, decimal_places=1)
    min_each = models.PositiveSmallIntegerField(default=1, help_text="Every C must score at least this.")
    valid_months = models.PositiveSmallIntegerField(default=24)
    description = models.CharField(max_length=300, blank=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["min_average"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="quality_level_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("digital_skills:quality_levels")


class QualityMarkAward(TimeStampedModel):
    """A peer review of a submitted maturity assessment: the level awarded (or none), by whom, until when."""

    maturity = models.OneToOneField(MaturityAssessment, on_delete=models.CASCADE, related_name="award")
    level = models.ForeignKey(QualityMarkLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    reviewed_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    expires_on = models.DateField(null=True, blank=True)

    objects = MaturityPartQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=models.F("submitted_by")),
                name="quality_mark_reviewed_by_second_person",
            )
        ]

    def __str__(self) -> str:
        return f"Quality mark {self.pk}"


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
