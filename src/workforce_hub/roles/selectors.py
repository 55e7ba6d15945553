"""Reading role design: a review's steps (the task list), the workshop's activities, two profiles side by side, and
the job description (the same sections on the page and in the DOCX and PDF)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.roles import Role
from workforce_hub.organisations.models import Membership, Organisation
from workforce_hub.people.models import Person

from .models import (
    DEFAULT_ABSENCE_DAYS,
    NEW_STARTER_DAYS,
    REVIEW_MANAGERS,
    CheckReason,
    CheckSettings,
    CompetenceCheck,
    Decision,
    RoleProfile,
    RoleReview,
    ScopeLine,
    StaffAbsence,
    Supervision,
    TrainingAgreement,
    TrainingRequest,
    TrainingRoute,
)


@dataclass(frozen=True)
class Step:
    title: str
    status: str  # "Completed", "In progress", "Not started", "Cannot start yet"
    hint: str


def steps(review: RoleReview) -> list[Step]:
    """Where the review is: each step of the team-first method with its status, for the task list page."""
    activities = list(review.activities.all())
    participants = review.participants.count()
    discussed = sum(1 for a in activities if a.suits_support_role)
    agreed = sum(1 for a in activities if a.decision)
    profiles = review.profiles.count()

    def status(done: bool, started: bool, can_start: bool = True) -> str:
        if done:
            return "Completed"
        if not can_start:
            return "Cannot start yet"
        return "In progress" if started else "Not started"

    n = len(activities)
    return [
        Step("Say what the team needs", status(bool(review.need_statement), True), review.get_need_display()),
        Step("Who takes part", status(participants > 0, False), f"{participants} taking part"),
        Step("List the team's activities", status(n > 0, False), f"{n} listed"),
        Step(
            "Say what a support role could do",
            status(n > 0 and discussed == n, discussed > 0, n > 0),
            f"{discussed} of {n} discussed",
        ),
        Step("Agree each activity", status(n > 0 and agreed == n, agreed > 0, n > 0), f"{agreed} of {n} agreed"),
        Step(
            "Draft the role profile",
            status(profiles > 0, False, n > 0 and agreed == n),
            f"{profiles} drafted" if profiles else "From the agreed activities",
        ),
    ]


def reviews(user: Actor, *, q: str = "", organisation: int | None = None) -> QuerySet[RoleReview]:
    qs = RoleReview.objects.visible_to(user).prefetch_related("organisations")
    if q:
        qs = qs.filter(title__icontains=q) | qs.filter(teams__icontains=q)
    if organisation:
        qs = qs.filter(organisations=organisation)
    return qs.distinct().order_by("-created_at")


def _scope_words(line: ScopeLine | None) -> str:
    if line is None:
        return "Not listed"
    if not line.in_scope:
        return "Out of scope"
    out = "In scope"
    if line.supervision:
        out += f", {Supervision(line.supervision).label.split(' (')[0].lower()} supervision"
    if line.conditions:
        out += f": {line.conditions}"
    return out


@dataclass(frozen=True)
class CompareRow:
    what: str
    left: str
    right: str
    differs: bool


def compare(left: RoleProfile, right: RoleProfile) -> list[CompareRow]:
    """Two profiles side by side: band, training route, who signs off, then every activity either lists, with
    whether it is in scope (and on what conditions) in each; `differs` marks where they part."""
    rows = [
        CompareRow("Organisation", left.organisation.name, right.organisation.name, False),
        CompareRow("Band or level", left.band, right.band, left.band != right.band),
        CompareRow(
            "Training route",
            left.get_training_route_display(),
            right.get_training_route_display(),
            left.training_route != right.training_route,
        ),
        CompareRow(
            "Who signs competences off",
            left.competences_signed_off_by,
            right.competences_signed_off_by,
            left.competences_signed_off_by.strip().lower() != right.competences_signed_off_by.strip().lower(),
        ),
    ]
    a = {line.activity.strip().lower(): line for line in left.scope.all()}
    b = {line.activity.strip().lower(): line for line in right.scope.all()}
    names = {**{k: v.activity for k, v in b.items()}, **{k: v.activity for k, v in a.items()}}
    for key in sorted(names, key=lambda k: (not (k in a and a[k].in_scope), names[k].lower())):
        la, lb = a.get(key), b.get(key)
        in_a = la is not None and la.in_scope
        in_b = lb is not None and lb.in_scope
        differs = in_a != in_b or (
            in_a
            and in_b
            and la is not None
            and lb is not None
            and (la.conditions.strip() != lb.conditions.strip() or la.supervision != lb.supervision)
        )
        rows.append(CompareRow(names[key], _scope_words(la), _scope_words(lb), differs))
    return rows


def job_description(profile: RoleProfile) -> list[tuple[str, list[str]]]:
    """The job description's sections, in order: what the profile page shows and the DOCX and PDF hold."""
    scope = list(profile.scope.all())
    route = TrainingRoute(profile.training_route).label
    if profile.standard is not None:
        route += f": {profile.standard.title}, level {profile.standard.level} ({profile.standard.code})"
    return [
        ("Purpose of the role", [profile.purpose]),
        ("Band or level", [profile.band]),
        ("Employing organisation", [profile.organisation.name]),
        (
            "What the role does",
            [
                f"{line.activity}"
                + (f" ({line.conditions})" if line.conditions else "")
                + (f"; {Supervision(line.supervision).label.lower()}" if line.supervision else "")
                for line in scope
                if line.in_scope
            ],
        ),
        ("What the role does not do", [line.activity for line in scope if not line.in_scope] or ["Nothing listed"]),
        ("Competences", [c.text for c in profile.competences.select_related("criterion")] or ["None listed yet"]),
        ("Training", [route]),
        (
            "Delegation and supervision",
            [
                f"{rule.delegated_by} may delegate: {rule.what} ({Supervision(rule.supervision).label.lower()})"
                for rule in profile.delegation.all()
            ]
            + [f"Competences are signed off by {profile.competences_signed_off_by}."],
        ),
    ]


