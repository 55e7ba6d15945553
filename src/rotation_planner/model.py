"""Turn an instance into a 0-1 model: one variable per allowed (apprentice, block, setting), with its exact cost.

Unary rules (age, travel, availability, first block with the employer, last block's sector, absence, pins) decide
which variables exist. Rows: one placement per attended block; per-day capacity; setting types (no repeat,
required); preferences (a slack variable that pays `unmet_preference`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from .instance import Apprentice, Block, Dated, Instance, age_on

#: row kinds, for explanations and pricing
ASSIGN, CAPACITY, TYPE, PREFERENCE, ORGANISATION = "assign", "capacity", "type", "preference", "organisation"
#: variables: a model this large leaves out the capacity and organisation rows that others imply (ADR 0031); a
#: smaller one keeps them all, so its plans stay exactly those of the planner before (its LPs take a second)
TRIM_FROM = 1_000_000


@dataclass
class Model:
    instance: Instance
    # one entry per x variable
    var_a: np.ndarray
    var_block: np.ndarray  # index into `blocks`
    var_s: np.ndarray
    var_cost: np.ndarray
    var_fixed: np.ndarray  # pinned: lower bound 1
    blocks: list[Block]
    # preference slack variables: (apprentice index, type) with cost
    pref: list[tuple[int, str]]
    # rows as (kind, description, lower, upper, [columns]) with unit coefficients
    rows: list[tuple[str, tuple, float, float, np.ndarray]] = field(default_factory=list)
    constant: float = 0.0  # preference penalties that no variable can avoid
    missing: list[tuple[int, Block]] = field(default_factory=list)  # attended blocks with no allowed setting
    bad_pins: list[tuple[int, int, str, list[str]]] = field(default_factory=list)
    missing_types: list[tuple[int, str]] = field(default_factory=list)  # required type with no allowed variable

    @property
    def n_x(self) -> int:
        return len(self.var_a)


def _minutes(instance: Instance, apprentice: Apprentice, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    p1, l1 = np.radians(apprentice.lat), np.radians(apprentice.lon)
    dp, dl = lat - p1, lon - l1
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(lat) * np.sin(dl / 2) ** 2
    km = 2 * 6371.0 * np.arcsin(np.sqrt(h))
    return km / instance.rules.travel_speed_kmh * 60


def unary_reasons(
    instance: Instance, apprentice: Apprentice, block: Block, s_index: int, first: bool, last: bool, minutes: float
) -> list[str]:
    """Why a setting cannot take this apprentice in this block (empty when it can)."""
    setting = instance.settings[s_index]
    reasons = []
    age = age_on(apprentice.date_of_birth, block.start)
    if age < setting.min_age:
        reasons.append(f"{apprentice.id} is {age} on {block.start} and {setting.id} requires {setting.min_age}+")
    if apprentice.max_travel is not None and minutes > apprentice.max_travel:
        reasons.append(
            f"{setting.id} is {minutes:.0f} minutes from {apprentice.id}, over the "
            f"{apprentice.max_travel:g}-minute limit"
        )
    if not apprentice.may_work(setting):
        reasons.append(f"{apprentice.id} works {apprentice.shifts_text()} only and {setting.id} runs {setting.shift}")
    if setting.id in apprentice.forbidden.get(block.index, ()):
        reasons.append(f"{setting.id} is ruled out for {apprentice.id} in {block.label()}")
    if instance.capacity_min(setting, block) <= 0:
        reasons.append(f"{setting.id} has no place on some day of {block.label()}")
    if first and instance.rules.first_block_with_employer and setting.organisation != apprentice.employer:
        reasons.append(
            f"{block.label()} is {apprentice.id}'s first block, which must be with their employer "
            f"{apprentice.employer}, not {setting.organisation}"
        )
    if last and instance.rules.last_block_sector and setting.sector != instance.rules.last_block_sector:
        reasons.append(
            f"{block.label()} is {apprentice.id}'s last block, which must be in the "
            f"{instance.rules.last_block_sector} sector, not {setting.sector}"
        )
    return reasons


def build_model(instance: Instance, relax: frozenset[str] = frozenset()) -> Model:
    """Build the model. `relax` drops rule groups (for explaining infeasibility): capacity, organisations, travel,
    age, shifts, first_block, last_block, required_types, no_repeat, pins, availability."""
    settings = instance.settings
    rules = instance.rules
    n_s = len(settings)
    lat = np.radians(np.array([s.lat for s in settings]))
    lon = np.radians(np.array([s.lon for s in settings]))
    min_age = np.array([s.min_age for s in settings])
    types = sorted({s.type for s in settings})
    type_code = {t: i for i, t in enumerate(types)}
    s_type = np.array([type_code[s.type] for s in settings])
    s_sector = np.array([s.sector for s in settings])
    s_org = np.array([s.organisation for s in settings])
    w = instance.weights

    blocks = [b for cal in instance.calendars.values() for b in cal]
    block_id = {b.key: i for i, b in enumerate(blocks)}
    capacity = np.array([[instance.capacity_min(s, b) for s in settings] for b in blocks]).reshape(len(blocks), n_s)
    misalign = np.zeros((len(blocks), len(types)))
    for entry in instance.training:
        key = (entry.calendar, entry.block)
        if key in block_id:
            misalign[block_id[key]] += 1
            if entry.topic in type_code:
                misalign[block_id[key], type_code[entry.topic]] -= 1
    misalign_cost = w["misalignment"] * misalign[:, s_type]  # blocks x settings

    var_a: list[np.ndarray] = []
    var_block: list[np.ndarray] = []
    var_s: list[np.ndarray] = []
    var_cost: list[np.ndarray] = []
    var_fixed: list[np.ndarray] = []
    model = Model(instance, np.array([]), np.array([]), np.array([]), np.array([]), np.array([]), blocks, [])
    all_s = np.arange(n_s)
    for ai, apprentice in enumerate(instance.apprentices):
        minutes = _minutes(instance, apprentice, lat, lon)
        travel_cost = w["travel"] * np.floor(minutes + 0.5)
        base = np.ones(n_s, dtype=bool)
        if apprentice.max_travel is not None and "travel" not in relax:
            base &= minutes <= apprentice.max_travel
        if apprentice.allowed_shifts is not None and "shifts" not in relax:
            base &= np.array([apprentice.may_work(s) for s in settings])
        attended = instance.attended(apprentice)
        for position, block in enumerate(attended):
            bi = block_id[block.key]
            mask = base.copy()
            if "age" not in relax:
                mask &= min_age <= age_on(apprentice.date_of_birth, block.start)
            if "availability" not in relax:
                mask &= capacity[bi] > 0
            if position == 0 and rules.first_block_with_employer and "first_block" not in relax:
                mask &= s_org == apprentice.employer
            if position == len(attended) - 1 and rules.last_block_sector and "last_block" not in relax:
                mask &= s_sector == rules.last_block_sector
            ruled_out = apprentice.forbidden.get(block.index)
            if ruled_out and "pins" not in relax:
                mask &= ~np.isin(all_s, [instance.setting_index[sid] for sid in ruled_out])
            pinned = apprentice.pins.get(block.index)
            fixed = np.zeros(n_s, dtype=bool)
            if pinned is not None and "pins" not in relax:
                si = instance.setting_index[pinned]
                if not mask[si]:
                    reasons = unary_reasons(
                        instance,
                        apprentice,
                        block,
                        si,
                        position == 0,
                        position == len(attended) - 1,
                        float(minutes[si]),
                    )
                    model.bad_pins.append((ai, block.index, pinned, reasons))
                mask = np.zeros(n_s, dtype=bool)
                mask[si] = True
                fixed[si] = True
            chosen = all_s[mask]
            if len(chosen) == 0:
                model.missing.append((ai, block))
                continue
            cost = travel_cost[chosen] + misalign_cost[bi, chosen]
            previous = instance.previous_plan.get((apprentice.id, block.index))
            if previous is not None:
                cost = cost + w["change"] * np.array([settings[s].id != previous for s in chosen])
            var_a.append(np.full(len(chosen), ai))
            var_block.append(np.full(len(chosen), bi))
            var_s.append(chosen)
            var_cost.append(cost)
            var_fixed.append(fixed[chosen])

    def cat(parts: list[np.ndarray], dtype: type) -> np.ndarray:
        return np.concatenate(parts).astype(dtype) if parts else np.array([], dtype=dtype)

    model.var_a, model.var_block, model.var_s = cat(var_a, np.int64), cat(var_block, np.int64), cat(var_s, np.int64)
    model.var_cost, model.var_fixed = cat(var_cost, np.float64), cat(var_fixed, bool)

    # one placement in every attended block that has candidates
    order = np.lexsort((model.var_block, model.var_a))
    keys = model.var_a[order] * len(blocks) + model.var_block[order]
    splits = np.flatnonzero(np.diff(keys)) + 1
    for group in np.split(order, splits) if len(order) else []:
        a, b = int(model.var_a[group[0]]), int(model.var_block[group[0]])
        model.rows.append((ASSIGN, (a, b), 1.0, 1.0, group))

    # setting types, per apprentice
    var_t = s_type[model.var_s] if model.n_x else np.array([], dtype=np.int64)
    by_at = groups(model.var_a * len(types) + var_t)
    required = set(rules.required_types) if "required_types" not in relax else set()
    no_repeat = rules.no_repeat_type and "no_repeat" not in relax
    empty = np.array([], dtype=np.int64)
    for ai, apprentice in enumerate(instance.apprentices):
        attends = bool(instance.attended(apprentice))
        for t in sorted(required | (set(types) if no_repeat else set())):
            cols = by_at.get(ai * len(types) + type_code[t], empty) if t in type_code else empty
            lower = 1.0 if t in required else 0.0
            upper = 1.0 if no_repeat else float(len(cols) or 1)
            if t in required and (len(cols) == 0 or not attends):
                model.missing_types.append((ai, t))
                continue
            if len(cols) == 0 or (lower == 0 and upper >= len(cols)):
                continue
            model.rows.append((TYPE, (ai, t), lower, upper, cols))
        for t in apprentice.preferred_types:
            cols = by_at.get(ai * len(types) + type_code[t], empty) if t in type_code else empty
            if len(cols) == 0:
                model.constant += w["unmet_preference"]
                continue
            model.pref.append((ai, t))
            model.rows.append((PREFERENCE, (ai, t, len(model.pref) - 1), 1.0, np.inf, cols))

    with_capacity = "capacity" not in relax
    with_organisations = bool(instance.organisations) and "organisations" not in relax
    if with_capacity or with_organisations:
        by_sb = _by_setting_and_block(model)
        if with_capacity:
            _capacity_rows(instance, model, by_sb)
        if with_organisations:
            _organisation_rows(instance, model, by_sb)
    return model


def place_rows(model: Model) -> np.ndarray:
    """Which of the model's rows are places apprentices compete for: the capacity and organisation rows."""
    return np.array([row[0] in (CAPACITY, ORGANISATION) for row in model.rows], dtype=bool)


