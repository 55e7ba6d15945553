"""The competence passport: a partnership's catalogue of statutory and mandatory training, what each host requires,
signing keys per issuing organisation, the credentials issued (Open Badges 3.0, secured as VC-JWT), credentials
brought from elsewhere, training recorded outside the Hub, the gaps a host assigned, and share links."""

from __future__ import annotations

import secrets
import uuid
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from workforce_hub.core.access import Actor, Viewer, viewer_for
from workforce_hub.core.models import TimeStampedModel
from workforce_hub.organisations.models import PartnershipScopedQuerySet
from workforce_hub.people.reach import enrolment_reach

#: a credential that lapses within this many days is shown as "expiring" and its holder is reminded
EXPIRING_DAYS = 60
#: reminders go this many days before a credential lapses
REMINDER_DAYS = (60, 14)
SHARE_LINK_DAYS = 90
MANAGERS = ("line_manager", "host_manager")


class TopicQuerySet(PartnershipScopedQuerySet):
    pass


class TrainingTopic(TimeStampedModel):
    """A statutory or mandatory training topic in the partnership's catalogue (for example basic life support)."""

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    code = models.SlugField(max_length=60, help_text="A short code, for example basic-life-support.")
    description = models.CharField(max_length=300, blank=True)
    validity_months = models.PositiveSmallIntegerField(
        "in date for (months)",
        null=True,
        blank=True,
        help_text="How long the training stays in date. Leave empty if it does not expire.",
    )
    accepted_by = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        help_text="Organisations that accept this training from any organisation in the partnership (for example "
        "those that signed up to a shared training framework).",
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="topic_unique_code"),
            models.UniqueConstraint(fields=["partnership", "name"], name="topic_unique_name"),
            models.CheckConstraint(
                condition=Q(validity_months__isnull=True) | Q(validity_months__gte=1), name="topic_validity_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("passport:topics")

    def valid_until(self, completed_on: date) -> date | None:
        """The last day training completed on `completed_on` is in date (None: it does not expire)."""
        if self.validity_months is None:
            return None
        return completed_on + relativedelta(months=self.validity_months) - timedelta(days=1)


class RequirementQuerySet(models.QuerySet["RequiredTraining"]):
    def visible_to(self, user: Actor) -> RequirementQuerySet:
        """Anyone in the partnership may read what an organisation requires (it is not personal)."""
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        return self.filter(organisation__partnership_id=viewer.partnership_id)


class RequiredTraining(TimeStampedModel):
    """Training an organisation requires of everyone placed with it or joining it."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(TrainingTopic, on_delete=models.CASCADE, related_name="requirements")
    accepted_issuers = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        help_text="Other organisations whose training in this topic it accepts. It always accepts its own, and "
        "anyone's where it accepts the topic across the partnership.",
    )

    objects = RequirementQuerySet.as_manager()

    class Meta:
        ordering = ["topic__name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "topic"], name="requirement_once")]

    def __str__(self) -> str:
        return f"{self.topic} at {self.organisation}"


class KeyQuerySet(models.QuerySet["SigningKey"]):
    def visible_to(self, user: Actor) -> KeyQuerySet:
        viewer = viewer_for(user)
        if viewer.is_anonymous or not viewer.has_role("partnership_admin", "coordinator"):
            return self.none()
        return self.filter(organisation__partnership_id=viewer.partnership_id)


class SigningKey(TimeStampedModel):
    """An issuing organisation's Ed25519 key. The private half is stored encrypted (see `passport.keys`) and is
    never shown, exported or logged; rotated keys stay published so that what they signed still verifies."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    public_jwk = models.JSONField()
    private_key_encrypted = models.BinaryField(editable=False)
    retired_at = models.DateTimeField(null=True, blank=True)  # who made or rotated it is in the audit log

    objects = KeyQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="key_number_once"),
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(retired_at__isnull=True), name="key_one_current_per_issuer"
            ),
        ]

    def __str__(self) -> str:
        return f"Key {self.number} of {self.organisation}"

    def __repr__(self) -> str:
        return f"<SigningKey {self.pk}: {self.kid}>"

    @property
    def kid(self) -> str:
        return f"key-{self.number}"


class Kind(models.TextChoices):
    UNIT = "unit", "Unit or standard"
    KSB = "ksb", "Knowledge, skill or behaviour"
    QUALIFICATION = "qualification", "Qualification"
    TRAINING = "training", "Statutory and mandatory training"
    PLACEMENT = "placement", "Placement completed"
    COMPETENCE = "competence", "Competence signed off"
    DIGITAL_SKILL = "digital_skill", "Digital skills confirmed"
    QUALITY_MARK = "quality_mark", "Quality mark"


class CredentialQuerySet(models.QuerySet["Credential"]):
    def visible_to(self, user: Actor) -> CredentialQuerySet:
        """Coordinators and admins; the holder; the people who work with the holder (line manager, tutors and
        assessors, the host during a placement); managers of an organisation that holds it (a quality mark)."""
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        qs = self.filter(partnership_id=viewer.partnership_id)
        if viewer.is_partnership_wide:
            return qs
        allowed = (
            Q(holder_id=viewer.person_id)
            | enrolment_reach(viewer, "holder__enrolments__")
            | Q(holder_organisation_id__in=viewer.orgs_for(*MANAGERS))
        )
        return qs.filter(allowed).distinct()

    def in_date(self, on: date) -> CredentialQuerySet:
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on), revoked_at__isnull=True)


