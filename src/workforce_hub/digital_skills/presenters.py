"""What the digital-skills pages show, as typed values (`core.presenters`): a person's own results, a champion's
page and the help champions gave, what champions confirmed, a practice's maturity assessment and the quality-mark
register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from django.db.models import QuerySet

from workforce_hub.core.presenters import Presenter
from workforce_hub.organisations.models import Organisation
from workforce_hub.people.models import Person

from .models import (
    ActionItem,
    Assessment,
    Domain,
    DropIn,
    Item,
    LearningResource,
    MaturityScore,
    QualityMarkAward,
    QualityMarkLevel,
    SkillCheck,
    SupportContact,
)


@dataclass(frozen=True)
class DomainLevel:
    """One domain of a completed assessment: the level reached in words, up to three things to learn next, and how
    it compares with the person's previous assessment."""

    domain: Domain
    level: int
    level_name: str
    resources: list[LearningResource]
    earlier_name: str | None
    change: Literal["up", "down", "same"] | None


@dataclass(frozen=True)
class OwnResults(Presenter):
    """A person's results: a row per domain, the questions they marked unclear, and their previous assessment."""

    rows: list[DomainLevel]
    unclear: list[Item]
    earlier: Assessment | None


@dataclass(frozen=True)
class TopicCount:
    topic: str
    n: int


@dataclass(frozen=True)
class Impact:
    """What the champions' help achieved: times someone was helped, hours given, the share sorted out there and
    then, how many were referred on, and the topics asked about (most first)."""

    contacts: int
    hours: float
    resolved_pct: int | None
    referred: int
    topics: list[TopicCount]


@dataclass(frozen=True)
class ChampionWork(Presenter):
    """A champion's own page: their coming sessions (with who booked), skills to confirm, and support logged."""

    sessions: list[DropIn]
    checks: list[SkillCheck]
    contacts: QuerySet[SupportContact]
    impact: Impact


@dataclass(frozen=True)
class ConfirmedSkill:
    """A skill a champion confirmed for the viewer, beside their self-rating."""

    item: Item
    by: Person
    on: datetime | None


@dataclass(frozen=True)
class MaturityDetail(Presenter):
    """A practice's maturity assessment: scores in the framework's order, actions, the award, the average score and
    the highest quality-mark level it meets."""

    scores: list[MaturityScore]
    actions: list[ActionItem]
    award: QualityMarkAward | None
    average: float | None
    level_met: QualityMarkLevel | None


@dataclass(frozen=True)
class MarkHeld:
    """A practice's latest awarded quality mark and whether it is held, due for renewal soon, or expired."""

    organisation: Organisation
    level: QualityMarkLevel
    expires_on: date
    state: Literal["held", "renew", "expired"]
