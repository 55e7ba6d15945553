"""Deterministic generator of realistic planning instances for the benchmark (the instances are not committed).

Scales: pilot (~10 apprentices, ~30 settings, 1-2 cohorts), regional (~500 / ~150, 14 cohorts), ICS (~5,000 /
~1,500, 13 cohorts with staggered intakes). Geography: towns far enough apart that travel limits make them nearly
independent. Tightness is set per setting type so the scarcest type (mental health) binds first. About 10% of
apprentices are under 18, and some hosts take only over-18s. Variants: `base`, `tight`, `infeasible` (and `replan`,
made from a base plan by `replan_variant`).
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Any

from .instance import age_on, busiest_day, haversine_km

SCALES: dict[str, dict[str, Any]] = {
    "pilot": {"apprentices": 10, "settings": 30, "cohorts": 2, "towns": 1},
    "regional": {"apprentices": 500, "settings": 150, "cohorts": 14, "towns": 3},
    "ics": {"apprentices": 5000, "settings": 1500, "cohorts": 13, "towns": 12},
}
# type, sector, share of settings, share of them that take only over-18s
TYPES = [
    ("acute_ward", "nhs", 0.17, 0.2),
    ("mental_health", "nhs", 0.07, 0.7),
    ("residential_care", "pvi", 0.17, 0.0),
    ("community", "council", 0.12, 0.0),
    ("rehabilitation", "nhs", 0.10, 0.1),
    ("primary_care", "primary_care", 0.10, 0.0),
    ("domiciliary_care", "pvi", 0.10, 0.5),
    ("urgent_care", "nhs", 0.08, 0.5),
    ("learning_disability", "pvi", 0.09, 0.0),
]
BLOCKS = 5
BLOCK_WEEKS = 13
FIRST_START = date(2026, 9, 7)
TOWN_SPACING_KM = 110.0  # well over twice the 30 km a 60-minute limit allows at 30 km/h
SPREAD_KM = 8.0
CONNECTED_SPACING_KM = 35.0  # under the 60 km a 60-minute limit spans from side to side: neighbouring towns share


def _offset(lat: float, lon: float, dx_km: float, dy_km: float) -> tuple[float, float]:
    return (round(lat + dy_km / 111.2, 5), round(lon + dx_km / (111.2 * math.cos(math.radians(lat))), 5))


def _near(rng: random.Random, town: tuple[float, float], spread: float, clip: float) -> tuple[float, float]:
    """A point around a town: Gaussian, but never further than `clip` km (people live near where they work)."""
    dx, dy = rng.gauss(0, spread), rng.gauss(0, spread)
    scale = min(1.0, clip / max(1e-9, math.hypot(dx, dy)))
    return _offset(town[0], town[1], dx * scale, dy * scale)


def _km(lat: float, lon: float, town: tuple[float, float]) -> float:
    dy = (lat - town[0]) * 111.2
    dx = (lon - town[1]) * 111.2 * math.cos(math.radians(town[0]))
    return math.hypot(dx, dy)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def generate(scale: str, seed: int, variant: str = "base", spacing_km: float = TOWN_SPACING_KM) -> dict[str, Any]:
    spec = SCALES[scale]
    rng = random.Random(f"{scale}-{seed}-{variant}")  # noqa: S311 - reproducible test data
    n_towns, n_cohorts, n_app, n_set = spec["towns"], spec["cohorts"], spec["apprentices"], spec["settings"]
    if scale == "pilot":
        n_cohorts = 1 + seed % 2
    side = math.ceil(math.sqrt(n_towns))
    towns = [_offset(52.0, -1.5, (i % side) * spacing_km, (i // side) * spacing_km) for i in range(n_towns)]

    # cohorts: staggered intakes four weeks apart; every town has apprentices in every cohort
    cohorts: list[dict[str, Any]] = []
    for c in range(n_cohorts):
        start = FIRST_START + timedelta(weeks=4 * c)
        blocks = [
            {
                "index": b,
                "start": (start + timedelta(weeks=BLOCK_WEEKS * b)).isoformat(),
                "end": (start + timedelta(weeks=BLOCK_WEEKS * (b + 1)) - timedelta(days=3)).isoformat(),
            }
            for b in range(BLOCKS)
        ]
        cohorts.append({"id": f"C{c + 1}", "blocks": blocks})

    def span(c: int, b: int) -> tuple[date, date]:
        block = cohorts[c]["blocks"][b]
        return date.fromisoformat(block["start"]), date.fromisoformat(block["end"])

    apprentices: list[dict[str, Any]] = []
    first_blocks: dict[str, list[tuple[date, date]]] = {}
    last_blocks: list[list[tuple[date, date]]] = [[] for _ in range(n_towns)]
    middle: list[list[tuple[date, date]]] = [[] for _ in range(n_towns)]  # blocks 1 to 3, where mental health fits
    town_size = [0] * n_towns
    for k in range(n_app):
        town, c = k % n_towns, (k // n_towns) % n_cohorts
        employer = f"EMP{town}-{c % 2}"  # two employers per town (an NHS trust and a council), alternate intakes
        cohort_start = span(c, 0)[0]
        lat, lon = _near(rng, towns[town], SPREAD_KM, 15.0)
        age = 16 + rng.randint(0, 1) if rng.random() < 0.10 else rng.randint(18, 45)
        born = _years_before(cohort_start, age) - timedelta(days=rng.randint(1, 300))
        a: dict[str, Any] = {
            "id": f"A{k + 1}",
            "employer": employer,
            "date_of_birth": born.isoformat(),
            "lat": lat,
            "lon": lon,
            "cohort": cohorts[c]["id"],
        }
        if rng.random() < 0.3:
            a["preferred_types"] = rng.sample([t for t, *_ in TYPES], rng.randint(1, 2))
        if rng.random() < 0.1 and _km(lat, lon, towns[town]) < 6.0:
            a["max_travel_minutes"] = 45  # a shorter limit, for some who live near the centre
        attended = list(range(BLOCKS))
        if rng.random() < 0.03:
            a["absent_blocks"] = [rng.randint(1, BLOCKS - 2)]
            attended.remove(a["absent_blocks"][0])
        apprentices.append(a)
        first_blocks.setdefault(employer, []).append(span(c, attended[0]))
        last_blocks[town].append(span(c, attended[-1]))
        middle[town].append((span(c, 1)[0], span(c, BLOCKS - 2)[1]))
        town_size[town] += 1

    factor = {"base": 1.45, "tight": 1.2, "infeasible": 1.45}[variant]
    slack = {"base": 1.2, "tight": 1.06, "infeasible": 1.2}[variant]
    settings: list[dict[str, Any]] = []
    shares = [share for _, _, share, _ in TYPES]
    for t in range(n_towns):
        town_settings = max(len(TYPES), round(n_set * town_size[t] / max(1, n_app)) - 6)
        concurrent = town_size[t]
        mine: list[dict[str, Any]] = []
        for i in range(town_settings):
            ti = i if i < len(TYPES) else rng.choices(range(len(TYPES)), weights=shares)[0]
            type_, sector, share, adult_only = TYPES[ti]
            # the first host of each type sits near the centre, so every apprentice can reach one
            lat, lon = _near(rng, towns[t], SPREAD_KM, 8.0 if i < len(TYPES) else 25.0)
            mine.append(
                {
                    "id": "",
                    "organisation": f"ORG{t}-{ti}-{i % 3}",
                    "sector": sector,
                    "type": type_,
                    "capacity": 1,
                    # the first host of each type in a town takes under-18s; others may not
                    "min_age": 18 if i >= len(TYPES) and rng.random() < adult_only else 16,
                    "lat": lat,
                    "lon": lon,
                }
            )
        # places by type share; mental health is the scarcest type and binds first
        for type_, _, share, _ in TYPES:
            of_type = [s for s in mine if s["type"] == type_]
            # mental health: everyone in their middle blocks at once must fit one such block into those three
            need = (
                busiest_day(middle[t])[1] / (BLOCKS - 2) * slack
                if type_ == "mental_health"
                else factor * concurrent * share
            )
            for j in range(len(of_type), math.ceil(need)):
                of_type[j % len(of_type)]["capacity"] += 1
        # the last block is in a PVI setting: enough PVI places for the most apprentices in a last block at once
        pvi = [s for s in mine if s["sector"] == "pvi"]
        short = math.ceil(busiest_day(last_blocks[t])[1] * slack) - sum(s["capacity"] for s in pvi)
        for j in range(max(0, short)):
            pvi[j % len(pvi)]["capacity"] += 1
        # each employer hosts the first block of its own apprentices
        for parity in (0, 1):
            employer = f"EMP{t}-{parity}"
            need = math.ceil(busiest_day(first_blocks.get(employer, []))[1] * slack)
            own: list[dict[str, Any]] = []
            for type_, sector in (("acute_ward", "nhs"), ("community", "council"), ("rehabilitation", "nhs")):
                lat, lon = _near(rng, towns[t], SPREAD_KM / 3, 5.0)
                own.append(
                    {
                        "id": "",
                        "organisation": employer,
                        "sector": sector,
                        "type": type_,
                        "capacity": 0,
                        "min_age": 16,
                        "lat": lat,
                        "lon": lon,
                    }
                )
            for j in range(need):
                own[j % len(own)]["capacity"] += 1
            mine.extend(o for o in own if o["capacity"] > 0)
        settings.extend(mine)
    for i, s in enumerate(settings):
        s["id"] = f"S{i + 1}"
    training = [
        {"unit": f"{topic.replace('_', ' ').title()} module", "topic": topic, "block": block, "cohort": cohort["id"]}
        for cohort in cohorts
        for topic, block in (("residential_care", 1), ("mental_health", 2), ("acute_ward", 3))
    ]
    instance: dict[str, Any] = {
        "name": f"{scale}-{variant}-{seed}",
        "cohorts": cohorts,
        "settings": settings,
        "apprentices": apprentices,
        "rules": {
            "first_block_with_employer": True,
            "last_block_sector": "pvi",
            "no_repeat_type": True,
            "required_types": ["mental_health", "residential_care"],
            "max_travel_minutes": 60,
            "travel_speed_kmh": 30,
        },
        "training": training,
        "weights": {"travel": 1, "misalignment": 40, "unmet_preference": 15, "change": 500},
    }
    if variant == "infeasible":
        _make_infeasible(instance, rng, seed)
    return instance


def _make_infeasible(instance: dict[str, Any], rng: random.Random, seed: int) -> None:
    """Two kinds, alternating by seed: PVI places withdrawn so last blocks cannot all be PVI; or an under-18 whose
    only reachable mental-health settings take over-18s."""
    if seed % 2 == 0:
        first_cohort = instance["cohorts"][0]
        last = first_cohort["blocks"][-1]
        for s in instance["settings"]:
            if s["sector"] == "pvi":
                s["unavailable"] = [{"from": last["start"], "to": last["end"]}]
    else:
        young = instance["apprentices"][0]
        start = date.fromisoformat(instance["cohorts"][0]["blocks"][0]["start"])
        young["date_of_birth"] = (start - timedelta(days=365 * 16 + 40)).isoformat()  # under 18 throughout
        for s in instance["settings"]:
            if s["type"] == "mental_health":
                s["min_age"] = 18


def replan_variant(instance: dict[str, Any], plan: dict[str, Any], seed: int) -> dict[str, Any]:
    """After a host withdraws: the busiest host's settings close from a date part-way through, blocks that have
    started by then are pinned, and the published plan becomes `previous_plan`."""
    rng = random.Random(f"replan-{seed}")  # noqa: S311 - reproducible test data
    out = {**instance, "name": instance["name"] + "-replan", "settings": [dict(s) for s in instance["settings"]]}
    used: dict[str, int] = {}
    for a in plan["assignments"]:
        used[a["setting"]] = used.get(a["setting"], 0) + 1
    by_org: dict[str, int] = {}
    for s in out["settings"]:
        by_org[s["organisation"]] = by_org.get(s["organisation"], 0) + used.get(s["id"], 0)
    employers = {a["employer"] for a in instance["apprentices"]}
    # a host whose setting types others also offer (not the scarce mental-health or last-block PVI places)
    ordinary = {s["organisation"] for s in out["settings"]} - {
        s["organisation"] for s in out["settings"] if s["type"] == "mental_health" or s["sector"] == "pvi"
    }
    host = max((o for o in by_org if o not in employers and o in ordinary), key=lambda o: (by_org[o], o))
    all_starts = sorted({b["start"] for c in instance["cohorts"] for b in c["blocks"]})
    today = all_starts[len(all_starts) // 3 + rng.randint(0, 2)]
    block_span = {(c["id"], b["index"]): (b["start"], b["end"]) for c in instance["cohorts"] for b in c["blocks"]}
    cohort_of = {a["id"]: a["cohort"] for a in instance["apprentices"]}
    host_settings = {s["id"] for s in out["settings"] if s["organisation"] == host}
    # the host withdraws once the placements it has under way today have ended (nobody is moved mid-block)
    running_ends = [
        block_span[(cohort_of[a["apprentice"]], a["block"])][1]
        for a in plan["assignments"]
        if a["setting"] in host_settings
        and block_span[(cohort_of[a["apprentice"]], a["block"])][0]
        < today
        <= block_span[(cohort_of[a["apprentice"]], a["block"])][1]
    ]
    close_from = (date.fromisoformat(max(running_ends)) + timedelta(days=1)).isoformat() if running_ends else today
    for s in out["settings"]:
        if s["id"] in host_settings:
            s["unavailable"] = [*s.get("unavailable", []), {"from": close_from, "to": "2099-12-31"}]
    pins: dict[str, list[dict[str, Any]]] = {}
    for a in plan["assignments"]:
        if block_span[(cohort_of[a["apprentice"]], a["block"])][0] < today:  # started: pinned
            pins.setdefault(a["apprentice"], []).append({"block": a["block"], "setting": a["setting"]})
    out["apprentices"] = [{**a, "pinned": pins.get(a["id"], [])} for a in instance["apprentices"]]
    out["previous_plan"] = plan["assignments"]
    out["_withdrawn_host"], out["_today"] = host, today
    return out


def generate_connected(scale: str, seed: int, variant: str = "single", ratio: float = 1.05) -> dict[str, Any]:
    """Instances that do not split: towns close enough that chains of apprentices link every setting.

    `single`: one cohort (everyone moves on the same dates) and, in every block, places for only `ratio` times the
    apprentices. Capacities come from a planted plan that keeps every rule, with the middle blocks sharing one
    capacity per setting (the planted use averaged over them, as hosts offer the same places all year), plus
    `ratio - 1` spare places spread at random. The averaging can leave a seed with no plan at all (the planner then
    says why). `connected`: the scale's usual cohorts and capacities, towns not separated by the travel limit."""
    raw = generate(scale, seed, "base" if variant == "connected" else "tight", spacing_km=CONNECTED_SPACING_KM)
    raw["name"] = f"{scale}-{variant}-{seed}"
    if variant == "connected":
        return raw
    rng = random.Random(f"{scale}-{seed}-{variant}-plant")  # noqa: S311 - reproducible test data
    first = raw["cohorts"][0]
    raw["cohorts"] = [first]
    for a in raw["apprentices"]:
        a["cohort"] = first["id"]
    raw["training"] = [t for t in raw["training"] if t["cohort"] == first["id"]]
    blocks = first["blocks"]
    rules = raw["rules"]
    limit_km = rules["max_travel_minutes"] / 60 * rules["travel_speed_kmh"]
    settings = raw["settings"]
    used = [[0] * len(settings) for _ in blocks]
    kept = []
    for a in raw["apprentices"]:
        path = _planted_path(rng, a, settings, blocks, rules, limit_km)
        if path is None:
            continue  # no valid rotation exists for this apprentice at all: leave them out
        kept.append(a)
        for b, s in path.items():
            used[b][s] += 1
    raw["apprentices"] = kept
    # the middle blocks share one capacity per setting (hosts offer the same places all year): the planted
    # usage averaged over them, the remainders handed out so each block has exactly as many places as people
    middle = list(range(1, len(blocks) - 1))
    if len(middle) > 1:
        totals = [sum(used[b][s] for b in middle) for s in range(len(settings))]
        even = [t // len(middle) for t in totals]
        rest = [s for s in range(len(settings)) for _ in range(totals[s] % len(middle))]
        rng.shuffle(rest)
        for s in rest[: len(kept) - sum(even)]:
            even[s] += 1
        for b in middle:
            used[b] = list(even)
    spare = math.ceil((ratio - 1) * len(kept))
    for b in range(len(blocks)):
        for _ in range(spare):
            used[b][rng.randrange(len(settings))] += 1
    for s, setting in enumerate(settings):
        setting["capacity"] = [
            {"from": blocks[b]["start"], "to": blocks[b]["end"], "capacity": used[b][s]}
            for b in range(len(blocks))
            if used[b][s]
        ]
        setting["default_capacity"] = 0
    return raw


def _planted_path(
    rng: random.Random,
    a: dict[str, Any],
    settings: list[dict[str, Any]],
    blocks: list[dict[str, Any]],
    rules: dict[str, Any],
    limit_km: float,
) -> dict[int, int] | None:
    """A random rotation for one apprentice that keeps every unary and type rule (capacity aside)."""
    limit = min(limit_km, a.get("max_travel_minutes", 1e9) / 60 * rules["travel_speed_kmh"])
    born = date.fromisoformat(a["date_of_birth"])
    near = [i for i, s in enumerate(settings) if haversine_km(a["lat"], a["lon"], s["lat"], s["lon"]) <= limit]
    attended = [b for b in range(len(blocks)) if b not in a.get("absent_blocks", [])]
    for _ in range(60):
        path: dict[int, int] = {}
        seen: set[str] = set()
        for position, b in enumerate(attended):
            age = age_on(born, date.fromisoformat(blocks[b]["start"]))
            options = [
                i
                for i in near
                if settings[i]["min_age"] <= age
                and settings[i]["type"] not in seen
                and (position > 0 or settings[i]["organisation"] == a["employer"])
                and (position < len(attended) - 1 or settings[i]["sector"] == rules["last_block_sector"])
            ]
            missing = [t for t in rules["required_types"] if t not in seen]
            left = len(attended) - position
            if len(missing) >= left:  # the remaining blocks must bring the required types
                options = [i for i in options if settings[i]["type"] in missing]
            if not options:
                break
            path[b] = rng.choice(options)
            seen.add(settings[path[b]]["type"])
        if len(path) == len(attended) and all(t in seen for t in rules["required_types"]):
            return path
    return None