def groups(keys: np.ndarray) -> dict[int, np.ndarray]:
    """Variable indexes grouped by key, in one sort."""
    if len(keys) == 0:
        return {}
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    cuts = np.flatnonzero(np.diff(sorted_keys)) + 1
    return {int(sorted_keys[g[0]]): order[g] for g in np.split(np.arange(len(order)), cuts)}


def _by_setting_and_block(model: Model) -> dict[int, dict[int, np.ndarray]]:
    """The variables of each setting in each block: setting -> block -> columns (one sort)."""
    blocks = model.blocks
    by_sb: dict[int, dict[int, np.ndarray]] = defaultdict(dict)
    for key, cols in groups(model.var_s * len(blocks) + model.var_block).items():
        by_sb[key // len(blocks)][key % len(blocks)] = cols
    return by_sb


def _capacity_rows(instance: Instance, model: Model, by_sb: dict[int, dict[int, np.ndarray]]) -> None:
    """Per-day capacity: for each setting, each stretch of days with the same blocks running and the same
    capacity gives one row over the variables of those blocks. Rows that cannot bind are left out."""
    for s, per_block in by_sb.items():
        _dated_rows(model, instance.settings[s], per_block, (CAPACITY, s))


def _organisation_rows(instance: Instance, model: Model, by_sb: dict[int, dict[int, np.ndarray]]) -> None:
    """Per-day organisation limits: like a setting's capacity, over the variables of all its settings."""
    by_ob: dict[str, dict[int, list[np.ndarray]]] = defaultdict(lambda: defaultdict(list))
    for s, per_block in by_sb.items():
        org = instance.settings[s].organisation
        if org in instance.organisations:
            for b, cols in per_block.items():
                by_ob[org][b].append(cols)
    for org_id, per_block_lists in sorted(by_ob.items()):
        per_block = {b: np.concatenate(c) for b, c in per_block_lists.items()}
        _dated_rows(model, instance.organisations[org_id], per_block, (ORGANISATION, org_id))


def _dated_rows(model: Model, holder: Dated, per_block: dict[int, np.ndarray], key: tuple) -> None:
    """One row per stretch of days with the same blocks running and the same capacity (the least on those days),
    over the variables of those blocks; a row that cannot bind is left out, and on a model of TRIM_FROM variables
    or more a row that another implies (`_dominated`)."""
    trim = model.n_x >= TRIM_FROM
    blocks = model.blocks
    used = sorted(per_block)
    days: set[date] = set()
    for b in used:
        days.update((blocks[b].start, blocks[b].end + timedelta(days=1)))
    days |= holder.change_days(min(blocks[b].start for b in used), max(blocks[b].end for b in used))
    stretches = [
        (frozenset(b for b in used if blocks[b].start <= day <= blocks[b].end), holder.capacity_on(day))
        for day in sorted(days)
    ]
    seen: dict[frozenset[int], int] = {}
    for i, (running, cap) in enumerate(stretches):
        if running and not (trim and _dominated(stretches, i)):
            seen[running] = min(cap, seen.get(running, cap))
    for running, cap in seen.items():
        cols = np.concatenate([per_block[b] for b in sorted(running)])
        # a row binds only if more candidates than places (the same apprentice in two running blocks of one
        # calendar cannot happen, so counting columns over-counts safely)
        if len(cols) > cap:
            kind, ident = key
            model.rows.append((kind, (ident, tuple(sorted(running)), cap), -np.inf, float(cap), cols))


def _dominated(stretches: list[tuple[frozenset[int], int]], i: int) -> bool:
    """Whether stretch `i`'s row is implied by another's: one whose running blocks include all of its own (so its
    columns too) with no more places; of two equal rows, the later is the one left out. Blocks run on whole
    stretches of days, so a stretch whose blocks include `i`'s is reached from `i` through stretches that all do:
    scanning each way stops at the first that does not. About two in five capacity rows of an ICS go (ADR 0031)."""
    running, cap = stretches[i]
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(stretches) and running <= stretches[j][0]:
            other, places = stretches[j]
            if places < cap or (places == cap and (other != running or j < i)):
                return True
            j += step
    return False


def _components(n: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Each of `n` nodes' component, linked by the edges (u[i], v[i]): the smallest node in it. Every node takes
    the smallest label across its edges, then follows labels to their own (pointer jumping), until none moves."""
    label = np.arange(n)
    while True:
        low = np.minimum(label[u], label[v])
        moved = label.copy()
        np.minimum.at(moved, u, low)
        np.minimum.at(moved, v, low)
        while True:
            jumped = moved[moved]
            if np.array_equal(jumped, moved):
                break
            moved = jumped
        if np.array_equal(moved, label):
            return label
        label = moved


def split_model(model: Model) -> list[Model]:
    """Split into independent parts: apprentices and settings linked by a variable belong together. No row
    crosses parts (a placement, type or preference row is one apprentice's; a capacity row is one setting's), so
    solving the parts separately is exact, and their bounds add up."""
    n_a, n_s = len(model.instance.apprentices), len(model.instance.settings)
    pairs = np.unique(model.var_a * n_s + model.var_s) if model.n_x else np.array([], dtype=np.int64)
    # an organisation's limit is one row over all its settings: they belong to one part
    first_of: dict[str, int] = {}
    linked = [
        (n_a + first_of.setdefault(setting.organisation, s), n_a + s)
        for s, setting in enumerate(model.instance.settings)
        if setting.organisation in model.instance.organisations
    ]
    comp_of_a = _components(
        n_a + n_s,
        np.concatenate([pairs // n_s, np.array([u for u, _ in linked], dtype=np.int64)]),
        np.concatenate([n_a + pairs % n_s, np.array([v for _, v in linked], dtype=np.int64)]),
    )[:n_a]
    var_comp = comp_of_a[model.var_a] if model.n_x else np.array([], dtype=np.int64)
    if model.n_x and var_comp.min() == var_comp.max() and all(comp_of_a[a] == var_comp[0] for a, _t in model.pref):
        # one part (an ICS whose towns join): the same variables and rows, in the same order, without a copy
        return [
            Model(
                model.instance,
                model.var_a,
                model.var_block,
                model.var_s,
                model.var_cost,
                model.var_fixed,
                model.blocks,
                list(model.pref),
                list(model.rows),
            )
        ]
    members = groups(var_comp)
    roots = sorted(members)
    parts = []
    rows_by_root: dict[int, list[int]] = defaultdict(list)
    for r, (_kind, _key, _lo, _hi, cols) in enumerate(model.rows):
        rows_by_root[int(var_comp[cols[0]])].append(r)
    local = np.full(model.n_x, -1, dtype=np.int64)  # global column -> column in its part (each is in one)
    for root in roots:
        idx = np.sort(members[root])
        local[idx] = np.arange(len(idx))
        pref_global = [p for p, (a, _t) in enumerate(model.pref) if comp_of_a[a] == root]
        pref_local = {g: i for i, g in enumerate(pref_global)}
        rows = []
        for r in rows_by_root[root]:
            kind, key, lo, hi, cols = model.rows[r]
            if kind == PREFERENCE:
                key = (key[0], key[1], pref_local[key[2]])
            rows.append((kind, key, lo, hi, local[cols]))
        parts.append(
            Model(
                model.instance,
                model.var_a[idx],
                model.var_block[idx],
                model.var_s[idx],
                model.var_cost[idx],
                model.var_fixed[idx],
                model.blocks,
                [model.pref[g] for g in pref_global],
                rows,
            )
        )
    return parts
