"""The spec's extension: organisation limits per day, shifts, and settings ruled out in every block — in the model,
the independent checker, the greedy baseline and the explanations; and instances without them plan as before."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rotation_planner import InstanceError, check_plan, parse_instance
from rotation_planner.generator import generate
from rotation_planner.greedy import greedy_plan
from rotation_planner.solver import solve

from .test_planner import (
    BLOCKS,
    apprentice,
    assert_matches_brute_force,
    brute_force,
    instance,
    placed,
    run,
    setting,
    tiny_instances,
)

HERE = Path(__file__).parent


def test_organisation_limit_counts_all_its_settings() -> None:
    raw = instance(
        [setting("W1", org="TRUST", cap=1), setting("W2", org="TRUST", cap=1), setting("FAR", lat=52.99, cap=2)],
        [apprentice("A1"), apprentice("A2")],
        organisations=[{"id": "TRUST", "capacity": 1}],
    )
    plan = run(raw)
    for block in (0, 1):
        at_trust = [a for (a, b), s in placed(plan).items() if b == block and s in ("W1", "W2")]
        assert len(at_trust) == 1
    inst = parse_instance(raw)
    both = [("A1", 0, "W1"), ("A2", 0, "W2"), ("A1", 1, "FAR"), ("A2", 1, "FAR")]
    assert any("organisation TRUST has 2 apprentices" in p for p in check_plan(inst, both))
    assert check_plan(parse_instance({**raw, "organisations": []}), both) == []
    greedy = greedy_plan(inst)
    assert not [p for p in greedy.stats["violations"] if "organisation" in p]


def test_organisation_limit_is_per_day_across_cohorts() -> None:
    # two cohorts whose blocks overlap by one week: on that week both are at the organisation
    cohorts = [
        {"id": "C1", "blocks": [{"index": 0, "start": "2026-09-07", "end": "2026-12-04"}]},
        {"id": "C2", "blocks": [{"index": 0, "start": "2026-11-30", "end": "2027-02-26"}]},
    ]
    raw = {
        "name": "t",
        "cohorts": cohorts,
        "settings": [setting("W1", org="T"), setting("W2", org="T"), setting("FAR", org="X", lat=52.99)],
        "apprentices": [apprentice("A1", cohort="C1"), apprentice("A2", cohort="C2")],
        "organisations": [
            {"id": "T", "capacity": [{"from": "2026-12-01", "to": "2026-12-31", "capacity": 1}], "default_capacity": 2}
        ],
    }
    plan = run(raw)
    assert sorted(placed(plan).values()).count("FAR") == 1
    inst = parse_instance(raw)
    problems = check_plan(inst, [("A1", 0, "W1"), ("A2", 0, "W2")])
    assert problems == ["organisation T has 2 apprentices on 2026-12-01 but room for 1"]
    # outside the reduced period the organisation takes both
    raw["organisations"][0]["capacity"][0]["from"] = "2027-01-01"
    raw["organisations"][0]["capacity"][0]["to"] = "2027-01-31"
    assert check_plan(parse_instance(raw), [("A1", 0, "W1"), ("A2", 0, "W2")]) == []


def test_shifts_must_suit_the_apprentice() -> None:
    raw = instance(
        [
            setting("NIGHTS", cap=2, shift="nights"),
            setting("DAYS", lat=52.99, cap=2, shift="days"),
            setting("ANY", lat=52.98, cap=2),
        ],
        [apprentice("A1", allowed_shifts=["days"]), apprentice("A2")],
        rules={"no_repeat_type": False},
    )
    plan = run(raw)
    mine = {s for (a, _), s in placed(plan).items() if a == "A1"}
    assert "NIGHTS" not in mine
    assert {s for (a, _), s in placed(plan).items() if a == "A2"} == {"NIGHTS"}
    inst = parse_instance(raw)
    assert any(
        "A1 works days only but NIGHTS runs nights" in p
        for p in check_plan(inst, [("A1", 0, "NIGHTS"), ("A1", 1, "DAYS"), ("A2", 0, "NIGHTS"), ("A2", 1, "NIGHTS")])
    )
    assert all(s != "NIGHTS" for a, _, s in greedy_plan(inst).assignments if a == "A1")


def test_shift_shortage_for_a_required_type_is_explained() -> None:
    raw = instance(
        [setting("MH", type_="mental_health", cap=2, shift="nights"), setting("W", cap=2, shift="days")],
        [apprentice("A4", allowed_shifts=["days"])],
        rules={"required_types": ["mental_health"], "max_travel_minutes": 60},
    )
    plan = run(raw)
    assert plan.status == "INFEASIBLE"
    text = " ".join(plan.explanation)
    assert "A4 works days only and every mental_health setting within 60 minutes runs nights" in text


def test_ruled_out_without_a_block_means_every_block() -> None:
    raw = instance(
        [setting("NEAR", cap=2), setting("FAR", lat=52.99, cap=2)],
        [apprentice("A1", forbidden=[{"setting": "NEAR"}])],
    )
    plan = run(raw)
    assert set(placed(plan).values()) == {"FAR"}
    inst = parse_instance(raw)
    assert any("ruled out" in p for p in check_plan(inst, [("A1", 0, "FAR"), ("A1", 1, "NEAR")]))


def test_employer_over_its_limit_is_explained_by_name() -> None:
    raw = instance(
        [setting("E1W", org="E1", cap=3), setting("OTHER", org="O2", cap=3)],
        [apprentice("A1"), apprentice("A2"), apprentice("A3")],
        rules={"first_block_with_employer": True},
        organisations=[{"id": "E1", "capacity": 2}],
    )
    plan = run(raw)
    assert plan.status == "INFEASIBLE"
    assert "E1 takes 2 apprentices at a time but the plan needs 3 there in block 0" in " ".join(plan.explanation)


def test_pins_over_an_organisation_limit_are_explained() -> None:
    raw = instance(
        [setting("W1", org="T", cap=2), setting("W2", org="T", cap=2), setting("X", org="O", cap=2)],
        [
            apprentice("A1", pinned=[{"block": 1, "setting": "W1"}]),
            apprentice("A2", pinned=[{"block": 1, "setting": "W2"}]),
        ],
        organisations=[{"id": "T", "capacity": 1}],
    )
    plan = run(raw)
    assert plan.status == "INFEASIBLE"
    assert "T takes 1 apprentice at a time but the plan needs 2 there in block 1 (pinned placements)" in " ".join(
        plan.explanation
    )


def test_organisation_limit_found_by_relaxing_names_the_organisation() -> None:
    # nobody is pinned or starting there; the limit only bites together with the type rules
    raw = instance(
        [
            setting("MH1", org="T", type_="mental_health", cap=1),
            setting("MH2", org="T", type_="mental_health", cap=1, lat=52.91),
            setting("W", org="O", cap=4),
        ],
        [apprentice("A1"), apprentice("A2"), apprentice("A3")],
        rules={"required_types": ["mental_health"], "no_repeat_type": True},
        organisations=[{"id": "T", "capacity": 1}],
    )
    plan = run(raw)
    assert plan.status == "INFEASIBLE"
    assert "organisation T has 2 apprentices on 2026-09-07 but room for 1" in " ".join(plan.explanation)


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda r: r.update(organisations=[{"id": "T"}]), "organisations[0].capacity"),
        (lambda r: r.update(organisations=[{"id": "T", "capacity": -1}]), "organisations[0].capacity"),
        (
            lambda r: r.update(organisations=[{"id": "T", "capacity": 1}, {"id": "T", "capacity": 2}]),
            "organisations[1].id",
        ),
        (lambda r: r["settings"][0].update(shift=""), "settings[0].shift"),
        (lambda r: r["apprentices"][0].update(allowed_shifts="days"), "apprentices[0].allowed_shifts"),
        (lambda r: r["apprentices"][0].update(forbidden=[{"setting": "NOPE"}]), "apprentices[0].forbidden[0].setting"),
        (lambda r: r["apprentices"][0].update(forbidden=["S"]), "apprentices[0].forbidden[0]"),
    ],
)
def test_malformed_extension_fields_name_the_field(mutate: Any, field: str) -> None:
    raw = instance([setting("S")], [apprentice("A1")])
    mutate(raw)
    with pytest.raises(InstanceError) as caught:
        parse_instance(raw)
    assert caught.value.path == field


@st.composite
def tiny_extended(draw: Any) -> dict[str, Any]:
    raw = draw(tiny_instances())
    for s in raw["settings"]:
        s["shift"] = draw(st.sampled_from([None, "days", "nights"]))
        if s["shift"] is None:
            del s["shift"]
    for a in raw["apprentices"]:
        if draw(st.booleans()):
            a["allowed_shifts"] = draw(st.lists(st.sampled_from(["days", "nights"]), max_size=1))
        if draw(st.booleans()):
            rule = {"setting": draw(st.sampled_from([s["id"] for s in raw["settings"]]))}
            if draw(st.booleans()):
                rule["block"] = draw(st.integers(0, 1))
            a["forbidden"] = [rule]
    orgs = sorted({s["organisation"] for s in raw["settings"]})
    raw["organisations"] = [{"id": o, "capacity": draw(st.integers(0, 2))} for o in orgs if draw(st.booleans())]
    return raw


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_extended())
def test_planner_matches_brute_force_with_the_extension(raw: dict[str, Any]) -> None:
    assert_matches_brute_force(raw)


def test_instances_without_the_extension_plan_exactly_as_before() -> None:
    """Plans on the benchmark's pilot seeds, hashed by the planner before the extension (commit 49b910e)."""
    expected = json.loads((HERE / "reference_plans.json").read_text())
    for key, digest in expected.items():
        _, variant, seed = key.split("-")
        plan = solve(parse_instance(generate("pilot", int(seed), variant)), 10)
        text = json.dumps({k: v for k, v in plan.to_json().items() if k != "solve_seconds"}, sort_keys=True)
        assert hashlib.sha256(text.encode()).hexdigest()[:16] == digest, key


