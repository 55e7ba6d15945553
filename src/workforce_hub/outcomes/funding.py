"""How partners share a scheme's costs: in proportion to organisation size (headcount) or in equal shares, with
partners who take part but are not asked to pay (the evaluated pilot did not ask independent providers); what the
scheme costs per apprentice and per completer; and the cap on levy transfers between partners.

Amounts are in pence so they always add up to the total: each funder gets the whole pence of its exact share and
the pence left over go, one each, to the funders with the largest remainders (ties by name), so nobody is short
by more than a penny and no penny is invented or lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

#: An employer may transfer up to this share of its unspent apprenticeship levy to other organisations (seed 001,
#: note 14: 25%, to be spent on apprenticeships, the sender acting as adviser to the receiver).
LEVY_TRANSFER_CAP = Fraction(1, 4)


@dataclass(frozen=True)
class Funder:
    name: str
    size: int
    exempt: bool = False


@dataclass(frozen=True)
class Share:
    name: str
    size: int
    fraction: Fraction
    amount: Decimal | None
    exempt: bool = False

    @property
    def percent(self) -> float:
        return float(self.fraction * 100)


class FundingError(ValueError):
    pass


def shares(funders: list[Funder], method: str, total: Decimal | None = None) -> list[Share]:
    """Each paying funder's share; partners not asked to pay are listed with nothing to pay."""
    paying = [f for f in funders if not f.exempt]
    exempt = [
        Share(f.name, f.size, Fraction(0), None if total is None else Decimal("0.00"), True)
        for f in funders
        if f.exempt
    ]
    return _shares(paying, method, total) + exempt


def _shares(funders: list[Funder], method: str, total: Decimal | None) -> list[Share]:
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


@dataclass(frozen=True)
class Costs:
    shared: Decimal
    training: Decimal
    started: int
    completed: int

    @property
    def total(self) -> Decimal:
        return self.shared + self.training

    @property
    def per_apprentice(self) -> Decimal | None:
        return _per(self.total, self.started)

    @property
    def per_completer(self) -> Decimal | None:
        return _per(self.total, self.completed)


def _per(amount: Decimal, people: int) -> Decimal | None:
    return (amount / people).quantize(Decimal("0.01")) if people else None


def costs(*, shared: Decimal | None, training_per_person: Decimal | None, started: int, completed: int) -> Costs | None:
    """The scheme's cost: what the funders shared plus training for every apprentice who started."""
    if shared is None and training_per_person is None:
        return None
    return Costs(shared or Decimal(0), (training_per_person or Decimal(0)) * started, started, completed)


def transfer_room(levy_funds: Decimal, already_sent: Decimal) -> Decimal:
    """How much more a sender may transfer in the year: the cap's share of its levy funds less what it sent."""
    cap = (levy_funds * LEVY_TRANSFER_CAP.numerator / LEVY_TRANSFER_CAP.denominator).quantize(Decimal("0.01"))
    return max(cap - already_sent, Decimal(0))
