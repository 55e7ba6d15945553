"""Explaining why no plan exists, in terms a coordinator can act on.

First the direct reasons (a pin that breaks a rule; an apprentice with no possible setting in a block or for a
required type), then counting arguments on days (more apprentices than places: in all, in a sector for the last
block, at an employer for the first block, for a required type), and last, relaxing one rule group at a time to
find which rules conflict.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from datetime import date

import highspy
import numpy as np

from .highs import highs_for
from .instance import Apprentice, Block, Instance, age_on, travel_minutes
from .model import Model, build_model, unary_reasons
from .plan import check_plan

GROUPS = {
    "capacity": "setting capacities",
    "organisations": "organisations' limits on apprentices at a time",
    "shifts": "the shifts apprentices can work",
    "required_types": "the setting types every apprentice must see",
    "no_repeat": "never seeing the same setting type twice",
    "last_block": "the last block's sector",
    "first_block": "the first block with the employer",
    "travel": "travel limits",
    "age": "minimum ages",
    "availability": "settings' unavailable periods",
    "pins": "pinned and ruled-out placements",
}


def explain_infeasible(instance: Instance, model: Model, deadline: float) -> list[str]:
    reasons: list[str] = []
    for ai, block_index, sid, why in model.bad_pins:
        apprentice = instance.apprentices[ai]
        reasons.append(
            f"The pin of apprentice {apprentice.id} to {sid} in block {block_index} breaks a rule: "
            + "; ".join(why)
            + ". Remove or change the pin."
        )
    for ai, block in model.missing:
        if any(p[0] == ai and p[1] == block.index for p in model.bad_pins):
            continue
        reasons.append(_no_setting(instance, instance.apprentices[ai], block))
    for ai, t in model.missing_types:
        reasons.append(_no_type(instance, instance.apprentices[ai], t))
    if reasons:
        return reasons
    reasons = counting_arguments(instance)
    if reasons:
        return reasons
    return _relaxations(instance, deadline)


def _position(instance: Instance, apprentice: Apprentice, block: Block) -> tuple[bool, bool]:
    attended = instance.attended(apprentice)
    return block.key == attended[0].key, block.key == attended[-1].key


def _no_setting(instance: Instance, apprentice: Apprentice, block: Block) -> str:
    first, last = _position(instance, apprentice, block)
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for si, setting in enumerate(instance.settings):
        why = unary_reasons(instance, apprentice, block, si, first, last, travel_minutes(instance, apprentice, setting))
        if why:
            kind = _kind(why[0])
            counts[kind] += 1
            examples.setdefault(kind, why[0])
    summary = "; ".join(
        f"{n} settings: {examples[k]}" + (" (and similar)" if n > 1 else "") for k, n in counts.most_common()
    )
    return f"No setting can take apprentice {apprentice.id} in {block.label()} ({block.start}): {summary}."


def _kind(reason: str) -> str:
    for key, marker in (
        ("age", "requires"),
        ("travel", "minutes from"),
        ("capacity", "no place"),
        ("employer", "employer"),
        ("sector", "sector"),
        ("ruled_out", "ruled out"),
        ("shift", " only and "),
    ):
        if marker in reason:
            return key
    return "other"


def _no_type(instance: Instance, apprentice: Apprentice, setting_type: str) -> str:
    attended = instance.attended(apprentice)
    of_type = [(si, s) for si, s in enumerate(instance.settings) if s.type == setting_type]
    if not attended:
        return f"Apprentice {apprentice.id} is absent in every block, so cannot see a {setting_type} setting."
    if not of_type:
        return f"Every apprentice must see a {setting_type} setting, but there is no {setting_type} setting."
    limit = apprentice.max_travel
    reachable = [(si, s) for si, s in of_type if limit is None or travel_minutes(instance, apprentice, s) <= limit]
    if not reachable:
        nearest = min(travel_minutes(instance, apprentice, s) for _, s in of_type)
        return (
            f"Apprentice {apprentice.id} must see a {setting_type} setting, but the nearest is "
            f"{nearest:.0f} minutes away, over their {limit:g}-minute limit."
        )
    within = f" within {limit:g} minutes" if limit is not None else ""
    youngest = min(_age(apprentice, b) for b in attended)
    if all(all(s.min_age > _age(apprentice, b) for b in attended) for _, s in reachable):
        need = min(s.min_age for _, s in reachable)
        return (
            f"Apprentice {apprentice.id} is {youngest} on {attended[0].start} and every {setting_type} "
            f"setting{within} requires {need}+, so they cannot see the required {setting_type} type. Find a "
            f"{setting_type} host{within} that takes under-{need}s, or move them to a later cohort."
        )
    suitable = [(si, s) for si, s in reachable if any(s.min_age <= _age(apprentice, b) for b in attended)]
    if suitable and not any(apprentice.may_work(s) for _, s in suitable):
        runs = " or ".join(sorted({s.shift or "" for _, s in suitable}))
        return (
            f"Apprentice {apprentice.id} works {apprentice.shifts_text()} only and every "
            f"{setting_type} setting{within} runs {runs}, so they cannot see the required {setting_type} type. Find "
            f"a {setting_type} host{within} with suitable shifts, or agree a different pattern with them."
        )
    details = []
    for si, s in reachable[:3]:
        for b in attended:
            first, last = _position(instance, apprentice, b)
            why = unary_reasons(instance, apprentice, b, si, first, last, travel_minutes(instance, apprentice, s))
            if why:
                details.append(why[0])
                break
    return (
        f"Apprentice {apprentice.id} cannot see the required {setting_type} type in any block they attend: "
        + "; ".join(details)
        + "."
    )


def _age(apprentice: Apprentice, block: Block) -> int:
    return age_on(apprentice.date_of_birth, block.start)


def counting_arguments(instance: Instance) -> list[str]:
    """More apprentices than places on some day: in all, for the last block's sector, for the first block's
    employer; and more apprentices than placements of a required type over a calendar."""
    rules = instance.rules
    days: set[date] = set()
    for cal in instance.calendars.values():
        for b in cal:
            days.add(b.start)
    reasons: list[str] = []
    attending: dict[date, list[tuple[Apprentice, Block, bool, bool]]] = defaultdict(list)
    for apprentice in instance.apprentices:
        attended = instance.attended(apprentice)
        for position, block in enumerate(attended):
            for day in days:
                if block.start <= day <= block.end:
                    attending[day].append((apprentice, block, position == 0, position == len(attended) - 1))
    for day in sorted(days):
        people = attending.get(day, [])
        if not people:
            continue
        labels = ", ".join(sorted({b.label() for _, b, _, _ in people}))
        total = sum(s.capacity_on(day) for s in instance.settings)
        if len(people) > total:
            reasons.append(
                f"{_capital(labels)}: {len(people)} apprentices need a placement on {day} but all "
                f"settings together offer {total} places."
            )
        if rules.last_block_sector:
            last = [p for p in people if p[3]]
            places = sum(s.capacity_on(day) for s in instance.settings if s.sector == rules.last_block_sector)
            if len(last) > places:
                labels = ", ".join(sorted({b.label() for _, b, _, is_last in last}))
                reasons.append(
                    f"{_capital(labels)}: {len(last)} apprentices need a "
                    f"{rules.last_block_sector.upper() if rules.last_block_sector == 'pvi' else rules.last_block_sector} "
                    f"setting for their last block, but those settings offer {places} places on {day}."
                )
        if rules.first_block_with_employer:
            by_employer: dict[str, list[Apprentice]] = defaultdict(list)
            for apprentice, _, is_first, _ in people:
                if is_first:
                    by_employer[apprentice.employer].append(apprentice)
            for employer, group in sorted(by_employer.items()):
                places = sum(s.capacity_on(day) for s in instance.settings if s.organisation == employer)
                limit = instance.organisations.get(employer)
                if limit is not None and len(group) > limit.capacity_on(day) and places >= len(group):
                    labels = ", ".join(sorted({b.label() for a, b, is_first, _ in people if a in group and is_first}))
                    reasons.append(
                        f"{employer} takes {_people(limit.capacity_on(day))} at a time but the plan needs "
                        f"{len(group)} there in {labels} (their first block is with their employer), on {day}."
                    )
                    continue
                if len(group) > places:
                    reasons.append(
                        f"{len(group)} apprentices of employer {employer} start with their employer on "
                        f"{day}, but {employer}'s settings offer {places} places then."
                    )
        reasons += _pinned_over_limit(instance, day, people)
    for cal_key, blocks in instance.calendars.items():
        group = [a for a in instance.apprentices if a.calendar == cal_key and instance.attended(a)]
        for t in rules.required_types:
            slots = sum(instance.capacity_min(s, b) for b in blocks for s in instance.settings if s.type == t)
            if len(group) > slots:
                where = f"cohort {cal_key}" if cal_key else "the scheme"
                reasons.append(
                    f"In {where}, {len(group)} apprentices must each spend a block in a {t} setting, but "
                    f"{t} settings offer {slots} placements across its {len(blocks)} blocks."
                )
    return reasons


def _pinned_over_limit(instance: Instance, day: date, people: list[tuple[Apprentice, Block, bool, bool]]) -> list[str]:
    """Pinned placements alone that put more apprentices at an organisation on one day than it takes."""
    pinned: dict[str, list[Block]] = defaultdict(list)
    for apprentice, block, _, _ in people:
        sid = apprentice.pins.get(block.index)
        if sid is not None:
            org = instance.settings[instance.setting_index[sid]].organisation
            if org in instance.organisations:
                pinned[org].append(block)
    reasons = []
    for org, blocks in sorted(pinned.items()):
        cap = instance.organisations[org].capacity_on(day)
        if len(blocks) > cap:
            labels = ", ".join(sorted({b.label() for b in blocks}))
            reasons.append(
                f"{org} takes {_people(cap)} at a time but the plan needs {len(blocks)} there in {labels} "
                f"(pinned placements), on {day}. Move a pin or raise {org}'s limit."
            )
    return reasons


def _relaxations(instance: Instance, deadline: float) -> list[str]:
    found = []
    named = ""
    groups = [g for g in GROUPS if _applies(instance, g)]
    budget = max(0.2, (deadline - time.monotonic()) * 0.8 / max(1, len(groups)))
    for group in groups:
        if time.monotonic() > deadline - 0.3:
            break
        model = build_model(instance, relax=frozenset({group}))
        if model.missing or model.missing_types:
            continue
        h = highs_for(model, min(budget, deadline - time.monotonic() - 0.2), instance.integer_weights)
        h.run()
        if h.getInfo().primal_solution_status == highspy.kSolutionStatusFeasible:
            found.append(group)
            if group == "organisations":
                named = _organisations_over(instance, model, np.asarray(h.getSolution().col_value))
    if found:
        return [
            named
            if g == "organisations" and named
            else f"The rules conflict: without {GROUPS[g]} a plan would exist, so look there first."
            for g in found
        ]
    return [
        "No plan meets every rule at once, and no single rule group is to blame: several rules conflict "
        "together. Try adding capacity, relaxing travel limits, or removing pins."
    ]


def _organisations_over(instance: Instance, model: Model, values: np.ndarray) -> str:
    """Which organisations' limits the plan found without them breaks, by name."""
    assignments = [
        (
            instance.apprentices[int(model.var_a[j])].id,
            model.blocks[int(model.var_block[j])].index,
            instance.settings[int(model.var_s[j])].id,
        )
        for j in np.flatnonzero(values[: model.n_x] > 0.5)
    ]
    over = [p for p in check_plan(instance, assignments) if p.startswith("organisation ")]
    if not over:
        return ""
    details = "; ".join(over)
    return (
        "Organisations' limits on apprentices at a time conflict with the other rules: a plan exists without them, "
        f"and the one found breaks these ({details}). Raise those limits or add places at other hosts."
    )


def _applies(instance: Instance, group: str) -> bool:
    rules = instance.rules
    return {
        "required_types": bool(rules.required_types),
        "no_repeat": rules.no_repeat_type,
        "last_block": bool(rules.last_block_sector),
        "first_block": rules.first_block_with_employer,
        "pins": any(a.pins or a.forbidden for a in instance.apprentices),
        "travel": any(a.max_travel is not None for a in instance.apprentices),
        "organisations": bool(instance.organisations),
        "shifts": any(a.allowed_shifts is not None for a in instance.apprentices),
        "availability": any(s.closed or s.periods for s in instance.settings),
    }.get(group, True)


def _people(n: int) -> str:
    return f"{n} apprentice" if n == 1 else f"{n} apprentices"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
