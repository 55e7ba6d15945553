"""New roles, designed team-first (seed 003): a role review of a team's activities — who does each now, how often,
how risky, and whether a support role could do it, with what training, supervision and conditions — agreed activity
by activity, then a role profile generated from the agreed activities (scope with conditions, what is out of scope,
competences, training route, delegation and supervision), versioned and compared across organisations.

Who sees what (docs/access-policy.md):
- role reviews, their activities and comments: the review's participants, coordinators and partnership admins of
  the partnership, and line and host managers of the review's organisations;
- role profiles: everyone in the partnership once published (mentors and apprentices need to know the role); drafts
  as their review.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.models import TimeStampedModel
from workforce_hub.core.roles import Role
from workforce_hub.organisations.models import PartnershipScopedQuerySet

#: roles that see every review of their partnership
REVIEW_READERS = (Role.COORDINATOR, Role.PARTNERSHIP_ADMIN)
#: roles that see the reviews of their own organisations
REVIEW_MANAGERS = (Role.LINE_MANAGER, Role.HOST_MANAGER)


class Need(models.TextChoices):
    CAPACITY = "capacity", "Not enough capacity for the work"
    WAITING_LIST = "waiting_list", "A waiting list to bring down"
    RETENTION = "retention", "Keeping staff (a career step)"
    SERVICE_CHANGE = "service_change", "A change to the service"
    OTHER = "other", "Something else"


class Frequency(models.TextChoices):
    HOURLY = "hourly", "Many times a day"
    DAILY = "daily", "Every day"
    WEEKLY = "weekly", "Every week"
    MONTHLY = "monthly", "Every month"
    RARELY = "rarely", "Less often"


class Risk(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Supervision(models.TextChoices):
    DIRECT = "direct", "Direct (the supervisor is there)"
    INDIRECT = "indirect", "Indirect (the supervisor is nearby)"
    REMOTE = "remote", "Remote (the supervisor can be reached)"


class Suits(models.TextChoices):
    UNDECIDED = "", "Not discussed yet"
    YES = "yes", "Yes"
    WITH_CONDITIONS = "conditions", "Yes, with conditions"
    NO = "no", "No"


class Decision(models.TextChoices):
    OPEN = "", "Not agreed yet"
    IN_SCOPE = "in_scope", "In the new role's scope"
    OUT_OF_SCOPE = "out_of_scope", "Out of the new role's scope"


class ReviewQuerySet(models.QuerySet[Any]):
    """Participants; coordinators and partnership admins; line and host managers of the review's organisations.
    `review_path` leads from the row to its review."""

    review_path = ""

    def visible_to(self, user: Actor) -> Any:
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        p = f"{self.review_path}__" if self.review_path else ""
        qs = self.filter(**{f"{p}partnership_id": viewer.partnership_id})
        if viewer.has_role(*REVIEW_READERS):
            return qs
        mine = Q(**{f"{p}participants": viewer.person_id}) | Q(
            **{f"{p}organisations__in": viewer.orgs_for(*REVIEW_MANAGERS)}
        )
        return qs.filter(mine).distinct()


class RoleReview(TimeStampedModel):
    """A team (or several teams across organisations, for an integrated role) reviews its activities to see what a
    new support role could take on, and why (the need and the measures it should move)."""

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200, help_text="For example: Community nursing team, Derwent.")
    organisations = models.ManyToManyField("organisations.Organisation", related_name="role_reviews")
    teams = models.CharField(max_length=300, help_text="The team or teams taking part.")
    need = models.CharField("the need", max_length=20, choices=Need.choices)
    need_statement = models.TextField(
        "what the need is", help_text="In plain words: what is not working now and for whom."
    )
    measures = models.TextField(
        "what it should move", blank=True, help_text="The figures that should change, one a line."
    )
    participants = models.ManyToManyField("people.Person", related_name="role_reviews", blank=True)
    created_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roles:review", args=[self.pk])


class LibraryActivity(models.Model):
    """A shared starting list of activities for a kind of team (reference data, not personal)."""

    team_kind = models.CharField(max_length=60)
    name = models.CharField(max_length=200)
    done_now_by = models.CharField(max_length=100, blank=True)
    risk = models.CharField(max_length=10, choices=Risk.choices, default=Risk.MEDIUM)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["team_kind", "position"]
        constraints = [models.UniqueConstraint(fields=["team_kind", "name"], name="library_activity_once")]

    def __str__(self) -> str:
        return self.name


class ActivityQuerySet(ReviewQuerySet):
    review_path = "review"


class Activity(TimeStampedModel):
    """One thing the team does: who does it now, how often and how risky, whether a support role could do it (with
    what training, supervision and conditions), and what the review agreed and who agreed it."""

    review = models.ForeignKey(RoleReview, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(max_length=200)
    done_now_by = models.CharField("who does it now", max_length=100, blank=True, help_text="A role and band.")
    frequency = models.CharField("how often", max_length=10, choices=Frequency.choices, blank=True)
    risk = models.CharField("risk and complexity", max_length=10, choices=Risk.choices, blank=True)
    suits_support_role = models.CharField(
        "could a support role do it", max_length=12, choices=Suits.choices, blank=True
    )
    training = models.CharField("training needed", max_length=300, blank=True)
    supervision = models.CharField(max_length=10, choices=Supervision.choices, blank=True)
    conditions = models.TextField(
        blank=True, help_text="For example: stable patients only; re-assessed by a registered nurse after 3 visits."
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decided_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "name"], name="activity_once_per_review"),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="activity_decision_names_who",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("roles:activity", args=[self.pk])


class CommentQuerySet(ReviewQuerySet):
    review_path = "activity__review"


class ActivityComment(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment {self.pk}"


class TrainingRoute(models.TextChoices):
    APPRENTICESHIP = "apprenticeship", "Apprenticeship"
    FOUNDATION_DEGREE = "foundation_degree", "Foundation degree"
    CERTIFICATE = "certificate", "Certificate or short course"
    IN_HOUSE = "in_house", "In-house training"


class ProfileQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Actor) -> Any:
        """Published profiles: everyone in the partnership. Drafts: whoever sees their review, or coordinators and
        partnership admins for a profile with no review."""
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        qs = self.filter(partnership_id=viewer.partnership_id)
        if viewer.has_role(*REVIEW_READERS):
            return qs
        reviews = RoleReview.objects.visible_to(user).values("pk")
        return qs.filter(Q(published_at__isnull=False) | Q(review__in=reviews))


class RoleProfile(TimeStampedModel):
    """The new role as agreed: purpose, band, scope (with conditions) and what is out of scope, competences, the
    training route, and who may delegate what with what supervision. Versioned: a change once published is a new
    version; the old one stays readable."""

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(RoleReview, null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles")
    title = models.CharField(max_length=200, help_text="For example: Assistant practitioner, community nursing.")
    purpose = models.TextField(help_text="Why the role exists, in two or three sentences.")
    band = models.CharField(max_length=20, help_text="For example: Band 4.")
    training_route = models.CharField(max_length=20, choices=TrainingRoute.choices)
    standard = models.ForeignKey(
        "programmes.Standard",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The apprenticeship standard, for an apprenticeship route.",
    )
    competences_signed_off_by = models.CharField(
        "who signs competences off", max_length=200, help_text="For example: a registered nurse in the team."
    )
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["title", "-version"]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("roles:profile", args=[self.pk])


class ScopeLine(models.Model):
    """An activity in the role's scope (with its conditions and supervision) or explicitly out of it."""

    profile = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="scope")
    activity = models.CharField(max_length=200)
    in_scope = models.BooleanField()
    conditions = models.TextField(blank=True)
    supervision = models.CharField(max_length=10, choices=Supervision.choices, blank=True)
    training = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-in_scope", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["profile", "activity"], name="scope_line_once")]

    def __str__(self) -> str:
        return self.activity


