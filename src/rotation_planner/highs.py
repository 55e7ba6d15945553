"""HiGHS plumbing shared by the solver and the explainer: the model as plain arrays, one configured solver."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from .model import Model

SEED = 20261122
DIVE_REST = 100  # undecided blocks: a dive hands the last this many (or DIVE_FINISH of them) to an exact solve
DIVE_FINISH = 0.02
FIX_UNDER = 0.1  # a part whose LP leaves at most this share of blocks undecided is finished by fixing, not diving


@dataclass
class LpData:
    """Everything HiGHS needs for one part, as plain arrays (cheap to send to a worker process)."""

    n_x: int
    cost: np.ndarray
    lower: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    start: np.ndarray
    index: np.ndarray
    #: for each x column, the (apprentice, block) it places: the index of its placement row among them
    group: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def cheapest(self) -> float:
        """A bound that needs no solving: every attended block at its cheapest allowed setting (preference
        slacks at 0). Valid for any plan, since each block has exactly one placement."""
        if self.n_x == 0:
            return 0.0
        least = np.full(int(self.group.max()) + 1, np.inf)
        np.minimum.at(least, self.group, self.cost[: self.n_x])
        return float(least.sum())


def ranks_within(groups: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Each entry's rank among the entries of its group, lowest `key` first (0 is the lowest)."""
    order = np.lexsort((key, groups))
    sorted_groups = groups[order]
    rank = np.empty(len(groups), dtype=np.int64)
    rank[order] = np.arange(len(groups)) - np.searchsorted(sorted_groups, sorted_groups)
    return rank


def lp_data(model: Model) -> LpData:
    n_x, n_y = model.n_x, len(model.pref)
    n = n_x + n_y
    rows = model.rows
    cost = np.concatenate([model.var_cost, np.full(n_y, model.instance.weights["unmet_preference"])])
    lower = np.concatenate([model.var_fixed.astype(float), np.zeros(n_y)])
    empty = np.zeros(0, dtype=np.int64)
    lengths = np.fromiter((len(row[4]) for row in rows), dtype=np.int64, count=len(rows))
    assign = [r for r, row in enumerate(rows) if row[0] == "assign"]
    group = np.zeros(n_x, dtype=np.int64)
    if assign:
        group[np.concatenate([rows[r][4] for r in assign])] = np.repeat(np.arange(len(assign)), lengths[assign])
    # every entry is 1: each row's x columns, then each preference slack in its own row; rows stay in order
    # within a column, so a stable sort by column gives the column-wise matrix
    prefs = [(r, n_x + row[1][2]) for r, row in enumerate(rows) if row[0] == "preference"]
    row_of = np.concatenate([np.repeat(np.arange(len(rows)), lengths), np.array([r for r, _ in prefs], dtype=np.int64)])
    col_of = np.concatenate([*(row[4] for row in rows), np.array([c for _, c in prefs], dtype=np.int64), empty])
    order = np.argsort(col_of, kind="stable")
    start = np.concatenate([[0], np.cumsum(np.bincount(col_of, minlength=n))])
    return LpData(
        n_x,
        cost,
        lower,
        np.array([row[2] for row in rows], dtype=float),
        np.array([row[3] for row in rows], dtype=float),
        start.astype(np.int32),
        row_of[order].astype(np.int32),
        group,
    )


def _highs_from(
    data: LpData,
    seconds: float,
    integer_weights: bool,
    relax_integrality: bool = False,
    fix: np.ndarray | None = None,
    threads: int = 0,
) -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", SEED)
    h.setOptionValue("time_limit", max(0.05, seconds))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999 if integer_weights else 1e-9)
    if threads:
        h.setOptionValue("threads", threads)
    n = len(data.cost)
    lower = data.lower.copy()
    if fix is not None and len(fix):
        lower[fix] = 1.0
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(data.row_lower)
    lp.col_cost_ = data.cost
    lp.col_lower_ = lower
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = data.row_lower
    lp.row_upper_ = data.row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = data.start
    lp.a_matrix_.index_ = data.index
    lp.a_matrix_.value_ = np.ones(len(data.index))
    if not relax_integrality:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * data.n_x + [highspy.HighsVarType.kContinuous] * (
            n - data.n_x
        )
    h.passModel(lp)
    return h


