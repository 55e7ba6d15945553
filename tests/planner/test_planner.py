"""The rotation planner against the spec: each hard rule (a plan that breaks it is caught, and the planner never
does), the cost arithmetic, infeasibility explanations, re-planning, malformed input and the command line."""

from __future__ import annotations

import copy
import itertools
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rotation_planner import InstanceError, check_plan, parse_instance, plan_cost
from rotation_planner.greedy import greedy_plan
from rotation_planner.instance import age_on
from rotation_planner.solver import solve

ROOT = Path(__file__).resolve().parents[2]
BLOCKS = [
    {"index": 0, "start": "2026-09-07", "end": "2026-12-04"},
    {"index": 1, "start": "2026-12-07", "end": "2027-03-05"},
    {"index": 2, "start": "2027-03-08", "end": "2027-06-04"},
]


def setting(
    sid: str,
    *,
    org: str = "O9",
    sector: str = "nhs",
    type_: str = "acute_ward",
    cap: Any = 1,
    age: int = 0,
    lat: float = 52.90,
    lon: float = -1.50,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": sid,
        "organisation": org,
        "sector": sector,
        "type": type_,
        "capacity": cap,
        "min_age": age,
        "lat": lat,
        "lon": lon,
        **extra,
    }


def apprentice(
    aid: str, *, employer: str = "E1", dob: str = "2000-01-01", lat: float = 52.90, lon: float = -1.50, **extra: Any
) -> dict[str, Any]:
    return {"id": aid, "employer": employer, "date_of_birth": dob, "lat": lat, "lon": lon, **extra}


def instance(
    settings_: list[dict[str, Any]],
    apprentices: list[dict[str, Any]],
    rules: dict[str, Any] | None = None,
    blocks: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "name": "t",
        "blocks": copy.deepcopy(blocks if blocks is not None else BLOCKS[:2]),
        "settings": settings_,
        "apprentices": apprentices,
        "rules": rules or {},
        **extra,
    }


def run(raw: dict[str, Any], seconds: float = 10) -> Any:
    inst = parse_instance(raw)
    plan = solve(inst, seconds)
    if plan.status in ("OPTIMAL", "FEASIBLE"):
        assert check_plan(inst, plan.assignments) == []
        assert plan.objective == plan_cost(inst, plan.assignments)
        assert plan.bound is not None and plan.bound <= plan.objective
        assert plan.stats["model_objective"] == pytest.approx(plan.objective)
    return plan


def placed(plan: Any) -> dict[tuple[str, int], str]:
    return {(a, b): s for a, b, s in plan.assignments}


# ------------------------------------------------------------------------------------------------- hard rules


def test_capacity_per_block() -> None:
    raw = instance([setting("NEAR", cap=1), setting("FAR", lat=52.95)], [apprentice("A1"), apprentice("A2")])
    plan = run(raw)
    assert plan.status == "OPTIMAL"
    assert {placed(plan)[("A1", 0)], placed(plan)[("A2", 0)]} == {"NEAR", "FAR"}
    inst = parse_instance(raw)
    broken = [("A1", 0, "NEAR"), ("A2", 0, "NEAR"), ("A1", 1, "FAR"), ("A2", 1, "NEAR")]
    assert any("room for 1" in p for p in check_plan(inst, broken))


def test_capacity_is_per_day_across_cohorts() -> None:
    cohorts = [
        {"id": "C1", "blocks": [{"index": 0, "start": "2026-09-07", "end": "2026-12-04"}]},
        {"id": "C2", "blocks": [{"index": 0, "start": "2026-11-02", "end": "2027-01-29"}]},
        {"id": "C3", "blocks": [{"index": 0, "start": "2026-12-07", "end": "2027-02-26"}]},
    ]
    raw = instance(
        [setting("NEAR", cap=1), setting("FAR", lat=52.99, cap=5)],
        [apprentice("A1", cohort="C1"), apprentice("A2", cohort="C2"), apprentice("A3", cohort="C3")],
        blocks=None,
        cohorts=cohorts,
    )
    del raw["blocks"]
    plan = run(raw)
    p = placed(plan)
    # C1 and C3 do not overlap, so both fit in NEAR; C2 overlaps both
    assert p[("A1", 0)] == "NEAR" and p[("A3", 0)] == "NEAR" and p[("A2", 0)] == "FAR"
    inst = parse_instance(raw)
    assert check_plan(inst, [("A1", 0, "NEAR"), ("A2", 0, "NEAR"), ("A3", 0, "FAR")])


