"""A plan, its exact cost, and a checker that verifies every hard rule of the spec independently of the solver."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .instance import Dated, Instance, age_on, round_half_up, travel_minutes


@dataclass
class Plan:
    status: str
    assignments: list[tuple[str, int, str]] = field(default_factory=list)
    objective: float | None = None
    bound: float | None = None
    solve_seconds: float = 0.0
    explanation: list[str] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status,
            "assignments": [{"apprentice": a, "block": b, "setting": s} for a, b, s in sorted(self.assignments)],
            "objective": _number(self.objective),
            "bound": _number(self.bound),
            "solve_seconds": round(self.solve_seconds, 3),
        }
        if self.status == "INFEASIBLE":
            out["explanation"] = self.explanation
        return out

    def write(self, path: str | Path) -> None:
        target = Path(path)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")
        tmp.replace(target)


def _number(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def assignment_cost(instance: Instance, a_index: int, block_index: int, s_index: int) -> float:
    apprentice = instance.apprentices[a_index]
    setting = instance.settings[s_index]
    w = instance.weights
    cost = w["travel"] * round_half_up(travel_minutes(instance, apprentice, setting))
    block = instance.block(apprentice, block_index)
    if block is not None:
        cost += w["misalignment"] * instance.misaligned(block, setting.type)
    previous = instance.previous_plan.get((apprentice.id, block_index))
    if previous is not None and previous != setting.id:
        cost += w["change"]
    return cost


def plan_cost(instance: Instance, assignments: list[tuple[str, int, str]]) -> float:
    """The cost of a plan exactly as the spec defines it (an int when every weight is a whole number)."""
    a_index = {a.id: i for i, a in enumerate(instance.apprentices)}
    total: float = 0
    visited: dict[str, set[str]] = defaultdict(set)
    for aid, block, sid in assignments:
        i, s = a_index[aid], instance.setting_index[sid]
        total += assignment_cost(instance, i, block, s)
        visited[aid].add(instance.settings[s].type)
    for apprentice in instance.apprentices:
        unmet = [t for t in apprentice.preferred_types if t not in visited[apprentice.id]]
        total += instance.weights["unmet_preference"] * len(unmet)
    return int(total) if instance.integer_weights else total


def check_plan(instance: Instance, assignments: list[tuple[str, int, str]]) -> list[str]:
    """Every broken hard rule, in words. An empty list means the plan is valid."""
    problems: list[str] = []
    rules = instance.rules
    by_id = {a.id: a for a in instance.apprentices}
    seen: dict[tuple[str, int], str] = {}
    per_apprentice: dict[str, dict[int, str]] = defaultdict(dict)
    for aid, b, sid in assignments:
        if aid not in by_id:
            problems.append(f"unknown apprentice {aid}")
            continue
        if sid not in instance.setting_index:
            problems.append(f"unknown setting {sid} for {aid} in block {b}")
            continue
        if instance.block(by_id[aid], b) is None:
            problems.append(f"{aid} has no block {b}")
            continue
        if (aid, b) in seen:
            problems.append(f"{aid} is placed twice in block {b}")
        seen[(aid, b)] = sid
        per_apprentice[aid][b] = sid
    for apprentice in instance.apprentices:
        placed = per_apprentice[apprentice.id]
        attended = instance.attended(apprentice)
        for b in placed:
            if b in apprentice.absent:
                problems.append(f"{apprentice.id} is placed in block {b} but is absent then")
        types_seen: list[str] = []
        for block in attended:
            placed_sid = placed.get(block.index)
            if placed_sid is None:
                problems.append(f"{apprentice.id} has no placement in block {block.index}")
                continue
            setting = instance.settings[instance.setting_index[placed_sid]]
            types_seen.append(setting.type)
            if age_on(apprentice.date_of_birth, block.start) < setting.min_age:
                problems.append(
                    f"{apprentice.id} is under {setting.min_age} at the start of block {block.index} ({placed_sid})"
                )
            if not apprentice.may_work(setting):
                problems.append(
                    f"{apprentice.id} works {apprentice.shifts_text()} only but "
                    f"{placed_sid} runs {setting.shift} in block {block.index}"
                )
            if (
                apprentice.max_travel is not None
                and travel_minutes(instance, apprentice, setting) > apprentice.max_travel
            ):
                problems.append(f"{apprentice.id} travels too far to {placed_sid} in block {block.index}")
        for b, ruled_out in apprentice.forbidden.items():
            if placed.get(b) in ruled_out:
                problems.append(f"{apprentice.id} is placed in {placed[b]} in block {b}, which is ruled out")
        for b, sid in apprentice.pins.items():
            if placed.get(b) != sid:
                problems.append(f"{apprentice.id} is pinned to {sid} in block {b} but placed elsewhere")
        if attended:
            first, last = attended[0], attended[-1]
            if rules.first_block_with_employer and first.index in placed:
                setting = instance.settings[instance.setting_index[placed[first.index]]]
                if setting.organisation != apprentice.employer:
                    problems.append(f"{apprentice.id} is not with their employer in their first block {first.index}")
            if rules.last_block_sector and last.index in placed:
                setting = instance.settings[instance.setting_index[placed[last.index]]]
                if setting.sector != rules.last_block_sector:
                    problems.append(
                        f"{apprentice.id} is not in the {rules.last_block_sector} sector in their last block"
                    )
        if rules.no_repeat_type and len(types_seen) != len(set(types_seen)):
            problems.append(f"{apprentice.id} sees a setting type twice")
        for t in rules.required_types:
            if t not in types_seen:
                problems.append(f"{apprentice.id} never sees required type {t}")
    # capacity, day by day
    intervals: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
    for (aid, b), sid in seen.items():
        found = instance.block(by_id[aid], b)
        assert found is not None
        intervals[sid].append((found.start, found.end))
    for sid, spans in intervals.items():
        setting = instance.settings[instance.setting_index[sid]]
        problems += _over(sid, setting, spans)
    by_org: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
    for sid, spans in intervals.items():
        org = instance.settings[instance.setting_index[sid]].organisation
        if org in instance.organisations:
            by_org[org] += spans
    for org, spans in sorted(by_org.items()):
        problems += _over(f"organisation {org}", instance.organisations[org], spans)
    return problems


def _over(name: str, holder: Dated, spans: list[tuple[Any, Any]]) -> list[str]:
    """The first day on which more apprentices are there than the capacity allows (checked on every day where
    the count or the capacity can change)."""
    days = {start for start, _ in spans} | holder.change_days(min(s for s, _ in spans), max(e for _, e in spans))
    for day in sorted(days):
        count = sum(1 for s, e in spans if s <= day <= e)
        if count > holder.capacity_on(day):
            return [f"{name} has {count} apprentices on {day} but room for {holder.capacity_on(day)}"]
    return []
