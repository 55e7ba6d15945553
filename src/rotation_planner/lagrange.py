"""A bound for a part whose whole LP does not finish in time, and a small problem that finds it better plans (ADR 0036).

**Lagrangian relaxation of the places.** Price every capacity and organisation row (a price of 0 or more per
place) and drop it: what is left falls apart into one small problem per apprentice (a setting for each attended
block, types not repeated, required types seen, preferences rewarded), solved exactly by a dynamic programme over
the set of types used so far, for all apprentices at once in numpy. At any prices, the apprentices' optima less
what all the places cost is a true lower bound (a plan keeps every row, so charging it for its places and paying
every place back costs it nothing more). Since each apprentice's problem is a network flow, the best prices give
exactly the LP's bound; a deflected subgradient ascent (Polyak's step towards the best plan) gets close to them in
a few hundred steps of a quarter of a second each on a connected ICS (3.7 million variables), where the LP itself
takes longer than the whole time limit.

**The core problem.** At good prices, the placements a good plan uses are among the few cheapest of each block
once priced. Keeping the `CORE_KEEP` cheapest of every (apprentice, block), and the plan's own, gives a problem of
about a thirtieth of the size, which HiGHS's MIP improves from the plan; its plans keep every row of the part.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from .highs import LpData, ranks_within
from .model import PREFERENCE, TYPE, Model, place_rows

CORE_KEEP = 6  # placements kept per (apprentice, block) in the core problem, beside the plan's own
DEFLECT = 0.8  # of the last direction kept in the next (deflected subgradient: fewer zig-zags)
PATIENCE = 20  # steps without a better bound before the step size halves


@dataclass
class Relaxation:
    """One part's Lagrangian relaxation as plain arrays (cheap to send to a worker process)."""

    cost: np.ndarray  # each x column's cost
    start: np.ndarray  # column-wise entries of the x columns (as LpData: start, index)
    index: np.ndarray
    priced: np.ndarray  # per row: a capacity or organisation row (priced and dropped)
    upper: np.ndarray  # per row: its places (0 where not priced)
    order: np.ndarray  # x columns sorted by (apprentice, block position, type)
    starts: np.ndarray  # where each (apprentice, block position, type) segment starts in `order`
    segment: np.ndarray  # each segment's key: (apprentice * n_blocks + position) * n_types + type
    blocks: np.ndarray  # per apprentice: how many blocks they attend in this part
    n_blocks: int
    n_types: int
    required: np.ndarray  # per apprentice: bit mask of the types they must see
    reward: np.ndarray  # per apprentice and type: what seeing it saves (unmet preferences)
    constant: float  # every preference's penalty (the rewards are taken off it)
    no_repeat: bool

    @property
    def n_x(self) -> int:
        return len(self.cost)


def relaxation(model: Model, data: LpData) -> Relaxation:
    """The part's relaxation: every row that is not an apprentice's own is priced and dropped."""
    instance = model.instance
    n_x = model.n_x
    types = sorted({s.type for s in instance.settings})
    type_code = {t: i for i, t in enumerate(types)}
    s_type = np.array([type_code[s.type] for s in instance.settings])
    apprentices = np.unique(model.var_a)
    a_local = np.searchsorted(apprentices, model.var_a)
    n_all = len(model.blocks)
    placed = np.unique(model.var_a * n_all + model.var_block)
    first = np.searchsorted(placed, apprentices * n_all)
    position = np.searchsorted(placed, model.var_a * n_all + model.var_block) - first[a_local]
    blocks = np.diff(np.r_[first, len(placed)])
    n_blocks, n_types = int(blocks.max()), len(types)
    key = (a_local * n_blocks + position) * n_types + s_type[model.var_s]
    order = np.argsort(key, kind="stable")
    starts = np.r_[0, np.flatnonzero(np.diff(key[order])) + 1]
    required = np.zeros(len(apprentices), dtype=np.int64)
    reward = np.zeros((len(apprentices), n_types))
    weight = instance.weights["unmet_preference"]
    for kind, ident, lower, _upper, _cols in model.rows:
        if kind == TYPE and lower >= 1:
            required[np.searchsorted(apprentices, ident[0])] |= 1 << type_code[ident[1]]
        elif kind == PREFERENCE:
            reward[np.searchsorted(apprentices, ident[0]), type_code[ident[1]]] += weight
    priced = place_rows(model)
    return Relaxation(
        cost=model.var_cost.astype(float),
        start=data.start[: n_x + 1].astype(np.int64),
        index=data.index[: data.start[n_x]].astype(np.int32),
        priced=priced,
        upper=np.where(priced, data.row_upper, 0.0),
        order=order.astype(np.int32),
        starts=starts,
        segment=key[order][starts],
        blocks=blocks,
        n_blocks=n_blocks,
        n_types=n_types,
        required=required,
        reward=reward,
        constant=weight * len(model.pref),
        no_repeat=instance.rules.no_repeat_type,
    )