def ready() -> bool:
    """Nothing: a worker that runs it has started and imported HiGHS."""
    return True


def run_task(
    data: LpData,
    mode: str,
    seconds: float,
    integer_weights: bool,
    fix: np.ndarray | None = None,
    start_values: np.ndarray | None = None,
    threads: int = 0,
    basis: tuple[np.ndarray, np.ndarray] | None = None,
    keep_basis: bool = False,
    presolve: bool = True,
    reduced_costs: bool = False,
) -> dict[str, Any]:
    """Solve one part: `lp` (relaxation), `dive` (the relaxation, then a plan rounded from it), `fix` (MIP with
    LP decisions kept) or `mip` (full, warm-started). Runs in this process or in a worker. `keep_basis`: an LP
    also returns its optimal basis, from which a later `dive` (given it as `basis`) starts without solving again.
    `presolve=False`: a large part's LP solves about a fifth sooner without HiGHS's presolve (ADR 0030).
    `reduced_costs`: an LP also returns each placement column's reduced cost, which steers the search (ADR 0038)."""
    started = time.monotonic()
    h = _highs_from(data, seconds, integer_weights, relax_integrality=mode in ("lp", "dive"), fix=fix, threads=threads)
    if not presolve:
        h.setOptionValue("presolve", "off")
    if basis is not None:
        given = highspy.HighsBasis()
        given.col_status = [highspy.HighsBasisStatus(v) for v in basis[0].tolist()]
        given.row_status = [highspy.HighsBasisStatus(v) for v in basis[1].tolist()]
        given.valid = True
        h.setBasis(given)
    if start_values is not None:
        solution = highspy.HighsSolution()
        solution.col_value = list(start_values)
        solution.value_valid = True
        h.setSolution(solution)
    h.run()
    status = h.getModelStatus()
    out: dict[str, Any] = {
        "status": h.modelStatusToString(status),
        "infeasible": status == highspy.HighsModelStatus.kInfeasible,
        "optimal": status == highspy.HighsModelStatus.kOptimal,
        "values": None,
        "dual": None,
        "objective": None,
    }
    try:
        _read_results(h, data, mode, started, seconds, integer_weights, out, keep_basis, reduced_costs)
    finally:
        out["seconds"] = round(time.monotonic() - started, 2)
    return out


def _read_results(
    h: highspy.Highs,
    data: LpData,
    mode: str,
    started: float,
    seconds: float,
    integer_weights: bool,
    out: dict[str, Any],
    keep_basis: bool = False,
    reduced_costs: bool = False,
) -> None:
    status = h.getModelStatus()
    info = h.getInfo()
    if mode in ("lp", "dive"):
        if status == highspy.HighsModelStatus.kOptimal:
            out["objective"] = info.objective_function_value
            out["values"] = np.asarray(h.getSolution().col_value[: data.n_x])
            if reduced_costs:
                out["reduced"] = np.asarray(h.getSolution().col_dual[: data.n_x])
            if keep_basis:
                found = h.getBasis()
                out["basis"] = (
                    np.array([int(v) for v in found.col_status], dtype=np.int8),
                    np.array([int(v) for v in found.row_status], dtype=np.int8),
                )
            if mode == "dive":
                out["row_dual"] = np.asarray(h.getSolution().row_dual)  # the LP's prices, for a Lagrangian bound
                out["lp_values"] = x = out["values"]
                out["values"] = None
                if _undecided_share(data, x) <= FIX_UNDER:
                    # nearly whole already: keep what the LP decided and solve the rest exactly (ADR 0006's fixing)
                    fixed = run_task(
                        data, "fix", started + seconds - time.monotonic(), integer_weights, fix=np.flatnonzero(x > 0.99)
                    )
                    out["values"] = fixed["values"]
                if out["values"] is None:
                    out["values"] = dive(h, data, started + seconds)
        return
    if math.isfinite(info.mip_dual_bound):
        out["dual"] = info.mip_dual_bound
    if info.primal_solution_status == highspy.kSolutionStatusFeasible:
        out["values"] = np.asarray(h.getSolution().col_value)


