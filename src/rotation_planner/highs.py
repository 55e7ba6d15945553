"""HiGHS plumbing shared by the solver and the explainer: the model as plain arrays, one configured solver."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from .model import Model

SEED = 20261122


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


def lp_data(model: Model) -> LpData:
    n_x, n_y = model.n_x, len(model.pref)
    n = n_x + n_y
    cost = np.concatenate([model.var_cost, np.full(n_y, model.instance.weights["unmet_preference"])])
    lower = np.concatenate([model.var_fixed.astype(float), np.zeros(n_y)])
    row_lo, row_hi, rows_idx, cols_idx = [], [], [], []
    for r, (kind, key, lo, hi, cols) in enumerate(model.rows):
        row_lo.append(lo)
        row_hi.append(hi)
        rows_idx.append(np.full(len(cols), r))
        cols_idx.append(cols)
        if kind == "preference":
            rows_idx.append(np.array([r]))
            cols_idx.append(np.array([n_x + key[2]]))
    r_all = np.concatenate(rows_idx) if rows_idx else np.array([], dtype=np.int64)
    c_all = np.concatenate(cols_idx) if cols_idx else np.array([], dtype=np.int64)
    order = np.lexsort((r_all, c_all))
    start = np.searchsorted(c_all[order], np.arange(n + 1))
    return LpData(
        n_x,
        cost,
        lower,
        np.array(row_lo, dtype=float),
        np.array(row_hi, dtype=float),
        start.astype(np.int32),
        r_all[order].astype(np.int32),
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


def run_task(
    data: LpData,
    mode: str,
    seconds: float,
    integer_weights: bool,
    fix: np.ndarray | None = None,
    start_values: np.ndarray | None = None,
    threads: int = 0,
) -> dict[str, Any]:
    """Solve one part: `lp` (relaxation), `fix` (MIP with LP decisions kept) or `mip` (full, warm-started).
    Runs in this process or in a worker."""
    h = _highs_from(data, seconds, integer_weights, relax_integrality=mode == "lp", fix=fix, threads=threads)
    if start_values is not None:
        solution = highspy.HighsSolution()
        solution.col_value = list(start_values)
        solution.value_valid = True
        h.setSolution(solution)
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    out: dict[str, Any] = {
        "status": h.modelStatusToString(status),
        "infeasible": status == highspy.HighsModelStatus.kInfeasible,
        "optimal": status == highspy.HighsModelStatus.kOptimal,
        "values": None,
        "dual": None,
        "objective": None,
    }
    if mode == "lp":
        if status == highspy.HighsModelStatus.kOptimal:
            out["objective"] = info.objective_function_value
            out["values"] = np.asarray(h.getSolution().col_value[: data.n_x])
        return out
    if math.isfinite(info.mip_dual_bound):
        out["dual"] = info.mip_dual_bound
    if info.primal_solution_status == highspy.kSolutionStatusFeasible:
        out["values"] = np.asarray(h.getSolution().col_value)
    return out


def highs_for(
    model: Model, seconds: float, integer_weights: bool, relax_integrality: bool = False, fix: np.ndarray | None = None
) -> highspy.Highs:
    return _highs_from(lp_data(model), seconds, integer_weights, relax_integrality=relax_integrality, fix=fix)
