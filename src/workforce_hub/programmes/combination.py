"""Rules as data: when a qualification is achieved, and what a funding-rule set asks of an apprenticeship.

A qualification's rule is a small JSON tree:

- ``{"all": [rule, ...]}`` — every part must pass; ``{"any": [rule, ...]}`` — at least one.
- ``{"label": "...", "credits_from": ["B", "C"], "min": 22, "cap": {"C": 8}}`` — achieved credits from the
  named unit groups, counting at most ``cap[group]`` credits from a group, must reach ``min`` (and, with
  ``"max"``, must not pass it).
- ``{"label": "...", "every_unit_in": ["mandatory"]}`` — every unit in the groups achieved.

`evaluate` returns whether the rule passes and one plain-English line per part saying why, so a tutor sees what is
missing, not just "not achieved".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from rotation_planner import age_on


@dataclass(frozen=True)
class UnitFact:
    code: str
    group: str
    credits: int


@dataclass(frozen=True)
class Check:
    label: str
    passed: bool
    reason: str


def evaluate(rule: dict[str, Any], units: Iterable[UnitFact], achieved: set[str]) -> tuple[bool, list[Check]]:
    """Apply `rule` to the qualification's `units`, of which the codes in `achieved` are achieved."""
    all_units = list(units)
    checks: list[Check] = []
    passed = _evaluate(rule, all_units, achieved, checks)
    return passed, checks


def _evaluate(rule: dict[str, Any], units: list[UnitFact], achieved: set[str], out: list[Check]) -> bool:
    if "all" in rule:
        results = [_evaluate(part, units, achieved, out) for part in rule["all"]]
        return all(results)
    if "any" in rule:
        results = [_evaluate(part, units, achieved, out) for part in rule["any"]]
        return any(results)
    if "credits_from" in rule:
        groups = set(rule["credits_from"])
        caps: dict[str, int] = rule.get("cap", {})
        by_group: dict[str, int] = {}
        for u in units:
            if u.group in groups and u.code in achieved:
                by_group[u.group] = by_group.get(u.group, 0) + u.credits
        counted = sum(min(n, caps[g]) if g in caps else n for g, n in by_group.items())
        raw = sum(by_group.values())
        minimum = rule.get("min", 0)
        maximum = rule.get("max")
        ok = counted >= minimum and (maximum is None or raw <= maximum)
        detail = f"{counted} credits counted"
        if counted != raw:
            detail += f" ({raw} achieved; " + ", ".join(f"at most {c} count from group {g}" for g, c in caps.items())
            detail += ")"
        if maximum is not None:
            detail += f"; no more than {maximum} allowed"
        out.append(Check(rule["label"], ok, f"{detail}; {minimum} needed." if minimum else f"{detail}."))
        return ok
    if "every_unit_in" in rule:
        groups = set(rule["every_unit_in"])
        needed = [u for u in units if u.group in groups]
        missing = [u.code for u in needed if u.code not in achieved]
        ok = not missing
        reason = f"All {len(needed)} achieved." if ok else f"{len(needed) - len(missing)} of {len(needed)} achieved."
        out.append(Check(rule["label"], ok, reason))
        return ok
    raise ValueError(f"Unknown rule: {sorted(rule)}")


def validate_rule(rule: Any) -> None:
    """Refuse a malformed rule when the catalogue is loaded, not when a tutor opens a record."""
    if not isinstance(rule, dict):
        raise ValueError("A rule must be an object.")
    if "all" in rule or "any" in rule:
        parts = rule.get("all", rule.get("any"))
        if not isinstance(parts, list) or not parts:
            raise ValueError("'all' and 'any' need a list of rules.")
        for part in parts:
            validate_rule(part)
        return
    if "credits_from" not in rule and "every_unit_in" not in rule:
        raise ValueError(f"Unknown rule: {sorted(rule)}")
    if not rule.get("label"):
        raise ValueError("Every rule part needs a label that says what it checks.")


# ---------------------------------------------------------------------------------------- funding rule sets

HOURS = Decimal("0.1")