class Credential(TimeStampedModel):
    """An achievement issued as a signed Open Badges 3.0 credential. `token` is the VC-JWT as issued; the other
    fields repeat what it says, for lists and searches."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.CASCADE, related_name="+")
    holder = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="credentials"
    )
    holder_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    issuer = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    topic = models.ForeignKey(TrainingTopic, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source_key = models.CharField(max_length=100, help_text="The record it was issued for; issued once.")
    name = models.CharField(max_length=300)
    description = models.TextField()
    criteria = models.TextField()
    achievement_type = models.CharField(max_length=40)
    awarded_on = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    activity_start = models.DateField(null=True, blank=True)
    activity_end = models.DateField(null=True, blank=True)
    signing_key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="+")
    token = models.TextField(editable=False)
    status_list = models.PositiveIntegerField(default=1)
    status_index = models.PositiveIntegerField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_reason = models.CharField(max_length=300, blank=True)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        ordering = ["-awarded_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "source_key"], name="credential_issued_once"),
            models.UniqueConstraint(
                fields=["issuer", "status_list", "status_index"], name="credential_status_index_once"
            ),
            models.CheckConstraint(
                condition=Q(holder__isnull=False, holder_organisation__isnull=True)
                | Q(holder__isnull=True, holder_organisation__isnull=False),
                name="credential_one_holder",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""), name="credential_revoked_with_reason"
            ),
        ]
        indexes = [models.Index(fields=["holder", "topic"], name="credential_holder_topic")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("passport:verify", args=[self.public_id])

    def state(self, on: date) -> str:
        """ "revoked", "expired", "expiring" (within EXPIRING_DAYS) or "in_date"."""
        if self.revoked_at is not None:
            return "revoked"
        if self.valid_until is not None and self.valid_until < on:
            return "expired"
        if self.valid_until is not None and (self.valid_until - on).days <= EXPIRING_DAYS:
            return "expiring"
        return "in_date"


class HeldQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Actor) -> HeldQuerySet:
        """Coordinators and admins; the person; those who work with them (as for credentials)."""
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        qs = self.filter(person__partnership_id=viewer.partnership_id)
        if viewer.is_partnership_wide:
            return qs
        return qs.filter(self._reach(viewer)).distinct()

    def _reach(self, viewer: Viewer) -> Q:
        return Q(person_id=viewer.person_id) | enrolment_reach(viewer, "person__enrolments__")


class AssignmentQuerySet(HeldQuerySet):
    def _reach(self, viewer: Viewer) -> Q:
        """…and the managers of the organisation that assigned it (who has training to do there is theirs)."""
        return super()._reach(viewer) | Q(organisation_id__in=viewer.orgs_for(*MANAGERS))


class ImportedCredential(TimeStampedModel):
    """A credential issued elsewhere (another Hub, any Open Badges 3.0 issuer), uploaded by its holder or a
    coordinator. Only a verified one counts towards a host's requirements; unverified ones are kept apart."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="imported_credentials")
    uploaded_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    content = models.TextField(help_text="The credential as uploaded (a JWT or JSON).")
    issuer_id = models.CharField(max_length=500, blank=True)
    issuer_name = models.CharField(max_length=300, blank=True)
    name = models.CharField(max_length=300, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    topic = models.ForeignKey(TrainingTopic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    verified = models.BooleanField(default=False)
    outcome = models.TextField(help_text="What the check found, in words.")

    objects = HeldQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name or "Uploaded credential"


class TrainingRecord(TimeStampedModel):
    """Statutory or mandatory training delivered outside the Hub, recorded by a trainer or manager of the
    organisation that delivered or checked it; it becomes a credential issued by that organisation."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="training_records")
    topic = models.ForeignKey(TrainingTopic, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    course = models.CharField(max_length=200, help_text="The course as its certificate names it.")
    completed_on = models.DateField()
    evidence = models.TextField(
        help_text="What you saw, for example: e-learning certificate dated 4 March 2026, copy on the staff file. "
        "No patient details."
    )
    recorded_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")

    objects = HeldQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on"]

    def __str__(self) -> str:
        return f"{self.topic} on {self.completed_on}"

    def get_absolute_url(self) -> str:
        return reverse("passport:person", args=[self.person_id])


class TrainingAssignment(TimeStampedModel):
    """Required training a person does not hold in date: assigned by the host (or employer) when a placement was
    published or the person joined. Done when a credential for the topic that the organisation accepts arrives."""

    class Reason(models.TextChoices):
        PLACEMENT = "placement", "Placement"
        JOINED = "joined", "Joined the organisation"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="training_assignments")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(TrainingTopic, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    placement = models.ForeignKey(
        "rotations.Placement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    credential = models.ForeignKey(Credential, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "topic__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "topic"],
                condition=Q(done_at__isnull=True),
                name="assignment_open_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic} for {self.organisation}"


class ShareQuerySet(models.QuerySet["ShareLink"]):
    def visible_to(self, user: Actor) -> ShareQuerySet:
        """Only the holder: share links are theirs to make and revoke."""
        viewer = viewer_for(user)
        if viewer.is_anonymous or viewer.person_id is None:
            return self.none()
        return self.filter(person_id=viewer.person_id)

    def live(self, on: date) -> ShareQuerySet:
        return self.filter(revoked_at__isnull=True, expires_on__gte=on)


def _share_token() -> str:
    return secrets.token_urlsafe(24)


def _share_expiry() -> date:
    return timezone.localdate() + timedelta(days=SHARE_LINK_DAYS)


class ShareLink(TimeStampedModel):
    """A link a holder gives an employer to see the credentials they hold in date; revocable."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="passport_links")
    token = models.CharField(max_length=64, unique=True, default=_share_token, editable=False)
    label = models.CharField(max_length=100, help_text="Who it is for, so you can tell your links apart.")
    expires_on = models.DateField(default=_share_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("passport:shared", args=[self.token])
