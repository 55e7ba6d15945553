"""The way a coordinator fills a grid by hand: apprentice by apprentice, block by block, the nearest setting that
is allowed and still has room (at the setting and within its organisation's limit). It keeps to the unary rules
and capacity, but does not plan ahead, so it can leave blocks empty or miss required types. Used as the
benchmark's baseline."""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date

from .instance import Dated, Instance, travel_minutes
from .model import unary_reasons
from .plan import Plan, check_plan, plan_cost


def greedy_plan(instance: Instance) -> Plan:
    started = time.monotonic()
    # occupancy[setting] = list of (start, end) already taken
    occupancy: dict[str, list[tuple[date, date]]] = defaultdict(list)
    assignments: list[tuple[str, int, str]] = []
    for apprentice in instance.apprentices:
        attended = instance.attended(apprentice)
        by_distance = sorted(
            range(len(instance.settings)), key=lambda i: travel_minutes(instance, apprentice, instance.settings[i])
        )
        used_types: set[str] = set()
        for position, block in enumerate(attended):
            pinned = apprentice.pins.get(block.index)
            choice = None
            for si in [instance.setting_index[pinned]] if pinned else by_distance:
                setting = instance.settings[si]
                if pinned is None:
                    if instance.rules.no_repeat_type and setting.type in used_types:
                        continue
                    minutes = travel_minutes(instance, apprentice, setting)
                    if unary_reasons(
                        instance, apprentice, block, si, position == 0, position == len(attended) - 1, minutes
                    ):
                        continue
                    if not _has_room(setting, occupancy[setting.id], block.start, block.end):
                        continue
                    limit = instance.organisations.get(setting.organisation)
                    if limit and not _has_room(limit, occupancy[f"org:{limit.id}"], block.start, block.end):
                        continue
                choice = setting
                break
            if choice is None:
                continue  # left unfilled: the coordinator has to find something by hand
            used_types.add(choice.type)
            occupancy[choice.id].append((block.start, block.end))
            occupancy[f"org:{choice.organisation}"].append((block.start, block.end))
            assignments.append((apprentice.id, block.index, choice.id))
    violations = check_plan(instance, assignments)
    plan = Plan(
        "FEASIBLE" if not violations else "UNKNOWN",
        assignments=assignments,
        objective=plan_cost(instance, assignments),
        solve_seconds=time.monotonic() - started,
    )
    plan.stats["violations"] = violations
    plan.stats["unfilled_blocks"] = sum(len(instance.attended(a)) for a in instance.apprentices) - len(assignments)
    return plan


def _has_room(holder: Dated, taken: list[tuple[date, date]], start: date, end: date) -> bool:
    """Room for one more from `start` to `end` at a setting or an organisation with a limit."""
    days = {start} | {s for s, _ in taken if start <= s <= end} | holder.change_days(start, end)
    return all(sum(1 for s, e in taken if s <= day <= e) + 1 <= holder.capacity_on(day) for day in days)
