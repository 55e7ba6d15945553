"""Employability and destinations: partners' job vacancies and the job alert digest, careers events, and where
apprentices go at the end (followed up at 6 and 12 months)."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.models import TimeStampedModel
from workforce_hub.organisations.models import PartnershipScopedQuerySet, Sector
from workforce_hub.schemes.models import OwnEnrolmentRecordQuerySet


class JobVacancy(TimeStampedModel):
    """A job a partner organisation is recruiting for. Not personal data: every member of the partnership sees it."""

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.PROTECT, related_name="jobs")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="jobs")
    title = models.CharField(max_length=200)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    area = models.CharField(max_length=100, help_text="The town or area, for example Derby. Alerts group jobs by it.")
    postcode = models.CharField(max_length=8, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    location_source = models.CharField(
        max_length=100, blank=True, help_text="Where the location came from (a postcode lookup, or typed in)."
    )
    located_on = models.DateField(null=True, blank=True)
    hours = models.CharField(max_length=100, blank=True, help_text="For example 37.5 hours, or part time.")
    pay = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    how_to_apply = models.CharField(max_length=500, help_text="A web address or who to contact.")
    closes_on = models.DateField("closing date")
    schemes = models.ManyToManyField(
        "schemes.Scheme",
        blank=True,
        related_name="jobs",
        help_text="Schemes whose apprentices this job suits. Leave empty for any scheme.",
    )

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["closes_on", "title"]
        verbose_name_plural = "job vacancies"
        constraints = [
            models.CheckConstraint(condition=Q(sector__in=[c.value for c in Sector]), name="job_sector_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outcomes:job", args=[self.pk])


class OwnQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Actor) -> OwnQuerySet:
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        return self.filter(person_id=viewer.person_id)


class JobPreference(TimeStampedModel):
    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="job_preference")
    sectors = models.JSONField(default=list, blank=True, help_text="Empty means any sector.")
    areas = models.JSONField(default=list, blank=True, help_text="Empty means any area within your travel limit.")
    max_distance_km = models.PositiveSmallIntegerField(
        "furthest you would travel (km)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text="Straight-line distance from home. Leave empty for no limit.",
    )
    alerts = models.BooleanField("send me job alerts", default=True)

    objects = OwnQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Job preferences {self.pk}"

    def get_absolute_url(self) -> str:
        """Everyone's preferences are on one page, which shows the signed-in person's own."""
        return reverse("outcomes:preferences")


class JobAlertDigest(models.Model):
    """One digest per person per fortnight: the unique constraint makes a second send for a period impossible."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="job_digests")
    period_start = models.DateField()
    jobs = models.ManyToManyField(JobVacancy, related_name="digests")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["person", "period_start"], name="one_job_digest_per_period"),
        ]

    def __str__(self) -> str:
        return f"Job alert {self.period_start}"

    def get_absolute_url(self) -> str:
        return reverse("outcomes:digest", args=[self.pk])


class CareersEvent(TimeStampedModel):
    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.PROTECT, related_name="events")
    title = models.CharField(max_length=200)
    description = models.TextField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=300, help_text="An address, or 'Online' with how to join.")
    capacity = models.PositiveSmallIntegerField(
        "places", validators=[MinValueValidator(1), MaxValueValidator(1000)], default=30
    )

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outcomes:event", args=[self.pk])


class EventSignup(models.Model):
    event = models.ForeignKey(CareersEvent, on_delete=models.CASCADE, related_name="signups")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="event_signups")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="event_signup_once")]

    def __str__(self) -> str:
        return f"Sign-up {self.pk}"


class Outcome(models.TextChoices):
    EMPLOYED_HEALTH = "employed_health", "Employed in health care"
    EMPLOYED_SOCIAL_CARE = "employed_social_care", "Employed in social care"
    EMPLOYED_OTHER = "employed_other", "Employed outside health and care"
    SEEKING_SECTOR = "seeking_sector", "Applying for jobs in health or social care"
    EDUCATION = "education", "In education or training"
    NOT_WORKING = "not_working", "Not working"
    UNKNOWN = "unknown", "Not known (could not contact)"


IN_SECTOR = (Outcome.EMPLOYED_HEALTH, Outcome.EMPLOYED_SOCIAL_CARE)


class Point(models.TextChoices):
    END = "end", "At the end"
    SIX_MONTHS = "6_months", "6 months later"
    TWELVE_MONTHS = "12_months", "12 months later"


#: days after the end of an enrolment when each follow-up is due
FOLLOW_UP_DAYS = {Point.SIX_MONTHS: 182, Point.TWELVE_MONTHS: 365}


class Destination(TimeStampedModel):
    enrolment = models.ForeignKey("schemes.Enrolment", on_delete=models.CASCADE, related_name="destinations")
    point = models.CharField("when", max_length=20, choices=Point.choices)
    recorded_on = models.DateField()
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    role = models.CharField("job title or course", max_length=200, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="If they work for a partner organisation.",
    )
    organisation_name = models.CharField("employer or college (if not a partner)", max_length=200, blank=True)
    at_placement_host = models.BooleanField(
        "works where they had a placement", default=False, help_text="Worked out from the placements."
    )

    objects = OwnEnrolmentRecordQuerySet.as_manager()  # coordinators and admins, and the apprentice

    class Meta:
        ordering = ["enrolment", "recorded_on"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "point"], name="destination_once_per_point"),
            models.CheckConstraint(
                condition=Q(outcome__in=[c.value for c in Outcome]), name="destination_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_point_display()}: {self.get_outcome_display()}"

    def get_absolute_url(self) -> str:
        return reverse("outcomes:destinations", args=[self.enrolment_id])

    @property
    def in_sector(self) -> bool:
        return self.outcome in IN_SECTOR


class LevyTransferQuerySet(PartnershipScopedQuerySet):
    """Partners' money: whoever reads scheme reports (partnership admins, coordinators, partner leads)."""

    partnership_path = "scheme__partnership_id"

    def visible_to(self, user: Actor) -> LevyTransferQuerySet:
        viewer = viewer_for(user)
        if viewer.is_anonymous or not viewer.has_role("partnership_admin", "coordinator", "partner_lead"):
            return self.none()
        return self.filter(scheme__partnership_id=viewer.partnership_id)


class LevyTransfer(TimeStampedModel):
    """Unspent apprenticeship levy one partner transfers to another to pay for a scheme's training (up to the cap
    in `funding.LEVY_TRANSFER_CAP` of the sender's levy funds in a year from April to March)."""

    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.CASCADE, related_name="levy_transfers")
    sender = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="levy_sent", verbose_name="from"
    )
    receiver = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="levy_received", verbose_name="to"
    )
    amount = models.DecimalField("amount (£)", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    levy_funds = models.DecimalField(
        "the sender's levy funds for the year (£)",
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="The sender's apprenticeship levy funds for the year from April to March. Up to a quarter can be "
        "transferred.",
    )
    agreed_on = models.DateField("agreed on")
    note = models.CharField(max_length=300, blank=True, help_text="For example what the transfer pays for.")

    objects = LevyTransferQuerySet.as_manager()

    class Meta:
        ordering = ["agreed_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="levy_transfer_amount_positive"),
            models.CheckConstraint(condition=~Q(sender=models.F("receiver")), name="levy_transfer_two_partners"),
        ]

    def __str__(self) -> str:
        return f"Levy transfer {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("outcomes:report", args=[self.scheme_id])

    @property
    def partnership_id(self) -> int:
        return self.scheme.partnership_id
