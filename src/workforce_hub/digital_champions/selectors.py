"""Reads for digital champions: the directory and its coverage, drop-ins, a champion's own work and its impact,
skills they confirmed, practice maturity and the quality-mark register."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.digital_skills.framework import current_framework
from workforce_hub.digital_skills.models import Domain, Framework
from workforce_hub.digital_skills.presenters import ConfirmedSkill
from workforce_hub.digital_skills.selectors import confirmer, not_confident_by_organisation
from workforce_hub.organisations.models import Membership, Organisation

from .maturity import RENEW_WARNING_DAYS, can_review, level_met
from .models import (
    Booking,
    Champion,
    Dimension,
    DropIn,
    MaturityAssessment,
    QualityMarkAward,
    SkillCheck,
    SupportContact,
)
from .presenters import ChampionWork, Impact, MarkHeld, MaturityDetail, TopicCount


def champion_directory(user: Actor, *, q: str = "", organisation_id: int | None = None) -> Any:
    champions = (
        Champion.objects.visible_to(user)
        .filter(is_active=True)
        .select_related("person", "organisation", "site")
        .order_by("organisation__name", "site__name", "team", "person__family_name")
    )
    if organisation_id:
        champions = champions.filter(organisation_id=organisation_id)
    if q:
        champions = champions.filter(
            Q(person__given_name__icontains=q)
            | Q(person__family_name__icontains=q)
            | Q(team__icontains=q)
            | Q(site__name__icontains=q)
            | Q(organisation__name__icontains=q)
        )
    return champions


@dataclass
class CoverageRow:
    organisation: Organisation
    staff: int
    champions: int
    per_100: float
    not_confident: int | None  # share of staff skills below 'confident' (None: hidden, too few people)


def coverage(user: Actor, round_id: int | None = None) -> list[CoverageRow]:
    """Champions per 100 staff in each organisation, beside the share of staff skills not yet confident there.
    Staff numbers are the organisation's recorded headcount, or its active members where none is recorded."""
    viewer = viewer_for(user)
    orgs = list(Organisation.objects.visible_to(user).filter(is_active=True))
    champions = dict(
        Champion.objects.visible_to(user)
        .filter(is_active=True)
        .values_list("organisation_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    members = dict(
        Membership.objects.active()
        .filter(organisation__partnership_id=viewer.pid)
        .values_list("organisation_id")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    not_confident = not_confident_by_organisation(viewer.pid, round_id)
    rows = []
    for org in orgs:
        staff = org.size or members.get(org.pk, 0)
        if not staff and not champions.get(org.pk):
            continue
        n_champions = champions.get(org.pk, 0)
        per_100 = round(100 * n_champions / staff, 1) if staff else 0.0
        rows.append(CoverageRow(org, staff, n_champions, per_100, not_confident.get(org.pk)))
    return sorted(rows, key=lambda r: (-(r.not_confident or 0), r.per_100, r.organisation.name))


def upcoming_drop_ins(user: Actor) -> list[dict[str, Any]]:
    """Sessions from now on, with the places left and whether the viewer has booked."""
    viewer = viewer_for(user)
    sessions = list(
        DropIn.objects.visible_to(user)
        .filter(starts_at__gte=timezone.now(), champion__is_active=True)
        .select_related("champion__person", "champion__organisation")
        .annotate(booked=Count("bookings", filter=Q(bookings__cancelled_at__isnull=True)))[:50]
    )
    mine = {
        b.drop_in_id: b
        for b in Booking.objects.filter(
            person_id=viewer.pkey, cancelled_at__isnull=True, drop_in__in=[s.pk for s in sessions]
        )
    }
    return [{"session": s, "left": max(0, s.places - s.booked), "booking": mine.get(s.pk)} for s in sessions]


def champion_work(user: Actor, champion: Champion) -> ChampionWork:
    """A champion's own page: their sessions and who booked, requests to confirm skills, support they logged."""
    sessions = list(
        DropIn.objects.filter(champion=champion, starts_at__gte=timezone.now() - timedelta(days=1)).prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.visible_to(user).filter(cancelled_at__isnull=True).select_related("person"),
                to_attr="active_bookings",
            )
        )
    )
    checks = list(
        SkillCheck.objects.visible_to(user)
        .filter(champion=champion, confirmed_at__isnull=True)
        .select_related("person")
    )
    contacts = SupportContact.objects.visible_to(user).filter(champion=champion)
    return ChampionWork(sessions=sessions, checks=checks, contacts=contacts[:20], impact=impact(contacts))