def decided_counts(review: RoleReview) -> dict[str, int]:
    counts = {d.value: 0 for d in Decision}
    for value in review.activities.values_list("decision", flat=True):
        counts[value] += 1
    return counts


@dataclass(frozen=True)
class GateItem:
    name: str
    met: bool
    evidence: str


def gate(request: TrainingRequest) -> list[GateItem]:
    """The funding gate (seed 003): each part met or not, with what shows it."""
    profile = request.profile
    hours = request.study_hours_a_week
    return [
        GateItem(
            "A workforce-plan reference and the skill mix",
            bool(request.workforce_plan_ref.strip() and request.skill_mix.strip()),
            " — ".join(x for x in (request.workforce_plan_ref, request.skill_mix) if x) or "Not given",
        ),
        GateItem("A board-level sponsor", bool(request.sponsor.strip()), request.sponsor or "Not named"),
        GateItem(
            "A job description for the role",
            profile.published_at is not None,
            f"{profile.title}, version {profile.version}" + ("" if profile.published_at else " (not published)"),
        ),
        GateItem(
            "Guaranteed study release",
            hours is not None and hours > 0,
            f"{hours:g} hours a week" if hours else "Not given",
        ),
        GateItem(
            "A post guaranteed on completion",
            request.post_guaranteed and bool(request.post_evidence.strip()),
            request.post_evidence
            or ("Said, but nothing shows it" if request.post_guaranteed else "No post guaranteed"),
        ),
    ]


def repayment_percent(agreement: TrainingAgreement, completed_on: date, left_on: date) -> int:
    """What share of the training cost a learner repays if they leave `left_on` after completing `completed_on`:
    the first band of the schedule whose months since completion the leaving date falls within; 0 after the last."""
    months = (left_on.year - completed_on.year) * 12 + left_on.month - completed_on.month
    if left_on.day < completed_on.day:
        months -= 1
    for upto, percent in agreement.repayment:
        if months < upto:
            return int(percent)
    return 0


@dataclass(frozen=True)
class CheckNeed:
    person: Person
    organisation: Organisation
    reason: str
    why: str


