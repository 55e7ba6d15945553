"""The privacy registry: every model holding personal data says how to find a person's rows, how long they are
kept, and what a right-to-erasure request does to them.

- **Subject-access export** (`export_person`): everything registered about one person.
- **Erasure** (`erasure_plan`, `erase_person`): each model declares `ERASE` (the person's rows are deleted, with
  their files), `Anonymise` (the rows stay for the counts, without what identifies the person) or `Keep` (kept,
  with the documented reason: funding evidence, another person's record). Apps above may add *blockers* (for
  example "still on a scheme") that stop an erasure until dealt with.
- **Retention** (`retain`, `sweep`): rules with a period, enforced by the daily `retention_sweep` job. A period can
  be changed per partnership installation with `HUB_RETENTION_DAYS` (`name=days,...`).

A test fails when a model with a link to a person is not registered; `register` requires an erasure decision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone

ERASE: Literal["erase"] = "erase"


@dataclass(frozen=True)
class Keep:
    """The rows stay after an erasure, for `reason` (said to the admin and in the privacy register)."""

    reason: str
    #: when given, rows are kept only for people it is true of (for example: funded, so evidence must be kept);
    #: for everyone else they are erased
    when: Callable[[int], bool] | None = None
    #: who `when` keeps the rows for, in words ("for someone who ..."), for the privacy register page
    kept_for: str = ""


@dataclass(frozen=True)
class Anonymise:
    """The rows stay, so counts and others' records stay right, but `apply` removes what identifies the person."""

    what: str
    apply: Callable[[models.QuerySet[Any]], int]


Erasure = Literal["erase"] | Keep | Anonymise

#: rows that name the person as the one who acted (signed, decided, owns, wrote about someone else)
AUTHORED = Keep(
    "Part of someone else's record or the partnership's, naming them as the one who acted. It stays; their name "
    "is removed from their own record, so it shows as an erased person."
)
#: the employer's records
EMPLOYMENT = Keep(
    "The employer's record of their roles, training agreements and competence sign-offs: kept 6 years after they "
    "leave (employment records, repayment terms)."
)


@dataclass(frozen=True)
class PersonalDataEntry:
    model: type[models.Model]
    fields: tuple[str, ...]
    retention: str
    erasure: Erasure
    person_path: str

    @property
    def title(self) -> str:
        return str(self.model._meta.verbose_name_plural).capitalize()

    def queryset(self, person_id: int) -> models.QuerySet[Any]:
        return self.model._default_manager.filter(**{self.person_path: person_id})


_REGISTRY: dict[str, PersonalDataEntry] = {}


def register(
    model: type[models.Model], *, person_path: str, fields: Iterable[str], retention: str, erasure: Erasure
) -> None:
    """Register `model`; `person_path` is the ORM path from the model to the Person id."""
    _REGISTRY[model._meta.label_lower] = PersonalDataEntry(model, tuple(fields), retention, erasure, person_path)


def registered() -> dict[str, PersonalDataEntry]:
    return dict(_REGISTRY)


def export_person(person_id: int) -> dict[str, list[dict[str, Any]]]:
    """Everything the registry knows about one person, as plain data."""
    out: dict[str, list[dict[str, Any]]] = {}
    for label, entry in sorted(_REGISTRY.items()):
        rows = []
        for obj in entry.queryset(person_id):
            rows.append({f: _plain(getattr(obj, f, None)) for f in ("id", *entry.fields)})
        out[label] = rows
    return out


def _plain(value: object) -> object:
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool, list, dict)) or value is None:
        return value
    return str(value)


# ------------------------------------------------------------------------------------------------------ erasure

#: checks that stop an erasure: each returns a sentence saying what to do first, or None
_BLOCKERS: list[Callable[[int], str | None]] = []


def block_erasure(check: Callable[[int], str | None]) -> Callable[[int], str | None]:
    """Register a check that can stop a person's erasure (used as a decorator in an app's `ready`)."""
    if check not in _BLOCKERS:
        _BLOCKERS.append(check)
    return check


def erasure_blockers(person_id: int) -> list[str]:
    return [reason for check in _BLOCKERS if (reason := check(person_id))]


@dataclass(frozen=True)
class ErasureHook:
    """Personal data kept somewhere other than a row linked to the person (for example a copy inside a stored
    document): `count` says how many records hold some, `apply` removes it and returns how many changed."""

    label: str
    title: str
    what: str
    count: Callable[[int], int]
    apply: Callable[[int], int]


_HOOKS: dict[str, ErasureHook] = {}


def erase_also(hook: ErasureHook) -> None:
    _HOOKS[hook.label] = hook


Action = Literal["erase", "anonymise", "keep"]


@dataclass(frozen=True)
class ErasureLine:
    label: str
    title: str
    count: int
    action: Action
    why: str