def _block_best(data: LpData, x: np.ndarray) -> np.ndarray:
    """Each block's largest LP value among its settings (1 where the LP places it whole)."""
    best = np.full(int(data.group.max()) + 1, -1.0)
    np.maximum.at(best, data.group, x[: data.n_x])
    return best


def _undecided_share(data: LpData, x: np.ndarray) -> float:
    """The share of blocks the LP has not placed whole."""
    if data.n_x == 0:
        return 0.0
    return float(np.mean(_block_best(data, x) < 1 - 1e-6))


def dive(h: highspy.Highs, data: LpData, deadline: float) -> np.ndarray | None:
    """A plan rounded from the solved relaxation in `h`: keep every placement the LP already makes whole, and in
    each round also place the most decided share of the undecided blocks at their largest LP value; solve the LP
    again (from where it was) and repeat until every block is whole. When a round makes the LP infeasible it is
    undone and the share halved; a single placement that does so is ruled out. Returns the column values, or None
    (no time, or no way through)."""
    group, n_x = data.group, data.n_x
    if n_x == 0:
        return np.asarray(h.getSolution().col_value)
    n_groups = int(group.max()) + 1
    lower = data.lower[:n_x].copy()
    share = 0.3
    while time.monotonic() < deadline:
        values = np.asarray(h.getSolution().col_value)
        x = values[:n_x]
        best = _block_best(data, x)
        undecided = np.flatnonzero(best < 1 - 1e-6)
        if len(undecided) == 0:
            values[:n_x] = np.round(x)
            return values
        if len(undecided) <= max(DIVE_REST, DIVE_FINISH * n_groups):
            return _finish(h, data, lower)
        whole = np.flatnonzero((x > 1 - 1e-6) & (lower < 1))
        order = np.lexsort((-x, group))
        top = order[np.searchsorted(group[order], np.arange(n_groups))]  # each block's largest value
        chosen = undecided[np.argsort(-best[undecided], kind="stable")[: max(1, int(len(undecided) * share))]]
        guesses = top[chosen]
        cols = np.concatenate([whole, guesses]).astype(np.int32)
        h.changeColsBounds(len(cols), cols, np.ones(len(cols)), np.ones(len(cols)))
        lower[cols] = 1.0
        h.run()  # HiGHS counts its time limit over all runs of `h`: the task's limit still holds
        if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            continue
        if h.getModelStatus() != highspy.HighsModelStatus.kInfeasible:
            return None
        back = guesses.astype(np.int32)
        lower[back] = 0.0
        if len(guesses) == 1:
            # that one placement cannot be part of any plan from here: rule it out instead
            h.changeColsBounds(1, back, np.zeros(1), np.zeros(1))
        else:
            h.changeColsBounds(len(back), back, np.zeros(len(back)), np.ones(len(back)))
            share /= 2
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
    return None


def _finish(h: highspy.Highs, data: LpData, lower: np.ndarray) -> np.ndarray | None:
    """The few blocks a dive left undecided, solved exactly with every decided placement kept."""
    n_x = data.n_x
    whole = np.flatnonzero(lower >= 1).astype(np.int32)
    h.changeColsBounds(len(whole), whole, np.ones(len(whole)), np.ones(len(whole)))
    h.changeColsIntegrality(n_x, np.arange(n_x, dtype=np.int32), np.full(n_x, highspy.HighsVarType.kInteger))
    h.run()
    if h.getInfo().primal_solution_status != highspy.kSolutionStatusFeasible:
        return None
    values = np.asarray(h.getSolution().col_value)
    values[:n_x] = np.round(values[:n_x])
    return values


def highs_for(
    model: Model, seconds: float, integer_weights: bool, relax_integrality: bool = False, fix: np.ndarray | None = None
) -> highspy.Highs:
    return _highs_from(lp_data(model), seconds, integer_weights, relax_integrality=relax_integrality, fix=fix)
