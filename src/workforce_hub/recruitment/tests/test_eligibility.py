"""Eligibility rules at their boundaries: age on the start date against every planned host, English and maths
levels, right to work; each failed rule has its own reason."""

from __future__ import annotations

from datetime import date

import pytest

from workforce_hub.recruitment.eligibility import Host, check
from workforce_hub.recruitment.models import Level

START = date(2027, 9, 6)
HOSTS = [Host("Oak House, Oak Care", 16), Host("Ward 1, Elm Hospital", 18)]


def _check(dob: date, english: int = 3, maths: int = 3, rtw: bool = True, hosts: list[Host] = HOSTS) -> dict:
    return {
        r.rule: r
        for r in check(
            date_of_birth=dob,
            english=english,
            maths=maths,
            right_to_work=rtw,
            start=START,
            hosts=hosts,
            min_english=Level.LEVEL_1,
            min_maths=Level.LEVEL_1,
        )
    }


@pytest.mark.parametrize(
    ("dob", "met"),
    [
        (date(2009, 9, 6), True),  # 18th birthday on the start day: old enough for Ward 1
        (date(2009, 9, 7), False),  # 18 the day after the start: 17 on the day
        (date(2005, 1, 1), True),
    ],
)
def test_age_on_the_start_day_against_the_oldest_host(dob: date, met: bool) -> None:
    result = _check(dob)["age"]
    assert result.met is met
    if not met:
        assert "17" in result.reason and "Ward 1, Elm Hospital (from 18)" in result.reason
        assert "Oak House" not in result.reason  # only the hosts that could not take them are named


def test_every_host_is_checked_not_just_the_first() -> None:
    hosts = [Host("A", 16), Host("B", 16), Host("C", 19)]
    result = _check(date(2009, 1, 1), hosts=hosts)["age"]  # 18 on the start day
    assert not result.met and "C (from 19)" in result.reason and "A (" not in result.reason


def test_under_16_is_refused_whatever_the_hosts() -> None:
    result = _check(date(2011, 9, 7), hosts=[])["age"]  # 15 on the start day
    assert not result.met and "16 or over" in result.reason
    assert _check(date(2011, 9, 6), hosts=[])["age"].met  # 16th birthday on the start day


@pytest.mark.parametrize(("start", "met"), [(date(2026, 2, 28), False), (date(2026, 3, 1), True)])
def test_born_on_29_february_has_the_birthday_on_1_march(start: date, met: bool) -> None:
    result = check(
        date_of_birth=date(2008, 2, 29),
        english=3,
        maths=3,
        right_to_work=True,
        start=start,
        hosts=[Host("W", 18)],
        min_english=0,
        min_maths=0,
    )[0]
    assert result.met is met


@pytest.mark.parametrize(
    ("level", "met"), [(Level.NONE, False), (Level.ENTRY, False), (Level.LEVEL_1, True), (Level.LEVEL_2, True)]
)
def test_english_and_maths_at_the_required_level_or_above(level: int, met: bool) -> None:
    results = _check(date(2000, 1, 1), english=level, maths=level)
    assert results["english"].met is met and results["maths"].met is met
    if not met:
        assert "level 1 or above" in results["english"].reason


def test_right_to_work_and_one_reason_per_failed_rule() -> None:
    results = _check(date(2009, 12, 1), english=Level.ENTRY, maths=Level.LEVEL_2, rtw=False)
    failed = [r for r in results.values() if not r.met]
    assert {r.rule for r in failed} == {"age", "english", "right_to_work"}
    assert all(r.reason for r in failed)
    assert "right to work" in results["right_to_work"].reason
