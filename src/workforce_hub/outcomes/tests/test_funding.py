"""Funding shares: proportional to organisation size or equal, in pence that always add up to the total."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workforce_hub.outcomes.funding import Funder, FundingError, shares


def test_proportional_to_size() -> None:
    out = shares(
        [Funder("Council", 9000), Funder("Trust", 7500), Funder("ICB", 600)], "proportional", Decimal("186000")
    )
    assert [s.fraction for s in out] == [Fraction(9000, 17100), Fraction(7500, 17100), Fraction(600, 17100)]
    assert [s.amount for s in out] == [Decimal("97894.74"), Decimal("81578.95"), Decimal("6526.31")]
    assert sum(s.amount for s in out if s.amount) == Decimal("186000.00")


def test_equal_shares_give_the_odd_penny_to_one_funder() -> None:
    out = shares([Funder("B", 1), Funder("A", 99999), Funder("C", 5)], "equal", Decimal("100.00"))
    assert all(s.fraction == Fraction(1, 3) for s in out)
    assert {s.name: s.amount for s in out} == {"A": Decimal("33.34"), "B": Decimal("33.33"), "C": Decimal("33.33")}


def test_without_a_total_only_fractions() -> None:
    out = shares([Funder("A", 1), Funder("B", 3)], "proportional")
    assert [s.percent for s in out] == [25.0, 75.0] and all(s.amount is None for s in out)


@pytest.mark.parametrize(
    ("funders", "method", "total", "message"),
    [
        ([Funder("A", 0), Funder("B", 0)], "proportional", None, "Record the size"),
        ([Funder("A", -1)], "proportional", None, "negative"),
        ([Funder("A", 1)], "equal", Decimal("-1"), "negative"),
        ([Funder("A", 1)], "by lottery", None, "Unknown"),
    ],
)
def test_bad_inputs_are_refused_with_a_reason(
    funders: list[Funder], method: str, total: Decimal | None, message: str
) -> None:
    with pytest.raises(FundingError, match=message):
        shares(funders, method, total)


def test_a_funder_with_no_staff_pays_nothing_in_proportion() -> None:
    out = shares([Funder("A", 0), Funder("B", 10)], "proportional", Decimal("50"))
    assert [s.amount for s in out] == [Decimal("0.00"), Decimal("50.00")]


@given(
    sizes=st.lists(st.integers(min_value=0, max_value=100_000), min_size=1, max_size=12).filter(lambda xs: sum(xs) > 0),
    pence=st.integers(min_value=0, max_value=10**9),
    method=st.sampled_from(["proportional", "equal"]),
)
def test_amounts_always_add_up_and_are_within_a_penny(sizes: list[int], pence: int, method: str) -> None:
    total = Decimal(pence) / 100
    out = shares([Funder(f"F{i:02d}", s) for i, s in enumerate(sizes)], method, total)
    assert sum(s.amount for s in out if s.amount is not None) == total
    assert sum(s.fraction for s in out) == 1
    for s in out:
        exact = s.fraction * pence
        assert abs(Fraction(int(s.amount * 100)) - exact) < 1  # type: ignore[operator]


def test_partners_not_asked_to_pay_are_listed_with_nothing_to_pay() -> None:
    out = shares(
        [Funder("Council", 9000), Funder("Care home", 380, exempt=True), Funder("Trust", 7500)],
        "proportional",
        Decimal("65122"),
    )
    assert [s.name for s in out] == ["Council", "Trust", "Care home"]
    assert out[2].exempt and out[2].fraction == 0 and out[2].amount == Decimal("0.00")
    assert out[0].fraction == Fraction(9000, 16500)  # the care home's size does not dilute anyone's share
    assert sum(s.amount for s in out if s.amount) == Decimal("65122.00")
    only_exempt = shares([Funder("Care home", 380, exempt=True)], "equal", None)
    assert [(s.name, s.amount) for s in only_exempt] == [("Care home", None)]


def test_cost_per_apprentice_and_per_completer() -> None:
    from workforce_hub.outcomes.funding import costs

    pilot = costs(shared=Decimal("65122"), training_per_person=Decimal("4000"), started=8, completed=5)
    assert pilot is not None
    assert (pilot.training, pilot.total) == (Decimal("32000"), Decimal("97122"))
    assert (pilot.per_apprentice, pilot.per_completer) == (Decimal("12140.25"), Decimal("19424.40"))
    nobody = costs(shared=Decimal("100"), training_per_person=None, started=0, completed=0)
    assert nobody is not None and nobody.per_apprentice is None and nobody.per_completer is None
    assert costs(shared=None, training_per_person=None, started=3, completed=1) is None


@pytest.mark.parametrize(
    ("funds", "sent", "room"),
    [
        (Decimal("100000"), Decimal("0"), Decimal("25000.00")),
        (Decimal("100000"), Decimal("24999.99"), Decimal("0.01")),
        (Decimal("100000"), Decimal("30000"), Decimal("0")),
        (Decimal("0.03"), Decimal("0"), Decimal("0.01")),  # a quarter of 3p, to the penny
    ],
)
def test_levy_transfer_room_is_a_quarter_of_the_levy_funds_less_what_was_sent(
    funds: Decimal, sent: Decimal, room: Decimal
) -> None:
    from workforce_hub.outcomes.funding import transfer_room

    assert transfer_room(funds, sent) == room
