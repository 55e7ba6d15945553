"""Schemes, cohorts and enrolments, with a status history that keeps who, when and why."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.models import TimeStampedModel
from workforce_hub.organisations.models import WEEKDAYS, PartnershipScopedQuerySet, Sector, SettingType
from workforce_hub.people.reach import enrolment_reach

from . import patterns


class Scheme(TimeStampedModel):
    class FundingShare(models.TextChoices):
        PROPORTIONAL = "proportional", "In proportion to organisation size"
        EQUAL = "equal", "Equal shares"

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.PROTECT, related_name="schemes")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="What the scheme is for, in plain English.")
    funders = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="funded_schemes",
        help_text="Partner organisations that fund the scheme.",
    )
    exempt_partners = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="exempt_schemes",
        verbose_name="partners not asked to pay",
        help_text="Partners that take part but do not share the costs, for example private, voluntary and "
        "independent care providers.",
    )
    funding_share = models.CharField(max_length=20, choices=FundingShare.choices, default=FundingShare.PROPORTIONAL)
    annual_cost = models.DecimalField(
        "cost the funders share",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Salaries with on-costs and other costs the funders share, in pounds (for a year or for the "
        "whole scheme). The scheme report splits it.",
    )
    training_cost_per_person = models.DecimalField(
        "training and assessment for each apprentice",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="In pounds, usually paid from the apprenticeship levy. Counted for every apprentice who started.",
    )
    qualification_cost_per_person = models.DecimalField(
        "the qualification alone for each apprentice",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="For comparison: what the main qualification would cost without the scheme, in pounds.",
    )
    # Placement rules (used by the rotation planner)
    block_count = models.PositiveSmallIntegerField(
        "number of placement blocks", default=5, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    block_weeks = models.PositiveSmallIntegerField(
        "weeks in each block", default=13, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    first_block_with_employer = models.BooleanField(default=True)
    last_block_sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)
    no_repeat_type = models.BooleanField("never the same setting type twice", default=True)
    required_setting_types = models.JSONField(default=list, blank=True)
    allowed_setting_types = models.JSONField(
        default=list, blank=True, help_text="The setting types apprentices may be placed in. Empty means any type."
    )
    max_travel_minutes = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(240)])
    minimum_notice_weeks = models.PositiveSmallIntegerField(
        default=6, help_text="How far ahead apprentices and hosts must be told about a placement."
    )
    testimonial_weeks_after = models.PositiveSmallIntegerField(
        "weeks after a placement a host may still write a testimonial",
        default=8,
        validators=[MaxValueValidator(52)],
        help_text="Hosts are asked during the placement; many write after it. 0: only while it is under way.",
    )
    is_active = models.BooleanField(default=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="scheme_unique_name_in_partnership"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("schemes:detail", args=[self.pk])

    def required_setting_type_labels(self) -> list[str]:
        labels = dict(SettingType.choices)
        return [str(labels.get(t, t)) for t in self.required_setting_types]

    def allowed_setting_type_labels(self) -> list[str]:
        labels = dict(SettingType.choices)
        return [str(labels.get(t, t)) for t in self.allowed_setting_types]


WEEKDAY_CHOICES = WEEKDAYS  # the same codes as a setting's working days


class LearningFrequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every other week"
    NONE = "none", "No regular learning day"


#: the fields of a working week, in the order forms and the API show them
PATTERN_FIELDS = (
    "host_days",
    "learning_day",
    "training_day_frequency",
    "learning_week",
    "other_day",
    "other_place",
    "other_place_alternate",
    "hours_per_day",
)


class PatternFields(models.Model):
    """A working week as data (see `schemes.patterns`): days at the host, the learning day and how often, a
    recurring other day, and the hours of a day."""

    host_days = models.JSONField(
        "days at the host",
        default=list,
        blank=True,
        help_text="The days of the week the apprentice works at their placement.",
    )
    learning_day = models.CharField(
        "learning day",
        max_length=3,
        choices=WEEKDAY_CHOICES,
        blank=True,
        help_text="The day with the training provider.",
    )
    training_day_frequency = models.CharField(
        "how often the learning day is",
        max_length=20,
        choices=LearningFrequency.choices,
        default=LearningFrequency.WEEKLY,
    )
    learning_week = models.PositiveSmallIntegerField(
        "which weeks, if every other week",
        choices=[
            (1, "Odd weeks: the cohort's first week, then every other week"),
            (2, "Even weeks: the second week, then every other week"),
        ],
        default=1,
    )
    other_day = models.CharField(
        "a recurring other day",
        max_length=3,
        choices=WEEKDAY_CHOICES,
        blank=True,
        help_text="For example a day each week in the IT department. Leave empty if there is none.",
    )
    other_place = models.CharField("where the other day is spent", max_length=100, blank=True)
    other_place_alternate = models.CharField(
        "alternating with",
        max_length=100,
        blank=True,
        help_text="If the other day alternates week by week between two places, the second place (even weeks).",
    )
    hours_per_day = models.DecimalField(
        "hours a day",
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(13)],
        help_text="Contracted hours on a working day, for example 7.5. Learning days count as these hours of "
        "off-the-job training.",
    )

    class Meta:
        abstract = True

    @property
    def pattern_text(self) -> str:
        return patterns.describe(self) if self.host_days else ""


class CohortQuerySet(PartnershipScopedQuerySet):
    partnership_path = "scheme__partnership_id"


class Cohort(PatternFields, TimeStampedModel):
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=200)
    employer = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="employer_cohorts"
    )
    training_provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="provider_cohorts"
    )
    start_date = models.DateField()
    end_date = models.DateField()
    contracted_hours = models.DecimalField(
        "contracted hours a week",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(1), MaxValueValidator(48)],
    )
    weekly_pattern = models.CharField(
        "anything else about the week",
        max_length=300,
        blank=True,
        help_text="For example: shifts follow the host's rota; the first eight weeks are for settling in.",
    )
    coordinator = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="coordinated_cohorts"
    )

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "name"], name="cohort_unique_name_in_scheme"),
            models.CheckConstraint(condition=Q(end_date__gt=F("start_date")), name="cohort_ends_after_start"),
            models.CheckConstraint(
                condition=Q(contracted_hours__gte=1, contracted_hours__lte=48), name="cohort_hours_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.name}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("schemes:cohort_detail", args=[self.pk])

    @property
    def partnership_id(self) -> int:
        return self.scheme.partnership_id


class EnrolmentStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    OFFERED = "offered", "Offered"
    STARTED = "started", "Started"
    ON_BREAK = "on_break", "On a break"
    WITHDRAWN = "withdrawn", "Withdrawn"
    TRANSFERRED = "transferred", "Transferred"
    COMPLETED = "completed", "Completed"


#: status -> statuses it may move to. Withdrawn, transferred and completed are final.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    EnrolmentStatus.APPLIED: frozenset({EnrolmentStatus.OFFERED, EnrolmentStatus.WITHDRAWN}),
    EnrolmentStatus.OFFERED: frozenset({EnrolmentStatus.STARTED, EnrolmentStatus.WITHDRAWN}),
    EnrolmentStatus.STARTED: frozenset(
        {EnrolmentStatus.ON_BREAK, EnrolmentStatus.WITHDRAWN, EnrolmentStatus.TRANSFERRED, EnrolmentStatus.COMPLETED}
    ),
    EnrolmentStatus.ON_BREAK: frozenset(
        {EnrolmentStatus.STARTED, EnrolmentStatus.WITHDRAWN, EnrolmentStatus.TRANSFERRED}
    ),
    EnrolmentStatus.WITHDRAWN: frozenset(),
    EnrolmentStatus.TRANSFERRED: frozenset(),
    EnrolmentStatus.COMPLETED: frozenset(),
}
ACTIVE_STATUSES = frozenset({EnrolmentStatus.STARTED, EnrolmentStatus.ON_BREAK})


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def left_early(self) -> EnrolmentQuerySet:
        """Started, then withdrawn for any reason but being found not eligible: how every page and report counts
        leavers. Someone who withdrew before starting never left; a transfer is not a withdrawal."""
        ever_started = Q(started_on__isnull=False) | Q(status_history__to_status=EnrolmentStatus.STARTED)
        latest = (
            EnrolmentStatusChange.objects.filter(enrolment=models.OuterRef("pk"), to_status=EnrolmentStatus.WITHDRAWN)
            .order_by("-effective_on", "-id")
            .values("leaving_reason")[:1]
        )
        return (
            self.filter(status=EnrolmentStatus.WITHDRAWN)
            .filter(pk__in=Enrolment.objects.filter(ever_started).values("pk"))
            .annotate(withdrawal_reason=models.Subquery(latest))
            .exclude(withdrawal_reason=LeavingReason.NOT_ELIGIBLE)
        )

    def visible_to(self, user: Actor) -> EnrolmentQuerySet:
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        qs = self.filter(cohort__scheme__partnership_id=viewer.partnership_id)
        if viewer.is_partnership_wide:
            return qs
        allowed = Q(apprentice_id=viewer.person_id) | enrolment_reach(viewer)
        # no DISTINCT: every condition is on the enrolment's own columns, a foreign key or a subquery, so no row can
        # come twice (a tutor's list of 5,000 sorted on every column took 45 ms at ICS size)
        return qs.filter(allowed)


class Enrolment(TimeStampedModel):
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    apprentice = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.APPLIED)
    line_manager = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_enrolments",
        verbose_name="employer line manager",
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    allowed_shifts = models.JSONField(
        "shift patterns they can work",
        default=list,
        blank=True,
        help_text="For example days only, for someone whose childcare fits office hours. None ticked: any pattern.",
    )
    preferred_setting_types = models.JSONField(
        "setting types they would like",
        default=list,
        blank=True,
        help_text="The planner tries to include these; it cannot promise them.",
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["cohort__start_date", "apprentice__family_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "apprentice"], name="enrolment_once_per_cohort"),
            models.CheckConstraint(
                condition=Q(status__in=[c.value for c in EnrolmentStatus]), name="enrolment_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Enrolment {self.pk} in {self.cohort}"

    def get_absolute_url(self) -> str:
        return reverse("schemes:enrolment_detail", args=[self.pk])

    @property
    def partnership_id(self) -> int:
        return self.cohort.scheme.partnership_id

    def allowed_next_statuses(self) -> list[str]:
        return sorted(ALLOWED_TRANSITIONS[EnrolmentStatus(self.status)])

    @property
    def working_pattern(self) -> PatternFields:
        """The apprentice's own pattern if they have one (for example a reasonable adjustment), else the cohort's."""
        try:
            return self.own_pattern
        except EnrolmentPattern.DoesNotExist:
            return self.cohort


class LeavingReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", "Found not to be eligible"
    JOB = "job", "Left for a job"
    HEALTH = "health", "Health"
    PERSONAL = "personal", "Personal or family reasons"
    EDUCATION = "education", "Went into education"
    NOT_SUITED = "not_suited", "The role did not suit them"
    DISMISSED = "dismissed", "Dismissed"
    OTHER = "other", "Other"


class EnrolmentStatusChange(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="status_history")
    from_status = models.CharField(max_length=20, choices=EnrolmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=EnrolmentStatus.choices)
    reason = models.TextField()
    leaving_reason = models.CharField(
        "main reason for leaving",
        max_length=20,
        choices=LeavingReason.choices,
        blank=True,
        help_text="For a withdrawal: the scheme report counts leavers by this reason.",
    )
    effective_on = models.DateField()
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["changed_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="status_change_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"


class LeavingReasonCorrection(models.Model):
    """A wrongly recorded reason for leaving put right. The withdrawal itself stays final; its leaving reason
    changes, and this row keeps what it was, what it became, why, who and when (the original is never lost)."""

    status_change = models.ForeignKey(EnrolmentStatusChange, on_delete=models.CASCADE, related_name="corrections")
    from_reason = models.CharField(max_length=20, choices=LeavingReason.choices, blank=True)
    to_reason = models.CharField(max_length=20, choices=LeavingReason.choices)
    note = models.TextField(help_text="Why the reason was wrong.")
    corrected_at = models.DateTimeField(auto_now_add=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["corrected_at", "pk"]

    def __str__(self) -> str:
        return f"Leaving reason corrected to {self.get_to_reason_display()}"


class OwnEnrolmentRecordQuerySet(models.QuerySet[Any]):
    """Records about one apprentice's enrolment that only the partnership's coordinators and admins, and the
    apprentice, see (where they ended up; why they are away, which can be about their health)."""

    def visible_to(self, user: Actor) -> Self:
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        qs = self.filter(enrolment__cohort__scheme__partnership_id=viewer.partnership_id)
        if viewer.is_partnership_wide:
            return qs
        return qs.filter(enrolment__apprentice_id=viewer.person_id)


class PlannedAbsence(models.Model):
    """A planned break with a planned return date (parental leave, a long illness): the planner places the
    apprentice nowhere in a block that the absence covers for half its days or more."""

    class Reason(models.TextChoices):
        PARENTAL_LEAVE = "parental_leave", "Parental leave"
        LONG_ILLNESS = "long_illness", "Long-term illness"
        CARING = "caring", "Caring for someone"
        OTHER = "other", "Other"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="planned_absences")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    start_date = models.DateField("first day away")
    planned_return = models.DateField("planned return", help_text="The first day back.")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = OwnEnrolmentRecordQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_return__gt=F("start_date")), name="planned_absence_return_after_start"
            ),
            models.CheckConstraint(
                condition=Q(reason__in=["parental_leave", "long_illness", "caring", "other"]),
                name="planned_absence_reason_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} from {self.start_date:%-d %B %Y}"

    def covers_most_of(self, start: date, end: date) -> bool:
        """Away for at least half the days from `start` to `end` (both included)."""
        away = (min(end, self.planned_return - timedelta(days=1)) - max(start, self.start_date)).days + 1
        return away * 2 >= (end - start).days + 1


class EnrolmentPatternQuerySet(models.QuerySet["EnrolmentPattern"]):
    def visible_to(self, user: Actor) -> EnrolmentPatternQuerySet:
        return self.filter(enrolment__in=Enrolment.objects.visible_to(user))


class EnrolmentPattern(PatternFields, TimeStampedModel):
    """An apprentice's own working week where it differs from the cohort's (for example a reasonable adjustment or
    part-time hours). Hosts see only the days."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="own_pattern")

    objects = EnrolmentPatternQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Own working pattern for enrolment {self.enrolment_id}"

    def get_absolute_url(self) -> str:
        return reverse("schemes:enrolment_detail", args=[self.enrolment_id])

    @property
    def partnership_id(self) -> int:
        return self.enrolment.cohort.scheme.partnership_id


