"""The partnership (the tenant), its organisations, their sites and placement settings, and memberships."""

from __future__ import annotations

from datetime import date
from typing import Any, Self

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.models import TimeStampedModel
from workforce_hub.core.roles import Role

UK_POSTCODE_RE = r"^(GIR ?0AA|[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2})$"
postcode_validator = RegexValidator(UK_POSTCODE_RE, "Enter a full UK postcode, like DE1 3AA")


class Sector(models.TextChoices):
    NHS = "nhs", "NHS"
    COUNCIL = "council", "Council"
    PVI = "pvi", "Private, voluntary and independent"
    PRIMARY_CARE = "primary_care", "Primary care"
    OTHER = "other", "Other"


class Partnership(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnershipScopedQuerySet(models.QuerySet[Any]):
    """Reference data any member of the partnership may see; nobody else."""

    partnership_path = "partnership_id"

    def visible_to(self, user: Actor) -> Self:
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        return self.filter(**{self.partnership_path: viewer.partnership_id})


class PartnershipWideQuerySet(PartnershipScopedQuerySet):
    """Records for the people who run schemes: coordinators and partnership admins of the partnership."""

    def visible_to(self, user: Actor) -> Self:
        viewer = viewer_for(user)
        if viewer.is_anonymous or not viewer.is_partnership_wide:
            return self.none()
        return self.filter(**{self.partnership_path: viewer.partnership_id})


class OrganisationType(models.TextChoices):
    NHS_TRUST = "nhs_trust", "NHS trust"
    GP_PRACTICE = "gp_practice", "GP practice"
    PCN = "pcn", "Primary care network"
    GP_FEDERATION = "gp_federation", "GP federation"
    TRAINING_HUB = "training_hub", "Training hub"
    COUNCIL = "council", "Council"
    PVI_CARE_PROVIDER = "pvi_care_provider", "PVI care provider"
    TRAINING_PROVIDER = "training_provider", "Training provider"
    ICB = "icb", "Integrated care board"
    OTHER = "other", "Other"


class Organisation(TimeStampedModel):
    Type = OrganisationType

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(max_length=200)
    org_type = models.CharField("type", max_length=30, choices=OrganisationType.choices)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    size = models.PositiveIntegerField(
        default=0, help_text="Number of staff (headcount). Used to share scheme costs in proportion to size."
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="For example the primary care network a practice belongs to.",
    )
    ods_code = models.CharField("ODS code", max_length=10, blank=True)
    apprentices_at_a_time = models.PositiveSmallIntegerField(
        "apprentices at a time",
        null=True,
        blank=True,
        validators=[MaxValueValidator(50)],
        help_text="The most apprentices this organisation hosts on any one day, across all its settings. Leave "
        "empty for no limit beyond each setting's places.",
    )
    is_active = models.BooleanField(default=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="organisation_unique_name_in_partnership"),
            models.CheckConstraint(condition=Q(sector__in=[c.value for c in Sector]), name="organisation_sector_valid"),
            models.CheckConstraint(
                condition=Q(org_type__in=[c.value for c in OrganisationType]), name="organisation_type_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", args=[self.pk])


class SiteQuerySet(PartnershipScopedQuerySet):
    partnership_path = "organisation__partnership_id"


class Site(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=200)
    address = models.TextField(help_text="Street address, town")
    postcode = models.CharField(max_length=8, validators=[postcode_validator])
    latitude = models.DecimalField(
        max_digits=8, decimal_places=5, validators=[MinValueValidator(49), MaxValueValidator(61)]
    )
    longitude = models.DecimalField(
        max_digits=8, decimal_places=5, validators=[MinValueValidator(-9), MaxValueValidator(3)]
    )
    location_source = models.CharField(
        max_length=100, blank=True, help_text="Where the location came from (a postcode lookup, or typed in)."
    )
    located_on = models.DateField(null=True, blank=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="site_unique_name_in_organisation"),
            models.CheckConstraint(
                condition=Q(latitude__gte=49, latitude__lte=61, longitude__gte=-9, longitude__lte=3),
                name="site_location_in_uk",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def partnership_id(self) -> int:
        return self.organisation.partnership_id


class SettingType(models.TextChoices):
    ACUTE_WARD = "acute_ward", "Acute ward"
    MENTAL_HEALTH = "mental_health", "Mental health"
    RESIDENTIAL_CARE = "residential_care", "Residential care"
    COMMUNITY = "community", "Community"
    REHABILITATION = "rehabilitation", "Rehabilitation"
    PRIMARY_CARE = "primary_care", "Primary care"
    DOMICILIARY_CARE = "domiciliary_care", "Domiciliary care"
    URGENT_CARE = "urgent_care", "Urgent care"
    LEARNING_DISABILITY = "learning_disability", "Learning disability"
    DIGITAL_IT = "digital_it", "Digital and IT"


class ShiftPattern(models.TextChoices):
    """The working pattern a setting runs, as the planner matches it against what an apprentice can work."""

    DAYS = "days", "Days (office hours)"
    EARLY_LATE = "early_late", "Early and late shifts (no nights)"
    LONG_DAYS = "long_days", "Long days"
    NIGHTS = "nights", "Nights"
    ROTATING = "rotating", "Rotating shifts (days and nights)"


WEEKDAYS = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
]


class SettingQuerySet(PartnershipScopedQuerySet):
    partnership_path = "site__organisation__partnership_id"


class PlacementSetting(TimeStampedModel):
    """A place an apprentice can be placed: a ward, a care home, a GP practice, a team."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="settings")
    name = models.CharField(max_length=200)
    setting_type = models.CharField("setting type", max_length=30, choices=SettingType.choices)
    capacity = models.PositiveSmallIntegerField(
        default=1,
        validators=[MaxValueValidator(50)],
        help_text="How many apprentices the setting can take at the same time.",
    )
    min_age = models.PositiveSmallIntegerField(
        "minimum age",
        default=16,
        validators=[MinValueValidator(16), MaxValueValidator(25)],
        help_text="Apprentices younger than this on the first day of a placement cannot be placed here.",
    )
    working_days = models.JSONField(default=list, blank=True, help_text="Days of the week apprentices work here.")
    working_hours = models.CharField(
        max_length=200, blank=True, help_text="For example 8am to 4pm, or 'long days 7:30am to 8pm'."
    )
    shift_pattern = models.CharField(
        "shift pattern",
        max_length=20,
        blank=True,
        choices=ShiftPattern.choices,
        help_text="The planner places only apprentices who can work this pattern. Leave empty if it suits anyone.",
    )
    contact = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_for_settings",
        verbose_name="single point of contact",
    )
    mentors = models.ManyToManyField("people.Person", blank=True, related_name="mentor_for_settings")
    tasks_allowed = models.JSONField(
        "menu of tasks", default=list, blank=True, help_text="What an apprentice may do here, one task per line."
    )
    tasks_not_allowed = models.JSONField(
        "must not do", default=list, blank=True, help_text="What an apprentice must not do here, one per line."
    )
    is_active = models.BooleanField(default=True)

    objects = SettingQuerySet.as_manager()

    class Meta:
        ordering = ["site__organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="setting_unique_name_in_site"),
            models.CheckConstraint(condition=Q(capacity__lte=50), name="setting_capacity_max_50"),
            models.CheckConstraint(condition=Q(min_age__gte=16, min_age__lte=25), name="setting_min_age_range"),
            models.CheckConstraint(
                condition=Q(setting_type__in=[c.value for c in SettingType]), name="setting_type_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.site.organisation.name}"

    def get_absolute_url(self) -> str:
        return reverse("organisations:setting_detail", args=[self.pk])

    @property
    def organisation(self) -> Organisation:
        return self.site.organisation


def person_model() -> Any:
    """The people app's Person, reached through the setting's contact field: organisations sits below people and
    does not import it (the choices of a setting's contact and mentors are people)."""
    return PlacementSetting._meta.get_field("contact").related_model


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, on: date | None = None) -> MembershipQuerySet:
        today = on or timezone.localdate()
        return self.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=today),
            Q(ends_on__isnull=True) | Q(ends_on__gte=today),
            person__is_active=True,
        )

    def visible_to(self, user: Actor) -> MembershipQuerySet:
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        qs = self.filter(organisation__partnership_id=viewer.partnership_id)
        if viewer.is_partnership_wide:
            return qs
        return qs.filter(person_id=viewer.person_id)


class Membership(TimeStampedModel):
    """A person holds a role in an organisation. A person may hold several."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    job_title = models.CharField(max_length=200, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "role"], name="membership_unique_role_in_organisation"
            ),
            models.CheckConstraint(condition=Q(role__in=[c.value for c in Role]), name="membership_role_valid"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} at {self.organisation}"

    @property
    def partnership_id(self) -> int:
        return self.organisation.partnership_id
