"""The learning record of an enrolment: training plan, off-the-job hours, evidence (screened for patient data before
anyone else sees it), testimonials, expected learning per placement, progress reviews, unit achievements and the
employer's confirmation for the end-point-assessment gateway.

Who sees what (see `docs/adr/0009-learning-record.md`):
- the apprentice sees their whole record, including their own quarantined evidence;
- the cohort's training provider (tutors, assessors), coordinators and admins, and the employer line manager see it,
  except evidence that is quarantined or not yet scanned;
- hosts and mentors never see the record itself (evidence, hours, plan, reviews): they see their placement's
  expected learning from its publication to its end (so that they can prepare), and a testimonial they were asked
  for only while that placement is under way.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from pathlib import PurePath
from typing import Any

from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from workforce_hub.core.access import Actor, Viewer, viewer_for
from workforce_hub.core.models import TimeStampedModel
from workforce_hub.schemes.models import Scheme


def record_readers(viewer: Viewer, path: str) -> Q:
    """The apprentice, the named line manager and the cohort's provider staff (partnership-wide roles see all).

    `path` leads from the model to the LearningRecord ("" for LearningRecord itself, "record__" for its rows)."""
    q = Q(**{f"{path}enrolment__apprentice_id": viewer.person_id})
    q |= Q(**{f"{path}enrolment__line_manager_id": viewer.person_id})
    if viewer.provider_org_ids:
        q |= Q(**{f"{path}enrolment__cohort__training_provider_id__in": viewer.provider_org_ids})
    return q


class RecordRowQuerySet(models.QuerySet[Any]):
    """Rows of a learning record. By default readers of the record only (hosts never see hours, plans, reviews or
    unit achievements); subclasses widen `allowed` for the rows someone else may also see."""

    record_path = "record__"

    def visible_to(self, user: Actor) -> RecordRowQuerySet:
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        qs = self.filter(**{f"{self.record_path}enrolment__cohort__scheme__partnership_id": viewer.partnership_id})
        allowed = self.allowed(viewer)
        if allowed is None:
            return qs
        # every path in `allowed` follows foreign keys forward (one row each), so no row can come twice: no DISTINCT,
        # which over 200,000 pieces of evidence cost a sort of every column
        return qs.filter(allowed)

    def allowed(self, viewer: Viewer) -> Q | None:
        """Which rows of the viewer's partnership they see; None for all of them."""
        if viewer.is_partnership_wide:
            return None
        return record_readers(viewer, self.record_path)


class LearningRecordQuerySet(RecordRowQuerySet):
    """Readers of the record only. Hosts reach what their placement needs through expected learning and
    testimonials, never the record itself."""

    record_path = ""