def test_capacity_periods_and_unavailable_dates() -> None:
    cohorts = [{"id": "C1", "blocks": [{"index": 0, "start": "2026-09-07", "end": "2026-12-04"}]}]
    raw = instance(
        [
            setting("NEAR", cap=[{"from": "2026-01-01", "to": "2026-10-31", "capacity": 2}], default_capacity=1),
            setting("SHUT", cap=3, unavailable=[{"from": "2026-10-01", "to": "2026-10-02"}]),
            setting("FAR", lat=52.99, cap=5),
        ],
        [apprentice("A1", cohort="C1"), apprentice("A2", cohort="C1")],
        blocks=None,
        cohorts=cohorts,
    )
    del raw["blocks"]
    plan = run(raw)
    p = placed(plan)
    assert sorted(p.values()) == ["FAR", "NEAR"]  # NEAR drops to 1 in November; SHUT closes for two days


def test_minimum_age_on_block_start() -> None:
    raw = instance(
        [setting("ADULT", age=18), setting("ANY", lat=52.95)], [apprentice("A1", dob="2008-12-07")], blocks=BLOCKS[:2]
    )
    plan = run(raw)
    # 17 on 2026-09-07, 18 on 2026-12-07 (birthday on the block start)
    assert placed(plan) == {("A1", 0): "ANY", ("A1", 1): "ADULT"}
    inst = parse_instance(raw)
    assert any("under 18" in p for p in check_plan(inst, [("A1", 0, "ADULT"), ("A1", 1, "ANY")]))


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        ("2008-02-29", "2026-02-28", 17),
        ("2008-02-29", "2026-03-01", 18),
        ("2008-02-29", "2028-02-29", 20),
        ("2008-03-01", "2026-02-28", 17),
        ("2008-09-07", "2026-09-07", 18),
        ("2008-09-08", "2026-09-07", 17),
    ],
)
def test_age_in_whole_years(born: str, on: str, age: int) -> None:
    assert age_on(date.fromisoformat(born), date.fromisoformat(on)) == age


def test_travel_limit_unrounded_and_apprentice_override() -> None:
    # 30 km/h: 0.2 degrees of latitude is about 22.2 km, 44.5 minutes
    raw = instance(
        [setting("NEAR", cap=1), setting("FAR", lat=53.10, cap=1)],
        [apprentice("A1", max_travel_minutes=44), apprentice("A2")],
        rules={"max_travel_minutes": 45},
        blocks=BLOCKS[:1],
    )
    plan = run(raw)
    assert placed(plan) == {("A1", 0): "NEAR", ("A2", 0): "FAR"}
    inst = parse_instance(raw)
    assert any("too far" in p for p in check_plan(inst, [("A1", 0, "FAR"), ("A2", 0, "NEAR")]))


def test_first_block_with_employer_and_last_block_sector() -> None:
    raw = instance(
        [setting("EMP", org="E1"), setting("PVI", sector="pvi", lat=52.97), setting("NEAR")],
        [apprentice("A1", absent_blocks=[0])],
        rules={"first_block_with_employer": True, "last_block_sector": "pvi"},
        blocks=BLOCKS,
    )
    plan = run(raw)
    # absent in block 0, so block 1 is the first block attended and block 2 the last
    assert placed(plan) == {("A1", 1): "EMP", ("A1", 2): "PVI"}
    inst = parse_instance(raw)
    problems = check_plan(inst, [("A1", 1, "NEAR"), ("A1", 2, "NEAR")])
    assert any("employer" in p for p in problems) and any("pvi" in p for p in problems)
    assert any("absent" in p for p in check_plan(inst, [("A1", 0, "EMP"), ("A1", 1, "EMP"), ("A1", 2, "PVI")]))


def test_no_repeat_and_required_types() -> None:
    raw = instance(
        [
            setting("W1", type_="acute_ward", cap=2),
            setting("W2", type_="acute_ward", cap=2),
            setting("MH", type_="mental_health", lat=53.0),
            setting("RC", type_="residential_care", lat=53.1),
        ],
        [apprentice("A1")],
        rules={"no_repeat_type": True, "required_types": ["mental_health"]},
        blocks=BLOCKS,
    )
    plan = run(raw)
    types = list(placed(plan).values())
    assert "MH" in types and not {"W1", "W2"} <= set(types)
    inst = parse_instance(raw)
    problems = check_plan(inst, [("A1", 0, "W1"), ("A1", 1, "W2"), ("A1", 2, "RC")])
    assert any("twice" in p for p in problems) and any("required type mental_health" in p for p in problems)


