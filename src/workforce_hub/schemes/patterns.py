"""Working patterns: which days of a week an apprentice is at the host, on the learning day with the training
provider, or on a recurring other day (the digital scheme's day that alternates between the IT department and the
federation). Pure functions over anything with the pattern's fields (a cohort, or an enrolment's own pattern).

Weeks are counted from the Monday of the cohort's first week (week 1). A fortnightly learning day falls in odd
weeks (week 1, 3, 5…) or even weeks; in the other weeks that weekday is a day at the host if it is one of the host
days. An alternating other day is at the first place in odd weeks and the second in even weeks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from workforce_hub.core.text import WEEKDAY_CODES as WEEKDAY_CODES
from workforce_hub.core.text import WEEKDAY_NAMES as WEEKDAY_NAMES
from workforce_hub.core.text import days_text

HOST, LEARNING, OTHER, OFF = "host", "learning", "other", "off"


class Pattern(Protocol):
    host_days: list[str]
    learning_day: str
    training_day_frequency: str
    learning_week: int
    other_day: str
    other_place: str
    other_place_alternate: str
    hours_per_day: Decimal | None


@dataclass(frozen=True)
class Day:
    on: date
    kind: str  # host, learning, other or off
    place: str = ""  # for an other day: where


def week_number(anchor: date, on: date) -> int:
    """1 for the week (Monday to Sunday) holding `anchor`, 2 for the next, and so on (0 or less before it)."""
    first_monday = anchor - timedelta(days=anchor.weekday())
    return (on - first_monday).days // 7 + 1


def day(pattern: Pattern, anchor: date, on: date) -> Day:
    code = WEEKDAY_CODES[on.weekday()]
    odd = week_number(anchor, on) % 2 == 1
    weekly = pattern.training_day_frequency == "weekly"
    this_week = weekly or (pattern.training_day_frequency == "fortnightly" and odd == (pattern.learning_week == 1))
    if pattern.learning_day == code and this_week:
        return Day(on, LEARNING)
    if pattern.other_day == code:
        place = pattern.other_place if odd or not pattern.other_place_alternate else pattern.other_place_alternate
        return Day(on, OTHER, place)
    if code in pattern.host_days:
        return Day(on, HOST)
    return Day(on, OFF)


def days(pattern: Pattern, anchor: date, start: date, end: date) -> list[Day]:
    """Every day from `start` to `end` (inclusive) with what it is."""
    return [day(pattern, anchor, start + timedelta(days=i)) for i in range((end - start).days + 1)]


def count(pattern: Pattern, anchor: date, start: date, end: date) -> Counter[str]:
    return Counter(d.kind for d in days(pattern, anchor, start, end))


def learning_hours(pattern: Pattern, anchor: date, start: date, end: date) -> Decimal:
    """Off-the-job hours the learning days give from `start` to `end`: each learning day at the hours of a day."""
    if not pattern.hours_per_day or end < start:
        return Decimal(0)
    return count(pattern, anchor, start, end)[LEARNING] * pattern.hours_per_day


def host_days_text(pattern: Pattern) -> str:
    """The weekdays at the host in plain English, saying when a fortnightly learning day takes one of them."""
    text = days_text(pattern.host_days)
    if pattern.training_day_frequency == "fortnightly" and pattern.learning_day in pattern.host_days:
        text += f" (not the {WEEKDAY_NAMES[pattern.learning_day]} of a learning week)"
    if pattern.other_day in pattern.host_days:
        text += f" (not {WEEKDAY_NAMES[pattern.other_day]})"
    return text


def describe(pattern: Pattern) -> str:
    """One plain-English line: 'At the host Monday to Thursday; learning day Friday every week; 7.4 hours a day.'"""
    parts = [f"At the host {host_days_text(pattern)}"]
    if pattern.learning_day and pattern.training_day_frequency in ("weekly", "fortnightly"):
        when = (
            "every week"
            if pattern.training_day_frequency == "weekly"
            else f"every other week (weeks {'1, 3, 5' if pattern.learning_week == 1 else '2, 4, 6'}…)"
        )
        parts.append(f"learning day {WEEKDAY_NAMES[pattern.learning_day]} {when}")
    if pattern.other_day:
        where = pattern.other_place or "elsewhere"
        if pattern.other_place_alternate:
            where = f"alternately {pattern.other_place} and {pattern.other_place_alternate}"
        parts.append(f"{WEEKDAY_NAMES[pattern.other_day]} {where}")
    if pattern.hours_per_day:
        parts.append(f"{pattern.hours_per_day.normalize():f} hours a day")
    return "; ".join(parts) + "."


def problems(pattern: Pattern) -> dict[str, str]:
    """What makes a pattern unusable, by field (empty when it is fine)."""
    errors: dict[str, str] = {}
    unknown = [c for c in pattern.host_days if c not in WEEKDAY_CODES]
    if unknown:
        errors["host_days"] = "Choose days of the week."
    elif not pattern.host_days:
        errors["host_days"] = "Choose at least one day at the host."
    frequency = pattern.training_day_frequency
    if frequency in ("weekly", "fortnightly") and not pattern.learning_day:
        errors["learning_day"] = "Choose the learning day, or say there is no regular learning day."
    if frequency == "weekly" and pattern.learning_day and pattern.learning_day in pattern.host_days:
        errors["learning_day"] = (
            f"A weekly learning day cannot also be a day at the host: untick {WEEKDAY_NAMES[pattern.learning_day]} "
            "at the host or choose another learning day."
        )
    if pattern.other_day:
        if pattern.other_day == pattern.learning_day and frequency in ("weekly", "fortnightly"):
            errors["other_day"] = "The other day must differ from the learning day."
        elif pattern.other_day in pattern.host_days:
            errors["other_day"] = (
                f"{WEEKDAY_NAMES[pattern.other_day]} is ticked as a day at the host: untick it or choose another day."
            )
        if not pattern.other_place:
            errors["other_place"] = "Say where the other day is spent, for example the IT department."
    elif pattern.other_place or pattern.other_place_alternate:
        errors["other_day"] = "Choose the day of the week for the other place, or leave the places empty."
    if pattern.learning_week not in (1, 2):
        errors["learning_week"] = "Choose odd or even weeks."
    return errors


def weekly_hours(pattern: Pattern) -> Decimal | None:
    """Hours in an average week at the pattern's hours a day (a fortnightly learning day counts as half a day)."""
    if not pattern.hours_per_day:
        return None
    days_a_week = Decimal(len([c for c in pattern.host_days if c not in (pattern.other_day,)]))
    if pattern.training_day_frequency == "weekly" and pattern.learning_day:
        days_a_week += 1
    elif pattern.training_day_frequency == "fortnightly" and pattern.learning_day not in pattern.host_days:
        days_a_week += Decimal("0.5")
    if pattern.other_day:
        days_a_week += 1
    return days_a_week * pattern.hours_per_day