def impact(contacts: QuerySet[SupportContact]) -> Impact:
    """What the champions' help achieved: contacts, time given, share sorted out, the topics asked about."""
    totals = contacts.aggregate(
        n=Count("id"),
        minutes=Sum("minutes"),
        resolved=Count("id", filter=Q(outcome=SupportContact.Outcome.RESOLVED)),
        referred=Count("id", filter=Q(outcome=SupportContact.Outcome.REFERRED)),
    )
    names = dict(Domain.objects.filter(framework=current_framework()).values_list("code", "name"))
    topics = [
        TopicCount(names.get(code, code), n)
        for code, n in contacts.values_list("domain_code").annotate(n=Count("id")).order_by("-n", "domain_code")
    ]
    n = totals["n"] or 0
    return Impact(
        contacts=n,
        hours=round((totals["minutes"] or 0) / 60, 1),
        resolved_pct=round(100 * totals["resolved"] / n) if n else None,
        referred=totals["referred"],
        topics=topics,
    )


@confirmer("skill_checks")
def confirmed_by_champions(user: Actor, framework: Framework) -> Iterator[ConfirmedSkill]:
    """The skills champions confirmed for the viewer: shown on their results page, beside their own rating."""
    viewer = viewer_for(user)
    checks = (
        SkillCheck.objects.visible_to(user)
        .filter(person_id=viewer.pkey, framework=framework, confirmed_at__isnull=False)
        .select_related("champion__person")
        .prefetch_related("confirmed_items")
    )
    for check in checks:
        for item in check.confirmed_items.all():
            yield ConfirmedSkill(item, check.champion.person, check.confirmed_at)


# ------------------------------------------------------------------------------------ maturity, quality mark


def maturity_list(user: Actor) -> Any:
    return (
        MaturityAssessment.objects.visible_to(user)
        .select_related("organisation", "award__level")
        .order_by("organisation__name", "-assessed_on")
    )


def maturity_detail(maturity: MaturityAssessment) -> MaturityDetail:
    scores = list(maturity.scores.all())
    order = {d.value: i for i, d in enumerate(Dimension)}
    scores.sort(key=lambda s: order[s.dimension])
    award = getattr(maturity, "award", None)
    scored = [s.score for s in scores if s.score is not None]
    return MaturityDetail(
        scores=scores,
        actions=list(maturity.actions.all()),
        award=award,
        average=round(sum(scored) / len(scored), 1) if scored else None,
        level_met=level_met(maturity),
    )


def quality_mark_register(user: Actor) -> list[MarkHeld]:
    """Every practice's latest awarded mark: held, due for renewal soon, or expired. Visible to every member."""
    viewer = viewer_for(user)
    today = timezone.localdate()
    awards = (
        QualityMarkAward.objects.filter(
            maturity__organisation__partnership_id=viewer.pid, level__isnull=False, expires_on__isnull=False
        )
        .select_related("maturity__organisation", "level")
        .order_by("maturity__organisation__name", "-expires_on")
    )
    seen: set[int] = set()
    rows = []
    for a in awards:
        org = a.maturity.organisation
        if org.pk in seen:
            continue
        seen.add(org.pk)
        assert a.expires_on is not None and a.level is not None  # both filtered on above
        state: Literal["held", "renew", "expired"] = (
            "expired"
            if a.expires_on < today
            else "renew"
            if a.expires_on <= today + timedelta(days=RENEW_WARNING_DAYS)
            else "held"
        )
        rows.append(MarkHeld(org, a.level, a.expires_on, state))
    return rows


def awaiting_review(user: Actor) -> list[QualityMarkAward]:
    """Submitted assessments this user may peer review."""
    if not user.has_perm("hub.review_quality_mark"):
        return []
    viewer = viewer_for(user)
    pending = QualityMarkAward.objects.filter(
        maturity__organisation__partnership_id=viewer.pid, reviewed_at__isnull=True
    ).select_related("maturity__organisation")
    return [a for a in pending if can_review(user, a)]
