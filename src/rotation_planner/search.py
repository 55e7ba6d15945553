"""Large-neighbourhood search on one part: free a group of apprentices who compete for the same places, keep
everyone else where they are, and solve the freed apprentices' problem exactly (a small MIP with the places the
others leave). A better answer replaces the plan; the plan is valid after every step."""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np

from .highs import SEED, LpData
from .model import Model


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
        )


def solve_sub(data: LpData, seconds: float, start: np.ndarray | None, n_int: int) -> np.ndarray | None:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", SEED)
    h.setOptionValue("time_limit", max(0.05, seconds))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("threads", 1)
    n = len(data.cost)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(data.row_lower)
    lp.col_cost_ = data.cost
    lp.col_lower_ = data.lower
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = data.row_lower
    lp.row_upper_ = data.row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = data.start
    lp.a_matrix_.index_ = data.index
    lp.a_matrix_.value_ = np.ones(len(data.index))
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n_int + [highspy.HighsVarType.kContinuous] * (n - n_int)
    h.passModel(lp)
    if start is not None:
        solution = highspy.HighsSolution()
        solution.col_value = list(start)
        solution.value_valid = True
        h.setSolution(solution)
    h.run()
    if h.getInfo().primal_solution_status != highspy.kSolutionStatusFeasible:
        return None
    return np.asarray(h.getSolution().col_value)


def improve(
    model: Model,
    data: LpData,
    values: np.ndarray,
    deadline: float,
    rng: np.random.Generator,
    size: int = 60,
    sub_seconds: float = 2.0,
    target: float = -np.inf,
    log: list[tuple[float, float]] | None = None,
) -> np.ndarray:
    """Neighbourhoods of `size` apprentices near a random one (they compete for the same settings), until
    `deadline` or a plan costing `target` or less (a proved bound). Returns the best values found (never worse
    than `values`)."""
    cols = Columns.of(data)
    n_x = data.n_x
    apprentices = np.unique(model.var_a)
    inst = model.instance
    lat = np.array([inst.apprentices[a].lat for a in apprentices])
    lon = np.array([inst.apprentices[a].lon for a in apprentices]) * np.cos(np.radians(lat.mean()))
    slack_owner = np.array([a for a, _t in model.pref], dtype=np.int64)
    best = values.copy()
    best_cost = float(np.dot(best, data.cost))
    size = min(size, len(apprentices))
    tries = 0
    while time.monotonic() < deadline - 0.1 and best_cost > target + 1e-6:
        tries += 1
        centre = rng.integers(len(apprentices))
        dist = (lat - lat[centre]) ** 2 + (lon - lon[centre]) ** 2
        chosen = apprentices[np.argsort(dist)[:size]]
        free = np.isin(model.var_a, chosen)
        keep = np.flatnonzero(free)
        if len(slack_owner):
            keep = np.concatenate([keep, n_x + np.flatnonzero(np.isin(slack_owner, chosen))])
        rest = best.copy()
        rest[keep] = 0.0
        sub = cols.subproblem(keep, cols.activity(rest))
        found = solve_sub(sub, min(sub_seconds, deadline - time.monotonic()), best[keep], int(np.sum(keep < n_x)))
        if found is None:
            continue
        candidate = rest
        candidate[keep] = np.round(found)
        cost = float(np.dot(candidate, data.cost))
        if cost < best_cost - 1e-6:
            best, best_cost = candidate, cost
        if log is not None:
            log.append((round(time.monotonic(), 1), best_cost))
    return best
