"""Support during the scheme: handover meetings, appraisals, placement feedback, exit questionnaires and the
coordinator's confidential pastoral notes.

Who sees what (docs/access-policy.md):
- a handover record: coordinators and admins, the apprentice, the employer line manager, the host of the placement
  while it runs, and the next host only from the first day of the next placement;
- an appraisal: coordinators and admins, the apprentice, the line manager, the training provider and its author;
- placement feedback and exit questionnaires: coordinators and admins and the apprentice (reports show averages);
- pastoral notes and RAG status: scheme coordinators only, every read audited. The apprentice sees that notes exist
  and can ask for them (subject access); once a coordinator answers, they can read the notes written until then.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from workforce_hub.core.access import Actor, Viewer, viewer_for
from workforce_hub.core.models import TimeStampedModel

#: appraisals and feedback open this many days before a placement ends
OPENS_DAYS_BEFORE_END = 14
#: an appraisal not written this many days after the placement ended is overdue
APPRAISAL_DUE_DAYS_AFTER_END = 14
#: handover meetings are arranged this many days before the placement ends (on a weekday)
HANDOVER_DAYS_BEFORE_END = 7


class Rating(models.IntegerChoices):
    VERY_POOR = 1, "1: very poor"
    POOR = 2, "2: poor"
    OK = 3, "3: all right"
    GOOD = 4, "4: good"
    VERY_GOOD = 5, "5: very good"


def _rating(label: str, help_text: str = "") -> models.PositiveSmallIntegerField[Any, Any]:
    return models.PositiveSmallIntegerField(
        label, choices=Rating.choices, validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=help_text
    )


class _Scoped(models.QuerySet[Any]):
    """Shared parts of the support querysets. `enrolment_path` leads to the enrolment."""

    enrolment_path = "placement__enrolment__"

    def _base(self, user: Actor) -> tuple[Viewer, Self | None]:
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return viewer, None
        return viewer, self.filter(**{f"{self.enrolment_path}cohort__scheme__partnership_id": viewer.partnership_id})

    def _own(self, viewer: Viewer) -> Q:
        return Q(**{f"{self.enrolment_path}apprentice_id": viewer.person_id})


class HandoverQuerySet(_Scoped):
    def visible_to(self, user: Actor) -> HandoverQuerySet:
        viewer, qs = self._base(user)
        if qs is None:
            return self.none()
        if viewer.is_partnership_wide:
            return qs
        today = timezone.localdate()
        allowed = self._own(viewer)
        if viewer.has_role("line_manager"):
            allowed |= Q(placement__enrolment__line_manager_id=viewer.person_id)
        if viewer.host_org_ids:
            allowed |= Q(
                placement__setting__site__organisation_id__in=viewer.host_org_ids,
                placement__start_date__lte=today,
                placement__end_date__gte=today,
            )
            allowed |= Q(
                next_placement__setting__site__organisation_id__in=viewer.host_org_ids,
                next_placement__status="published",
                next_placement__start_date__lte=today,
                next_placement__end_date__gte=today,
            )
        return qs.filter(allowed).distinct()


class HandoverMeeting(TimeStampedModel):
    """Near the end of every placement: the apprentice, the current and next placement's line managers and the
    coordinator meet; the record goes to the next host when the next placement starts."""

    placement = models.OneToOneField("rotations.Placement", on_delete=models.CASCADE, related_name="handover")
    next_placement = models.ForeignKey(
        "rotations.Placement", null=True, blank=True, on_delete=models.SET_NULL, related_name="handovers_in"
    )
    scheduled_for = models.DateTimeField("meeting time")
    progress = models.TextField("progress in this placement", blank=True)
    strengths = models.TextField(blank=True)
    areas_to_develop = models.TextField("areas to develop", blank=True)
    for_next_host = models.TextField(
        "what the next host should know",
        blank=True,
        help_text="Practical things that help the next placement start well. No health details: those stay with the "
        "coordinator.",
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["scheduled_for"]

    def __str__(self) -> str:
        return f"Handover {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("support:handover", args=[self.pk])

    @property
    def partnership_id(self) -> int:
        return self.placement.enrolment.cohort.scheme.partnership_id


class ReadersQuerySet(_Scoped):
    """Coordinators and admins, the apprentice, the line manager and the training provider (appraisals)."""

    provider_reads = True

    def visible_to(self, user: Actor) -> ReadersQuerySet:
        viewer, qs = self._base(user)
        if qs is None:
            return self.none()
        if viewer.is_partnership_wide:
            return qs
        allowed = self._own(viewer)
        if self.provider_reads:
            if viewer.has_role("line_manager"):
                allowed |= Q(**{f"{self.enrolment_path}line_manager_id": viewer.person_id})
            if viewer.provider_org_ids:
                allowed |= Q(**{f"{self.enrolment_path}cohort__training_provider_id__in": viewer.provider_org_ids})
            allowed |= Q(author_id=viewer.person_id)
        return qs.filter(allowed).distinct()


class ApprenticeOnlyQuerySet(ReadersQuerySet):
    provider_reads = False


class ExitQuerySet(ApprenticeOnlyQuerySet):
    enrolment_path = "enrolment__"


class Appraisal(TimeStampedModel):
    placement = models.OneToOneField("rotations.Placement", on_delete=models.CASCADE, related_name="appraisal")
    author = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="appraisals_written")
    practice = _rating("care and practical skills")
    communication = _rating("communication")
    teamwork = _rating("teamwork")
    reliability = _rating("reliability and time-keeping")
    strengths = models.TextField()
    to_develop = models.TextField("what to develop next")
    comments = models.TextField("anything else", blank=True)

    objects = ReadersQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Appraisal {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("support:placement", args=[self.placement_id])

    @property
    def average(self) -> float:
        return (self.practice + self.communication + self.teamwork + self.reliability) / 4


class PlacementFeedback(TimeStampedModel):
    placement = models.OneToOneField("rotations.Placement", on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    overall = _rating("the placement overall")
    welcome = _rating("how welcome you felt")
    learning = _rating("how much you learnt", "Compared with what you expected to learn there.")
    support = _rating("support from your mentor")
    went_well = models.TextField("what went well")
    could_improve = models.TextField("what could be better")

    objects = ApprenticeOnlyQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Feedback {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("support:placement", args=[self.placement_id])


class ExitQuestionnaire(TimeStampedModel):
    enrolment = models.OneToOneField("schemes.Enrolment", on_delete=models.CASCADE, related_name="exit_questionnaire")
    author = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    overall = _rating("the scheme overall")
    support = _rating("support from the coordinator and your managers")
    rotation = _rating("moving between placements")
    would_recommend = models.BooleanField("you would recommend the scheme to a friend")
    best_part = models.TextField("the best part")
    improve = models.TextField("what we should change")
    plans = models.TextField("what you plan to do next", blank=True)

    objects = ExitQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Exit questionnaire {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("support:enrolment", args=[self.enrolment_id])


class CoordinatorsOnlyQuerySet(models.QuerySet[Any]):
    """Pastoral records: scheme coordinators of the partnership, nobody else (not even partnership admins)."""

    def visible_to(self, user: Actor) -> CoordinatorsOnlyQuerySet:
        viewer = viewer_for(user)
        if viewer.is_anonymous or not viewer.is_coordinator:
            return self.none()
        return self.filter(enrolment__cohort__scheme__partnership_id=viewer.partnership_id)


class PastoralNote(models.Model):
    enrolment = models.ForeignKey("schemes.Enrolment", on_delete=models.CASCADE, related_name="pastoral_notes")
    author = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = CoordinatorsOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Pastoral note {self.pk}"


class Rag(models.TextChoices):
    GREEN = "green", "Green: doing well"
    AMBER = "amber", "Amber: needs some support"
    RED = "red", "Red: needs help now"


class PastoralStatus(models.Model):
    enrolment = models.OneToOneField("schemes.Enrolment", on_delete=models.CASCADE, related_name="pastoral_status")
    rag = models.CharField("status", max_length=10, choices=Rag.choices, default=Rag.GREEN)
    summary = models.CharField(
        "short reason", max_length=200, blank=True, help_text="Shown to coordinators in the needs-attention list."
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")

    objects = CoordinatorsOnlyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "pastoral statuses"
        constraints = [
            models.CheckConstraint(condition=Q(rag__in=["green", "amber", "red"]), name="pastoral_rag_valid")
        ]

    def __str__(self) -> str:
        return f"Pastoral status {self.pk}"


class AccessRequestQuerySet(models.QuerySet["PastoralAccessRequest"]):
    def visible_to(self, user: Actor) -> AccessRequestQuerySet:
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        qs = self.filter(enrolment__cohort__scheme__partnership_id=viewer.partnership_id)
        if viewer.is_coordinator:
            return qs
        return qs.filter(enrolment__apprentice_id=viewer.person_id)


class PastoralAccessRequest(models.Model):
    """An apprentice asks to see the pastoral notes about them (a subject access request: answer within a month)."""

    enrolment = models.ForeignKey("schemes.Enrolment", on_delete=models.CASCADE, related_name="pastoral_requests")
    requested_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = AccessRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Request {self.pk}"

    @property
    def due_by(self) -> Any:
        return (self.requested_at + timedelta(days=30)).date()
