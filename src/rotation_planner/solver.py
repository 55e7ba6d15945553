"""Solve the model with HiGHS (MIP; its dual bound is the proved lower bound) and report a verified plan."""

from __future__ import annotations

import math
import time
from typing import Any

import highspy
import numpy as np

from .explain import explain_infeasible
from .instance import Instance
from .model import Model, build_model
from .plan import Plan, check_plan, plan_cost

SEED = 20261122


def _to_highs(model: Model) -> highspy.HighsLp:
    n_x, n_y = model.n_x, len(model.pref)
    n = n_x + n_y
    cost = np.concatenate([model.var_cost, np.full(n_y, model.instance.weights["unmet_preference"])])
    lower = np.concatenate([model.var_fixed.astype(float), np.zeros(n_y)])
    upper = np.ones(n)
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
    r_sorted, c_sorted = r_all[order], c_all[order]
    start = np.searchsorted(c_sorted, np.arange(n + 1))
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(model.rows)
    lp.col_cost_ = cost
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.row_lower_ = np.array(row_lo, dtype=float)
    lp.row_upper_ = np.array(row_hi, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = start.astype(np.int32)
    lp.a_matrix_.index_ = r_sorted.astype(np.int32)
    lp.a_matrix_.value_ = np.ones(len(r_sorted))
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n_x + [highspy.HighsVarType.kContinuous] * n_y
    return lp


def _highs(model: Model, seconds: float, integer_weights: bool, relax_integrality: bool = False) -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", SEED)
    h.setOptionValue("time_limit", max(0.05, seconds))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999 if integer_weights else 1e-9)
    lp = _to_highs(model)
    if relax_integrality:
        lp.integrality_ = []
    h.passModel(lp)
    return h


def solve(instance: Instance, time_limit: float, started: float | None = None) -> Plan:
    """Plan the instance within `time_limit` seconds counted from `started` (default: now)."""
    started = time.monotonic() if started is None else started
    deadline = started + time_limit

    def left() -> float:
        return deadline - time.monotonic()

    model = build_model(instance)
    if model.missing or model.bad_pins or model.missing_types:
        reasons = explain_infeasible(instance, model, deadline)
        return Plan("INFEASIBLE", bound=None, solve_seconds=time.monotonic() - started, explanation=reasons)
    integer_weights = instance.integer_weights
    first_found: list[float] = []
    h = _highs(model, left() * 0.92 - 0.1, integer_weights)
    try:
        h.cbMipImprovingSolution.subscribe(lambda e: first_found.append(time.monotonic() - started) if not first_found else None)
    except AttributeError:  # older highspy without callbacks
        pass
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    stats: dict[str, Any] = {"variables": model.n_x + len(model.pref), "rows": len(model.rows),
                             "highs_status": h.modelStatusToString(status)}
    dual = info.mip_dual_bound if math.isfinite(info.mip_dual_bound) else None
    if status == highspy.HighsModelStatus.kInfeasible:
        reasons = explain_infeasible(instance, model, deadline)
        return Plan("INFEASIBLE", bound=None, solve_seconds=time.monotonic() - started, explanation=reasons,
                    stats=stats)
    has_solution = info.primal_solution_status == highspy.kSolutionStatusFeasible
    if not has_solution:
        bound = _rounded_bound(dual, model.constant, integer_weights)
        return Plan("UNKNOWN", bound=bound, solve_seconds=time.monotonic() - started, stats=stats)
    values = np.asarray(h.getSolution().col_value[: model.n_x])
    chosen = np.flatnonzero(values > 0.5)
    assignments = [
        (instance.apprentices[int(model.var_a[j])].id, model.blocks[int(model.var_block[j])].index,
         instance.settings[int(model.var_s[j])].id)
        for j in chosen
    ]
    problems = check_plan(instance, assignments)
    if problems:  # never report a plan that breaks a rule
        stats["rejected"] = problems[:5]
        return Plan("UNKNOWN", bound=_rounded_bound(dual, model.constant, integer_weights),
                    solve_seconds=time.monotonic() - started, stats=stats)
    objective = plan_cost(instance, assignments)
    bound = _rounded_bound(dual, model.constant, integer_weights)
    stats["model_objective"] = info.objective_function_value + model.constant  # tests compare with `objective`
    if bound is not None:
        bound = min(bound, objective)
    optimal = bound is not None and bound == objective
    stats["first_feasible_seconds"] = first_found[0] if first_found else None
    return Plan("OPTIMAL" if optimal else "FEASIBLE", assignments=assignments, objective=objective, bound=bound,
                solve_seconds=time.monotonic() - started, stats=stats)


def _rounded_bound(dual: float | None, constant: float, integer_weights: bool) -> float | None:
    if dual is None:
        return None
    value = dual + constant
    if integer_weights:
        return float(math.ceil(value - 1e-6))
    return value - 1e-9 * max(1.0, abs(value))
