"""Large-neighbourhood search on one part: free a group of apprentices who compete for the same places, keep
everyone else where they are, and solve the freed apprentices' problem exactly (a small MIP with the places the
others leave). A better answer replaces the plan; the plan is valid after every step."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .highs import LpData, ranks_within, run_task
from .model import Model, place_rows

ADAPTIVE_START, ADAPTIVE_MIN, ADAPTIVE_MAX = 60, 30, 250  # apprentices per neighbourhood when it adapts (ADR 0038)
REDUCED_SLACK = 1.0  # placements whose reduced cost is at most this are allowed too, whatever their rank (ADR 0039)
LINKED_SHARE = 0.5  # of the neighbourhoods, when the search has `allowed`: apprentices linked by places (ADR 0039)


@dataclass
class Columns:
    """Column-wise access to a part's matrix: the column of every non-zero."""

    data: LpData
    nz_col: np.ndarray

    @classmethod
    def of(cls, data: LpData) -> Columns:
        return cls(data, np.repeat(np.arange(len(data.cost)), np.diff(data.start)))

    def activity(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.data.index, weights=values[self.nz_col], minlength=len(self.data.row_lower))

    def placed(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The non-zeros of the placements `values` makes: their rows, and their columns."""
        made = np.zeros(len(self.data.cost), dtype=bool)
        made[: self.data.n_x] = values[: self.data.n_x] > 0.5
        mine = made[self.nz_col]
        return self.data.index[mine], self.nz_col[mine]

    def without(self, values: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, LpData]:
        """`values` with the columns `keep` at 0, and the problem of those columns in what the rest leaves."""
        rest = values.copy()
        rest[keep] = 0.0
        return rest, self.subproblem(keep, self.activity(rest))

    def subproblem(self, keep: np.ndarray, fixed_activity: np.ndarray) -> LpData:
        """The columns `keep` only, with every row's bounds moved by what the other columns already use."""
        d = self.data
        mask = np.zeros(len(d.cost), dtype=bool)
        mask[keep] = True
        nz = mask[self.nz_col]
        counts = np.diff(d.start)[keep]
        start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
        return LpData(
            int(np.sum(keep < d.n_x)),
            d.cost[keep],
            d.lower[keep],
            d.row_lower - fixed_activity,
            d.row_upper - fixed_activity,
            start,
            d.index[nz].astype(np.int32),
            np.unique(d.group[keep[keep < d.n_x]], return_inverse=True)[1] if len(d.group) else d.group,
        )


def allowed_moves(data: LpData, reduced: np.ndarray, keep: int) -> np.ndarray:
    """The placement columns whose LP reduced cost is among the `keep` lowest of their (apprentice, block), or at
    most REDUCED_SLACK: where a better plan almost always lies on a part whose LP is close to its optimum (ADR 0038,
    0039)."""
    return (ranks_within(data.group, reduced) < keep) | (reduced <= REDUCED_SLACK + 1e-9)


def linked(
    cols: Columns,
    model: Model,
    best: np.ndarray,
    moves: np.ndarray,
    first: int,
    width: int,
    rng: np.random.Generator,
    places: np.ndarray,
) -> np.ndarray:
    """Apprentices linked to `first` through the places they compete for: those the plan `best` puts in a
    capacity or organisation row (`places`, over the part's rows) that a placement the ones chosen so far may move
    to (`moves`) also counts in; outward in rings, each taken in random order, until `width`. Such a chain may cross
    the part (two cohorts whose blocks overlap share a setting's places), which a neighbourhood of the nearest
    apprentices misses (ADR 0039)."""
    row_of_placed, placed_in_row = cols.placed(best)
    chosen, ring = [first], [first]
    seen = {first}
    while ring and len(chosen) < width:
        targets = np.flatnonzero(np.isin(model.var_a, ring) & moves)
        rows = np.unique(cols.data.index[np.isin(cols.nz_col, targets)])
        rows = rows[places[rows]]
        holders = np.unique(model.var_a[placed_in_row[np.isin(row_of_placed, rows)]])
        ring = []
        for a in rng.permutation(holders).tolist():
            if len(chosen) >= width:
                break
            if a not in seen:
                seen.add(a)
                chosen.append(a)
                ring.append(a)
    return np.array(sorted(chosen), dtype=np.int64)


def improve(
    model: Model,
    data: LpData,
    values: np.ndarray,
    deadline: float,
    rng: np.random.Generator,
    integer_weights: bool,
    size: int = 50,
    sub_seconds: float = 2.0,
    target: float = -np.inf,
    allowed: np.ndarray | None = None,
    stop: Callable[[], bool] | None = None,
) -> np.ndarray:
    """Neighbourhoods of `size` apprentices near a random one (they compete for the same settings), until
    `deadline`, a plan costing `target` or less (a proved bound) or `stop()`. Returns the best values found (never worse
    than `values`).

    `allowed` (placement columns, from `allowed_moves`): the freed apprentices may move only to these, or stay where
    they are. Each sub-problem is then smaller, so the neighbourhood adapts: a tenth larger after one solved to
    the end, a fifth smaller after one that ran out of time (ADR 0038). Half the neighbourhoods are then `linked`
    (apprentices linked by the places they hold and may move to), half the time from an apprentice with an unmet
    preference, whose placements of the preferred type are allowed too (ADR 0039)."""
    cols = Columns.of(data)
    n_x = data.n_x
    apprentices = np.unique(model.var_a)
    inst = model.instance
    lat = np.array([inst.apprentices[a].lat for a in apprentices])
    lon = np.array([inst.apprentices[a].lon for a in apprentices]) * np.cos(np.radians(lat.mean()))
    slack_owner = np.array([a for a, _t in model.pref], dtype=np.int64)
    if allowed is not None:  # for the linked neighbourhoods
        col_type = np.array([s.type for s in inst.settings])[model.var_s]
        places = place_rows(model)
    best = values.copy()
    best_cost = float(np.dot(best, data.cost))
    width = float(ADAPTIVE_START if allowed is not None else size)
    while time.monotonic() < deadline - 0.1 and best_cost > target + 1e-6 and not (stop and stop()):
        wanted = np.zeros(n_x, dtype=bool)  # an unmet preference's placements, allowed whatever their cost
        if allowed is not None and rng.random() < LINKED_SHARE:
            unmet = np.flatnonzero(best[n_x:] > 0.5)
            if len(unmet) and rng.random() < 0.5:
                k = int(rng.choice(unmet))
                first = int(slack_owner[k])
                wanted = (model.var_a == first) & (col_type == model.pref[k][1])
            else:
                first = int(apprentices[rng.integers(len(apprentices))])
            chosen = linked(cols, model, best, allowed | wanted, first, round(width), rng, places)
        else:
            centre = rng.integers(len(apprentices))
            dist = (lat - lat[centre]) ** 2 + (lon - lon[centre]) ** 2
            chosen = apprentices[np.argsort(dist)[: min(round(width), len(apprentices))]]
        free = np.isin(model.var_a, chosen)
        if allowed is not None:
            free &= allowed | wanted | (best[:n_x] > 0.5)
        keep = np.flatnonzero(free)
        if len(slack_owner):
            keep = np.concatenate([keep, n_x + np.flatnonzero(np.isin(slack_owner, chosen))])
        rest, sub = cols.without(best, keep)
        seconds = min(sub_seconds, deadline - time.monotonic())
        result = run_task(sub, "mip", seconds, integer_weights, start_values=best[keep], threads=1)
        if allowed is not None:
            width = min(ADAPTIVE_MAX, width * 1.1) if result["optimal"] else max(ADAPTIVE_MIN, width * 0.8)
        found = result["values"]
        if found is None:
            continue
        candidate = rest
        candidate[keep] = np.round(found)
        cost = float(np.dot(candidate, data.cost))
        if cost < best_cost - 1e-6:
            best, best_cost = candidate, cost
    return best