def test_blocks_fixture_is_unchanged() -> None:
    assert len(BLOCKS) == 3


# ------------------------------------------------------------------------------------ bounds and the dive


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_extended())
def test_bound_before_solving_is_a_true_lower_bound(raw: dict[str, Any]) -> None:
    from rotation_planner.highs import lp_data
    from rotation_planner.model import build_model, split_model

    best = brute_force(raw)
    model = build_model(parse_instance(raw))
    if best is None or model.missing or model.bad_pins or model.missing_types:
        return
    cheapest = model.constant + sum(lp_data(part).cheapest() for part in split_model(model))
    assert cheapest <= best


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_extended())
def test_dive_and_search_path_matches_brute_force(raw: dict[str, Any]) -> None:
    """The large-part path (LP dive, neighbourhood search, MIP rounds) forced onto tiny instances."""
    import rotation_planner.solver as solver

    saved = solver.DIVE_FROM
    solver.DIVE_FROM = 0
    try:
        assert_matches_brute_force(raw)
    finally:
        solver.DIVE_FROM = saved


def test_a_part_without_its_lp_still_has_a_proved_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the LP does not finish in time the plan carries the cheapest-setting bound, never 0, and the
    statistics say where the bound came from."""
    import rotation_planner.solver as solver

    raw = instance(
        [setting("NEAR", cap=1), setting("MID", cap=1, lat=52.95), setting("FAR", cap=2, lat=52.99)],
        [apprentice("A1"), apprentice("A2")],
    )
    real = solver.run_task

    def no_lp(**kwargs: Any) -> dict[str, Any]:
        if kwargs["mode"] in ("lp", "dive"):
            return {"infeasible": False, "objective": None, "values": None, "dual": None, "status": "Time limit"}
        return real(**kwargs)

    monkeypatch.setattr("rotation_planner.solver.run_task", no_lp)
    plan = solve(parse_instance(raw), 10)
    best = brute_force(raw)
    assert plan.bound is not None and 0 < plan.bound <= best
    assert plan.stats["bound_from"] == ["each block at its cheapest setting (the LP did not finish in time)"]


@st.composite
def spread_instances(draw: Any) -> dict[str, Any]:
    """Three apprentices in two or three places a few miles apart, who can reach the same few settings: split into
    areas, they overfill the places they share."""
    types = ["acute_ward", "mental_health"]
    settings_ = [
        setting(
            f"S{i}",
            org=draw(st.sampled_from(["E1", "O"])),
            type_=draw(st.sampled_from(types)),
            cap=draw(st.integers(1, 3)),
            lat=52.9 + draw(st.integers(0, 10)) / 100,
        )
        for i in range(draw(st.integers(2, 4)))
    ]
    apprentices = [
        apprentice(
            f"A{i}",
            lat=52.9 + draw(st.sampled_from([0, 5, 10])) / 100,
            preferred_types=draw(st.lists(st.sampled_from(types), max_size=1)),
            max_travel_minutes=draw(st.sampled_from([None, 60])),
        )
        for i in range(3)
    ]
    rules = {
        "no_repeat_type": draw(st.booleans()),
        "required_types": draw(st.lists(st.sampled_from(types), max_size=1)),
    }
    raw = instance(settings_, apprentices, rules=rules)
    if draw(st.booleans()):
        raw["organisations"] = [{"id": "O", "capacity": draw(st.integers(1, 3))}]
    return raw


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(spread_instances(), tiny_extended()))
def test_areas_path_matches_brute_force(raw: dict[str, Any]) -> None:
    """The path of a part too large for its whole LP (areas' LPs and dives, mended where they share places,
    then the search and the full MIP) forced onto tiny instances: still the brute-force optimum, with a true bound."""
    import rotation_planner.solver as solver

    saved = solver.AREAS_FROM, solver.AREA_VARIABLES, solver.WHOLE_MIP_LEFT
    solver.AREAS_FROM, solver.AREA_VARIABLES, solver.WHOLE_MIP_LEFT = 0, 3, 0.0
    try:
        assert_matches_brute_force(raw)
    finally:
        solver.AREAS_FROM, solver.AREA_VARIABLES, solver.WHOLE_MIP_LEFT = saved


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(spread_instances(), tiny_extended()))
def test_the_areas_bounds_are_true_lower_bounds(raw: dict[str, Any]) -> None:
    """Each area relaxes its share of the part, so the areas' exact optima add up to at most the part's."""
    from rotation_planner.areas import split_areas
    from rotation_planner.highs import lp_data, run_task
    from rotation_planner.model import build_model, split_model

    best = brute_force(raw)
    model = build_model(parse_instance(raw))
    if best is None or model.missing or model.bad_pins or model.missing_types:
        return
    plain = model.constant
    for part in split_model(model):
        for area in split_areas(part, 3, 7):
            data = lp_data(area.model)
            result = run_task(data, "mip", 10, True)
            assert result["optimal"], "an area of a part with a plan has a plan"
            plain += data.cost @ result["values"]
    assert plain <= best + 1e-6


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(spread_instances(), tiny_extended()), st.integers(0, 2**31))
def test_the_lagrangian_relaxation_is_solved_exactly_and_bounds_the_plan(raw: dict[str, Any], seed: int) -> None:
    """At any prices of 0 or more, `lagrange.evaluate` is the exact optimum of the part without its capacity and
    organisation rows, charged those prices (checked against HiGHS's MIP), less what all the places cost: so it
    never exceeds the best plan. Its chosen columns keep every apprentice's own rows."""
    import numpy as np

    from rotation_planner.highs import lp_data, run_task
    from rotation_planner.lagrange import evaluate, relaxation
    from rotation_planner.model import build_model, split_model
    from rotation_planner.search import Columns

    best = brute_force(raw)
    model = build_model(parse_instance(raw))
    if model.missing or model.bad_pins or model.missing_types:
        return
    rng = np.random.default_rng(seed)
    total = model.constant
    for part in split_model(model):
        data = lp_data(part)
        rel = relaxation(part, data)
        prices = np.where(rel.priced, rng.choice([0.0, 0.5, 3.0, 40.0], len(rel.priced)), rng.uniform(-5, 5))
        bound, columns = evaluate(rel, prices)
        charged = np.where(rel.priced, prices, 0.0)
        free = dataclasses.replace(
            data,
            cost=data.cost + np.bincount(Columns.of(data).nz_col, charged[data.index], len(data.cost)),
            row_upper=np.where(rel.priced, np.inf, data.row_upper),
        )
        exact = run_task(free, "mip", 10, True)
        if exact["values"] is None:
            assert bound == -np.inf
            return
        assert bound == pytest.approx(free.cost @ exact["values"] - charged @ rel.upper, abs=1e-6)
        values = np.zeros(len(data.cost))
        values[columns] = 1.0
        activity = Columns.of(data).activity(values)
        own = ~rel.priced & np.array([kind != "preference" for kind, *_ in part.rows])
        assert np.all(activity[own] >= data.row_lower[own] - 1e-9)
        assert np.all(activity[own] <= data.row_upper[own] + 1e-9)
        total += bound
    if best is not None:
        assert total <= best + 1e-6


def test_the_lagrangian_bound_at_the_lps_prices_is_the_lp() -> None:
    """Each apprentice's own problem is a network flow, so at the LP's optimal prices the relaxation's bound is the
    LP's; and the ascent from no prices at all gets close to it."""
    import numpy as np

    from rotation_planner.highs import _highs_from, lp_data
    from rotation_planner.lagrange import ascend, evaluate, relaxation
    from rotation_planner.model import build_model, split_model

    model = build_model(parse_instance(generate("pilot", 3, "tight")))
    for part in split_model(model):
        data = lp_data(part)
        h = _highs_from(data, 30, True, relax_integrality=True)
        h.run()
        lp = h.getInfo().objective_function_value
        rel = relaxation(part, data)
        bound, _columns = evaluate(rel, -np.asarray(h.getSolution().row_dual))
        assert bound == pytest.approx(lp, abs=1e-5)
        raised = ascend(rel, np.zeros(len(rel.priced)), lp * 1.01, 3.0)
        assert evaluate(rel, np.zeros(len(rel.priced)))[0] <= raised["bound"] <= lp + 1e-6
        assert raised["bound"] >= lp * 0.995
        assert evaluate(rel, raised["prices"])[0] == pytest.approx(raised["bound"])


def test_warm_prices_take_each_rows_highest_price_from_the_areas_that_have_one() -> None:
    import numpy as np

    from rotation_planner.lagrange import warm_prices

    rows = [np.array([0, 2, 3]), np.array([2, 4]), np.array([1, 2])]
    duals = [np.array([-1.0, -4.0, 0.5]), None, np.array([0.0, -6.0])]  # HiGHS: a binding `<=` row's dual is <= 0
    assert warm_prices(rows, duals, 5).tolist() == [1.0, 0.0, 6.0, 0.0, 0.0]


def test_the_core_problem_keeps_the_cheapest_of_each_block_and_the_plan() -> None:
    import numpy as np

    from rotation_planner.highs import lp_data
    from rotation_planner.lagrange import core, core_ranks, relaxation
    from rotation_planner.model import build_model, split_model

    (part, *_rest) = split_model(build_model(parse_instance(generate("pilot", 1, "base"))))
    data = lp_data(part)
    rel = relaxation(part, data)
    plan = np.zeros(len(data.cost))
    dearest = [int(cols[np.argmax(part.var_cost[cols])]) for kind, _k, _lo, _hi, cols in part.rows if kind == "assign"]
    plan[dearest] = 1.0
    kept = core(core_ranks(rel, np.zeros(len(rel.priced))), plan, keep=2)
    assert set(dearest) <= set(kept.tolist())
    for kind, _key, _lo, _hi, cols in part.rows:
        if kind == "assign":
            cheapest = cols[np.argsort(part.var_cost[cols], kind="stable")[:2]]
            mine = np.intersect1d(kept, cols)
            assert len(mine) <= 3 and np.min(part.var_cost[mine]) == np.min(part.var_cost[cheapest])
            assert np.sort(part.var_cost[mine])[:2].tolist() == np.sort(part.var_cost[cheapest]).tolist()


@pytest.mark.parametrize("path", ["dive", "areas"])
def test_the_lp_bound_is_reported_before_the_first_plan(monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    """On a large part the bound is known when the LPs end, before any dive (which restarts from the LP's basis
    in a task of its own); on a part solved as areas, when the areas' LPs end."""
    import rotation_planner.solver as solver

    if path == "dive":
        monkeypatch.setattr(solver, "DIVE_FROM", 0)
    else:
        monkeypatch.setattr(solver, "AREAS_FROM", 0)
        monkeypatch.setattr(solver, "AREA_VARIABLES", 3)
    raw = three_settings()
    seen: list[dict[str, Any]] = []
    plan = solve(parse_instance(raw), 10, progress=seen.append)
    assert seen[0]["stage"] == "bound" and seen[0]["best"] is None
    assert seen[0]["bound"] is not None and seen[0]["bound"] <= plan.objective == brute_force(raw)
    assert plan.status == "OPTIMAL"
    if path == "areas":
        assert plan.stats["areas"] == [3]
        assert plan.stats["bound_from"] == ["the LPs of its 3 areas, each counting the places they share in full"]


# ------------------------------------------------------------------------------- capacity rows others imply


@st.composite
def staggered_instances(draw: Any) -> dict[str, Any]:
    """Cohorts whose blocks start and end on different days, so a setting's places are counted over many
    stretches of days with different blocks running, some implying others; places that change on some dates."""
    from datetime import date, timedelta

    cohorts = []
    for c in range(draw(st.integers(2, 3))):
        start = date(2026, 9, 7) + timedelta(days=7 * draw(st.integers(0, 12)))
        blocks = []
        for b in range(draw(st.integers(1, 2))):
            end = start + timedelta(days=7 * draw(st.integers(2, 8)) - 3)
            blocks.append({"index": b, "start": start.isoformat(), "end": end.isoformat()})
            start = end + timedelta(days=3)
        cohorts.append({"id": f"C{c}", "blocks": blocks})
    settings_ = []
    for i in range(draw(st.integers(2, 3))):
        cap: Any = draw(st.integers(0, 2))
        extra = {}
        if draw(st.booleans()):
            extra["default_capacity"] = cap
            cap = [{"from": "2026-10-01", "to": "2026-11-15", "capacity": draw(st.integers(0, 2))}]
        settings_.append(
            setting(f"S{i}", type_=draw(st.sampled_from(["acute_ward", "mental_health"])), cap=cap, **extra)
        )
    apprentices = [apprentice(f"A{i}", cohort=draw(st.sampled_from([c["id"] for c in cohorts]))) for i in range(3)]
    raw = instance(settings_, apprentices, cohorts=cohorts)
    del raw["blocks"]
    return raw


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(staggered_instances())
def test_capacity_rows_that_others_imply_can_go(raw: dict[str, Any]) -> None:
    """Leaving out a capacity row that another implies (its blocks running on more days, no more places) keeps
    every plan that keeps the rules, and only those: still the brute-force optimum, or no plan when there is none."""
    import rotation_planner.model as model

    saved = model.TRIM_FROM
    model.TRIM_FROM = 0
    try:
        assert_matches_brute_force(raw)
    finally:
        model.TRIM_FROM = saved


def test_only_implied_capacity_rows_go() -> None:
    """Three cohorts' blocks overlapping in turn: the stretches where one block runs alone are implied by those
    where it runs with another (same places), and go; the two stretches with two blocks running stay."""
    from rotation_planner.model import CAPACITY, build_model

    cohorts = [
        {"id": "C1", "blocks": [{"index": 0, "start": "2026-09-07", "end": "2026-12-04"}]},
        {"id": "C2", "blocks": [{"index": 0, "start": "2026-11-02", "end": "2027-01-29"}]},
        {"id": "C3", "blocks": [{"index": 0, "start": "2026-12-07", "end": "2027-02-26"}]},
    ]
    raw = instance(
        [setting("NEAR", cap=1)],
        [apprentice(f"A{c['id']}{i}", cohort=c["id"]) for c in cohorts for i in range(2)],
        cohorts=cohorts,
    )
    del raw["blocks"]
    import rotation_planner.model as model

    def running(trim: bool) -> list[tuple[int, ...]]:
        saved = model.TRIM_FROM
        model.TRIM_FROM = 0 if trim else saved
        try:
            rows = build_model(parse_instance(raw)).rows
        finally:
            model.TRIM_FROM = saved
        return sorted(key[1] for kind, key, *_ in rows if kind == CAPACITY)

    assert len(running(False)) == 5  # C1 alone, C1+C2, C2 alone, C2+C3, C3 alone
    assert len(running(True)) == 2
    assert all(len(blocks) == 2 for blocks in running(True))


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 12).flatmap(
        lambda n: st.tuples(st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=20))
    )
)
def test_components_are_the_graphs(graph: tuple[int, list[tuple[int, int]]]) -> None:
    """The parts' split labels each node with the smallest node it is linked to, however long the chain."""
    import numpy as np

    from rotation_planner.model import _components

    n, edges = graph
    linked = {i: {i} for i in range(n)}
    for a, b in edges:  # merge the two sets of nodes, by brute force
        merged = linked[a] | linked[b]
        for node in merged:
            linked[node] = merged
    label = _components(
        n, np.array([a for a, _ in edges], dtype=np.int64), np.array([b for _, b in edges], dtype=np.int64)
    )
    assert label.tolist() == [min(linked[i]) for i in range(n)]