class LearningRecord(TimeStampedModel):
    enrolment = models.OneToOneField("schemes.Enrolment", on_delete=models.CASCADE, related_name="learning_record")
    standard = models.ForeignKey("programmes.Standard", on_delete=models.PROTECT, related_name="records")
    pathway = models.ForeignKey("programmes.Pathway", null=True, blank=True, on_delete=models.PROTECT)
    rule_set = models.ForeignKey(
        "programmes.FundingRuleSet",
        on_delete=models.PROTECT,
        help_text="Fixed by the start date: the rules this apprentice follows to the end.",
    )
    start_date = models.DateField()
    planned_end = models.DateField("planned end date")
    contracted_hours = models.DecimalField("contracted hours a week", max_digits=4, decimal_places=1)
    employer_requires_english_maths = models.BooleanField(
        "the employer requires English and maths", default=True, help_text="Used for apprentices aged 19 and over."
    )
    english_achieved = models.BooleanField("English requirement met", default=False)
    maths_achieved = models.BooleanField("maths requirement met", default=False)
    employer_confirmed_at = models.DateTimeField(null=True, blank=True)
    employer_confirmed_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    gateway_on = models.DateField(
        "passed through the gateway on", null=True, blank=True, help_text="Hours after this date do not count."
    )

    objects = LearningRecordQuerySet.as_manager()

    class Meta:
        ordering = ["enrolment__apprentice__family_name"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_end__gt=F("start_date")), name="record_end_after_start"),
            models.CheckConstraint(
                condition=Q(contracted_hours__gte=1, contracted_hours__lte=48), name="record_hours_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Learning record {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("portfolios:record", args=[self.pk])

    @property
    def partnership_id(self) -> int:
        return self.enrolment.cohort.scheme.partnership_id


class SignedByThree(TimeStampedModel):
    """Signed by the apprentice, the employer (their line manager) and the training provider, each timestamped."""

    apprentice_signed_at = models.DateTimeField(null=True, blank=True)
    employer_signed_at = models.DateTimeField(null=True, blank=True)
    employer_signed_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    provider_signed_at = models.DateTimeField(null=True, blank=True)
    provider_signed_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def is_signed(self) -> bool:
        return bool(self.apprentice_signed_at and self.employer_signed_at and self.provider_signed_at)


class TrainingPlan(SignedByThree):
    """One version of the training plan. Any change makes a new version, which all three parties sign again."""

    record = models.ForeignKey(LearningRecord, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveSmallIntegerField()
    summary = models.TextField("what the apprentice will learn, and how")
    otj_plan = models.TextField("how off-the-job training will be given", help_text="Days, sessions and activities.")
    employer_commitments = models.TextField("what the employer and hosts will provide")
    provider_commitments = models.TextField("what the training provider will provide")
    support = models.TextField("additional support agreed", blank=True)
    created_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")

    objects = RecordRowQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["record", "version"], name="plan_unique_version")]

    def __str__(self) -> str:
        return f"Training plan version {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("portfolios:plan", args=[self.record_id])

    @property
    def is_agreed(self) -> bool:
        return self.is_signed


class Activity(models.TextChoices):
    TEACHING = "teaching", "Teaching (lectures, classes, online sessions)"
    PRACTICAL = "practical", "Practical training away from normal duties"
    SHADOWING = "shadowing", "Shadowing"
    MENTORING = "mentoring", "Mentoring and coaching"
    ONLINE = "online", "Self-directed online learning"
    ASSIGNMENTS = "assignments", "Writing assignments and study"
    VISITS = "visits", "Visits, events and conferences"
    SIMULATION = "simulation", "Simulation and role play"
    OTHER = "other", "Other"


class OffTheJobEntry(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the tutor"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Not approved"

    record = models.ForeignKey(LearningRecord, on_delete=models.CASCADE, related_name="hours")
    activity = models.CharField(max_length=20, choices=Activity.choices)
    date = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=1)
    description = models.TextField(help_text="What you did and what you learned.")
    evidence = models.ForeignKey(
        "Evidence", null=True, blank=True, on_delete=models.SET_NULL, related_name="hours_entries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    feedback = models.TextField(blank=True)

    objects = RecordRowQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=24), name="otj_hours_range"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected"]), name="otj_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["record", "status", "date"])]

    def __str__(self) -> str:
        return f"{self.hours} hours on {self.date:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("portfolios:hours", args=[self.record_id])


def evidence_storage() -> Any:
    return storages["evidence"]


def evidence_path(instance: Any, filename: str) -> str:
    """A random name: the original name is kept only as data, never as a path."""
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"{date.today():%Y/%m}/{secrets.token_hex(16)}{suffix}"


class Screening(models.TextChoices):
    PENDING = "pending", "Being checked"
    CLEAR = "clear", "Checked: no patient details found"
    FLAGGED = "flagged", "Quarantined: possible patient details found"
    REVIEW = "review", "Quarantined: waiting for the tutor's review"
    RELEASED = "released", "Released by the tutor after review"


class Scan(models.TextChoices):
    PENDING = "pending", "Waiting for the virus check"
    CLEAN = "clean", "No virus found"
    INFECTED = "infected", "Virus found: blocked"
    ERROR = "error", "Virus check failed: try again"


VISIBLE_SCREENING = (Screening.CLEAR, Screening.RELEASED)


