"""What the digital champions' pages show, as typed values (`core.presenters`): a champion's page and the help
champions gave, a practice's maturity assessment and the quality-mark register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.db.models import QuerySet

from workforce_hub.core.presenters import Presenter
from workforce_hub.organisations.models import Organisation

from .models import (
    ActionItem,
    DropIn,
    MaturityScore,
    QualityMarkAward,
    QualityMarkLevel,
    SkillCheck,
    SupportContact,
)


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
