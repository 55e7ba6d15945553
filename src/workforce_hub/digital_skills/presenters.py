"""What the digital-skills pages show, as typed values (`core.presenters`): a person's own results and the skills
others confirmed for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from workforce_hub.core.presenters import Presenter
from workforce_hub.people.models import Person

from .models import Assessment, Domain, Item, LearningResource


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
class ConfirmedSkill:
    """A skill someone else (a digital champion) confirmed for the viewer, beside their self-rating."""

    item: Item
    by: Person
    on: datetime | None
