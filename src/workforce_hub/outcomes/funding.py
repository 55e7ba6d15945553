"""How partners share a scheme's costs: in proportion to organisation size (headcount) or in equal shares.

Amounts are in pence so they always add up to the total: each funder gets the whole pence of its exact share and
the pence left over go, one each, to the funders with the largest remainders (ties by name), so nobody is short
by more than a penny and no penny is invented or lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction


@dataclass(frozen=True)
class Funder:
    name: str
    size: int


@dataclass(frozen=True)
class Share:
    name: str
    size: int
    fraction: Fraction
    amount: Decimal | None

    @property
    def percent(self) -> float:
        return float(self.fraction * 100)


class FundingError(ValueError):
    pass


def shares(funders: list[Funder], method: str, total: Decimal | None = None) -> list[Share]:
    if not funders:
        return []
    if method == "proportional":
        if any(f.size < 0 for f in funders):
            raise FundingError("An organisation's size cannot be negative.")
        whole = sum(f.size for f in funders)
        if whole == 0:
            raise FundingError("Record the size of each funding organisation to share costs in proportion to size.")
        fractions = [Fraction(f.size, whole) for f in funders]
    elif method == "equal":
        fractions = [Fraction(1, len(funders)) for _ in funders]
    else:
        raise FundingError(f"Unknown way of sharing costs: {method}.")
    amounts: list[Decimal | None] = [None] * len(funders)
    if total is not None:
        if total < 0:
            raise FundingError("The cost to share cannot be negative.")
        pence = int((total * 100).to_integral_value())
        exact = [fr * pence for fr in fractions]
        floors = [int(x) for x in exact]  # Fractions >= 0: int() is the floor
        left = pence - sum(floors)
        order = sorted(range(len(funders)), key=lambda i: (-(exact[i] - floors[i]), funders[i].name))
        for i in order[:left]:
            floors[i] += 1
        amounts = [(Decimal(p) / 100).quantize(Decimal("0.01")) for p in floors]
    return [Share(f.name, f.size, fr, a) for f, fr, a in zip(funders, fractions, amounts, strict=True)]