def _steps(rel: Relaxation) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """The dynamic programme's moves, block position by position: the sets of types used so far that can be
    reached, and each move (set before, type chosen, set after), sorted by the set after."""
    states = np.array([0], dtype=np.int64)
    steps = []
    for _ in range(rel.n_blocks):
        before = np.repeat(np.arange(len(states)), rel.n_types)
        chosen = np.tile(np.arange(rel.n_types), len(states))
        sets = states[before]
        if rel.no_repeat:
            fresh = (sets >> chosen) & 1 == 0
            before, chosen, sets = before[fresh], chosen[fresh], sets[fresh]
        after_sets = sets | (1 << chosen)
        reached = np.unique(after_sets)
        after = np.searchsorted(reached, after_sets)
        order = np.argsort(after, kind="stable")
        after = after[order]
        cuts = np.r_[0, np.flatnonzero(np.diff(after)) + 1]
        steps.append((before[order], chosen[order], after, cuts, reached))
        states = reached
    return steps


def evaluate(rel: Relaxation, prices: np.ndarray, steps: list | None = None) -> tuple[float, np.ndarray]:
    """The Lagrangian bound at `prices` (0 or more on priced rows, ignored elsewhere) and the columns each
    apprentice's best choice takes (one per attended block). The bound is -inf when an apprentice has no choice
    that keeps their own rows (then neither has the part)."""
    steps = steps or _steps(rel)
    prices, reduced = priced_costs(rel, prices)
    ordered = reduced[rel.order]
    least = np.minimum.reduceat(ordered, rel.starts)
    n_a = len(rel.blocks)
    flat = np.full(n_a * rel.n_blocks * rel.n_types, np.inf)
    flat[rel.segment] = least
    table = flat.reshape(n_a, rel.n_blocks, rel.n_types)
    choice = np.zeros((n_a, rel.n_blocks), dtype=np.int64)
    total = 0.0
    for count in np.unique(rel.blocks):
        who = np.flatnonzero(rel.blocks == count)
        costs = table[who]
        value = np.zeros((len(who), 1))
        back = []
        for i in range(int(count)):
            before, chosen, _after, cuts, _reached = steps[i]
            if len(chosen) == 0:  # more blocks than types, and types not repeated: no apprentice of these has a plan
                return -np.inf, np.zeros(0, dtype=np.int64)
            moves = value[:, before] + costs[:, i, chosen]
            value = np.minimum.reduceat(moves, cuts, axis=1)
            best = np.repeat(value, np.diff(np.r_[cuts, moves.shape[1]]), axis=1)
            move = np.where(moves <= best, np.arange(moves.shape[1])[None, :], moves.shape[1])
            back.append(np.minimum.reduceat(move, cuts, axis=1))
        sets = steps[int(count) - 1][4]
        bits = (sets[:, None] >> np.arange(rel.n_types)[None, :]) & 1
        ends = value - rel.reward[who] @ bits.T
        ends = np.where((sets[None, :] & rel.required[who, None]) == rel.required[who, None], ends, np.inf)
        end = np.argmin(ends, axis=1)
        total += float(ends[np.arange(len(who)), end].sum())
        for i in range(int(count) - 1, -1, -1):
            before, chosen, _after, _cuts, _reached = steps[i]
            move = back[i][np.arange(len(who)), end]
            choice[who, i] = chosen[move]
            end = before[move]
    if not np.isfinite(total):
        return -np.inf, np.zeros(0, dtype=np.int64)
    # the cheapest column of each chosen (apprentice, block, type)
    a = np.repeat(np.arange(n_a), rel.n_blocks)
    pos = np.tile(np.arange(rel.n_blocks), n_a)
    attended = pos < rel.blocks[a]
    wanted = ((a * rel.n_blocks + pos) * rel.n_types + choice.ravel())[attended]
    segment = np.searchsorted(rel.segment, wanted)
    of = np.repeat(np.arange(len(rel.starts)), np.diff(np.r_[rel.starts, rel.n_x]))
    at_least = np.flatnonzero(ordered <= least[of])
    firsts = at_least[np.r_[True, of[at_least][1:] != of[at_least][:-1]]]
    cheapest = np.empty(len(rel.starts), dtype=np.int64)
    cheapest[of[firsts]] = rel.order[firsts]
    return total + rel.constant - float(prices @ rel.upper), cheapest[segment]


