"""Solve the model with HiGHS (MIP; its dual bound is the proved lower bound) and report a verified plan."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .areas import Area, fit, join, share_places, split_areas
from .explain import explain_infeasible
from .highs import SEED, LpData, lp_data, ready, run_task
from .instance import Instance
from .lagrange import CORE_KEEP, ascend, core, core_ranks, relaxation, warm_prices
from .model import Model, build_model, place_rows, split_model
from .plan import Plan, check_plan, plan_cost
from .search import Columns, allowed_moves, improve

PARALLEL_FROM = 50_000  # variables: below this, worker start-up costs more than it saves (ADR 0032)
DIVE_FROM = 5_000  # variables: a part this large gets its first plan by diving from the LP (ADR 0013)
FIRST_MIP_SHARE = 0.25  # of the time left after the first plan on large parts: a short MIP, which may prove it
IDLE_MIP_SECONDS = 3.0  # a worker the RINS leaves idle with this much of its window left runs a full MIP (ADR 0040)
SEARCH_SHARE = 0.6  # of the time left after that, for neighbourhood search on those parts
ISOLATE_FROM = 50_000  # variables: a part this large is solved in a worker that can be stopped on time
AREAS_FROM = 1_000_000  # variables: a part this large is solved first as areas (its whole LP takes minutes; ADR 0030)
AREA_VARIABLES = 300_000  # about this many variables in each area (an LP of seconds)
AREAS_SHARE = 0.8  # of the time left after the first plan, for pricing and the core problem of parts solved as
# areas (ADR 0036); 0.5 when other large parts still need time too
CORE_DIVE_KEEP = 4  # placements kept per (apprentice, block) for the core problem's dive (CORE_KEEP for its MIP)
CORE_DIVE_SHARE = 0.5  # of the time left in the window, at most, for that dive
PRICE_SHARE = 0.25  # of that window: the prices alone (the search runs beside them); then the core problem
WHOLE_MIP_LEFT = 600.0  # seconds: a part solved as areas gets its full MIP only with this much time left
SEARCH_KEEP = 6  # the search moves apprentices only to the placements among this many cheapest by the LP's reduced
# cost in each of their blocks, where a part's LP gives them (ADR 0038)


class Runner:
    """Runs part tasks inline (small instances) or on two worker processes (large ones), starting each task only
    when a worker is free so its time limit is measured against the real time left."""

    def __init__(self, parallel: bool) -> None:
        self.pool: Any = None
        if parallel:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # spawn, not fork: HiGHS keeps a thread pool that a forked child would inherit broken
            self.pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"))
            for _ in range(2):
                self.pool.submit(ready)  # start both workers (and their imports) now, not at the first task

    def map(
        self, jobs: list[tuple[Any, float]], make: Any, left: Any, idle: list[Any] | None = None, least: float = 0.0
    ) -> dict[Any, dict[str, Any]]:
        """`jobs`: (key, weight); `make(key, seconds)` returns run_task's keyword arguments. `idle`: keys of tasks
        for a worker that would otherwise sit idle; each starts, in order, only once every job has started and with
        at least `least` seconds left, and gets all of it (on workers only; inline there is never an idle one)."""
        results: dict[Any, dict[str, Any]] = {}
        idle = list(idle or [])
        if self.pool is None:
            for i, (key, weight) in enumerate(jobs):
                if left() < 0.2:
                    break
                share = weight / max(1e-9, sum(w for _, w in jobs[i:]))
                results[key] = run_task(**make(key, max(0.05, left() * share)))
            return results
        from concurrent.futures import FIRST_COMPLETED, wait

        pending = list(jobs)
        running: dict[Any, Any] = {}
        while pending or running or idle:  # idle too: every job may finish in the same wait
            while pending and len(running) < 2 and left() > 0.3:
                key, weight = pending.pop(0)
                total = sum(w for _, w in pending) + weight + sum(w for k, w in jobs if k in running.values())
                seconds = max(0.05, left() * min(1.0, 2 * weight / max(1e-9, total)))
                running[self.pool.submit(run_task, **make(key, seconds), threads=1)] = key
            while not pending and idle and len(running) < 2 and left() > max(0.3, least):
                key = idle.pop(0)
                running[self.pool.submit(run_task, **make(key, left()), threads=1)] = key
            if not running:
                break
            done, _ = wait(list(running), timeout=max(0.1, left() + 0.2), return_when=FIRST_COMPLETED)
            if not done and left() <= 0:
                break  # a task overran its own limit: leave it; close() stops the workers
            for future in done:
                results[running.pop(future)] = future.result()
        return results

    def call(self, fn: Callable[..., dict[str, Any]], **kwargs: Any) -> Any:
        """Run `fn(**kwargs)` on a free worker, or here and now without workers. Returns a future."""
        if self.pool is None:
            from concurrent.futures import Future

            done: Future[dict[str, Any]] = Future()
            done.set_result(fn(**kwargs))
            return done
        return self.pool.submit(fn, **kwargs)

    def close(self) -> None:
        """Stop the workers at once, even one still inside HiGHS, so the process keeps its time limit."""
        if self.pool is not None:
            processes = list(getattr(self.pool, "_processes", {}).values())
            self.pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()


@dataclass
class Part:
    model: Model
    lp_bound: float | None = None  # model objective units (no constant)
    dual: float | None = None
    values: np.ndarray | None = None
    optimal: bool = False
    infeasible: bool = False  # the full MIP proved it (the LP may still be feasible)
    areas: list[Area] = field(default_factory=list)  # a part solved first as areas (ADR 0030)
    priced: bool = False  # its bound is the Lagrangian relaxation of its places (ADR 0036)
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(SEED))  # the search's, run to run
    rooted: bool = False  # a full MIP has returned a bound for it (it finished its root)

    def gap(self) -> float:
        """Its plan's cost less its bound (infinite without either)."""
        return math.inf if self.values is None or self.dual is None else self.cost(self.values) - self.dual

    def cost(self, values: np.ndarray) -> float:
        m = self.model
        return float(
            np.dot(values[: m.n_x], m.var_cost)
            + m.instance.weights["unmet_preference"] * np.sum(values[m.n_x : m.n_x + len(m.pref)])
        )


