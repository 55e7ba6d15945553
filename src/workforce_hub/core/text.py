"""Words in running text: reference data keeps its capitals where it is written mid-sentence."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import TextChoices


def lower_first(text: object) -> str:
    """A label as it reads inside a sentence: only its first letter lowered, and not even that for an acronym
    ("Funding rules for starts from 1 August 2025" → "funding rules for starts from 1 August 2025";
    "GCSE grade 3 to 1" stays as it is)."""
    words = str(text or "")
    first = words.split(" ", 1)[0]
    if not first or (len(first) > 1 and first[:2].isupper()):
        return words
    return words[:1].lower() + words[1:]


WEEKDAY_CODES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAY_NAMES = dict(
    zip(WEEKDAY_CODES, ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"], strict=True)
)


def days_text(codes: Iterable[str], *, none: str = "no days") -> str:
    """Days of the week in words, in week order: "Monday to Friday" for three or more in a row, else "Monday and
    Wednesday" or "Monday, Tuesday and Friday"; `none` when there are none. Unknown codes are left out."""
    given = set(codes)
    ordered = [c for c in WEEKDAY_CODES if c in given]
    if not ordered:
        return none
    idx = [WEEKDAY_CODES.index(c) for c in ordered]
    if len(idx) > 2 and idx == list(range(idx[0], idx[-1] + 1)):
        return f"{WEEKDAY_NAMES[ordered[0]]} to {WEEKDAY_NAMES[ordered[-1]]}"
    names = [WEEKDAY_NAMES[c] for c in ordered]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def labels_of(choices: type[TextChoices], codes: Iterable[str]) -> list[str]:
    """The labels of stored codes, in their order; a code no longer among the choices is left out."""
    known = dict(choices.choices)
    return [known[code] for code in codes if code in known]


def latin1(text: str) -> str:
    """Text for a PDF's built-in fonts, which cover Latin-1: typographic dashes and quotes become their plain forms,
    anything else outside Latin-1 a question mark."""
    plain = text
    for fancy, simple in (("–", "-"), ("—", "-"), ("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("…", "...")):
        plain = plain.replace(fancy, simple)
    return plain.encode("latin-1", "replace").decode("latin-1")