def test_pins_are_kept() -> None:
    raw = instance(
        [setting("NEAR", cap=2), setting("FAR", lat=52.99, cap=2)],
        [apprentice("A1", pinned=[{"block": 0, "setting": "FAR"}])],
    )
    plan = run(raw)
    assert placed(plan)[("A1", 0)] == "FAR"
    inst = parse_instance(raw)
    assert any("pinned" in p for p in check_plan(inst, [("A1", 0, "NEAR"), ("A1", 1, "NEAR")]))


def test_ruled_out_settings_are_avoided() -> None:
    raw = instance(
        [setting("NEAR", cap=2), setting("FAR", lat=52.99, cap=2)],
        [apprentice("A1", forbidden=[{"block": 1, "setting": "NEAR"}])],
    )
    plan = run(raw)
    assert placed(plan) == {("A1", 0): "NEAR", ("A1", 1): "FAR"}
    inst = parse_instance(raw)
    assert any("ruled out" in p for p in check_plan(inst, [("A1", 0, "NEAR"), ("A1", 1, "NEAR")]))
    assert greedy_plan(inst).assignments == plan.assignments


def test_ruling_out_every_setting_is_explained() -> None:
    plan = run(instance([setting("ONLY", cap=2)], [apprentice("A1", forbidden=[{"block": 0, "setting": "ONLY"}])]))
    assert plan.status == "INFEASIBLE"
    assert "ONLY is ruled out for A1" in " ".join(plan.explanation)


def test_progress_reports_best_and_bound() -> None:
    raw = instance([setting("NEAR", cap=1), setting("FAR", lat=52.95)], [apprentice("A1"), apprentice("A2")])
    seen: list[dict[str, Any]] = []
    plan = solve(parse_instance(raw), 10, progress=seen.append)
    assert [s["stage"] for s in seen][:2] == ["bound", "first plan"]
    assert seen[-1]["best"] == plan.objective and seen[-1]["bound"] == plan.bound


def test_every_attended_block_is_filled() -> None:
    inst = parse_instance(instance([setting("S")], [apprentice("A1")]))
    assert any("no placement in block 1" in p for p in check_plan(inst, [("A1", 0, "S")]))


# ----------------------------------------------------------------------------------------------- cost


def test_cost_arithmetic() -> None:
    raw = instance(
        [setting("S1", type_="mental_health", lat=52.90, lon=-1.50), setting("S2", type_="acute_ward", lat=52.925)],
        [apprentice("A1", preferred_types=["residential_care", "residential_care", "mental_health"])],
        training=[
            {"unit": "u1", "topic": "mental_health", "block": 1},
            {"unit": "u2", "topic": "rehab", "block": 1},
            {"unit": "u3", "topic": "acute_ward", "block": 0, "cohort": None},
        ],
        weights={"travel": 2},  # the rest from the defaults
        previous_plan=[
            {"apprentice": "A1", "block": 0, "setting": "GONE"},
            {"apprentice": "ZZ", "block": 0, "setting": "S1"},
        ],
    )
    inst = parse_instance(raw)
    # S2 is 2.78 km away: 5.56 minutes -> 6; S1 is 0 minutes
    cost = plan_cost(inst, [("A1", 0, "S2"), ("A1", 1, "S1")])
    expected = (2 * 6 + 0 + 500) + (2 * 0 + 40 * 1 + 0) + 15  # change (previous setting gone); 1 misaligned; 1 unmet
    assert cost == expected
    assert plan_cost(inst, [("A1", 0, "S1"), ("A1", 1, "S2")]) == (0 + 40 + 500) + (12 + 80) + 15


def test_travel_rounds_halves_up() -> None:
    from rotation_planner.instance import round_half_up

    assert [round_half_up(x) for x in (2.5, 3.5, 2.49999, 0.5)] == [3, 4, 2, 1]


