"""Reading role design: a review's steps (the task list), the workshop's activities, two profiles side by side, and
the job description (the same sections on the page and in the DOCX and PDF)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from workforce_hub.core.access import Actor

from .models import Decision, RoleProfile, RoleReview, ScopeLine, Supervision, TrainingRoute


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
