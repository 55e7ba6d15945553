"""A person in the partnership's workforce. A workforce record may exist without a login."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from rotation_planner import age_on
from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.models import TimeStampedModel
from workforce_hub.organisations.models import postcode_validator

from .reach import enrolment_reach


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: Actor) -> PersonQuerySet:
        """Deny by default. See docs/access-policy.md for the table this implements."""
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        qs = self.filter(partnership_id=viewer.partnership_id)
        if viewer.is_partnership_wide:
            return qs
        allowed = Q(pk=viewer.person_id) | enrolment_reach(viewer, "enrolments__")
        return qs.filter(allowed).distinct()


class Person(TimeStampedModel):
    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.PROTECT, related_name="people")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    # Contact details (sensitive: visible only to roles that need them)
    email = models.EmailField("e-mail address")
    phone = models.CharField(max_length=20, blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[postcode_validator])
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(49), MaxValueValidator(61)],
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-9), MaxValueValidator(3)],
    )
    location_source = models.CharField(
        max_length=100, blank=True, help_text="Where the location came from (a postcode lookup, or typed in)."
    )
    located_on = models.DateField(null=True, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    # Special category: health and reasonable adjustments. Every read is audited.
    health_and_adjustment_notes = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    #: set when the person's data was erased on request: the row stays as "Erased person" (see core/privacy.py)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "email"], name="person_unique_email_in_partnership"),
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(date_of_birth__gte=date(1900, 1, 1)),
                name="person_date_of_birth_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.given_name} {self.family_name}"

    @staticmethod
    def name_fields(path: str = "") -> tuple[str, ...]:
        """What `display_name` reads, reached by `path` (such as "enrolment__apprentice__"): a list that only names
        people loads these (`.only(...)`) rather than whole records."""
        return tuple(f"{path}{name}" for name in ("given_name", "preferred_name", "family_name"))

    def age_on(self, on: date) -> int | None:
        return age_on(self.date_of_birth, on) if self.date_of_birth else None