def test_cohort_training_applies_to_its_cohort_only() -> None:
    cohorts = [{"id": "C1", "blocks": BLOCKS[:1]}, {"id": "C2", "blocks": BLOCKS[:1]}]
    raw = instance(
        [setting("S", cap=5)],
        [apprentice("A1", cohort="C1"), apprentice("A2", cohort="C2")],
        blocks=None,
        cohorts=cohorts,
        training=[{"topic": "mental_health", "block": 0, "cohort": "C1"}],
    )
    del raw["blocks"]
    inst = parse_instance(raw)
    assert plan_cost(inst, [("A1", 0, "S"), ("A2", 0, "S")]) == 40


# -------------------------------------------------------------------------------------------- brute force


def brute_force(raw: dict[str, Any]) -> float | None:
    inst = parse_instance(raw)
    slots = [(a.id, b.index) for a in inst.apprentices for b in inst.attended(a)]
    best = None
    for choice in itertools.product([s.id for s in inst.settings], repeat=len(slots)):
        assignments = [(a, b, s) for (a, b), s in zip(slots, choice, strict=True)]
        if not check_plan(inst, assignments):
            cost = plan_cost(inst, assignments)
            best = cost if best is None else min(best, cost)
    return best


@st.composite
def tiny_instances(draw: Any) -> dict[str, Any]:
    n_s = draw(st.integers(2, 4))
    types = ["acute_ward", "mental_health", "residential_care"]
    settings_ = [
        setting(
            f"S{i}",
            org=draw(st.sampled_from(["E1", "E2", "O"])),
            sector=draw(st.sampled_from(["nhs", "pvi"])),
            type_=draw(st.sampled_from(types)),
            cap=draw(st.integers(0, 2)),
            age=draw(st.sampled_from([0, 18])),
            lat=52.9 + draw(st.integers(0, 20)) / 100,
            lon=-1.5 + draw(st.integers(0, 20)) / 100,
        )
        for i in range(n_s)
    ]
    n_a = draw(st.integers(1, 2))
    apprentices = [
        apprentice(
            f"A{i}",
            employer=draw(st.sampled_from(["E1", "E2"])),
            dob=draw(st.sampled_from(["2000-01-01", "2009-01-01"])),
            preferred_types=draw(st.lists(st.sampled_from(types), max_size=2)),
            max_travel_minutes=draw(st.sampled_from([None, 30, 60])),
        )
        for i in range(n_a)
    ]
    rules = {
        "first_block_with_employer": draw(st.booleans()),
        "no_repeat_type": draw(st.booleans()),
        "last_block_sector": draw(st.sampled_from([None, "pvi"])),
        "required_types": draw(st.lists(st.sampled_from(types), max_size=1)),
    }
    previous = [{"apprentice": "A0", "block": 1, "setting": "S0"}] if draw(st.booleans()) else []
    training = (
        [{"topic": draw(st.sampled_from(types)), "block": draw(st.integers(0, 1))}] if draw(st.booleans()) else []
    )
    return instance(settings_, apprentices, rules=rules, previous_plan=previous, training=training)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances())
def test_planner_matches_brute_force(raw: dict[str, Any]) -> None:
    assert_matches_brute_force(raw)


def assert_matches_brute_force(raw: dict[str, Any]) -> None:
    """The planner proves the brute-force optimum, or explains why there is no plan when none exists."""
    best = brute_force(raw)
    plan = run(raw)
    if best is None:
        assert plan.status == "INFEASIBLE"
        assert plan.explanation and all(isinstance(r, str) and r for r in plan.explanation)
    else:
        assert plan.status == "OPTIMAL"
        assert plan.objective == best == plan.bound


# -------------------------------------------------------------------------------------------- infeasibility


def test_pin_that_breaks_a_rule_is_named() -> None:
    plan = run(
        instance(
            [setting("ADULT", age=18), setting("ANY")],
            [apprentice("A17", dob="2009-06-01", pinned=[{"block": 0, "setting": "ADULT"}])],
        )
    )
    assert plan.status == "INFEASIBLE"
    assert "pin of apprentice A17 to ADULT in block 0" in plan.explanation[0]
    assert "requires 18+" in plan.explanation[0]


def test_under_18_and_required_type_is_explained() -> None:
    plan = run(
        instance(
            [
                setting("MH1", type_="mental_health", age=18),
                setting("MH2", type_="mental_health", age=18, lat=52.95),
                setting("W", type_="acute_ward", cap=2),
            ],
            [apprentice("A17", dob="2009-06-01")],
            rules={"required_types": ["mental_health"], "max_travel_minutes": 60},
            blocks=[{"index": 0, "start": "2026-09-07", "end": "2026-12-04"}],
        )
    )
    assert plan.status == "INFEASIBLE"
    text = plan.explanation[0]
    assert "A17 is 17 on 2026-09-07" in text and "every mental_health setting within 60 minutes requires 18+" in text