def solve(
    instance: Instance,
    time_limit: float,
    started: float | None = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> Plan:
    """Plan the instance within `time_limit` seconds counted from `started` (default: now).

    The model splits into independent parts (towns beyond each other's travel limits). Every part starts with a
    bound that needs no solving (each block at its cheapest setting). Pass 1: the LP relaxation of every part (the
    proved bound); on a large part, a plan dived from it. Pass 2: LP-guided fixing (the LP's decisions kept, the
    small rest solved exactly) for parts without a plan yet. Then, on large parts, a short MIP and neighbourhood
    search; and in rounds, the full MIP of each part not yet proved, started from its best plan (ADR 0006, 0013).
    `progress`, when given, is called after each pass with the stage, the best cost and the bound so far.
    """
    started = time.monotonic() if started is None else started
    deadline = started + time_limit
    # keep time to verify the plan, recompute its cost and write it: about a second per 5,000 apprentices
    solver_deadline = deadline - 0.1 - len(instance.apprentices) * 2.5e-4

    def left() -> float:
        return solver_deadline - time.monotonic()

    model = build_model(instance)
    stats: dict[str, Any] = {"variables": model.n_x + len(model.pref), "rows": len(model.rows)}

    def infeasible() -> Plan:
        reasons = explain_infeasible(instance, model, deadline)
        return Plan("INFEASIBLE", solve_seconds=time.monotonic() - started, explanation=reasons, stats=stats)

    if model.missing or model.bad_pins or model.missing_types:
        return infeasible()
    integer_weights = instance.integer_weights
    parts = [Part(m, rng=np.random.default_rng(SEED + i)) for i, m in enumerate(split_model(model))]
    stats["parts"] = len(parts)
    # a large part runs in a worker: HiGHS's cut separation can overrun its own time limit by seconds, and a
    # worker can be stopped on time; the workers start now, while the arrays are made
    runner = Runner(
        parallel=(len(parts) > 1 and model.n_x > PARALLEL_FROM)
        or max((p.model.n_x for p in parts), default=0) >= ISOLATE_FROM
    )
    builder = ThreadPoolExecutor(max_workers=1)  # makes the HiGHS arrays while the workers solve (`_passes`)
    try:
        for part in parts:
            if part.model.n_x >= AREAS_FROM:
                part.areas = split_areas(part.model, math.ceil(part.model.n_x / AREA_VARIABLES), SEED)
        if any(p.areas for p in parts):
            stats["areas"] = [len(p.areas) for p in parts]
        proved_infeasible = _passes(
            parts, builder, runner, left, integer_weights, stats, started, _reporter(progress, parts, model, started)
        )
    finally:
        builder.shutdown(wait=False, cancel_futures=True)
        runner.close()
    if proved_infeasible:
        return infeasible()

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


def _passes(
    parts: list[Part],
    builder: ThreadPoolExecutor,
    runner: Runner,
    left: Any,
    integer_weights: bool,
    stats: dict[str, Any],
    started: float,
    report: Callable[[str], None] = lambda stage: None,
) -> bool:
    """Pass 1: every part's LP (the bound). Pass 2: LP-guided fixing (a first plan). Pass 3, in rounds: the full MIP
    of the parts not proved yet, from their best plan. Returns True when a part is proved infeasible.

    The HiGHS arrays are made in `builder`'s thread, in the order the LPs need them, and each LP starts as soon as
    its own are ready; numpy lets go of the interpreter's lock while it sorts. A part solved as areas needs its own
    arrays only to put its areas' plans together, so they are made while the areas dive, not before the bound."""
    everything = list(range(len(parts)))
    made: dict[tuple[int, int | None], Future[LpData]] = {
        (i, None): builder.submit(lp_data, p.model) for i, p in enumerate(parts) if not p.areas
    }
    weight = [float(max(1, p.model.n_x)) for p in parts]
    diving = {i for i in everything if parts[i].model.n_x >= DIVE_FROM}
    # pass 1: every LP, one task per part, or one per area of a part solved as areas (ADR 0030); the bound
    tasks: list[tuple[int, int | None, Model]] = []
    for i in everything:
        if parts[i].areas:
            tasks += [(i, k, area.model) for k, area in enumerate(parts[i].areas)]
        else:
            tasks.append((i, None, parts[i].model))
    # a part's areas run largest first, so that the last to finish is a small one; parts keep their order
    order = sorted(range(len(tasks)), key=lambda t: (tasks[t][0], -tasks[t][2].n_x if tasks[t][1] is not None else 0))
    made |= {(i, k): builder.submit(lp_data, m) for i, k, m in (tasks[t] for t in order) if k is not None}
    lps = runner.map(
        [(t, float(max(1, tasks[t][2].n_x))) for t in order],
        lambda t, sec: {
            "data": made[tasks[t][0], tasks[t][1]].result(),
            "mode": "lp",
            "seconds": min(sec, left() * 0.4),
            "integer_weights": integer_weights,
            "keep_basis": tasks[t][0] in diving or tasks[t][1] is not None,
            "presolve": not (tasks[t][0] in diving or tasks[t][1] is not None),
            "reduced_costs": tasks[t][1] is None,
        },
        left,
    )
    made |= {(i, None): builder.submit(lp_data, p.model) for i, p in enumerate(parts) if p.areas}
    for i, part in enumerate(parts):
        # proved without solving (an LP that finished replaces it below); an area's blocks are its part's
        keys = [(i, k) for k in range(len(part.areas))] if part.areas else [(i, None)]
        part.dual = sum(made[key].result().cheapest() for key in keys)
    if any(result["infeasible"] for result in lps.values()):
        return True  # an area relaxes its share of the part: if its LP has no solution, the part has no plan
    guides: dict[int, np.ndarray] = {}
    allowed: dict[int, np.ndarray] = {}  # the columns the search may move apprentices to (ADR 0038)
    area_lps: dict[int, list[dict[str, Any]]] = {}
    for i in everything:
        found = [lps.get(t) for t, task in enumerate(tasks) if task[0] == i]
        if any(r is None or r["objective"] is None for r in found):
            continue
        solved = [r for r in found if r is not None]
        parts[i].lp_bound = parts[i].dual = max(sum(r["objective"] for r in solved), parts[i].dual or 0.0)
        if parts[i].areas:
            area_lps[i] = solved
        else:
            guides[i] = solved[0]["values"]
            if "reduced" in solved[0]:
                allowed[i] = allowed_moves(made[i, None].result(), solved[0]["reduced"], SEARCH_KEEP)
    stats["bound_seconds"] = time.monotonic() - started
    stats["bound_from"] = [_bound_from(p) for p in parts]
    report("bound")
    # pass 1b: on a large part, and on every area, a plan dived from the LP, which restarts from its basis
    shared = {
        i: share_places(
            parts[i].areas,
            [made[i, k].result() for k in range(len(parts[i].areas))],
            [r["values"] for r in solved],
        )
        for i, solved in area_lps.items()
    }
    whole = {tasks[t][0]: result for t, result in lps.items() if tasks[t][1] is None}
    jobs: list[tuple[int, int | None, LpData, Any]] = [
        (i, None, made[i, None].result(), whole[i]["basis"]) for i in guides if i in diving and "basis" in whole[i]
    ]
    for i, solved in area_lps.items():
        jobs += [(i, k, shared[i][k], r["basis"]) for k, r in enumerate(solved)]
    dived = runner.map(
        [(j, float(max(1, job[2].n_x))) for j, job in enumerate(jobs)],
        lambda j, sec: {
            "data": jobs[j][2],
            "mode": "dive",
            "seconds": min(sec, left() * 0.6),
            "integer_weights": integer_weights,
            "basis": jobs[j][3],
        },
        left,
    )
    for j, result in dived.items():
        i, k, _data, _basis = jobs[j]
        if result["infeasible"] and k is None:
            return True
        if k is None and result["values"] is not None:
            parts[i].values = result["values"]
            parts[i].optimal = _proved(parts[i].cost(result["values"]), parts[i].dual, integer_weights)
    datas = [made[i, None].result() for i in everything]
    warm: dict[int, np.ndarray] = {}
    for i in area_lps:
        found = [dived.get(j) for j, job in enumerate(jobs) if job[0] == i]
        stats.setdefault("area_seconds", []).append([None if r is None else r["seconds"] for r in found])
        _join_areas(parts[i], datas[i], [None if r is None else r["values"] for r in found], left, integer_weights)
        if all(p.values is not None for p in parts) and "first_feasible_seconds" not in stats:
            stats["first_feasible_seconds"] = time.monotonic() - started
        # prices to start the Lagrangian relaxation from: the areas' LPs within their shares (ADR 0036)
        duals = [None if r is None else r.get("row_dual") for r in found]
        warm[i] = warm_prices([area.rows for area in parts[i].areas], duals, len(datas[i].row_upper))
    fixes = {i: _guided_fix(parts[i].model, guides[i]) for i in guides if parts[i].values is None}
    fixed = runner.map(
        [(i, weight[i]) for i in everything if i in fixes],
        lambda i, sec: {
            "data": datas[i],
            "mode": "fix",
            "seconds": min(sec, left() * 0.5),
            "integer_weights": integer_weights,
            "fix": fixes[i],
        },
        left,
    )
    for i, result in fixed.items():
        values = result["values"]
        if values is not None:
            parts[i].values = values
            parts[i].optimal = _proved(parts[i].cost(values), parts[i].dual, integer_weights)
    if all(p.values is not None for p in parts) and "first_feasible_seconds" not in stats:
        stats["first_feasible_seconds"] = time.monotonic() - started
    first_costs = [None if p.values is None else round(p.cost(p.values)) for p in parts]
    report("first plan")
    rounds = 0
    if _improve_areas(parts, datas, warm, runner, left, integer_weights, stats):
        report("prices and core problem")

    def mip_round(share: float, first: bool = False) -> bool:
        """The full MIP of every part not proved yet, from its best plan, in `share` of the time left.
        Meanwhile the neighbourhood search runs here: in every round but the `first` (a short one that proves the
        parts whose LP is tight, and keeps both cores for that), and in the first too when only one part's MIP
        runs, as a worker would sit idle (ADR 0038). Returns True when a part is proved infeasible."""
        # a part solved as areas has an LP of minutes: its full MIP only when there is time for it
        todo = [i for i in everything if _mip_can_start(parts[i], left())]
        if not todo:
            return False

        # time goes where the gap is: a part far from its bound gets more than one nearly proved
        def run() -> dict[int, dict[str, Any]]:
            return runner.map(
                [(i, _gap_weight(parts[i], weight[i])) for i in todo],
                lambda i, sec: {
                    "data": datas[i],
                    "mode": "mip",
                    "seconds": sec * share * 0.95 - 0.05,
                    "integer_weights": integer_weights,
                    "start_values": parts[i].values,
                },
                left,
            )

        if runner.pool is None or (first and len(todo) > 1):
            results = run()
        else:
            round_ = _background(run)
            _search(parts, datas, allowed, left, integer_weights, stats, left() * share, stop=round_.done)
            results = _outcome(round_, max(0.1, left() + 1.0), {})
        return _take_mip(parts, results, integer_weights)

    large = [i for i in everything if datas[i].n_x >= DIVE_FROM and parts[i].values is not None and not parts[i].areas]
    if any(not parts[i].optimal for i in large) and left() > 3.0:
        # a short MIP first: where the LP is tight it proves the plan at once, and the search is not needed
        rounds += 1
        if mip_round(FIRST_MIP_SHARE, first=True):
            return True
        report(f"improving (round {rounds})")
    if _improve(parts, datas, guides, allowed, runner, left, integer_weights, stats):
        report("neighbourhood search")
    while left() > 1.0 and any(not p.optimal for p in parts) and rounds < 4:
        if not any(_mip_can_start(p, left()) for p in parts):
            # no full MIP can start (a part solved as areas, with less than WHOLE_MIP_LEFT): the search gets the rest
            _search(parts, datas, allowed, left, integer_weights, stats, left() - 1.0)
            break
        rounds += 1
        if mip_round(1.0):
            return True
        report(f"improving (round {rounds})")
    if "first_feasible_seconds" not in stats and all(p.values is not None for p in parts):
        stats["first_feasible_seconds"] = time.monotonic() - started
    stats["rounds"] = rounds
    stats["bound_from"] = [_bound_from(p) for p in parts]
    stats["parts_detail"] = [
        {
            "variables": d.n_x,
            "lp": None if p.lp_bound is None else round(p.lp_bound, 1),
            "first": first,
            "final": None if p.values is None else round(p.cost(p.values)),
            "dual": None if p.dual is None else round(p.dual, 1),
            **({"areas": len(p.areas)} if p.areas else {}),
        }
        for p, d, first in zip(parts, datas, first_costs, strict=True)
    ]
    return False


def _improve(
    parts: list[Part],
    datas: list[LpData],
    guides: dict[int, np.ndarray],
    allowed: dict[int, np.ndarray],
    runner: Runner,
    left: Any,
    integer_weights: bool,
    stats: dict[str, Any],
) -> bool:
    """Two ways to a better plan in one window of time (ADR 0032): on the workers, each large part's RINS (`_rins`);
    here, meanwhile, the neighbourhood search (`_search`). Each part keeps the better of the two. Without workers
    (a small instance), the RINS first, then the search. Returns True when either ran."""
    subs = _rins(parts, datas, guides)
    if not subs or left() < 3.0:
        return _search(parts, datas, allowed, left, integer_weights, stats, _search_seconds(parts, left))
    window = _search_seconds(parts, left)
    until = time.monotonic() + window

    def remaining() -> float:
        return min(left(), until - time.monotonic())

    proved = threading.Event()
    # a worker the RINS leaves idle before the window ends runs a part's full MIP for the rest of it: it may prove a
    # plan no search can (one above its bound, say), or raise a bound a short first round left at the LP's (ADR 0040)
    todo = sorted((i for i in subs if not parts[i].optimal), key=lambda i: (parts[i].rooted, -parts[i].gap()))

    def rins() -> dict[Any, dict[str, Any]]:
        found = runner.map(
            [(("rins", i), float(max(1, subs[i][2].n_x))) for i in subs],
            lambda key, sec: {
                "data": subs[key[1]][2] if key[0] == "rins" else datas[key[1]],
                "mode": "mip",
                "seconds": sec * 0.95 - 0.05,
                "integer_weights": integer_weights,
                "start_values": subs[key[1]][3] if key[0] == "rins" else parts[key[1]].values,
            },
            remaining,
            idle=[("whole", i) for i in todo],
            least=IDLE_MIP_SECONDS,
        )
        if all(found.get(("whole", i), {}).get("optimal") for i in todo):
            proved.set()  # nothing left for the search to find
        return found

    if runner.pool is None:
        _keep_better(parts, subs, {i: r for (_kind, i), r in rins().items()}, integer_weights, stats)
        _search(parts, datas, allowed, left, integer_weights, stats, max(0.0, remaining()))
        return True
    # HiGHS lets go of the GIL while it solves, so the thread that hands out RINS tasks runs beside the search
    handing = _background(rins)
    _search(parts, datas, allowed, left, integer_weights, stats, window, stop=proved.is_set)
    results = _outcome(handing, max(0.1, remaining() + 1.0), {})
    _keep_better(parts, subs, {i: r for (kind, i), r in results.items() if kind == "rins"}, integer_weights, stats)
    whole = {i: r for (kind, i), r in results.items() if kind == "whole"}
    _take_mip(parts, whole, integer_weights)  # a part with a plan cannot be proved to have none
    stats["idle_mip"] = stats.get("idle_mip", 0) + len(whole)
    return True


def _background(fn: Callable[[], Any]) -> Future[Any]:
    """Run `fn` on a daemon thread (the search runs here meanwhile). Its result, or the exception it raised, comes
    back through the future: an error there fails the solve like one here, instead of going to stderr alone."""
    future: Future[Any] = Future()

    def target() -> None:
        try:
            future.set_result(fn())
        except BaseException as error:  # handed to the caller, whose `_outcome` raises it
            future.set_exception(error)

    threading.Thread(target=target, daemon=True).start()
    return future


def _outcome(future: Future[Any], seconds: float, unfinished: Any) -> Any:
    """The background task's result, waiting at most `seconds`; `unfinished` if it is still running then (a task
    that overran its limit is left to `Runner.close`); its exception if it raised one."""
    try:
        return future.result(timeout=seconds)
    except TimeoutError:  # concurrent.futures' own since Python 3.11
        return unfinished


def _take_mip(parts: list[Part], results: dict[int, dict[str, Any]], integer_weights: bool) -> bool:
    """Each part's full MIP result: its bound where higher, its plan where cheaper. True when one proved its part
    has no plan."""
    for i, result in results.items():
        part = parts[i]
        if result["infeasible"]:
            return True
        if result["dual"] is not None:
            part.dual = result["dual"] if part.dual is None else max(part.dual, result["dual"])
            part.rooted = part.rooted or result["dual"] > 0
        values = result["values"]
        if values is not None and (part.values is None or part.cost(values) < part.cost(part.values)):
            part.values = values
        if part.values is not None:
            part.optimal = _proved(part.cost(part.values), part.dual, integer_weights)
    return False


def _rins(
    parts: list[Part], datas: list[LpData], guides: dict[int, np.ndarray]
) -> dict[int, tuple[np.ndarray, np.ndarray, LpData, np.ndarray]]:
    """Relaxation induced neighbourhoods (RINS): on each large part not proved yet, keep every placement on which
    the plan and the LP agree (the LP places that block whole in the same setting) and free the rest. Returns, per
    part, the freed columns, the plan without them, the freed columns' problem in the places the rest leaves, and
    the plan's values of the freed columns (where that problem starts)."""
    subs: dict[int, tuple[np.ndarray, np.ndarray, LpData, np.ndarray]] = {}
    for i in guides:
        data, values = datas[i], parts[i].values
        if parts[i].optimal or values is None or data.n_x < DIVE_FROM or parts[i].areas:
            continue
        agree = (values[: data.n_x] > 0.5) & (guides[i][: data.n_x] > 0.99)
        free = np.flatnonzero(~np.isin(data.group, data.group[agree]))
        keep = np.concatenate([free, np.arange(data.n_x, len(data.cost))])
        rest, sub = Columns.of(data).without(values, keep)
        subs[i] = (keep, rest, sub, values[keep])
    return subs


def _keep_better(
    parts: list[Part],
    subs: dict[int, tuple[np.ndarray, np.ndarray, LpData, np.ndarray]],
    found: dict[int, dict[str, Any]],
    integer_weights: bool,
    stats: dict[str, Any],
) -> None:
    """Each part's RINS plan (its kept placements and the freed ones solved) where it beats the part's plan."""
    stats["rins"] = [
        {"part": i, "free": round(subs[i][2].n_x / max(1, parts[i].model.n_x), 3), "status": r["status"]}
        for i, r in sorted(found.items())
    ]
    improved = 0.0
    for i, result in found.items():
        part, (keep, rest, _sub, _start) = parts[i], subs[i]
        if result["values"] is None or part.values is None:
            continue
        candidate = _spliced(part, rest, keep, result["values"])
        if part.cost(candidate) < part.cost(part.values) - 1e-6:
            improved += part.cost(part.values) - part.cost(candidate)
            part.values = candidate
            part.optimal = _proved(part.cost(candidate), part.dual, integer_weights)
    stats["rins_improved"] = round(improved)


def _spliced(part: Part, rest: np.ndarray, keep: np.ndarray, found: np.ndarray) -> np.ndarray:
    """The part's values: `rest`, with the columns `keep` set to a sub-problem's solution `found` (placements
    rounded to whole ones)."""
    candidate = rest.copy()
    candidate[keep] = found
    candidate[: part.model.n_x] = np.round(candidate[: part.model.n_x])
    return candidate


def _mip_can_start(part: Part, seconds: float) -> bool:
    """Whether a full MIP round would take this part with `seconds` left: a part solved as areas has an LP of
    minutes, so its full MIP starts only with WHOLE_MIP_LEFT seconds or more."""
    return not part.optimal and (not part.areas or seconds >= WHOLE_MIP_LEFT)


def _search_seconds(parts: list[Part], left: Any) -> float:
    """The search's window: SEARCH_SHARE of the time left when a full MIP round can follow it, else all of it."""
    rest = left()
    # what the search leaves must be enough for the MIP to start, or it would go unused
    mip_next = any(_mip_can_start(p, rest * (1.0 - SEARCH_SHARE)) for p in parts)
    return rest * SEARCH_SHARE if mip_next else rest - 1.0


def _search(
    parts: list[Part],
    datas: list[LpData],
    allowed: dict[int, np.ndarray],
    left: Any,
    integer_weights: bool,
    stats: dict[str, Any],
    budget: float,
    stop: Callable[[], bool] | None = None,
) -> bool:
    """Large-neighbourhood search on the large parts not yet proved: groups of apprentices who compete for the
    same settings are freed and re-planned exactly, the rest kept (`search.improve`). Gets `budget` seconds
    (`_search_seconds`, or a MIP round's), shared by size and gap, and stops early when `stop()` says so."""
    todo = [
        i
        for i, (p, d) in enumerate(zip(parts, datas, strict=True))
        if not p.optimal and p.values is not None and d.n_x >= DIVE_FROM
    ]
    if not todo or left() < 3.0:
        return False
    weights = {i: _gap_weight(parts[i], float(datas[i].n_x)) for i in todo}
    improved = 0.0
    for k, i in enumerate(todo):
        share = weights[i] / max(1e-9, sum(weights[j] for j in todo[k:]))
        seconds = min(budget * share, left() - 1.0)
        budget -= seconds
        if seconds < 1.0:
            continue
        part = parts[i]
        assert part.values is not None
        before = part.cost(part.values)
        target = -np.inf if part.dual is None else part.dual
        if integer_weights and part.dual is not None:
            target = math.ceil(part.dual - 1e-6)
        part.values = improve(
            part.model,
            datas[i],
            part.values,
            time.monotonic() + seconds,
            part.rng,
            integer_weights,
            target=target,
            allowed=allowed.get(i),
            stop=stop,
        )
        improved += before - part.cost(part.values)
        part.optimal = _proved(part.cost(part.values), part.dual, integer_weights)
    stats["search_improved"] = stats.get("search_improved", 0) + round(improved)
    return True


def _reporter(
    progress: Callable[[dict[str, Any]], None] | None, parts: list[Part], model: Model, started: float
) -> Callable[[str], None]:
    """Tell the caller where the search stands: the best cost so far and the proved bound (None until known)."""

    def report(stage: str) -> None:
        if progress is None:
            return
        duals = [p.dual for p in parts]
        dual = None if any(d is None for d in duals) else float(sum(duals))  # type: ignore[arg-type]
        best = None
        if all(p.values is not None for p in parts):
            best = model.constant + float(sum(p.cost(p.values) for p in parts if p.values is not None))
        progress(
            {
                "stage": stage,
                "best": None if best is None else round(best),
                "bound": _rounded_bound(dual, model.constant, model.instance.integer_weights),
                "seconds": round(time.monotonic() - started, 2),
            }
        )

    return report


def _join_areas(part: Part, data: LpData, values: list[np.ndarray | None], left: Any, integer_weights: bool) -> None:
    """A part solved as areas (ADR 0030): its first plan is the areas' plans, each made within its shares of the
    places they share, put together; the areas without one are planned last, in the places the others leave, with
    those who hold the places they need where that is not enough (`fit`, ADR 0041)."""
    joined = join(part.model, len(data.cost), part.areas, values)
    missing = [part.areas[k].cols for k, found in enumerate(values) if found is None]
    if missing:
        model = part.model
        free = np.unique(model.var_a[np.concatenate(missing)])
        deadline = time.monotonic() + left()
        refit = fit(model, data, joined, free, deadline, integer_weights, DIVE_FROM, place_rows(model))
        if refit is None:
            return
        joined = refit
    activity = Columns.of(data).activity(joined)
    if np.all(activity <= data.row_upper + 1e-6) and np.all(activity >= data.row_lower - 1e-6):
        part.values = joined
        part.optimal = _proved(part.cost(joined), part.dual, integer_weights)


def _improve_areas(
    parts: list[Part],
    datas: list[LpData],
    warm: dict[int, np.ndarray],
    runner: Runner,
    left: Any,
    integer_weights: bool,
    stats: dict[str, Any],
) -> bool:
    """A better bound and plan for each part solved as areas (ADR 0036). First, on a worker, the Lagrangian
    relaxation of its places is raised from the areas' prices (`lagrange.ascend`) while the search improves the
    plan here. Then, side by side on the workers, the core problem at the prices found (`lagrange.core`: the few
    cheapest placements of every block, and the plan's) is solved from the plan, and the prices are raised further.
    Every bound the relaxation gives is a true lower bound; the best is kept, and the better plan. Returns True
    when it ran."""
    todo = [i for i in sorted(warm) if parts[i].values is not None and not parts[i].optimal]
    if not todo or left() < 3.0:
        return False
    others = any(not p.optimal and not p.areas and d.n_x >= DIVE_FROM for p, d in zip(parts, datas, strict=True))
    window = left() * (0.5 if others else AREAS_SHARE)
    for k, i in enumerate(todo):
        seconds = window / (len(todo) - k)
        window -= seconds
        record: dict[str, Any] = {"part": i, "steps": 0}
        stats.setdefault("lagrangian", []).append(record)
        _price_and_core(
            parts, datas, i, warm[i], runner, left, integer_weights, stats, time.monotonic() + seconds, record
        )
    return True


def _price_and_core(
    parts: list[Part],
    datas: list[LpData],
    i: int,
    prices: np.ndarray,
    runner: Runner,
    left: Any,
    integer_weights: bool,
    stats: dict[str, Any],
    until: float,
    record: dict[str, Any],
) -> None:
    """`_improve_areas` for part `i`, until `until`: the prices, with the search beside them; then the core
    problem, with more pricing beside it."""
    part, data = parts[i], datas[i]
    rel = relaxation(part.model, data)

    def remaining() -> float:
        return min(left(), until - time.monotonic())

    def price(start: np.ndarray, share: float, theta: float = 1.0) -> Any:
        target = np.inf if part.values is None else part.cost(part.values)
        seconds = max(0.1, remaining() * share)
        return runner.call(ascend, rel=rel, prices=start, target=target, seconds=seconds, theta=theta)

    def take(result: dict[str, Any] | None, fallback: np.ndarray) -> np.ndarray:
        if result is None:
            return fallback
        record["steps"] += result["steps"]
        if result["bound"] > (-np.inf if part.dual is None else part.dual):
            part.dual, part.priced = float(result["bound"]), True
            record["bound"] = round(part.dual, 1)
            if part.values is not None:
                part.optimal = _proved(part.cost(part.values), part.dual, integer_weights)
        return np.asarray(result["prices"])

    pricing = price(prices, PRICE_SHARE)
    if runner.pool is not None:
        _search(parts, datas, {}, left, integer_weights, stats, max(0.0, remaining() * PRICE_SHARE))
    priced = _result(pricing, left)
    prices = take(priced, prices)
    if part.optimal or part.values is None or remaining() < 2.0:
        return
    theta = 1.0 if priced is None else float(priced["theta"])
    more = price(prices, 1.0, theta) if runner.pool is not None else None
    record["core"] = []
    ranks = core_ranks(rel, prices)
    # a dive from the small core's LP first (a new plan near the bound, in seconds), then the larger core's MIP
    # from the better plan; the prices go on beside them on the other worker
    for keep_each, mode, share in ((CORE_DIVE_KEEP, "dive", CORE_DIVE_SHARE), (CORE_KEEP, "mip", 1.0)):
        if part.optimal or remaining() < 2.0:
            break
        keep = np.concatenate([core(ranks, part.values, keep_each), np.arange(data.n_x, len(data.cost))])
        rest, sub = Columns.of(data).without(part.values, keep)
        found = _result(
            runner.call(
                run_task,
                data=sub,
                mode=mode,
                seconds=remaining() * share * 0.95 - 0.05,
                integer_weights=integer_weights,
                start_values=None if mode == "dive" else part.values[keep],
                threads=1,
            ),
            left,
        )
        step: dict[str, Any] = {"mode": mode, "variables": int(sub.n_x), "status": found and found["status"]}
        record["core"].append(step)
        if found is None or found["values"] is None:
            continue
        candidate = _spliced(part, rest, keep, found["values"])
        saved = part.cost(part.values) - part.cost(candidate)
        if saved > 1e-6:
            part.values = candidate
            step["improved"] = round(saved)
            part.optimal = _proved(part.cost(candidate), part.dual, integer_weights)
    if more is not None:
        take(_result(more, left), prices)


def _result(future: Any, left: Any) -> dict[str, Any] | None:
    """A worker's result, or None when it is not back within the time left (close() stops it)."""
    from concurrent.futures import TimeoutError as Late

    try:
        return future.result(timeout=max(0.1, left() + 0.5))
    except Late:
        return None


def _bound_from(part: Part) -> str:
    if part.lp_bound is None:
        return "each block at its cheapest setting (the LP did not finish in time)"
    if part.priced:
        return "the Lagrangian relaxation of its places, priced from its areas' LPs"
    if part.areas:
        return f"the LPs of its {len(part.areas)} areas, each counting the places they share in full"
    return "LP"


def _guided_fix(model: Model, x_lp: np.ndarray) -> np.ndarray:
    """The variables to keep at 1: those the LP already set to 1. (Freeing every apprentice with any fractional
    choice was tried: at ICS scale the exact rest became too large to solve in time, and plans got worse.)"""
    return np.flatnonzero(x_lp > 0.99)


def _gap_weight(part: Part, size: float) -> float:
    if part.dual is None or math.isinf(gap := part.gap()):
        return size
    return size * (0.1 + min(10.0, max(0.0, gap) / max(1.0, abs(part.dual)) * 1000))


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