class HostAgreementTemplateQuerySet(PartnershipScopedQuerySet):
    pass


class HostAgreementTemplate(TimeStampedModel):
    """The partnership's agreement with each host organisation (a memorandum of understanding) in plain English:
    what the host commits to and what the partnership provides. Versioned: a change is a new version, and an
    agreement keeps the version that was signed."""

    partnership = models.ForeignKey(
        "organisations.Partnership", on_delete=models.CASCADE, related_name="host_agreement_templates"
    )
    version = models.PositiveSmallIntegerField()
    host_commits = models.TextField(
        "what the host commits to",
        help_text="For example: a named mentor and a single point of contact, supernumerary status, system access "
        "from day one, an appraisal at the end of each placement.",
    )
    partnership_provides = models.TextField(
        "what the partnership provides",
        help_text="For example: at least six weeks' notice, a briefing pack, the coordinator's support, cover for "
        "salary costs.",
    )

    objects = HostAgreementTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "version"], name="host_agreement_template_version"),
        ]

    def __str__(self) -> str:
        return f"Partnership agreement, version {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("schemes:host_agreement_template")


class HostAgreementQuerySet(PartnershipScopedQuerySet):
    partnership_path = "scheme__partnership_id"


class HostAgreement(TimeStampedModel):
    """One host organisation's agreement to a scheme, on one version of the partnership's template, signed once per
    scheme by someone for the host (a host manager or partner lead) and by a coordinator."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="host_agreements")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="host_agreements"
    )
    template = models.ForeignKey(HostAgreementTemplate, on_delete=models.PROTECT, related_name="agreements")
    host_signed_at = models.DateTimeField(null=True, blank=True)
    host_signed_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    partnership_signed_at = models.DateTimeField(null=True, blank=True)
    partnership_signed_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = HostAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "organisation"], name="host_agreement_once_per_scheme"),
        ]

    def __str__(self) -> str:
        return f"Partnership agreement of {self.organisation} for {self.scheme}"

    def get_absolute_url(self) -> str:
        return reverse("schemes:host_agreement", args=[self.pk])

    @property
    def is_signed(self) -> bool:
        return bool(self.host_signed_at and self.partnership_signed_at)

    @property
    def partnership_id(self) -> int:
        return self.scheme.partnership_id


def unsigned_hosts(scheme: Scheme, organisation_ids: set[int]) -> set[int]:
    """Of these organisations, those without an agreement to the scheme signed by both sides."""
    signed = set(
        HostAgreement.objects.filter(
            scheme=scheme,
            organisation_id__in=organisation_ids,
            host_signed_at__isnull=False,
            partnership_signed_at__isnull=False,
        ).values_list("organisation_id", flat=True)
    )
    return organisation_ids - signed