def weeks_excluding_leave(rules: dict[str, Any], start: date, end: date) -> Decimal:
    """Weeks of the apprenticeship less statutory annual leave (pro rata), as the rules count them."""
    days = (end - start).days + 1
    weeks = Decimal(days) / 7
    leave = Decimal(str(rules["otj"].get("leave_weeks_per_year", 0))) * Decimal(days) / Decimal(365)
    return max(Decimal(0), weeks - leave)


def otj_required_hours(
    rules: dict[str, Any], *, start: date, end: date, contracted_hours: Decimal, standard_minimum: int | None
) -> tuple[Decimal, str]:
    """The minimum off-the-job hours for the whole apprenticeship under these rules, and how it was worked out."""
    otj = rules["otj"]
    weeks = weeks_excluding_leave(rules, start, end)
    if otj["basis"] == "percent":
        hours = contracted_hours * weeks * Decimal(otj["percent"]) / 100
        why = f"{otj['percent']}% of {contracted_hours} contracted hours a week over {weeks.quantize(HOURS)} weeks"
    elif otj["basis"] == "hours_per_week":
        if contracted_hours >= Decimal(str(otj["full_time_from_hours"])):
            hours = Decimal(str(otj["hours_per_week"])) * weeks
            why = f"{otj['hours_per_week']} hours a week (full time) over {weeks.quantize(HOURS)} weeks"
        else:
            hours = contracted_hours * weeks * Decimal(otj["part_time_percent"]) / 100
            why = (
                f"{otj['part_time_percent']}% of {contracted_hours} contracted hours a week (part time) "
                f"over {weeks.quantize(HOURS)} weeks"
            )
    elif otj["basis"] == "standard_minimum":
        if standard_minimum is None:
            raise ValueError("This standard has no published off-the-job minimum in the catalogue.")
        hours = Decimal(standard_minimum)
        why = "the standard's published minimum"
    else:
        raise ValueError(f"Unknown off-the-job basis {otj['basis']!r}.")
    hours = hours.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return hours, f"{hours} hours: {why}."


def minimum_end(rules: dict[str, Any], start: date) -> date:
    """The earliest date the minimum duration is met."""
    return start + relativedelta(months=rules["minimum_duration_months"])


def review_due_dates(rules: dict[str, Any], start: date, end: date) -> list[date]:
    """Progress reviews from the start to the planned end at the rule set's longest allowed interval."""
    interval = rules["reviews"]
    out: list[date] = []
    n = 1
    while True:
        if "every_weeks" in interval:
            due = start + timedelta(weeks=interval["every_weeks"] * n)
        else:
            due = start + relativedelta(months=interval["every_months"] * n)
        if due > end:
            break
        out.append(due)
        n += 1
    return out


def review_interval_text(rules: dict[str, Any]) -> str:
    interval = rules["reviews"]
    if "every_weeks" in interval:
        return f"at least every {interval['every_weeks']} weeks"
    return f"at least every {interval['every_months']} months"


def english_maths_required(
    rules: dict[str, Any], *, date_of_birth: date | None, start: date, employer_requires: bool
) -> tuple[bool | None, str]:
    """Whether English and maths must be achieved before the gateway. None when the age is not recorded."""
    em = rules["english_maths"]
    if em["required_for"] == "all":
        return True, "Required for every apprentice under these rules."
    if date_of_birth is None:
        return None, "Date of birth not recorded, so the rule cannot be applied."
    age = age_on(date_of_birth, start)
    if age <= em["must_until_age"]:
        return True, f"Required: aged {age} at the start ({em['must_until_age']} or under must achieve them)."
    if employer_requires:
        return True, f"Aged {age} at the start; the employer has decided they are required."
    return False, f"Aged {age} at the start; the employer has decided they are not required."


def pace(required: Decimal, start: date, end: date, on: date) -> Decimal:
    """Hours that should have been done by `on` to finish the required total on time (straight line)."""
    if on <= start:
        return Decimal(0)
    if on >= end:
        return required
    share = Decimal((on - start).days) / Decimal(max(1, (end - start).days))
    return (required * share).quantize(HOURS)