class ProfileCompetence(models.Model):
    """A competence the role needs: a KSB of the catalogue's standard, or a local one in words."""

    profile = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="competences")
    criterion = models.ForeignKey(
        "programmes.Criterion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    local = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(criterion__isnull=False) | ~Q(local=""), name="competence_is_ksb_or_local"
            )
        ]

    def __str__(self) -> str:
        return self.local or str(self.criterion)

    @property
    def text(self) -> str:
        if self.criterion is not None:
            return f"{self.criterion.code}: {self.criterion.text}"
        return self.local


class DelegationRule(models.Model):
    """Who may delegate what to the role, and the supervision it needs."""

    profile = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="delegation")
    delegated_by = models.CharField("who may delegate", max_length=200, help_text="For example: a registered nurse.")
    what = models.CharField(max_length=300)
    supervision = models.CharField(max_length=10, choices=Supervision.choices)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.what


# ------------------------------------------------------------------------------ funding gate and agreements


class GateQuerySet(models.QuerySet[Any]):
    """Coordinators and partnership admins; managers of the organisation; the learner named on it."""

    org_path = "organisation_id"
    learner_path = "learner_id"

    def visible_to(self, user: Actor) -> Any:
        viewer = viewer_for(user)
        if viewer.is_anonymous:
            return self.none()
        organisation = self.org_path.removesuffix("_id")
        qs = self.filter(**{f"{organisation}__partnership_id": viewer.partnership_id})
        if viewer.has_role(*REVIEW_READERS):
            return qs
        mine = Q(**{f"{self.org_path}__in": viewer.orgs_for(*REVIEW_MANAGERS)})
        if viewer.person_id is not None:
            mine |= Q(**{self.learner_path: viewer.person_id})
        return qs.filter(mine)


