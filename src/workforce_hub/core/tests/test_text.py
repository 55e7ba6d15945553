"""Words in running text."""

from __future__ import annotations

import pytest

from workforce_hub.core.text import lower_first


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