def test_last_block_sector_shortage_is_counted() -> None:
    settings_ = [setting("PVI1", sector="pvi", cap=1), setting("NHS", cap=10, lat=52.91)]
    plan = run(instance(settings_, [apprentice(f"A{i}") for i in range(3)], rules={"last_block_sector": "pvi"}))
    assert plan.status == "INFEASIBLE"
    assert any(
        "3 apprentices need a PVI setting for their last block, but those settings offer 1 places" in r
        for r in plan.explanation
    )


def test_total_capacity_shortage_is_counted() -> None:
    plan = run(instance([setting("S", cap=1)], [apprentice("A1"), apprentice("A2")]))
    assert plan.status == "INFEASIBLE"
    assert any(
        "2 apprentices need a placement on 2026-09-07 but all settings together offer 1 places" in r
        for r in plan.explanation
    )


def test_no_setting_in_reach_is_explained() -> None:
    plan = run(instance([setting("FAR", lat=54.0)], [apprentice("A1")], rules={"max_travel_minutes": 30}))
    assert plan.status == "INFEASIBLE"
    assert "No setting can take apprentice A1 in block 0" in plan.explanation[0]
    assert "over the 30-minute limit" in plan.explanation[0]


def test_conflict_found_by_relaxing_rule_groups() -> None:
    # enough places in total and per type, but no-repeat plus the single acute ward make it impossible
    raw = instance(
        [setting("W", type_="acute_ward", cap=2), setting("MH", type_="mental_health", cap=1, unavailable_blocks=[1])],
        [apprentice("A1"), apprentice("A2")],
        rules={"no_repeat_type": True},
    )
    plan = run(raw)
    assert plan.status == "INFEASIBLE"
    assert any("without never seeing the same setting type twice a plan would exist" in r for r in plan.explanation)


# ------------------------------------------------------------------------------------------------ re-planning


def test_replan_changes_as_little_as_the_change_weight_says() -> None:
    settings_ = [setting(f"S{i}", cap=1, lat=52.90 + i * 0.01) for i in range(4)]
    apprentices = [apprentice(f"A{i}") for i in range(3)]
    raw = instance(settings_, apprentices, blocks=BLOCKS)
    first = run(raw)
    previous = [{"apprentice": a, "block": b, "setting": s} for a, b, s in first.assignments]
    # S0 withdraws: only the apprentice who was there should move (plus nothing else)
    raw2 = copy.deepcopy(raw)
    raw2["settings"][0]["capacity"] = 0
    raw2["previous_plan"] = previous
    second = run(raw2)
    changed = {(a, b) for a, b, s in second.assignments} - {
        (e["apprentice"], e["block"]) for e in previous if e["setting"] != "S0"
    }
    before = placed(first)
    moved = [(k, v) for k, v in placed(second).items() if before[k] != v]
    assert len(moved) == sum(1 for v in before.values() if v == "S0")
    assert changed == {k for k, v in before.items() if v == "S0"}


def test_replan_keeps_started_blocks_pinned() -> None:
    raw = instance(
        [setting("S0", cap=1), setting("S1", cap=1, lat=52.95)],
        [apprentice("A1")],
        previous_plan=[{"apprentice": "A1", "block": 0, "setting": "S1"}],
    )
    raw["apprentices"][0]["pinned"] = [{"block": 0, "setting": "S1"}]
    plan = run(raw)
    assert placed(plan)[("A1", 0)] == "S1"