class TrainingRequest(TimeStampedModel):
    """An organisation asks the partnership to fund training for a role. The gate (seed 003): a workforce-plan
    reference and the skill mix, a board-level sponsor, the job description (a published profile), guaranteed study
    release, and a post guaranteed on completion — each met or not, with its evidence — before anyone approves it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Not approved"

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    profile = models.ForeignKey(RoleProfile, on_delete=models.PROTECT, related_name="training_requests")
    learner = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="training_requests"
    )
    places = models.PositiveSmallIntegerField(default=1)
    workforce_plan_ref = models.CharField("workforce plan reference", max_length=200, blank=True)
    skill_mix = models.TextField("skill-mix statement", blank=True)
    sponsor = models.CharField("board-level sponsor", max_length=200, blank=True, help_text="Name and job title.")
    study_hours_a_week = models.DecimalField(
        "guaranteed study release (hours a week)", max_digits=4, decimal_places=1, null=True, blank=True
    )
    post_guaranteed = models.BooleanField("a post is guaranteed on completion", default=False)
    post_evidence = models.CharField(
        "what guarantees the post", max_length=300, blank=True, help_text="For example: establishment change 2026/41."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    decided_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    objects = GateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="training_request_decision_names_who",
            )
        ]

    def __str__(self) -> str:
        return f"Training request {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("roles:request", args=[self.pk])


class AgreementTemplate(TimeStampedModel):
    """The partnership's training agreement wording, versioned: what the employer funds and releases, what the
    learner commits to, and what happens if they leave early (repayment by months since completion)."""

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    version = models.PositiveSmallIntegerField(default=1)
    employer_funds = models.TextField("what the employer funds and releases")
    learner_commits = models.TextField("what the learner commits to")
    repayment = models.JSONField(
        default=list,
        help_text="If the learner leaves early: [[months since completion up to, percent repaid], ...].",
    )
    is_current = models.BooleanField(default=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name", "version"], name="agreement_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("roles:requests") + "#templates"


class AgreementQuerySet(GateQuerySet):
    org_path = "request__organisation_id"
    learner_path = "learner_id"


class TrainingAgreement(TimeStampedModel):
    """One learner's agreement for an approved request, from a template (the words copied in), signed by the
    learner, the employer and, optionally, the training provider. A change makes a new version that everyone signs
    again; the old one stays as it was."""

    request = models.ForeignKey(TrainingRequest, on_delete=models.PROTECT, related_name="agreements")
    template = models.ForeignKey(AgreementTemplate, on_delete=models.PROTECT, related_name="+")
    learner = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="training_agreements")
    provider = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next")
    employer_funds = models.TextField()
    learner_commits = models.TextField()
    repayment = models.JSONField(default=list)
    study_hours_a_week = models.DecimalField(max_digits=4, decimal_places=1)
    learner_signed_at = models.DateTimeField(null=True, blank=True)
    employer_signed_at = models.DateTimeField(null=True, blank=True)
    employer_signed_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    provider_signed_at = models.DateTimeField(null=True, blank=True)
    provider_signed_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Training agreement {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("roles:agreement", args=[self.pk])

    @property
    def is_signed(self) -> bool:
        provider_ok = self.provider_id is None or self.provider_signed_at is not None
        return bool(self.learner_signed_at and self.employer_signed_at and provider_ok)

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "next") or self.next is None  # type: ignore[has-type]


# ---------------------------------------------------------------------------------------- competence checks


class CheckReason(models.TextChoices):
    JOINED = "joined", "Joined from another employer"
    MOVED = "moved", "Moved to another practice area"
    RETURNED = "returned", "Returned after a long absence"


class CheckQuerySet(GateQuerySet):
    learner_path = "person_id"


class StaffAbsence(TimeStampedModel):
    """A long absence of a member of staff (no reason recorded here), so that their competences are checked when
    they come back. Managers of the organisation record it."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="staff_absences")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    started_on = models.DateField()
    returned_on = models.DateField(null=True, blank=True)

    objects = CheckQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=models.F("started_on")),
                name="staff_absence_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"Absence {self.pk}"


