"""Eligibility rules for a scheme's vacancy, each returning whether it is met and why, in plain English.

The age rule is the lesson of the evaluated scheme: an apprentice had to leave because nobody checked that some
hosts did not take under-18s. The applicant's age on the cohort's start date is checked against every planned
host's minimum age (and the legal minimum of 16 for an apprenticeship).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date

from rotation_planner import age_on
from workforce_hub.core.text import lower_first

from .models import Level

APPRENTICESHIP_MIN_AGE = 16


@dataclass(frozen=True)
class Host:
    name: str
    min_age: int


@dataclass(frozen=True)
class RuleResult:
    rule: str
    label: str
    met: bool
    reason: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _age_rule(date_of_birth: date, start: date, hosts: Iterable[Host]) -> RuleResult:
    age = age_on(date_of_birth, start)
    on = f"{start:%-d %B %Y}"
    if age < APPRENTICESHIP_MIN_AGE:
        return RuleResult(
            "age", "Age on the start date", False, f"You would be {age} on {on}. Apprentices must be 16 or over."
        )
    too_young = sorted((h for h in hosts if age < h.min_age), key=lambda h: (h.min_age, h.name))
    if too_young:
        places = "; ".join(f"{h.name} (from {h.min_age})" for h in too_young)
        return RuleResult(
            "age",
            "Age on the start date",
            False,
            f"You would be {age} on {on}. Every placement on this scheme must be able to take you, and these "
            f"take apprentices from an older age: {places}.",
        )
    return RuleResult(
        "age", "Age on the start date", True, f"You would be {age} on {on}: every placement can take you."
    )


_IN_A_SENTENCE = {"Maths": "maths"}  # English keeps its capital


def _level_rule(rule: str, subject: str, have: int, need: int) -> RuleResult:
    have_label, need_label = Level(have).label, Level(need).label
    if have >= need:
        return RuleResult(rule, subject, True, f"{subject} at {lower_first(have_label.split(' (')[0])} meets the need.")
    return RuleResult(
        rule,
        subject,
        False,
        f"This scheme needs {_IN_A_SENTENCE.get(subject, subject)} at {lower_first(need_label.split(' (')[0])} or above; "
        f"you told us {lower_first(have_label.split(' (')[0])}.",
    )


def check(
    *,
    date_of_birth: date,
    english: int,
    maths: int,
    right_to_work: bool,
    start: date,
    hosts: Iterable[Host],
    min_english: int,
    min_maths: int,
) -> list[RuleResult]:
    """Every rule, met or not, in the order an applicant reads them."""
    return [
        _age_rule(date_of_birth, start, hosts),
        _level_rule("english", "English", english, min_english),
        _level_rule("maths", "Maths", maths, min_maths),
        RuleResult(
            "right_to_work",
            "Right to work in the UK",
            bool(right_to_work),
            "You have the right to work in the UK."
            if right_to_work
            else "Apprentices must have the right to work in the UK.",
        ),
    ]