def released(path: str = "") -> Q:
    """Evidence others may see: screened clear (or released after review) and scanned clean."""
    return Q(**{f"{path}screening__in": VISIBLE_SCREENING, f"{path}scan": Scan.CLEAN})


class EvidenceQuerySet(RecordRowQuerySet):
    def allowed(self, viewer: Viewer) -> Q | None:
        """The apprentice sees all their own evidence. Others (never hosts) see only released evidence; the
        provider also sees items sent to it for review."""
        own = Q(record__enrolment__apprentice_id=viewer.person_id)
        readers = super().allowed(viewer)
        allowed = own | (released() & readers if readers is not None else released())
        if viewer.provider_org_ids and not viewer.is_partnership_wide:
            allowed |= Q(
                screening=Screening.REVIEW,
                scan=Scan.CLEAN,
                record__enrolment__cohort__training_provider_id__in=viewer.provider_org_ids,
            )
        return allowed


class Evidence(TimeStampedModel):
    class Kind(models.TextChoices):
        FILE = "file", "A file (PDF, Word document or picture)"
        REFLECTION = "reflection", "A written reflective account"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for assessment"
        ACCEPTED = "accepted", "Accepted"
        MORE_WORK = "more_work", "Needs more work"

    record = models.ForeignKey(LearningRecord, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    reflection = models.TextField(blank=True)
    file = models.FileField(storage=evidence_storage, upload_to=evidence_path, blank=True, max_length=200)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    image_confirmed = models.BooleanField(
        default=False, help_text="The uploader confirmed a picture shows no patient or personal details."
    )
    screening = models.CharField(max_length=10, choices=Screening.choices, default=Screening.PENDING)
    findings = models.JSONField(
        default=list, blank=True, help_text="What was found and where; masked, never the value itself."
    )
    scan = models.CharField(max_length=10, choices=Scan.choices, default=Scan.PENDING)
    criteria = models.ManyToManyField("programmes.Criterion", blank=True, related_name="evidence")
    placement = models.ForeignKey(
        "rotations.Placement", null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    feedback = models.TextField(blank=True)
    assessed_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assessed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField("note from the tutor's review", blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="reflection", file="") | Q(kind="file") & ~Q(file=""), name="evidence_kind_matches"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portfolios:evidence", args=[self.pk])

    @property
    def is_released(self) -> bool:
        """As `released()`, for one item in hand."""
        return self.screening in VISIBLE_SCREENING and self.scan == Scan.CLEAN

    @property
    def is_quarantined(self) -> bool:
        return not self.is_released


class TestimonialQuerySet(RecordRowQuerySet):
    def allowed(self, viewer: Viewer) -> Q | None:
        """Readers of the record; the host asked to write it from the placement's start to the end of the scheme's
        testimonial window after it (`Placement.testimonial_open`)."""
        readers = super().allowed(viewer)
        if readers is None:
            return None
        today = timezone.localdate()
        field = "placement__enrolment__cohort__scheme__testimonial_weeks_after"
        weeks_used = set(
            Scheme.objects.filter(partnership_id=viewer.partnership_id or 0).values_list(
                "testimonial_weeks_after", flat=True
            )
        )
        windows = Q(pk__in=[])
        for weeks in weeks_used:
            windows |= Q(**{field: weeks, "placement__end_date__gte": today - timedelta(weeks=weeks)})
        author = (
            Q(author_id=viewer.person_id, placement__status="published", placement__start_date__lte=today) & windows
        )
        return author | readers


class Testimonial(TimeStampedModel):
    __test__ = False  # a model, not a test class (its name starts with "Test")

    class Status(models.TextChoices):
        REQUESTED = "requested", "Asked for"
        COMPLETED = "completed", "Written"
        WITHDRAWN = "withdrawn", "Withdrawn"

    record = models.ForeignKey(LearningRecord, on_delete=models.CASCADE, related_name="testimonials")
    placement = models.ForeignKey("rotations.Placement", on_delete=models.CASCADE, related_name="testimonials")
    author = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="testimonials_written")
    requested_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    behaviours = models.ManyToManyField("programmes.Criterion", related_name="testimonials")
    responses = models.JSONField(default=dict, blank=True, help_text="Criterion code → what the host saw.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = TestimonialQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Testimonial {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("portfolios:testimonial", args=[self.pk])


class ExpectedLearningQuerySet(RecordRowQuerySet):
    def allowed(self, viewer: Viewer) -> Q | None:
        """Readers of the record, and the host's managers and mentors from the placement's publication to its end."""
        readers = super().allowed(viewer)
        if readers is None or not viewer.host_org_ids:
            return readers
        return readers | Q(
            placement__setting__site__organisation_id__in=viewer.host_org_ids,
            placement__status="published",
            placement__end_date__gte=timezone.localdate(),
        )


class ExpectedLearning(TimeStampedModel):
    """What an apprentice should cover at one placement: shown to the host and mentor so that they can prepare."""

    record = models.ForeignKey(LearningRecord, on_delete=models.CASCADE, related_name="expected_learning")
    placement = models.OneToOneField("rotations.Placement", on_delete=models.CASCADE, related_name="expected_learning")
    criteria = models.ManyToManyField("programmes.Criterion", blank=True, related_name="+")
    notes = models.TextField(
        "notes for the host", blank=True, help_text="Tasks that would give good evidence; no personal details."
    )

    objects = ExpectedLearningQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Expected learning for placement {self.placement_id}"

    def get_absolute_url(self) -> str:
        return reverse("portfolios:expected", args=[self.placement_id])


class ProgressReview(SignedByThree):
    """A three-way review (apprentice, employer, provider), scheduled from the rule set and signed by all three."""

    record = models.ForeignKey(LearningRecord, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    progress = models.TextField("progress since the last review", blank=True)
    otj_hours = models.DecimalField(
        "approved off-the-job hours at the review", max_digits=6, decimal_places=1, null=True
    )
    actions = models.TextField("actions agreed before the next review", blank=True)
    recorded_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = RecordRowQuerySet.as_manager()

    class Meta:
        ordering = ["due_on"]
        constraints = [models.UniqueConstraint(fields=["record", "due_on"], name="review_once_per_date")]

    def __str__(self) -> str:
        return f"Progress review due {self.due_on:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("portfolios:review", args=[self.pk])

    def is_overdue(self, on: date | None = None) -> bool:
        return not self.is_signed and self.due_on < (on or timezone.localdate())


class UnitAchievement(TimeStampedModel):
    """A unit (or Care Certificate standard) the provider has signed off."""

    record = models.ForeignKey(LearningRecord, on_delete=models.CASCADE, related_name="unit_achievements")
    unit = models.ForeignKey("programmes.Unit", on_delete=models.PROTECT, related_name="achievements")
    achieved_on = models.DateField()
    recorded_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")

    objects = RecordRowQuerySet.as_manager()

    class Meta:
        ordering = ["achieved_on"]
        constraints = [models.UniqueConstraint(fields=["record", "unit"], name="unit_achieved_once")]

    def __str__(self) -> str:
        return f"Unit {self.unit_id} achieved"


class PriorQualification(TimeStampedModel):
    """A qualification the apprentice already held before the start (for example the Care Certificate from an
    earlier care job): it counts as achieved, with what the training provider saw as evidence."""

    record = models.ForeignKey(LearningRecord, on_delete=models.CASCADE, related_name="prior_qualifications")
    qualification = models.ForeignKey("programmes.Qualification", on_delete=models.PROTECT, related_name="+")
    achieved_on = models.DateField("achieved on")
    evidence = models.TextField(
        help_text="What you saw, for example: certificate from Oakwood Care Homes dated 4 March 2024, copy on file."
    )
    recorded_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")

    objects = RecordRowQuerySet.as_manager()

    class Meta:
        ordering = ["achieved_on"]
        constraints = [models.UniqueConstraint(fields=["record", "qualification"], name="prior_qualification_once")]

    def __str__(self) -> str:
        return f"Qualification {self.qualification_id} held before the start"

    def get_absolute_url(self) -> str:
        return reverse("portfolios:qualifications", args=[self.record_id])
