"""Solve the model with HiGHS (MIP; its dual bound is the proved lower bound) and report a verified plan."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from .explain import explain_infeasible
from .instance import Instance
from .model import Model, build_model, split_model
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


def _highs(
    model: Model, seconds: float, integer_weights: bool, relax_integrality: bool = False, fix: np.ndarray | None = None
) -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", SEED)
    h.setOptionValue("time_limit", max(0.05, seconds))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999 if integer_weights else 1e-9)
    lp = _to_highs(model)
    if relax_integrality:
        lp.integrality_ = []
    if fix is not None and len(fix):
        lower = np.asarray(lp.col_lower_).copy()
        lower[fix] = 1.0
        lp.col_lower_ = lower
    h.passModel(lp)
    return h


@dataclass
class Part:
    model: Model
    lp_bound: float | None = None  # model objective units (no constant)
    dual: float | None = None
    values: np.ndarray | None = None
    optimal: bool = False
    infeasible: bool = False  # the full MIP proved it (the LP may still be feasible)

    def cost(self, values: np.ndarray) -> float:
        m = self.model
        return float(
            np.dot(values[: m.n_x], m.var_cost)
            + m.instance.weights["unmet_preference"] * np.sum(values[m.n_x : m.n_x + len(m.pref)])
        )


def solve(instance: Instance, time_limit: float, started: float | None = None) -> Plan:
    """Plan the instance within `time_limit` seconds counted from `started` (default: now).

    The model splits into independent parts (towns beyond each other's travel limits). Pass 1, for every part:
    the LP relaxation (a proved bound) and LP-guided fixing (the LP's decisions kept, the small rest solved
    exactly) for a first plan. Pass 2: the full MIP of each part not yet proved optimal, started from that plan.
    """
    started = time.monotonic() if started is None else started
    deadline = started + time_limit

    def left() -> float:
        return deadline - time.monotonic()

    model = build_model(instance)
    if model.missing or model.bad_pins or model.missing_types:
        reasons = explain_infeasible(instance, model, deadline)
        return Plan("INFEASIBLE", bound=None, solve_seconds=time.monotonic() - started, explanation=reasons)
    integer_weights = instance.integer_weights
    parts = [Part(m) for m in split_model(model)]
    stats: dict[str, Any] = {"variables": model.n_x + len(model.pref), "rows": len(model.rows), "parts": len(parts)}

    # pass 1: bound and a first plan for every part
    for i, part in enumerate(parts):
        share = part.model.n_x / max(1, sum(p.model.n_x for p in parts[i:]))
        budget = max(0.05, left() * 0.6 * share)
        lp = _highs(part.model, budget * 0.5, integer_weights, relax_integrality=True)
        lp.run()
        status = lp.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            reasons = explain_infeasible(instance, model, deadline)
            return Plan(
                "INFEASIBLE", bound=None, solve_seconds=time.monotonic() - started, explanation=reasons, stats=stats
            )
        if status != highspy.HighsModelStatus.kOptimal:
            continue
        part.lp_bound = part.dual = lp.getInfo().objective_function_value
        x_lp = np.asarray(lp.getSolution().col_value[: part.model.n_x])
        small = _highs(
            part.model, max(0.05, min(budget * 0.5, left() - 0.2)), integer_weights, fix=np.flatnonzero(x_lp > 0.99)
        )
        small.run()
        if small.getInfo().primal_solution_status == highspy.kSolutionStatusFeasible:
            part.values = np.asarray(small.getSolution().col_value)
            part.optimal = _proved(part.cost(part.values), part.dual, integer_weights)
    stats["bound_seconds"] = time.monotonic() - started
    if all(p.values is not None for p in parts):
        stats["first_feasible_seconds"] = time.monotonic() - started

    # pass 2 (repeated while time is left): the full MIP of each part not proved yet, from its best plan so far
    rounds = 0
    while left() > 1.0 and any(not p.optimal for p in parts) and rounds < 4:
        rounds += 1
        _improve([p for p in parts if not p.optimal], left, integer_weights)
        if any(p.infeasible for p in parts):
            reasons = explain_infeasible(instance, model, deadline)
            return Plan(
                "INFEASIBLE", bound=None, solve_seconds=time.monotonic() - started, explanation=reasons, stats=stats
            )
    if "first_feasible_seconds" not in stats and all(p.values is not None for p in parts):
        stats["first_feasible_seconds"] = time.monotonic() - started
    stats["rounds"] = rounds

    duals = [p.dual for p in parts]
    dual = None if any(d is None for d in duals) else float(sum(duals))  # type: ignore[arg-type]
    if any(p.values is None for p in parts):
        return Plan(
            "UNKNOWN",
            bound=_rounded_bound(dual, model.constant, integer_weights),
            solve_seconds=time.monotonic() - started,
            stats=stats,
        )
    assignments = []
    for part in parts:
        m = part.model
        for j in np.flatnonzero(part.values[: m.n_x] > 0.5):  # type: ignore[index]
            assignments.append(
                (
                    instance.apprentices[int(m.var_a[j])].id,
                    m.blocks[int(m.var_block[j])].index,
                    instance.settings[int(m.var_s[j])].id,
                )
            )
    problems = check_plan(instance, assignments)
    if problems:  # never report a plan that breaks a rule
        stats["rejected"] = problems[:5]
        return Plan(
            "UNKNOWN",
            bound=_rounded_bound(dual, model.constant, integer_weights),
            solve_seconds=time.monotonic() - started,
            stats=stats,
        )
    objective = plan_cost(instance, assignments)
    stats["model_objective"] = model.constant + sum(p.cost(p.values) for p in parts if p.values is not None)
    bound = _rounded_bound(dual, model.constant, integer_weights)
    if bound is not None:
        bound = min(bound, objective)
    optimal = bound is not None and bound == objective
    return Plan(
        "OPTIMAL" if optimal else "FEASIBLE",
        assignments=assignments,
        objective=objective,
        bound=bound,
        solve_seconds=time.monotonic() - started,
        stats=stats,
    )


def _improve(todo: list[Part], left: Any, integer_weights: bool) -> None:
    """One round of full MIPs over the parts not proved yet, sharing the time left by their size."""
    for i, part in enumerate(todo):
        if left() < 0.3:
            return
        share = part.model.n_x / max(1, sum(p.model.n_x for p in todo[i:]))
        h = _highs(part.model, left() * share * 0.95 - 0.1, integer_weights)
        if part.values is not None:
            start_solution = highspy.HighsSolution()
            start_solution.col_value = list(part.values)
            start_solution.value_valid = True
            h.setSolution(start_solution)
        h.run()
        if h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
            part.infeasible = True
            return
        info = h.getInfo()
        if math.isfinite(info.mip_dual_bound):
            part.dual = info.mip_dual_bound if part.dual is None else max(part.dual, info.mip_dual_bound)
        if info.primal_solution_status == highspy.kSolutionStatusFeasible:
            values = np.asarray(h.getSolution().col_value)
            if part.values is None or part.cost(values) < part.cost(part.values):
                part.values = values
        if part.values is not None:
            part.optimal = _proved(part.cost(part.values), part.dual, integer_weights)


def _proved(cost: float, dual: float | None, integer_weights: bool) -> bool:
    if dual is None:
        return False
    return math.ceil(dual - 1e-6) >= round(cost) if integer_weights else dual >= cost - 1e-9 * max(1.0, abs(cost))


def _rounded_bound(dual: float | None, constant: float, integer_weights: bool) -> float | None:
    if dual is None:
        return None
    value = dual + constant
    if integer_weights:
        return float(math.ceil(value - 1e-6))
    return value - 1e-9 * max(1.0, abs(value))