class CompetenceCheck(TimeStampedModel):
    """Instead of full retraining: the role profile's competences, each observed and signed off by an authorised
    supervisor, or marked as needing training with a plan."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="competence_checks")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    profile = models.ForeignKey(RoleProfile, on_delete=models.PROTECT, related_name="competence_checks")
    reason = models.CharField(max_length=10, choices=CheckReason.choices)

    objects = CheckQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Competence check {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("roles:check", args=[self.pk])


class CheckItemQuerySet(CheckQuerySet):
    org_path = "competence_check__organisation_id"
    learner_path = "competence_check__person_id"


class CheckItem(models.Model):
    class Outcome(models.TextChoices):
        OPEN = "", "Not checked yet"
        OBSERVED = "observed", "Observed and signed off"
        NEEDS_TRAINING = "needs_training", "Needs training"

    competence_check = models.ForeignKey(CompetenceCheck, on_delete=models.CASCADE, related_name="items")
    competence = models.CharField(max_length=400)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    plan = models.TextField(blank=True, help_text="The training planned, for one that needs it.")
    signed_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = CheckItemQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="") | Q(signed_by__isnull=False, signed_at__isnull=False),
                name="check_item_outcome_names_who",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="needs_training") | ~Q(plan=""), name="check_item_training_has_plan"
            ),
        ]

    def __str__(self) -> str:
        return self.competence[:80]


#: a return after an absence this long or longer needs a competence check, unless the organisation sets otherwise
DEFAULT_ABSENCE_DAYS = 182
#: someone who joined an organisation this recently, in a role it has a profile for, needs a competence check
NEW_STARTER_DAYS = 90


class CheckSettings(models.Model):
    """An organisation's own threshold for competence checks after an absence (default six months)."""

    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    absence_days = models.PositiveSmallIntegerField(default=DEFAULT_ABSENCE_DAYS)

    def __str__(self) -> str:
        return f"Check settings of {self.organisation_id}"
