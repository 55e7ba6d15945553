"""Words in running text."""

from __future__ import annotations

import pytest

from workforce_hub.core.text import days_text, lower_first


@pytest.mark.parametrize(
    ("label", "in_a_sentence"),
    [
        ("Funding rules for starts from 1 August 2025", "funding rules for starts from 1 August 2025"),
        ("GCSE grade 3 to 1 or D to G", "GCSE grade 3 to 1 or D to G"),
        ("Level 1", "level 1"),
        ("", ""),
    ],
)
def test_reference_data_keeps_its_capitals_inside_a_sentence(label: str, in_a_sentence: str) -> None:
    assert lower_first(label) == in_a_sentence


def test_days_of_the_week_read_as_words_in_week_order() -> None:
    assert days_text(["tue", "mon"]) == "Monday and Tuesday"
    assert days_text(["mon", "tue", "wed", "thu", "fri"]) == "Monday to Friday"
    assert days_text(["fri", "mon", "wed"]) == "Monday, Wednesday and Friday"
    assert days_text(["sat"]) == "Saturday"
    assert days_text([]) == "no days" and days_text([], none="Not set") == "Not set"
    assert days_text(["mon", "holiday"]) == "Monday"  # an unknown code is left out