# -------------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda r: r["settings"][0].update(sector="private"), "settings[0].sector"),
        (lambda r: r["settings"][0].update(capacity=-1), "settings[0].capacity"),
        (lambda r: r["settings"][0].pop("lat"), "settings[0].lat"),
        (lambda r: r["apprentices"][0].update(date_of_birth="01/02/2008"), "apprentices[0].date_of_birth"),
        (
            lambda r: r["apprentices"][0].update(pinned=[{"block": 0, "setting": "NOPE"}]),
            "apprentices[0].pinned[0].setting",
        ),
        (lambda r: r["apprentices"][0].update(absent_blocks=[7]), "apprentices[0].absent_blocks[0]"),
        (
            lambda r: r["apprentices"][0].update(forbidden=[{"block": 0, "setting": "NOPE"}]),
            "apprentices[0].forbidden[0].setting",
        ),
        (lambda r: r["apprentices"][0].update(cohort="C9"), "apprentices[0].cohort"),
        (lambda r: r["blocks"][0].update(end="2026-01-01"), "blocks[0].end"),
        (lambda r: r.update(weights={"travel": "fast"}), "weights.travel"),
        (lambda r: r["rules"].update(last_block_sector="moon"), "rules.last_block_sector"),
        (lambda r: r["apprentices"].append(dict(r["apprentices"][0])), "apprentices[1].id"),
    ],
)
def test_malformed_instances_name_the_field(mutate: Any, field: str) -> None:
    raw = instance([setting("S")], [apprentice("A1")])
    mutate(raw)
    with pytest.raises(InstanceError) as exc:
        parse_instance(raw)
    assert str(exc.value).startswith(field)


def test_cli_refuses_malformed_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(instance([setting("S", sector="private")], [apprentice("A1")])))
    out = tmp_path / "plan.json"
    r = subprocess.run(
        [sys.executable, "-m", "rotation_planner", str(bad), "--time-limit", "5", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert r.returncode == 2
    assert "settings[0].sector" in r.stderr
    assert not out.exists()
    (tmp_path / "notjson.json").write_text("{")
    r = subprocess.run(
        [sys.executable, "-m", "rotation_planner", str(tmp_path / "notjson.json"), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert r.returncode == 2 and "not valid JSON" in r.stderr


def test_cli_writes_plan_in_the_spec_format_within_the_time_limit(tmp_path: Path) -> None:
    raw = instance(
        [setting(f"S{i}", cap=1, lat=52.9 + i / 100) for i in range(5)], [apprentice(f"A{i}") for i in range(4)]
    )
    path = tmp_path / "i.json"
    path.write_text(json.dumps(raw))
    out = tmp_path / "plan.json"
    started = time.monotonic()
    r = subprocess.run(
        [sys.executable, "-m", "rotation_planner", str(path), "--time-limit", "3", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert time.monotonic() - started < 3
    assert r.returncode == 0, r.stderr
    plan = json.loads(out.read_text())
    assert set(plan) == {"status", "assignments", "objective", "bound", "solve_seconds"}
    assert plan["status"] == "OPTIMAL" and plan["objective"] == plan["bound"]
    assert isinstance(plan["objective"], int)
    assert {tuple(sorted(a)) for a in plan["assignments"]} == {("apprentice", "block", "setting")}


def test_greedy_baseline_respects_unary_rules_but_can_leave_gaps() -> None:
    raw = instance([setting("S", cap=1)], [apprentice("A1"), apprentice("A2")])
    plan = greedy_plan(parse_instance(raw))
    assert plan.stats["unfilled_blocks"] == 2
    assert any("no placement" in v for v in plan.stats["violations"])


def _two_towns() -> dict[str, Any]:
    settings_, apprentices = [], []
    for town, lat in enumerate((52.0, 53.5)):  # 167 km apart: two independent parts
        for i in range(4):
            settings_.append(
                setting(
                    f"T{town}S{i}",
                    type_=["acute_ward", "mental_health", "community", "rehabilitation"][i],
                    cap=2,
                    lat=lat + i / 200,
                )
            )
        apprentices += [apprentice(f"T{town}A{i}", lat=lat, max_travel_minutes=60) for i in range(3)]
    return instance(settings_, apprentices, rules={"no_repeat_type": True}, blocks=BLOCKS)


def test_independent_parts_are_solved_separately_and_add_up() -> None:
    from rotation_planner.model import build_model, split_model

    inst = parse_instance(_two_towns())
    parts = split_model(build_model(inst))
    assert len(parts) == 2
    assert sum(p.n_x for p in parts) == build_model(inst).n_x
    plan = run(_two_towns())
    assert plan.status == "OPTIMAL" and plan.stats["parts"] == 2


def test_parallel_workers_give_the_same_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    from rotation_planner import solver

    inline = run(_two_towns())
    monkeypatch.setattr(solver, "PARALLEL_FROM", 0)
    parallel = run(_two_towns(), seconds=30)
    assert parallel.status == "OPTIMAL"
    assert parallel.objective == inline.objective
