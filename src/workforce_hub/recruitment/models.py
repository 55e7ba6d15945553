"""Recruitment: a scheme's vacancy for a cohort, public applications screened for eligibility, and their stages.

Applicants have no account. An application keeps what they typed, the eligibility result with a reason for each
rule, and every stage change (who, when, why). Accepting an offer makes the person and their enrolment.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from workforce_hub.core.models import TimeStampedModel
from workforce_hub.organisations.models import PartnershipWideQuerySet, postcode_validator


class Level(models.IntegerChoices):
    """English and maths, as an applicant can describe them."""

    NONE = 0, "No qualification yet"
    ENTRY = 1, "Entry level"
    LEVEL_1 = 2, "Level 1 (GCSE grade 3 to 1 or D to G, or Functional Skills level 1)"
    LEVEL_2 = 3, "Level 2 (GCSE grade 4 or above or C or above, or Functional Skills level 2)"


class VacancyQuerySet(PartnershipWideQuerySet):
    partnership_path = "scheme__partnership_id"

    def open_to_public(self) -> VacancyQuerySet:
        today = timezone.localdate()
        return self.filter(status=Vacancy.Status.OPEN, closes_on__gte=today, scheme__is_active=True)


class Vacancy(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open for applications"
        CLOSED = "closed", "Closed"

    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="vacancies")
    cohort = models.ForeignKey(
        "schemes.Cohort",
        on_delete=models.PROTECT,
        related_name="vacancies",
        help_text="The cohort successful applicants join. Its start date is used for the age check.",
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, help_text="The last part of the public address.")
    places = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(200)])
    summary = models.TextField("what the scheme involves")
    placements = models.TextField("where placements may be")
    working_pattern = models.TextField("working days and hours")
    pay = models.CharField(max_length=300)
    qualifications = models.TextField("qualifications you will gain")
    after_the_scheme = models.TextField(
        "what happens at the end", help_text="Say plainly what is not guaranteed, for example a job at the end."
    )
    min_english = models.PositiveSmallIntegerField(
        "English needed to apply", choices=Level.choices, default=Level.ENTRY
    )
    min_maths = models.PositiveSmallIntegerField("maths needed to apply", choices=Level.choices, default=Level.ENTRY)
    planned_settings = models.ManyToManyField(
        "organisations.PlacementSetting",
        blank=True,
        related_name="vacancies",
        help_text="Where apprentices may be placed. Applicants must be old enough for every one on the start date.",
    )
    closes_on = models.DateField("closing date")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_on", "title"]
        verbose_name_plural = "vacancies"
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["draft", "open", "closed"]), name="vacancy_status_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recruitment:vacancy", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("recruitment:public_vacancy", args=[self.slug])

    @property
    def partnership_id(self) -> int:
        return self.scheme.partnership_id


class Stage(models.TextChoices):
    APPLIED = "applied", "Applied"
    SHORTLISTED = "shortlisted", "Shortlisted"
    INTERVIEWED = "interviewed", "Interviewed"
    OFFERED = "offered", "Offered a place"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


#: stage -> stages it may move to. Declined (by the scheme or the applicant) and withdrawn are final.
STAGE_MOVES: dict[str, tuple[str, ...]] = {
    Stage.APPLIED: (Stage.SHORTLISTED, Stage.DECLINED, Stage.WITHDRAWN),
    Stage.SHORTLISTED: (Stage.INTERVIEWED, Stage.DECLINED, Stage.WITHDRAWN),
    Stage.INTERVIEWED: (Stage.OFFERED, Stage.DECLINED, Stage.WITHDRAWN),
    Stage.OFFERED: (Stage.ACCEPTED, Stage.DECLINED, Stage.WITHDRAWN),
    Stage.ACCEPTED: (),
    Stage.DECLINED: (),
    Stage.WITHDRAWN: (),
}
#: moves that need the applicant to be eligible
FORWARD = frozenset({Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.OFFERED, Stage.ACCEPTED})
#: stages from which an applicant can wait in the back-up pool
POOLABLE = frozenset({Stage.SHORTLISTED, Stage.INTERVIEWED})


class ApplicationQuerySet(PartnershipWideQuerySet):
    partnership_path = "vacancy__scheme__partnership_id"


def _reference() -> str:
    return "APP-" + secrets.token_hex(4).upper()


class Application(TimeStampedModel):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="applications")
    reference = models.CharField(max_length=20, unique=True, default=_reference)
    given_name = models.CharField("first name", max_length=100)
    family_name = models.CharField("last name", max_length=100)
    email = models.EmailField("e-mail address")
    phone = models.CharField("phone number", max_length=20, blank=True)
    #: empty only once the application's personal details are removed (retention or erasure)
    date_of_birth = models.DateField(null=True)
    postcode = models.CharField(max_length=8, validators=[postcode_validator])
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True, editable=False)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True, editable=False)
    location_source = models.CharField(
        max_length=100,
        blank=True,
        editable=False,
        help_text="Where the location came from (a postcode lookup, or typed in).",
    )
    located_on = models.DateField(null=True, blank=True, editable=False)
    english = models.PositiveSmallIntegerField("your English", choices=Level.choices)
    maths = models.PositiveSmallIntegerField("your maths", choices=Level.choices)
    right_to_work = models.BooleanField("you have the right to work in the UK")
    statement = models.TextField("why you want to join", max_length=3000)
    submitted_from = models.CharField(
        max_length=32,
        blank=True,
        db_index=True,
        editable=False,
        help_text="A keyed fingerprint of the address the public form was sent from (never the address itself), "
        "for the limit on applications per address.",
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.APPLIED)
    #: [{"rule", "label", "met", "reason"}] from the last check
    eligibility = models.JSONField(default=list)
    is_eligible = models.BooleanField(default=False)
    pool_rank = models.PositiveSmallIntegerField(
        "place in the back-up pool", null=True, blank=True, help_text="1 is offered a place first."
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )
    enrolment = models.OneToOneField(
        "schemes.Enrolment", null=True, blank=True, on_delete=models.SET_NULL, related_name="application"
    )
    erased_at = models.DateTimeField(
        "personal details removed",
        null=True,
        blank=True,
        editable=False,
        help_text="When the applicant's name, contact details, date of birth and statement were removed.",
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "email"], name="application_once_per_vacancy"),
            models.UniqueConstraint(
                fields=["vacancy", "pool_rank"], condition=Q(pool_rank__isnull=False), name="application_pool_rank"
            ),
            models.CheckConstraint(condition=Q(stage__in=[c.value for c in Stage]), name="application_stage_valid"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("recruitment:application", args=[self.pk])

    @property
    def partnership_id(self) -> int:
        return self.vacancy.scheme.partnership_id

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def next_stages(self) -> tuple[str, ...]:
        return STAGE_MOVES[Stage(self.stage)]

    def failed_rules(self) -> list[dict[str, object]]:
        return [r for r in self.eligibility if not r.get("met")]


class ApplicationStageChange(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    note = models.TextField(blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage or 'new'} → {self.to_stage}"
