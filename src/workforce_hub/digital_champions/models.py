"""Digital champions and the help around the self-assessment: champions, drop-in sessions and bookings, the
support log, skill checks, practice maturity assessments and the quality mark.

These models moved here from `digital_skills` (ADR 0029) and keep the tables they had there (`db_table`).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.models import TimeStampedModel
from workforce_hub.digital_skills.models import Framework, Item
from workforce_hub.organisations.models import PartnershipScopedQuerySet

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
        db_table = "digital_skills_champion"  # the table it had before the split (ADR 0029)
        ordering = ["organisation__name", "person__family_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="champion_once_per_organisation")
        ]

    def __str__(self) -> str:
        return f"Champion {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("digital_champions:champions")


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
        db_table = "digital_skills_dropin"  # the table it had before the split (ADR 0029)
        ordering = ["starts_at"]
        constraints = [models.CheckConstraint(condition=Q(places__gte=1), name="drop_in_places_positive")]

    def __str__(self) -> str:
        return f"Drop-in {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("digital_champions:champion_home")


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
        db_table = "digital_skills_booking"  # the table it had before the split (ADR 0029)
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
        db_table = "digital_skills_supportcontact"  # the table it had before the split (ADR 0029)
        ordering = ["-happened_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gte=1, minutes__lte=480), name="contact_minutes_1_to_480")
        ]

    def __str__(self) -> str:
        return f"Support contact {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("digital_champions:champion_home")


class SkillCheck(TimeStampedModel):
    """A person asks a champion to confirm skills they have shown; the champion ticks the ones demonstrated."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="skill_checks")
    champion = models.ForeignKey(Champion, on_delete=models.CASCADE, related_name="skill_checks")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_items = models.ManyToManyField(
        Item, blank=True, related_name="+", db_table="digital_skills_skillcheck_confirmed_items"
    )

    objects = PersonAndChampionQuerySet.as_manager()  # the person who asked and the champion they asked

    class Meta:
        db_table = "digital_skills_skillcheck"  # the table it had before the split (ADR 0029)
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
        db_table = "digital_skills_maturityassessment"  # the table it had before the split (ADR 0029)
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"Digital maturity {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("digital_champions:maturity_detail", args=[self.pk])


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
        db_table = "digital_skills_maturityscore"  # the table it had before the split (ADR 0029)
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
        db_table = "digital_skills_actionitem"  # the table it had before the split (ADR 0029)
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
        db_table = "digital_skills_qualitymarklevel"  # the table it had before the split (ADR 0029)
        ordering = ["min_average"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="quality_level_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("digital_champions:quality_levels")


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
        db_table = "digital_skills_qualitymarkaward"  # the table it had before the split (ADR 0029)
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=models.F("submitted_by")),
                name="quality_mark_reviewed_by_second_person",
            )
        ]

    def __str__(self) -> str:
        return f"Quality mark {self.pk}"
