"""A part too large for its whole LP, solved as areas of apprentices who live near each other (ADR 0030).

An ICS whose towns are close enough to join is one part of 3.7 million variables: its whole LP takes minutes, so
neither its bound nor a plan dived from it arrives in time. Split into areas of about 300,000 variables instead:

1. **Bound.** Each area keeps its apprentices' rows, and a copy of every capacity or organisation row it shares
   with other areas, with all the row's places. That relaxes the area's share of the part (those rows only have
   upper bounds, and no column is below 0), so the areas' LPs add up to a true lower bound. They solve in parallel.
2. **Plan.** Each shared row's places are then divided between the areas that share it (`share_places`), in
   proportion to what their LPs used, and each area dives from its LP's basis within its shares. Plans made within
   the shares keep every row of the part when put together (`join`). The areas that cannot keep within their shares
   are planned last, together, in whatever the others leave, and with those who hold the places they need when that
   is not enough (`fit`, ADR 0041).
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import numpy as np

from .highs import LpData, run_task
from .model import PREFERENCE, Model, groups
from .search import Columns

FIT_RINGS = 3  # times `fit` frees those who hold the places the apprentices it plans need (ADR 0041)


@dataclass
class Area:
    """Some of a part's apprentices, who live near each other, with every row cut down to their columns."""

    model: Model
    cols: np.ndarray  # the part's x columns, in the area's order
    prefs: np.ndarray  # the part's preference slacks, in the area's order
    rows: np.ndarray  # the part's row of each of the area's rows