def test_a_long_chain_is_one_part() -> None:
    import numpy as np

    from rotation_planner.model import _components

    order = np.random.default_rng(5).permutation(2_000)
    assert not _components(2_000, order[:-1], order[1:]).any()


def three_settings() -> dict[str, Any]:
    """Three apprentices and three settings a few kilometres apart, one place at the nearest."""
    return instance(
        [setting("NEAR", cap=1), setting("MID", cap=2, lat=52.95), setting("FAR", cap=2, lat=53.0)],
        [apprentice("A1"), apprentice("A2", lat=52.95), apprentice("A3", lat=53.0)],
    )


def three_settings_part(monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """`three_settings` as one part's model and HiGHS arrays, the solver treating even it as a large part."""
    from rotation_planner.highs import lp_data
    from rotation_planner.model import split_model
    from rotation_planner.solver import build_model

    monkeypatch.setattr("rotation_planner.solver.DIVE_FROM", 0)
    (model,) = split_model(build_model(parse_instance(three_settings())))
    return model, lp_data(model)


def test_rins_finishes_exactly_what_the_plan_and_the_lp_disagree_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """From a bad plan (the dearest one that keeps the rules and one apprentice's best placements), the blocks where it and the LP disagree are planned
    again exactly, the rest kept: the plan becomes the cheapest, and keeps every row (ADR 0032)."""
    import time

    import numpy as np

    from rotation_planner.highs import run_task
    from rotation_planner.search import Columns
    from rotation_planner.solver import Part, Runner, _improve, _rins

    model, data = three_settings_part(monkeypatch)
    part = Part(model)
    lp = run_task(data, "lp", 10, True)
    guide = lp["values"]
    part.dual = lp["objective"]  # the search after the RINS stops at once when the plan reaches it
    best = run_task(data, "mip", 10, True)["values"]
    # the dearest plan that keeps A1's placements as the best plan has them
    a1 = np.flatnonzero((best[: data.n_x] > 0.5) & (data.group < 2))
    dearest = run_task(dataclasses_replace(data, cost=-data.cost), "mip", 10, True, fix=a1)["values"]
    part.values = dearest
    before = part.cost(dearest)
    (keep, rest, sub, start) = _rins([part], [data], {0: guide})[0]
    assert 0 < sub.n_x <= data.n_x - 6  # A1's two blocks kept: the LP places them whole there too
    assert np.array_equal(start, dearest[keep]) and not rest[keep].any()
    stats: dict[str, Any] = {}
    deadline = time.monotonic() + 10
    assert _improve([part], [data], {0: guide}, {}, Runner(False), lambda: deadline - time.monotonic(), True, stats)
    assert part.cost(part.values) == part.cost(best) < before
    assert stats["rins_improved"] == round(before - part.cost(best))
    activity = Columns.of(data).activity(part.values)
    assert np.all(activity <= data.row_upper + 1e-6) and np.all(activity >= data.row_lower - 1e-6)
    # a plan the LP agrees with everywhere frees no block
    assert _rins([dataclasses_replace(part, values=best, optimal=False)], [data], {0: guide})[0][2].n_x == 0


def dataclasses_replace(data: Any, **changes: Any) -> Any:
    import dataclasses

    return dataclasses.replace(data, **changes)


def test_the_search_keeps_the_time_no_full_mip_could_use() -> None:
    """A part solved as areas gets its full MIP only with WHOLE_MIP_LEFT seconds left. When the search's usual
    window would leave less than that, the search gets all the time: the connected ICS given 30 minutes stopped at
    1,256 s, its last 545 s unused, before this."""
    from types import SimpleNamespace

    import rotation_planner.solver as solver

    areas_part = SimpleNamespace(optimal=False, areas=[object()])
    plain_part = SimpleNamespace(optimal=False, areas=[])
    enough = solver.WHOLE_MIP_LEFT / (1 - solver.SEARCH_SHARE) + 100
    short = solver.WHOLE_MIP_LEFT + 100  # enough for the MIP now, not after the usual window
    assert solver._search_seconds([areas_part], lambda: enough) == pytest.approx(enough * solver.SEARCH_SHARE)
    assert solver._search_seconds([areas_part], lambda: short) == pytest.approx(short - 1.0)
    assert solver._search_seconds([plain_part], lambda: short) == pytest.approx(short * solver.SEARCH_SHARE)
    assert not solver._mip_can_start(areas_part, solver.WHOLE_MIP_LEFT - 1)  # type: ignore[arg-type]
    assert solver._mip_can_start(plain_part, 5.0)  # type: ignore[arg-type]
    assert not solver._mip_can_start(SimpleNamespace(optimal=True, areas=[]), 5.0)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------- one part, without a copy


@pytest.mark.parametrize("connected", [True, False])
def test_a_model_that_does_not_split_is_its_own_part(connected: bool) -> None:
    """Where every apprentice and setting joins one part, that part has the model's own columns, rows and
    preference slacks, in the same order (no copy of millions of entries); where the model splits, every column is
    in exactly one part, as before."""
    from rotation_planner.generator import generate_connected
    from rotation_planner.model import build_model, split_model

    raw = generate_connected("regional", 1, "single") if connected else generate("regional", 1, "base")
    model = build_model(parse_instance(raw))
    parts = split_model(model)
    if not connected:
        assert len(parts) > 1 and sum(p.n_x for p in parts) == model.n_x
        assert sum(len(p.rows) for p in parts) == len(model.rows)
        return
    (part,) = parts
    assert part.n_x == model.n_x and part.pref == model.pref and part.constant == 0.0
    for field in ("var_a", "var_block", "var_s", "var_cost", "var_fixed"):
        assert (getattr(part, field) == getattr(model, field)).all()
    assert [row[:4] for row in part.rows] == [row[:4] for row in model.rows]
    assert all((mine[4] == theirs[4]).all() for mine, theirs in zip(part.rows, model.rows, strict=True))
    part.rows.append(part.rows[0])  # the part's lists are its own: the model keeps its rows
    assert len(part.rows) == len(model.rows) + 1


def _three_apprentices() -> tuple[Any, Any]:
    from rotation_planner.highs import lp_data
    from rotation_planner.model import build_model, split_model

    raw = three_settings()
    (model,) = split_model(build_model(parse_instance(raw)))
    return model, lp_data(model)


def test_an_lp_asked_for_reduced_costs_gives_each_placements_cost_less_its_rows_prices() -> None:
    """The reduced costs that steer the search (ADR 0038) are the LP's own: each placement's cost less the prices
    of its rows; only a task that asks for them carries them."""
    import numpy as np

    from rotation_planner.highs import run_task

    _model, data = _three_apprentices()
    lp = run_task(data, "dive", 10, True, reduced_costs=True)
    assert lp["objective"] is not None and len(lp["reduced"]) == data.n_x
    priced = np.add.reduceat(lp["row_dual"][data.index], data.start[:-1])[: data.n_x]
    assert np.allclose(lp["reduced"], data.cost[: data.n_x] - priced, atol=1e-6)
    assert "reduced" not in run_task(data, "lp", 10, True)


def test_allowed_moves_are_the_lowest_reduced_costs_of_each_block() -> None:
    import numpy as np

    from rotation_planner.highs import LpData
    from rotation_planner.search import allowed_moves

    group = np.array([0, 0, 0, 1, 1, 2])
    data = LpData(6, np.zeros(6), np.zeros(6), np.zeros(3), np.ones(3), np.zeros(7, np.int32), np.zeros(0), group)
    reduced = np.array([3.0, 1.0, 2.0, 5.0, 4.0, 9.0])
    assert allowed_moves(data, reduced, 1).tolist() == [False, True, False, False, True, True]
    assert allowed_moves(data, reduced, 2).tolist() == [False, True, True, True, True, True]
    assert allowed_moves(data, reduced, 3).all()


def test_allowed_moves_take_every_placement_within_the_reduced_cost_slack() -> None:
    """However many placements of a block rank before it, one whose reduced cost is within REDUCED_SLACK is
    allowed: a better plan's chain of moves can need a placement that ranks 7th at a reduced cost of 1 (ADR 0039)."""
    import numpy as np

    from rotation_planner.highs import LpData
    from rotation_planner.search import REDUCED_SLACK, allowed_moves

    group = np.zeros(4, dtype=np.int64)
    data = LpData(4, np.zeros(4), np.zeros(4), np.zeros(1), np.ones(1), np.zeros(5, np.int32), np.zeros(0), group)
    reduced = np.array([0.0, 0.5, REDUCED_SLACK, REDUCED_SLACK + 0.5])
    assert allowed_moves(data, reduced, 1).tolist() == [True, True, True, False]


def test_a_linked_neighbourhood_follows_the_places_not_the_map() -> None:
    """`linked` takes the apprentices who hold, in the plan, the places the first may move to, however far away
    they live, and not the first's nearest neighbour, who holds none of them (ADR 0039)."""
    import numpy as np

    from rotation_planner.highs import lp_data, run_task
    from rotation_planner.model import CAPACITY, build_model, split_model
    from rotation_planner.search import Columns, linked

    raw = instance(
        [setting("S1"), setting("S2", lat=53.1), setting("S3", lat=53.2)],
        [apprentice("A1"), apprentice("A2", lat=53.3), apprentice("A3", lat=52.91)],
    )
    (model,) = split_model(build_model(parse_instance(raw)))
    data = lp_data(model)
    plan = run_task(data, "mip", 10, True)["values"]
    placed_ = plan[: data.n_x] > 0.5
    far = np.flatnonzero(placed_ & (model.var_a == 1) & (model.var_block == 0))[0]
    moves = (model.var_a == 0) & (model.var_s == model.var_s[far]) & (model.var_block == 0)
    places = np.array([row[0] == CAPACITY for row in model.rows])
    rng = np.random.default_rng(1)
    assert linked(Columns.of(data), model, plan, moves, 0, 3, rng, places).tolist() == [0, 1]
    assert linked(Columns.of(data), model, plan, moves, 0, 1, rng, places).tolist() == [0]
    assert linked(Columns.of(data), model, plan, moves & False, 0, 3, rng, places).tolist() == [0]


def test_the_search_moves_apprentices_only_to_the_columns_it_is_allowed() -> None:
    """Given `allowed`, a freed apprentice either stays where the plan has them or takes an allowed placement: with
    the best plan's own placements not allowed, the search cannot reach it; with every placement allowed, it does."""
    import time

    import numpy as np

    from rotation_planner.highs import run_task
    from rotation_planner.search import improve

    model, data = _three_apprentices()
    best = run_task(data, "mip", 10, True)["values"]
    dearest = run_task(dataclasses_replace(data, cost=-data.cost), "mip", 10, True)["values"]
    n_x = data.n_x
    assert float(np.dot(dearest, data.cost)) > float(np.dot(best, data.cost))
    allowed = ~((best[:n_x] > 0.5) & (dearest[:n_x] < 0.5))
    rng = np.random.default_rng(1)
    found = improve(model, data, dearest, time.monotonic() + 1.5, rng, True, allowed=allowed)
    used = found[:n_x] > 0.5
    assert not (used & ~allowed & (dearest[:n_x] < 0.5)).any()
    assert float(np.dot(found, data.cost)) > float(np.dot(best, data.cost))
    target = float(np.dot(best, data.cost))
    everything = np.ones(n_x, dtype=bool)
    found = improve(model, data, dearest, time.monotonic() + 10, rng, True, target=target, allowed=everything)
    assert float(np.dot(found, data.cost)) == target


def test_the_search_stops_when_told() -> None:
    """The search beside a MIP round stops when the round ends (`stop`), however far its deadline."""
    import time

    import numpy as np

    from rotation_planner.highs import run_task
    from rotation_planner.search import improve

    model, data = _three_apprentices()
    dearest = run_task(dataclasses_replace(data, cost=-data.cost), "mip", 10, True)["values"]
    began = time.monotonic()
    found = improve(model, data, dearest, began + 60, np.random.default_rng(1), True, stop=lambda: True)
    assert time.monotonic() - began < 5 and np.array_equal(found, dearest)


def test_a_lone_parts_mip_round_has_the_search_beside_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """One part's MIP round leaves a worker idle, so the search runs in the main process meanwhile (ADR 0038); the
    part keeps the better plan and the bound is still true."""
    import rotation_planner.solver as solver

    calls: list[Any] = []
    real = solver._search

    def spy(*args: Any, **kwargs: Any) -> bool:
        calls.append(kwargs.get("stop"))
        return real(*args, **kwargs)

    monkeypatch.setattr(solver, "DIVE_FROM", 0)
    monkeypatch.setattr(solver, "ISOLATE_FROM", 0)  # workers even for a tiny part
    monkeypatch.setattr(solver, "_search", spy)
    monkeypatch.setattr(solver, "_proved", lambda *args: False)  # a tiny part is proved at once: let the rounds run
    raw = three_settings()
    plan = solve(parse_instance(raw), 30)
    assert plan.objective == brute_force(raw) and plan.bound is not None and plan.bound <= plan.objective
    assert any(stop is not None for stop in calls)


def test_a_worker_the_rins_leaves_idle_proves_the_plan_and_stops_the_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the RINS finishes early, a free worker runs the part's full MIP for the rest of the window (ADR 0040):
    it proves a plan the search cannot (the bound below it), raises the bound to the true one, and the search
    stops then rather than at the end of the window."""
    import time

    from rotation_planner.highs import run_task
    from rotation_planner.solver import Part, Runner, _improve

    model, data = three_settings_part(monkeypatch)
    guide = run_task(data, "lp", 10, True)["values"]
    best = run_task(data, "mip", 10, True)["values"]
    # the optimal plan, with a bound 5 below it: true, but no search can reach it, so only a MIP proves the plan
    part = Part(model, values=best, dual=Part(model).cost(best) - 5)
    stats: dict[str, Any] = {}
    runner = Runner(True)
    try:
        deadline = time.monotonic() + 60  # a window of 36 s for the search
        began = time.monotonic()
        assert _improve([part], [data], {0: guide}, {}, runner, lambda: deadline - time.monotonic(), True, stats)
        took = time.monotonic() - began
    finally:
        runner.close()
    assert stats["idle_mip"] == 1
    assert part.optimal and part.dual == pytest.approx(part.cost(best)) and part.cost(part.values) == part.cost(best)
    assert took < 25  # stopped when the MIP proved the plan, not at the window's end


def test_runner_starts_idle_tasks_only_after_every_job_and_with_time_enough() -> None:
    """`Runner.map`'s idle tasks: each starts once every job has started, and gets all the time left; none starts
    with less than `least` seconds left; without workers there is never an idle one, so none runs (ADR 0040)."""
    import time

    from rotation_planner.highs import lp_data
    from rotation_planner.model import split_model
    from rotation_planner.solver import Runner, build_model

    raw = instance([setting("NEAR", cap=1), setting("FAR", cap=2, lat=53.0)], [apprentice("A1"), apprentice("A2")])
    (model,) = split_model(build_model(parse_instance(raw)))
    data = lp_data(model)
    given: list[tuple[Any, float, float]] = []
    deadline = time.monotonic() + 120

    def make(key: Any, seconds: float) -> dict[str, Any]:
        given.append((key, seconds, deadline - time.monotonic()))
        return {"data": data, "mode": "mip", "seconds": 5.0, "integer_weights": True}

    runner = Runner(True)
    try:
        done = runner.map([(0, 1.0), (1, 3.0)], make, lambda: deadline - time.monotonic(), idle=["a", "b"], least=5)
        assert set(done) == {0, 1, "a", "b"}, (given, {k: r["status"] for k, r in done.items()})
        assert [key for key, *_ in given] == [0, 1, "a", "b"], given
        assert given[0][1] < 0.6 * given[0][2], given  # a job gets its share by weight (half, on two workers)
        assert all(abs(seconds - left) < 1.0 for _, seconds, left in given[2:]), given  # idle: all the time left
        given.clear()
        assert set(runner.map([(0, 1.0)], make, lambda: 4.0, idle=["a"], least=5)) == {0}
    finally:
        runner.close()
    assert set(Runner(False).map([(0, 1.0)], make, lambda: 30.0, idle=["a"])) == {0}


def test_runner_starts_idle_tasks_when_every_job_finishes_in_the_same_wait() -> None:
    """When both jobs finish before the runner looks (one `wait` returns them together), the idle tasks still run:
    the loop must not end on "nothing pending, nothing running" while idle tasks and time are left (CI once saw
    this with two quick MIPs). A pool whose tasks finish as they are submitted makes it happen every time."""
    from concurrent.futures import Future

    from rotation_planner.solver import Runner

    class Finished:
        def submit(self, fn: Any, **kwargs: Any) -> Future[dict[str, Any]]:
            done: Future[dict[str, Any]] = Future()
            done.set_result({"status": "Optimal", "key": kwargs["key"]})
            return done

    started: list[Any] = []

    def make(key: Any, seconds: float) -> dict[str, Any]:
        started.append(key)
        return {"key": key}

    runner = Runner(False)
    runner.pool = Finished()
    done = runner.map([(0, 1.0), (1, 3.0)], make, lambda: 60.0, idle=["a", "b"], least=5)
    assert started == [0, 1, "a", "b"] and set(done) == {0, 1, "a", "b"}, (started, done)
    assert set(runner.map([(0, 1.0)], make, lambda: 4.0, idle=["a"], least=5)) == {0}  # too little time left


def test_an_error_in_the_background_round_fails_the_solve_instead_of_going_to_stderr() -> None:
    """The MIP rounds and the RINS run on a thread beside the search; an exception there reaches the caller (before,
    it was printed and the solve went on with a worse plan). A task still running at the deadline gives the
    `unfinished` value, and a finished one its result."""
    import threading

    import pytest

    from rotation_planner.solver import _background, _outcome

    def broken() -> dict[str, Any]:
        raise ValueError("a bug in the round")

    with pytest.raises(ValueError, match="a bug in the round"):
        _outcome(_background(broken), 5.0, {})
    release = threading.Event()
    slow = _background(lambda: release.wait(5.0) and {"late": True})
    assert _outcome(slow, 0.05, {"unfinished": True}) == {"unfinished": True}
    release.set()
    assert _outcome(slow, 5.0, {}) == {"late": True}
    assert _outcome(_background(lambda: {0: "Optimal"}), 5.0, {}) == {0: "Optimal"}


def test_fit_frees_those_who_hold_the_places_the_unplanned_need() -> None:
    """An area with no plan in its share is planned in what the rest leaves; where that is not enough, `fit` also
    frees those the rest places in the places its LP needs, and plans them all together (ADR 0041). Here A1 may
    only work at NEAR (one place), which the plan gives A2: freeing A1 alone finds nothing; with A2 it finds the
    cheapest plan, which keeps every row. Without the ring it gives up."""
    import time

    import numpy as np

    from rotation_planner.areas import fit
    from rotation_planner.highs import lp_data, run_task
    from rotation_planner.model import build_model, place_rows, split_model
    from rotation_planner.search import Columns

    raw = instance(
        [setting("NEAR", cap=1), setting("FAR", cap=2, lat=53.0)],
        [apprentice("A1", forbidden=[{"setting": "FAR"}]), apprentice("A2", lat=52.95), apprentice("A3", lat=53.0)],
    )
    (model,) = split_model(build_model(parse_instance(raw)))
    data = lp_data(model)
    a1, a2 = (model.instance.apprentices.index(a) for a in model.instance.apprentices if a.id in ("A1", "A2"))
    near = next(s for s, setting_ in enumerate(model.instance.settings) if setting_.id == "NEAR")
    best = run_task(data, "mip", 10, True)["values"]
    # a plan that keeps every row but A1's: A2 holds NEAR in every block, A1 is not placed at all
    hold = np.flatnonzero((model.var_a == a2) & (model.var_s == near))
    values = run_task(data, "fix", 10, True, fix=hold)["values"]
    assert values is None  # A1 has nowhere else to go: with A2 at NEAR there is no plan
    values = np.zeros(len(data.cost))
    values[: model.n_x] = best[: model.n_x]
    values[np.flatnonzero(np.isin(model.var_a, [a1, a2]))] = 0.0
    values[hold] = 1.0
    deadline = time.monotonic() + 20
    args = (model, data, values, np.array([a1]), deadline, True, 0, place_rows(model))
    assert fit(*args, rings=0) is None
    found = fit(*args)
    assert found is not None
    activity = Columns.of(data).activity(found)
    assert np.all(activity <= data.row_upper + 1e-6) and np.all(activity >= data.row_lower - 1e-6)
    assert data.cost @ found == pytest.approx(data.cost @ best)
    assert np.all(found[hold] == 0)  # A2 moved out of NEAR for A1
