"""Ready before day one: the pre-arrival checklist a host works through before an apprentice arrives (from a
template per setting type or organisation), and the placement agreement the apprentice, the host and the
coordinator sign before the start.

Who sees what (docs/access-policy.md):
- checklist templates: everyone in the partnership (reference data); coordinators change them;
- pre-arrival tasks: coordinators and partnership admins; managers and mentors of the host organisation from the
  placement's publication to its last day. Tasks never name the apprentice;
- a placement agreement: coordinators and admins, the apprentice, their line manager, their training provider, and
  managers and mentors of the host from publication to the last day. Before the start the host sees it without the
  apprentice's name, except the setting's single point of contact inside the pre-arrival window (ADR 0014).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from workforce_hub.core.access import Actor, Viewer, viewer_for
from workforce_hub.core.models import TimeStampedModel
from workforce_hub.organisations.models import PartnershipScopedQuerySet, SettingType

#: the host's named contact sees the apprentice's name and work e-mail from this many days before the start
PRE_ARRIVAL_DAYS = 14
#: the coordinator hears about placements that are not ready from this many days before the start
NOT_READY_WARNING_DAYS = 14
#: an unsigned agreement goes on the coordinator's list this many days before the start
AGREEMENT_WARNING_DAYS = 7


class ChecklistTemplate(TimeStampedModel):
    """What a host does before an apprentice arrives, for one setting type, one organisation, or every placement."""

    partnership = models.ForeignKey(
        "organisations.Partnership", on_delete=models.CASCADE, related_name="checklist_templates"
    )
    name = models.CharField(max_length=200)
    setting_type = models.CharField(
        max_length=30, choices=SettingType.choices, blank=True, help_text="Leave empty for every setting type."
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="checklist_templates",
        help_text="Only for placements at this organisation. Leave empty for every organisation.",
    )
    is_active = models.BooleanField(default=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="checklist_template_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("readiness:templates")

    @property
    def specificity(self) -> int:
        """How closely it fits: organisation and type 3, organisation 2, type 1, everything 0."""
        return (2 if self.organisation_id else 0) + (1 if self.setting_type else 0)


class ChecklistItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(max_length=200)
    days_before_start = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(180)], help_text="When it must be done by: this many days before the first day."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class HostWindowQuerySet(models.QuerySet[Any]):
    """Rows about one placement: coordinators and admins always; the host's managers and mentors from publication
    to the placement's last day; `also` adds who else (the apprentice's side) may read."""

    placement_path = "placement__"

    def also(self, viewer: Viewer) -> Q:
        return Q(pk__in=[])

    def visible_to(self, user: Actor) -> Any:
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        p = self.placement_path
        qs = self.filter(**{f"{p}enrolment__cohort__scheme__partnership_id": viewer.partnership_id})
        if viewer.is_partnership_wide:
            return qs
        host = Q(
            **{
                f"{p}setting__site__organisation_id__in": viewer.host_org_ids,
                f"{p}status": "published",
                f"{p}end_date__gte": timezone.localdate(),
            }
        )
        return qs.filter(host | self.also(viewer)).distinct()


class PreArrivalTaskQuerySet(HostWindowQuerySet):
    pass


class PreArrivalTask(TimeStampedModel):
    """One thing the host does before the apprentice's first day (an account, building access, uniform...)."""

    placement = models.ForeignKey("rotations.Placement", on_delete=models.CASCADE, related_name="pre_arrival_tasks")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    assigned_to = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pre_arrival_tasks",
        help_text="The setting's single point of contact, or its host manager.",
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=300, blank=True, help_text="For example the account name set up. No passwords.")
    position = models.PositiveSmallIntegerField(default=0)

    objects = PreArrivalTaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("readiness:placement", args=[self.placement_id])

    def is_overdue(self, on: date | None = None) -> bool:
        return self.done_at is None and self.due_on < (on or timezone.localdate())


class PlacementAgreementQuerySet(HostWindowQuerySet):
    def also(self, viewer: Viewer) -> Q:
        allowed = Q(placement__enrolment__apprentice_id=viewer.person_id)
        if viewer.has_role("line_manager"):
            allowed |= Q(placement__enrolment__line_manager_id=viewer.person_id)
        if viewer.provider_org_ids:
            allowed |= Q(placement__enrolment__cohort__training_provider_id__in=viewer.provider_org_ids)
        return allowed


#: what a placement agreement says (the coordinator changes these; signatures are kept apart)
AGREEMENT_FIELDS = (
    "expected_learning",
    "may_do",
    "must_not_do",
    "supernumerary",
    "mentor",
    "working_week",
    "who_to_call",
)


