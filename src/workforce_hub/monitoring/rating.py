"""The rating the Hub proposes, on the evaluation's four-point scale (seed 001, Figure 7), from an indicator's value,
target, baseline, due date and direction (ADR 0016):

- no value, or no target: unclear on the evidence;
- the target met: achieved;
- not met and not yet due, or due and at least half of the way from the baseline to the target: partly achieved or
  on track;
- due, and less than half of the way: not achieved.

An item's proposal joins its indicators': achieved when all are, not achieved when any is, unclear when every one
is (or it has none), otherwise partly achieved."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

ACHIEVED, PARTIAL, NOT_ACHIEVED, UNCLEAR = "achieved", "partial", "not_achieved", "unclear"
#: share of the way from the baseline to the target that still counts as partly achieved once due
PART_MET = Decimal("0.5")


def propose(
    *,
    value: Decimal | None,
    target: Decimal | None,
    baseline: Decimal | None,
    due_on: date | None,
    higher_is_better: bool,
    on: date,
) -> str:
    if value is None or target is None:
        return UNCLEAR
    met = value >= target if higher_is_better else value <= target
    if met:
        return ACHIEVED
    if due_on is None or on <= due_on:
        return PARTIAL
    start = baseline if baseline is not None else Decimal(0)
    span = target - start
    if span == 0:
        return NOT_ACHIEVED
    share = (value - start) / span
    return PARTIAL if share >= PART_MET else NOT_ACHIEVED


def join(proposals: list[str]) -> str:
    if not proposals or all(p == UNCLEAR for p in proposals):
        return UNCLEAR
    if all(p == ACHIEVED for p in proposals):
        return ACHIEVED
    if NOT_ACHIEVED in proposals:
        return NOT_ACHIEVED
    return PARTIAL
