"""The catalogue's rules: the diploma rule engine, funding-rule sets at their boundary dates, and loading."""

from __future__ import annotations

import itertools
import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from workforce_hub.programmes import combination
from workforce_hub.programmes.models import Criterion, FundingRuleSet, Qualification, Standard
from workforce_hub.programmes.services import DATA, load_catalogue

pytestmark = pytest.mark.django_db


def _diploma() -> tuple[dict[str, Any], list[combination.UnitFact]]:
    q = Qualification.objects.get(code="L2-DIPLOMA-CARE")
    return q.rule, [combination.UnitFact(u.code, u.group, u.credits) for u in q.units.all()]


def _pick(units: list[combination.UnitFact], group: str, credits: int) -> set[str]:
    """Units of `group` adding up to exactly `credits` (the first combination of the catalogue's units that does)."""
    pool = [u for u in units if u.group == group]
    for size in range(1, len(pool) + 1):
        for combo in itertools.combinations(pool, size):
            if sum(u.credits for u in combo) == credits:
                return {u.code for u in combo}
    raise AssertionError(f"cannot make {credits} from group {group}")


@pytest.mark.parametrize(
    ("b", "c", "achieved"),
    [
        (22, 0, True),  # 24 + 22 = 46, all from B
        (14, 8, True),  # the minimum from B and the most that counts from C
        (16, 8, True),
        (14, 10, True),  # 10 from C but only 8 count: 24 + 14 + 8 = 46
        (13, 9, False),  # B short of 14 (and only 8 of C count: 45)
        (14, 7, False),  # 45 credits
        (10, 13, False),  # B short; C over the cap
    ],
)
def test_diploma_in_care_rule(b: int, c: int, achieved: bool) -> None:
    rule, units = _diploma()
    done = (
        _pick(units, "mandatory", 24) | (_pick(units, "B", b) if b else set()) | (_pick(units, "C", c) if c else set())
    )
    ok, checks = combination.evaluate(rule, units, done)
    assert ok is achieved
    assert len(checks) == 4 and all(ch.reason for ch in checks)


def test_diploma_needs_every_mandatory_unit() -> None:
    rule, units = _diploma()
    mandatory = _pick(units, "mandatory", 24)
    mandatory.discard("M2")  # one credit short, made up from B
    ok, checks = combination.evaluate(rule, units, mandatory | _pick(units, "B", 24))
    assert not ok
    assert not checks[0].passed and "8 of 9" in checks[0].reason


def test_counted_credits_explain_the_cap() -> None:
    rule, units = _diploma()
    done = _pick(units, "mandatory", 24) | _pick(units, "B", 14) | _pick(units, "C", 10)
    _ok, checks = combination.evaluate(rule, units, done)
    optional = checks[2]
    assert "22 credits counted (24 achieved; at most 8 count from group C)" in optional.reason


def test_care_certificate_is_all_fifteen_standards_within_twelve_weeks() -> None:
    q = Qualification.objects.get(code="CARE-CERTIFICATE")
    units = [combination.UnitFact(u.code, u.group, u.credits) for u in q.units.all()]
    assert len(units) == 15 and q.due_weeks == 12
    assert combination.evaluate(q.rule, units, {u.code for u in units})[0]
    assert not combination.evaluate(q.rule, units, {u.code for u in units[:14]})[0]


def test_malformed_rules_are_refused() -> None:
    for bad in ({"all": []}, {"credits_from": ["B"], "min": 2}, {"nonsense": 1}, [1]):
        with pytest.raises(ValueError):
            combination.validate_rule(bad)


@pytest.mark.parametrize(
    ("start", "code"),
    [
        (date(2017, 5, 1), "esfa-2017-to-2022"),
        (date(2022, 7, 31), "esfa-2017-to-2022"),
        (date(2022, 8, 1), "esfa-2022-to-feb-2025"),
        (date(2025, 2, 10), "esfa-2022-to-feb-2025"),
        (date(2025, 2, 11), "esfa-feb-2025-to-jul-2025"),
        (date(2025, 7, 31), "esfa-feb-2025-to-jul-2025"),
        (date(2025, 8, 1), "dfe-2025-26"),
        (date(2030, 1, 1), "dfe-2025-26"),
    ],
)
def test_rule_set_by_start_date(start: date, code: str) -> None:
    assert FundingRuleSet.objects.for_start(start).code == code


def test_no_rule_set_before_the_first() -> None:
    with pytest.raises(FundingRuleSet.DoesNotExist):
        FundingRuleSet.objects.for_start(date(2016, 1, 1))


def _rs(code: str) -> dict[str, Any]:
    return FundingRuleSet.objects.get(code=code).rules  # type: ignore[no-any-return]


def test_off_the_job_twenty_percent_before_august_2022() -> None:
    start, end = date(2021, 9, 6), date(2022, 9, 5)  # 365 days: 52.14 weeks less 5.6 weeks leave
    hours, why = combination.otj_required_hours(
        _rs("esfa-2017-to-2022"), start=start, end=end, contracted_hours=Decimal("37.5"), standard_minimum=None
    )
    assert hours == Decimal(349)  # 20% of 37.5 × 46.54 weeks
    assert "20% of 37.5" in why


