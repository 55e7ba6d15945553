"""Patient-identifier screening: find NHS numbers, dates of birth, postcodes, phone numbers and e-mail addresses in
text, and say where they are (page and line, or paragraph) without keeping the value itself.

Pure functions: no Django. Text comes from `files.extract_text`, which yields (place, text) pairs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

KINDS = {
    "nhs_number": "an NHS number",
    "date_of_birth": "a date of birth",
    "postcode": "a postcode",
    "phone": "a phone number",
    "email": "an e-mail address",
}

# Runs of digits with up to three separator characters between them ("943 476 5919", "943 - 476 - 5919",
# "(943) 476-5919", "9 4 3 4 7 6 5 9 1 9", "943/476/5919"), after `normalise` has made every space and dash plain.
_SEPARATOR = r"[ \-./()]"
_DIGIT_RUN = re.compile(rf"\(?(?<!\d)\d+(?:{_SEPARATOR}{{1,3}}\d+)*\)?(?!\d)", re.ASCII)

# Characters that only change how text looks: removed (zero-width, soft hyphen) or made plain (every dash a hyphen,
# every space — tab, non-breaking, thin, ideographic — one space), so a separator cannot hide an identifier.
_PLAIN = {
    **dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff")),  # invisible: dropped
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"), "-"),
    **dict.fromkeys(map(ord, "\u2044\u2215\uff0f"), "/"),
}
_SPACES = re.compile(r"[^\S\n]+")


def normalise(text: str) -> str:
    """One plain form of the text before matching: compatibility forms folded (full-width digits become digits,
    non-breaking spaces become spaces), invisible characters dropped, dashes and slashes plain, runs of spaces one."""
    text = unicodedata.normalize("NFKC", text).translate(_PLAIN)
    return _SPACES.sub(" ", text)


def _nhs_candidates(text: str) -> Iterator[tuple[str, tuple[int, int]]]:
    """Every 10 digits made of whole neighbouring groups of a digit run, with where the run is."""
    for run in _DIGIT_RUN.finditer(text):
        groups = re.findall(r"\d+", run.group(0))
        for first in range(len(groups)):
            digits = ""
            for group in groups[first:]:
                digits += group
                if len(digits) >= 10:
                    break
            if len(digits) == 10:
                yield digits, run.span()


_POSTCODE = re.compile(r"\b(GIR ?0AA|[A-PR-UWYZ](?:[A-HK-Y]?\d[A-Z\d]?|\d[A-HJKPSTUW]) ?\d[ABD-HJLNP-UW-Z]{2})\b", re.I)
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+\-']+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}\b")
_PHONE = re.compile(r"(?<![\d+])(?:\+44\s?\(?0?\)?\s?|\(?0)(?:\d[\s\-)]?){9,10}(?!\d)")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DATE = re.compile(
    r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b"
    rf"|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTHS})[a-z]*\.?,?\s+(\d{{4}})\b"
    r"|\b(\d{4})-(\d{2})-(\d{2})\b",
    re.I,
)
_DOB_CUE = re.compile(r"\b(d\.?\s?o\.?\s?b\.?|date of birth|born(?: on)?|birthday)\b", re.I)
_MONTH_NUMBER = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}


@dataclass(frozen=True)
class Finding:
    kind: str
    place: str
    masked: str

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def nhs_number_valid(digits: str) -> bool:
    """Modulus 11: weights 10..2 on the first nine digits; 11 - (sum mod 11) is the check digit, 11 means 0 and 10
    means the number is invalid. All zeros is not a number."""
    if len(digits) != 10 or not digits.isdigit() or digits == "0" * 10:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def _mask(value: str, keep: int = 2) -> str:
    """Enough to recognise the place, not enough to identify anyone."""
    visible = value[-keep:] if keep else ""
    return "•" * max(3, len(value) - keep) + visible


def _plausible_date(day: int, month: int, year: int) -> date | None:
    if year < 100:
        year += 1900 if year > date.today().year % 100 else 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _dates(text: str) -> Iterable[tuple[re.Match[str], date]]:
    for m in _DATE.finditer(text):
        g = m.groups()
        if g[0]:
            found = _plausible_date(int(g[0]), int(g[1]), int(g[2]))
        elif g[3]:
            found = _plausible_date(int(g[3]), _MONTH_NUMBER[g[4][:3].lower()], int(g[5]))
        else:
            found = _plausible_date(int(g[8]), int(g[7]), int(g[6]))
        if found:
            yield m, found


def scan_text(text: str, place: str, today: date | None = None) -> list[Finding]:
    """Everything in one block of text that could identify a patient."""
    today = today or date.today()
    text = normalise(text)
    found: list[Finding] = []
    nhs_spans: list[tuple[int, int]] = []
    for digits, span in _nhs_candidates(text):
        if nhs_number_valid(digits):
            found.append(Finding("nhs_number", place, _mask(digits)))
            nhs_spans.append(span)
    for m in _EMAIL.finditer(text):
        found.append(Finding("email", place, _mask(m.group(0), 0)))
    for m in _PHONE.finditer(text):
        if any(a <= m.start() < b for a, b in nhs_spans):
            continue
        digits = re.sub(r"\D", "", m.group(0))
        if 10 <= len(digits) <= 12:
            found.append(Finding("phone", place, _mask(digits)))
    for m in _POSTCODE.finditer(text):
        if re.search(r"\d(st|nd|rd|th)$", m.group(0), re.I):
            continue  # "B1 2nd", not a postcode
        found.append(Finding("postcode", place, _mask(m.group(0).replace(" ", ""), 0)))
    for m, when in _dates(text):
        before = text[max(0, m.start() - 30) : m.start()]
        looks_like_birth = when.year <= today.year - 16 and when.year >= today.year - 120
        if _DOB_CUE.search(before) or looks_like_birth:
            found.append(Finding("date_of_birth", place, _mask(m.group(0), 0)))
    return found


def scan_places(places: Iterable[tuple[str, str]], today: date | None = None) -> list[Finding]:
    """Scan each (place, text) pair: a place is "page 2, line 5", "paragraph 3" or "line 4"."""
    out: list[Finding] = []
    for place, text in places:
        out.extend(scan_text(text, place, today))
    return out


def lines_of(text: str, prefix: str = "") -> list[tuple[str, str]]:
    """Split text into numbered lines ("line 3" or "page 2, line 3") so each finding says where it is."""
    return [(f"{prefix}line {i}", line) for i, line in enumerate(text.splitlines(), 1) if line.strip()]


def first_label(text: str, today: date | None = None) -> str | None:
    """What the first patient identifier in a block of text is, in words ("an NHS number"), or None if there is
    none: for a form field that refuses such details with one plain sentence."""
    found = scan_places(lines_of(text), today)
    return found[0].label if found else None


def summary(findings: list[dict[str, Any]]) -> str:
    """One plain sentence for the uploader: what kinds were found and how many places."""
    kinds = sorted({KINDS[f["kind"]] for f in findings})
    if not kinds:
        return "Nothing that looks like patient details was found."
    listed = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    return f"We found what looks like {listed} in {len(findings)} place{'s' if len(findings) != 1 else ''}."