def _decisions(person_id: int) -> dict[str, tuple[Action, str]]:
    """What an erasure does to each registered kind of record for this person, decided once, before anything is
    changed. A `Keep` condition shared by many kinds (the funding rule) is asked once."""
    answers: dict[Callable[[int], bool], bool] = {}
    out: dict[str, tuple[Action, str]] = {}
    for label, entry in _REGISTRY.items():
        rule = entry.erasure
        if isinstance(rule, Keep):
            if rule.when is not None and rule.when not in answers:
                answers[rule.when] = rule.when(person_id)
            if rule.when is None or answers[rule.when]:
                out[label] = ("keep", rule.reason)
                continue
        out[label] = ("anonymise", rule.what) if isinstance(rule, Anonymise) else ("erase", "Deleted.")
    return out


def erasure_summary(rule: Erasure) -> str:
    """What an erasure does to a kind of record, in words (the privacy register page)."""
    if isinstance(rule, Keep):
        return (f"Kept {rule.kept_for}; otherwise erased. " if rule.when else "Kept. ") + rule.reason
    if isinstance(rule, Anonymise):
        return f"Anonymised. {rule.what}"
    return "Erased."


def erasure_plan(person_id: int) -> list[ErasureLine]:
    """What an erasure of this person would do, record type by record type (only types where they have rows)."""
    lines = []
    decisions = _decisions(person_id)
    for label, entry in _REGISTRY.items():
        count = entry.queryset(person_id).count()
        if count:
            action, why = decisions[label]
            lines.append(ErasureLine(label, entry.title, count, action, why))
    for hook in _HOOKS.values():
        if count := hook.count(person_id):
            lines.append(ErasureLine(hook.label, hook.title, count, "anonymise", hook.what))
    return sorted(lines, key=lambda line: line.title)


def _file_names(qs: models.QuerySet[Any]) -> list[tuple[Any, str]]:
    fields = [f for f in qs.model._meta.concrete_fields if isinstance(f, models.FileField)]
    out = []
    for field in fields:
        for name in qs.exclude(**{field.name: ""}).values_list(field.name, flat=True):
            if name:
                out.append((field.storage, name))
    return out


def erase_person(person_id: int) -> dict[str, int]:
    """Erase or anonymise everything registered about one person, in one transaction; returns the rows per type.

    Kept types are left as they are. Files of deleted rows are removed from storage once the transaction commits.
    The person's own row is anonymised last (it stays, so that others' records that name them still resolve)."""
    done: dict[str, int] = {}
    files: list[tuple[Any, str]] = []
    entries = sorted(_REGISTRY.items(), key=lambda kv: kv[1].person_path == "id")  # the person last
    decisions = _decisions(person_id)
    with transaction.atomic():
        for label, entry in entries:
            action, _ = decisions[label]
            qs = entry.queryset(person_id)
            if action == "erase":
                files += _file_names(qs)
                count, _ = qs.delete()
            elif action == "anonymise":
                assert isinstance(entry.erasure, Anonymise)
                count = entry.erasure.apply(qs)
            else:
                continue
            if count:
                done[label] = count
        for hook in _HOOKS.values():
            if count := hook.apply(person_id):
                done[hook.label] = count
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
        # figures kept for a couple of minutes (`core.caching`) may name the person: none outlives the erasure
        transaction.on_commit(cache.clear)
    return done


# ---------------------------------------------------------------------------------------------------- retention


@dataclass(frozen=True)
class RetentionRule:
    """Records of one kind that are erased or anonymised once `period` has passed since `counted_from`."""

    name: str
    title: str
    period: timedelta
    counted_from: str
    action: Literal["erased", "anonymised"]
    #: does the work for records whose period ended before the cutoff day; returns how many records it changed
    sweep: Callable[[date], int]

    @property
    def days(self) -> int:
        return int(settings.RETENTION_DAYS.get(self.name, self.period.days))

    def cutoff(self, day: date) -> date:
        return day - timedelta(days=self.days)

    def describe(self) -> str:
        days = self.days
        years = days // 365
        span = (
            f"{years} year{'s' if years != 1 else ''}"
            if years and days % 365 == 0
            else f"{days} day{'s' if days != 1 else ''}"
        )
        return f"{self.action.capitalize()} {span} after {self.counted_from}."


_RULES: dict[str, RetentionRule] = {}


def start_of(cutoff: date) -> datetime:
    """The first moment of the cutoff day, in the Hub's time zone: a record made before it is past its period."""
    return timezone.make_aware(datetime.combine(cutoff, time.min))


def retain(rule: RetentionRule) -> None:
    _RULES[rule.name] = rule


def retention_rules() -> list[RetentionRule]:
    return sorted(_RULES.values(), key=lambda r: r.title)


def sweep(day: date) -> dict[str, int]:
    """Apply every retention rule for `day`; each rule changes only what is overdue, so a second run does nothing."""
    return {rule.name: rule.sweep(rule.cutoff(day)) for rule in retention_rules()}