class PlacementAgreement(TimeStampedModel):
    """A learning agreement for one placement, in plain English: what the apprentice will learn, may and must not
    do, who mentors them, their week and who to call. Signed by the apprentice, the host (the named mentor or a host
    manager) and the coordinator before the first day. Changing it asks everyone to sign again."""

    placement = models.OneToOneField("rotations.Placement", on_delete=models.CASCADE, related_name="agreement")
    expected_learning = models.TextField(
        "what they will learn here", help_text="From the training schedule and the expected learning for the block."
    )
    may_do = models.JSONField("what they may do", default=list, blank=True)
    must_not_do = models.JSONField("what they must not do", default=list, blank=True)
    supernumerary = models.BooleanField(
        "supernumerary (not counted in staffing numbers)",
        default=True,
        help_text="Apprentices on placement learn alongside the team and are not counted in the rota's numbers.",
    )
    mentor = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentored_agreements",
        verbose_name="named mentor for this apprentice",
    )
    working_week = models.CharField("their working week", max_length=400, blank=True)
    who_to_call = models.TextField(
        "who to call", blank=True, help_text="The host's contact, the coordinator, and who to call if ill or late."
    )
    apprentice_signed_at = models.DateTimeField(null=True, blank=True)
    host_signed_at = models.DateTimeField(null=True, blank=True)
    host_signed_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    coordinator_signed_at = models.DateTimeField(null=True, blank=True)
    coordinator_signed_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PlacementAgreementQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Placement agreement {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("readiness:agreement", args=[self.placement_id])

    @property
    def is_signed(self) -> bool:
        return bool(self.apprentice_signed_at and self.host_signed_at and self.coordinator_signed_at)

    def signed_late(self) -> bool:
        """Signed by everyone, the last of them after the placement had started."""
        if not self.is_signed:
            return False
        last = max(d for d in (self.apprentice_signed_at, self.host_signed_at, self.coordinator_signed_at) if d)
        return timezone.localtime(last).date() > self.placement.start_date


def in_pre_arrival_window(start: date, today: date, days: int = PRE_ARRIVAL_DAYS) -> bool:
    """From `days` before the first day up to the day before it (from the first day the host sees everything)."""
    return start - timedelta(days=days) <= today < start


# ------------------------------------------------------------------------ induction, glossary, briefing packs


class Audience(models.TextChoices):
    APPRENTICE = "apprentice", "Apprentices"
    MENTOR = "mentor", "Mentors and host managers"
    TUTOR = "tutor", "Tutors and assessors"


class InductionItemQuerySet(PartnershipScopedQuerySet):
    partnership_path = "scheme__partnership_id"


class InductionItem(TimeStampedModel):
    """One part of a scheme's induction for apprentices, mentors or tutors (the NHS and primary care in brief, the
    acronyms, the systems, information governance), due some weeks after the cohort starts."""

    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.CASCADE, related_name="induction_items")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    title = models.CharField(max_length=200)
    due_weeks = models.PositiveSmallIntegerField(
        "weeks after the start", validators=[MaxValueValidator(52)], help_text="When it should be done by."
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = InductionItemQuerySet.as_manager()

    class Meta:
        ordering = ["audience", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("readiness:my_induction")


class InductionDoneQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Actor) -> Any:
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        qs = self.filter(item__scheme__partnership_id=viewer.partnership_id)
        return qs if viewer.is_partnership_wide else qs.filter(person_id=viewer.person_id)


class InductionDone(models.Model):
    item = models.ForeignKey(InductionItem, on_delete=models.CASCADE, related_name="done")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="induction_done")
    done_at = models.DateTimeField(default=timezone.now)

    objects = InductionDoneQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "person"], name="induction_done_once")]

    def __str__(self) -> str:
        return f"Induction item {self.item_id} done"


class GlossaryTerm(TimeStampedModel):
    """An acronym or term of health and care, in plain English, for everyone in the partnership."""

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.CASCADE, related_name="glossary")
    term = models.CharField(max_length=100)
    meaning = models.TextField()

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["term"]
        constraints = [models.UniqueConstraint(fields=["partnership", "term"], name="glossary_term_once")]

    def __str__(self) -> str:
        return self.term

    def get_absolute_url(self) -> str:
        return reverse("readiness:glossary") + f"#term-{self.pk}"


class FaqEntry(TimeStampedModel):
    """A question hosts ask, with the partnership's answer: part of every host briefing pack."""

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.CASCADE, related_name="faq")
    question = models.CharField(max_length=300)
    answer = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "FAQ entries"

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("readiness:faq")


class BriefingQuerySet(PartnershipScopedQuerySet):
    partnership_path = "scheme__partnership_id"


class Briefing(TimeStampedModel):
    """The scheme in brief for hosts: what the role is and what it is not."""

    scheme = models.OneToOneField("schemes.Scheme", on_delete=models.CASCADE, related_name="briefing")
    role_is = models.TextField("what the role is", help_text="In plain English, for a host who has never met one.")
    role_is_not = models.TextField(
        "what the role is not", help_text="For example: not a registered nurse; not cover for a vacancy."
    )

    objects = BriefingQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Briefing for {self.scheme}"

    def get_absolute_url(self) -> str:
        return reverse("schemes:detail", args=[self.scheme_id])