def split_areas(model: Model, count: int, seed: int) -> list[Area]:
    """Split a part into about `count` areas of apprentices who live near each other (k-means on where they live,
    from a seeded start). An apprentice's rows go to their area; a capacity or organisation row that areas share is
    copied into each of them, with all its places, over that area's columns only."""
    apprentices = np.unique(model.var_a)
    inst = model.instance
    lat = np.array([inst.apprentices[a].lat for a in apprentices])
    lon = np.array([inst.apprentices[a].lon for a in apprentices]) * np.cos(np.radians(lat.mean()))
    points = np.column_stack([lat, lon])
    rng = np.random.default_rng(seed)
    count = max(1, min(count, len(apprentices)))
    centres = points[rng.choice(len(points), size=count, replace=False)]
    label = np.zeros(len(points), dtype=np.int64)
    for _ in range(25):
        label = np.argmin(((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2), axis=1)
        moved = np.array([points[label == c].mean(axis=0) if np.any(label == c) else centres[c] for c in range(count)])
        if np.allclose(moved, centres):
            break
        centres = moved
    used = np.unique(label)
    area_of = np.full(len(inst.apprentices), -1, dtype=np.int64)
    area_of[apprentices] = np.searchsorted(used, label)
    var_area = area_of[model.var_a]
    pref_area = np.array([area_of[a] for a, _t in model.pref], dtype=np.int64)
    members = groups(var_area)
    prefs = [np.flatnonzero(pref_area == c) for c in range(len(used))]
    pref_local = np.zeros(len(model.pref), dtype=np.int64)
    local = np.full(model.n_x, -1, dtype=np.int64)
    for c in range(len(used)):
        local[members[c]] = np.arange(len(members[c]))  # each column is in one area: one map serves them all
        pref_local[prefs[c]] = np.arange(len(prefs[c]))
    rows: list[list[tuple[str, tuple, float, float, np.ndarray]]] = [[] for _ in used]
    origin: list[list[int]] = [[] for _ in used]
    for r, (kind, key, lo, hi, cols) in enumerate(model.rows):
        owners = var_area[cols]
        if owners.min() == owners.max():
            c = int(owners[0])
            if kind == PREFERENCE:
                key = (key[0], key[1], int(pref_local[key[2]]))
            rows[c].append((kind, key, lo, hi, local[cols]))
            origin[c].append(r)
            continue
        # kept even where it cannot bind in one area: its share of the places may be smaller than its columns
        for c in np.unique(owners).tolist():
            rows[c].append((kind, key, -np.inf, hi, local[cols[owners == c]]))
            origin[c].append(r)
    return [
        Area(
            Model(
                inst,
                model.var_a[members[c]],
                model.var_block[members[c]],
                model.var_s[members[c]],
                model.var_cost[members[c]],
                model.var_fixed[members[c]],
                model.blocks,
                [model.pref[p] for p in prefs[c]],
                rows[c],
            ),
            members[c],
            prefs[c],
            np.array(origin[c], dtype=np.int64),
        )
        for c in range(len(used))
    ]


def share_places(areas: list[Area], datas: list[LpData], lp_values: list[np.ndarray]) -> list[LpData]:
    """Divide each shared row's places between the areas that share it, in whole numbers that add up to the row's
    places (largest remainders): in proportion to what each area's LP used when together they used too many; else
    what each used, and the spare in proportion to the columns each has in the row. Returns each area's data with
    its share as the upper bound of its copy of the row. Every copy holds all the row's places (`split_areas`), so
    they are read from the areas' own data."""
    used = [
        Columns.of(d).activity(np.concatenate([x, np.zeros(len(d.cost) - len(x))]))
        for d, x in zip(datas, lp_values, strict=True)
    ]
    wants = [np.bincount(d.index, minlength=len(d.row_upper)).astype(float) for d in datas]
    origin = np.concatenate([a.rows for a in areas])
    area = np.concatenate([np.full(len(a.rows), c) for c, a in enumerate(areas)])
    position = np.concatenate([np.arange(len(a.rows)) for a in areas])
    use = np.concatenate(used)
    want = np.concatenate(wants)
    places_of = np.concatenate([d.row_upper for d in datas])
    shared = np.bincount(origin) > 1
    pick = np.flatnonzero(shared[origin])
    pick = pick[np.argsort(origin[pick], kind="stable")]
    uppers = [d.row_upper.copy() for d in datas]
    cuts = np.flatnonzero(np.diff(origin[pick])) + 1
    for group in np.split(pick, cuts) if len(pick) else []:
        places = float(places_of[group[0]])
        mine = use[group]
        if mine.sum() > places:
            target = places * mine / mine.sum()
        else:
            target = mine + (places - mine.sum()) * want[group] / max(1.0, want[group].sum())
        share = np.floor(target + 1e-9)
        extra = round(float(places - share.sum()))
        share[np.argsort(share - target, kind="stable")[:extra]] += 1
        for c, k, value in zip(area[group].tolist(), position[group].tolist(), share.tolist(), strict=True):
            uppers[c][k] = value
    return [dataclasses.replace(d, row_upper=u) for d, u in zip(datas, uppers, strict=True)]


def join(model: Model, n: int, areas: list[Area], values: list[np.ndarray | None]) -> np.ndarray:
    """The part's column values from its areas' (an area without values leaves its columns at 0)."""
    out = np.zeros(n)
    for area, found in zip(areas, values, strict=True):
        if found is not None:
            out[area.cols] = found[: area.model.n_x]
            out[model.n_x + area.prefs] = found[area.model.n_x :]
    return out


def fit(
    model: Model,
    data: LpData,
    values: np.ndarray,
    apprentices: np.ndarray,
    deadline: float,
    integer_weights: bool,
    dive_from: int,
    places: np.ndarray,
    rings: int = FIT_RINGS,
) -> np.ndarray | None:
    """Plan `apprentices` (the areas that found no plan within their shares) in the places the rest of `values`
    leaves, everyone else kept. Where the rest leaves them no plan, also free those the rest places in the places
    they need (ADR 0041): the apprentices in each capacity or organisation row (`places`) that the freed ones' LP,
    given every place of those rows, fills beyond what the rest leaves; and so on, `rings` times at most. Returns
    the part's values with the freed apprentices planned, or None (no plan found, or no time)."""
    cols = Columns.of(data)
    owner = np.array([a for a, _type in model.pref], dtype=np.int64)
    free = np.unique(apprentices)
    for ring in range(rings + 1):
        mine = np.flatnonzero(np.isin(model.var_a, free))
        keep = np.concatenate([mine, model.n_x + np.flatnonzero(np.isin(owner, free))])
        rest, sub = cols.without(values, keep)
        found = run_task(
            sub, "dive" if sub.n_x >= dive_from else "mip", deadline - time.monotonic(), integer_weights, threads=1
        )["values"]
        if found is not None:
            rest[keep] = found
            rest[: model.n_x] = np.round(rest[: model.n_x])
            return rest
        if ring == rings or deadline - time.monotonic() < 1.0:
            return None
        # the places they need: their LP with every place of the capacity and organisation rows their own
        held = cols.activity(rest)
        loose = np.where(places, 0.0, held)
        lp = run_task(cols.subproblem(keep, loose), "lp", deadline - time.monotonic(), integer_weights, threads=1)
        if lp["values"] is None:
            return None  # no plan even with every place (or no time)
        wanted = np.zeros(len(values))
        wanted[mine] = lp["values"][: len(mine)]
        over = places & (held + cols.activity(wanted) > data.row_upper + 1e-6)
        rows, placed = cols.placed(rest)
        more = np.setdiff1d(model.var_a[placed[over[rows]]], free)
        if len(more) == 0:
            return None
        free = np.union1d(free, more)
    return None