@pytest.mark.parametrize(
    ("hours", "expected", "basis"), [(Decimal(30), 279, "6 hours a week"), (Decimal("29.5"), 275, "20%")]
)
def test_six_hours_a_week_from_thirty_hours_else_twenty_percent(hours: Decimal, expected: int, basis: str) -> None:
    start, end = date(2023, 9, 4), date(2024, 9, 2)
    got, why = combination.otj_required_hours(
        _rs("esfa-2022-to-feb-2025"), start=start, end=end, contracted_hours=hours, standard_minimum=None
    )
    assert got == Decimal(expected) and basis in why


def test_published_minimum_from_august_2025() -> None:
    got, why = combination.otj_required_hours(
        _rs("dfe-2025-26"),
        start=date(2025, 9, 1),
        end=date(2026, 9, 1),
        contracted_hours=Decimal(37),
        standard_minimum=278,
    )
    assert got == 278 and "published minimum" in why
    with pytest.raises(ValueError):
        combination.otj_required_hours(
            _rs("dfe-2025-26"),
            start=date(2025, 9, 1),
            end=date(2026, 9, 1),
            contracted_hours=Decimal(37),
            standard_minimum=None,
        )


def test_minimum_duration_twelve_then_eight_months() -> None:
    assert combination.minimum_end(_rs("esfa-feb-2025-to-jul-2025"), date(2025, 7, 31)) == date(2026, 7, 31)
    assert combination.minimum_end(_rs("dfe-2025-26"), date(2025, 8, 1)) == date(2026, 4, 1)


def test_reviews_every_twelve_weeks_then_every_three_months() -> None:
    weeks = combination.review_due_dates(_rs("esfa-2022-to-feb-2025"), date(2024, 1, 1), date(2024, 12, 31))
    assert weeks[:2] == [date(2024, 3, 25), date(2024, 6, 17)] and len(weeks) == 4
    months = combination.review_due_dates(_rs("dfe-2025-26"), date(2025, 8, 31), date(2026, 8, 31))
    assert months == [date(2025, 11, 30), date(2026, 2, 28), date(2026, 5, 31), date(2026, 8, 31)]


@pytest.mark.parametrize(
    ("code", "born", "employer", "required"),
    [
        ("esfa-2022-to-feb-2025", date(1990, 1, 1), False, True),  # everyone, whatever the age
        ("dfe-2025-26", date(2007, 9, 2), False, True),  # 18 on the day before the start
        ("dfe-2025-26", date(2007, 9, 1), False, False),  # 19 on the start day: the employer decides
        ("dfe-2025-26", date(2007, 9, 1), True, True),
    ],
)
def test_english_and_maths_by_age_at_start(code: str, born: date, employer: bool, required: bool) -> None:
    got, why = combination.english_maths_required(
        _rs(code), date_of_birth=born, start=date(2026, 9, 1), employer_requires=employer
    )
    assert got is required and why


def test_english_and_maths_unknown_without_a_date_of_birth() -> None:
    got, why = combination.english_maths_required(
        _rs("dfe-2025-26"), date_of_birth=None, start=date(2026, 9, 1), employer_requires=True
    )
    assert got is None and "Date of birth" in why


def test_every_rule_set_cites_its_sources() -> None:
    for rs in FundingRuleSet.objects.all():
        assert rs.sources and all("gov.uk" in s or "ESFA" in s or "Department" in s for s in rs.sources)


def test_catalogue_keeps_old_versions_and_records_stay_on_theirs(tmp_path: Path) -> None:
    old = Standard.objects.get(code="ST0119", version="1.0")
    new = Standard.objects.get(code="ST0119", version="1.1")
    assert not old.is_current and new.is_current
    assert not old.criteria.filter(code="K8").exists() and new.criteria.filter(code="K8").exists()
    # loading again (every migrate does) changes nothing that exists
    before = Criterion.objects.count()
    load_catalogue(DATA)
    assert Criterion.objects.count() == before


def test_rule_sets_with_a_gap_are_refused(tmp_path: Path) -> None:
    for name in ("qualifications.json", "standards.json"):
        shutil.copy(DATA / name, tmp_path / name)
    data = json.loads((DATA / "funding_rules.json").read_text())
    data["rule_sets"][1]["starts_on"] = "2022-08-02"
    (tmp_path / "funding_rules.json").write_text(json.dumps(data))
    with pytest.raises(ValueError, match="gap"):
        load_catalogue(tmp_path)


def test_catalogue_pages(login: Any, world: Any) -> None:
    client = login("apprentice")
    page = client.get("/programmes/")
    assert page.status_code == 200 and "Level 2 Diploma in Care" in page.content.decode()
    std = Standard.objects.get(code="ST0216")
    assert "Person-centred care" in client.get(f"/programmes/standards/{std.pk}/").content.decode()
    client.logout()
    assert client.get("/programmes/").status_code == 302