def managed_organisations(user: Actor) -> QuerySet[Organisation]:
    """The organisations whose staff and requests this person looks after: every organisation of the partnership
    for a coordinator, the ones they are a line or host manager of otherwise (the rule `access.manages_org` checks
    one organisation against)."""
    viewer = viewer_for(user)
    orgs = Organisation.objects.filter(partnership_id=viewer.partnership_id or 0)
    if viewer.has_role(Role.COORDINATOR):
        return orgs
    return orgs.filter(pk__in=viewer.orgs_for(*REVIEW_MANAGERS))


def needs_check(user: Actor, on: date) -> list[CheckNeed]:
    """People the viewer manages (or, for a coordinator, anyone in the partnership) who need a competence check and
    have none since: back from an absence at least as long as their organisation's threshold (default six months),
    or new in the last `NEW_STARTER_DAYS` in a job an organisation has a published profile of the same title for."""
    viewer = viewer_for(user)
    if viewer.is_anonymous:
        return []
    org_ids = set(managed_organisations(user).values_list("pk", flat=True))
    if not org_ids:
        return []
    thresholds = dict(
        CheckSettings.objects.filter(organisation_id__in=org_ids).values_list("organisation_id", "absence_days")
    )
    checked: dict[tuple[int, int], date] = {}
    for person_id, org_id, made in CompetenceCheck.objects.filter(organisation_id__in=org_ids).values_list(
        "person_id", "organisation_id", "created_at"
    ):
        key = (person_id, org_id)
        checked[key] = max(checked.get(key, made.date()), made.date())
    out: list[CheckNeed] = []
    for absence in StaffAbsence.objects.filter(
        organisation_id__in=org_ids, returned_on__isnull=False, returned_on__lte=on
    ).select_related("person", "organisation"):
        assert absence.returned_on is not None
        days = (absence.returned_on - absence.started_on).days
        if days < thresholds.get(absence.organisation_id, DEFAULT_ABSENCE_DAYS):
            continue
        if checked.get((absence.person_id, absence.organisation_id), date.min) >= absence.returned_on:
            continue
        out.append(
            CheckNeed(absence.person, absence.organisation, CheckReason.RETURNED, f"Back after {days} days away")
        )
    titles = {
        (org_id, title.strip().lower())
        for org_id, title in RoleProfile.objects.filter(
            organisation_id__in=org_ids, published_at__isnull=False
        ).values_list("organisation_id", "title")
    }
    for m in Membership.objects.filter(
        organisation_id__in=org_ids, starts_on__gte=on - timedelta(days=NEW_STARTER_DAYS), starts_on__lte=on
    ).select_related("person", "organisation"):
        if (m.organisation_id, m.job_title.strip().lower()) not in titles:
            continue
        if (m.person_id, m.organisation_id) in checked:
            continue
        out.append(
            CheckNeed(
                m.person, m.organisation, CheckReason.JOINED, f"Started as {m.job_title} on {m.starts_on:%-d %B %Y}"
            )
        )
    return sorted(out, key=lambda n: (n.organisation.name, n.person.family_name))


def check_progress(check: CompetenceCheck) -> tuple[int, int]:
    """(signed off or planned, of all) for a competence check."""
    outcomes = list(check.items.values_list("outcome", flat=True))
    return sum(1 for o in outcomes if o), len(outcomes)


def partnership_staff(partnership_id: int | None) -> QuerySet[Person]:
    """People who work in the partnership (a role at one of its organisations, apprentices left out): whom a
    review may list as taking part; the service checks they work in the review's organisations."""
    return (
        Person.objects.filter(partnership_id=partnership_id or 0, memberships__isnull=False)
        .exclude(memberships__role=Role.APPRENTICE)
        .distinct()
    )


def repayment_words(rows: list[list[int]]) -> str:
    """The repayment schedule in words, for the agreement's page."""
    if not rows:
        return "Nothing to repay"
    parts = [f"{percent}% if within {months} months of completing" for months, percent in rows]
    return "; ".join(parts) + "; nothing after that"