def usage(rel: Relaxation, columns: np.ndarray) -> np.ndarray:
    """How many of each row's places the columns take."""
    lengths = rel.start[columns + 1] - rel.start[columns]
    offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.bincount(rel.index[np.repeat(rel.start[columns], lengths) + offsets], minlength=len(rel.priced))


def ascend(rel: Relaxation, prices: np.ndarray, target: float, seconds: float, theta: float = 1.0) -> dict[str, Any]:
    """Raise the bound from `prices` for `seconds`: deflected subgradient steps, each of Polyak's length towards
    `target` (the best plan's cost), `theta` times the full step, halved after PATIENCE steps without a better
    bound. Returns the best bound (-inf if none), its prices, how many steps were taken and the last `theta` (to go
    on from). Runs in a worker."""
    until = time.monotonic() + seconds
    steps = _steps(rel)
    prices = _clean(rel, prices)
    best, best_prices = -np.inf, prices.copy()
    stall, taken = 0, 0
    direction = np.zeros(len(prices))
    while time.monotonic() < until:
        bound, columns = evaluate(rel, prices, steps)
        taken += 1
        if not np.isfinite(bound):
            break
        if bound > best + 1e-9:
            best, best_prices, stall = bound, prices.copy(), 0
        else:
            stall += 1
            if stall >= PATIENCE:
                theta, stall = theta / 2, 0
                if theta < 1e-4:
                    break  # the steps no longer move the bound
        over = np.where(rel.priced, usage(rel, columns) - rel.upper, 0.0)
        over[(prices <= 0) & (over < 0)] = 0.0
        direction = over + DEFLECT * direction
        direction[(prices <= 0) & (direction < 0)] = 0.0
        norm = float(direction @ direction)
        if norm == 0.0 or bound >= target:
            break  # the relaxation's choice keeps every row: it is optimal, and so is the bound
        goal = target if np.isfinite(target) else bound + 0.05 * max(1.0, abs(bound))  # no plan: aim 5% higher
        prices = np.maximum(0.0, prices + theta * (goal - bound) / norm * direction)
    return {"bound": best, "prices": best_prices, "steps": taken, "theta": theta}


def warm_prices(rows_of_areas: list[np.ndarray], duals: list[np.ndarray | None], n_rows: int) -> np.ndarray:
    """Prices to start from: for each of the part's rows, the highest price the areas' LPs put on their copies of
    it (HiGHS gives a binding `<=` row of a minimisation a dual of 0 or less). At these prices the relaxation is at
    least the areas' bound when the LPs are the areas' own (each apprentice pays no less, each place is paid once)."""
    prices = np.zeros(n_rows)
    for rows, dual in zip(rows_of_areas, duals, strict=True):
        if dual is not None:
            np.maximum.at(prices, rows, np.maximum(-np.asarray(dual), 0.0))
    return prices


def _clean(rel: Relaxation, prices: np.ndarray) -> np.ndarray:
    """Prices of 0 or more on the priced rows, 0 on the rest."""
    return np.where(rel.priced, np.maximum(prices, 0.0), 0.0)


def priced_costs(rel: Relaxation, prices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The prices as the relaxation uses them (0 or more, on priced rows only), and each x column's cost with the
    prices of the rows it is in added."""
    prices = _clean(rel, prices)
    return prices, rel.cost + np.add.reduceat(prices[rel.index], rel.start[:-1])


def core_ranks(rel: Relaxation, prices: np.ndarray) -> np.ndarray:
    """Each x column's rank among its (apprentice, block)'s columns, cheapest first at `prices` (0 is the
    cheapest): one sort serves every size of core problem."""
    _prices, reduced = priced_costs(rel, prices)
    # rank within (apprentice, block position): the segment key without its type
    block_key = rel.segment // rel.n_types
    of = np.repeat(block_key, np.diff(np.r_[rel.starts, rel.n_x]))
    column_key = np.empty(rel.n_x, dtype=np.int64)
    column_key[rel.order] = of
    return ranks_within(column_key, reduced)


def core(ranks: np.ndarray, plan: np.ndarray, keep: int = CORE_KEEP) -> np.ndarray:
    """The x columns of the core problem: the `keep` cheapest of every (apprentice, block) by `ranks`
    (`core_ranks`), and every column the plan uses."""
    return np.flatnonzero((ranks < keep) | (plan[: len(ranks)] > 0.5))
