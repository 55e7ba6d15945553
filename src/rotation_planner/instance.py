"""The planning instance: parsing, validation (a message that names the field), and the derived facts every
other module needs — calendars, ages, travel minutes, capacity on each day."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

SECTORS = ("nhs", "council", "pvi", "primary_care", "other")
DEFAULT_WEIGHTS: dict[str, float] = {"travel": 1, "misalignment": 40, "unmet_preference": 15, "change": 500}
EARTH_RADIUS_KM = 6371.0
TOP = ""  # the calendar key of apprentices who follow the top-level blocks


class InstanceError(ValueError):
    """A malformed instance. The message starts with the path of the offending field."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


@dataclass(frozen=True)
class Block:
    calendar: str
    index: int
    start: date
    end: date

    @property
    def key(self) -> tuple[str, int]:
        return (self.calendar, self.index)

    def label(self) -> str:
        return f"block {self.index}" + (f" of cohort {self.calendar}" if self.calendar else "")


class Dated:
    """Capacity that can change with the date: periods (from, to, n) override `default_capacity`; `closed` periods
    are 0. Shared by settings and organisations."""

    default_capacity: int
    periods: list[tuple[date, date, int]]
    closed: list[tuple[date, date]]

    def change_days(self, lo: date, hi: date) -> set[date]:
        """The days from `lo` to `hi` where the capacity can change: each period's first day and the day after its
        last. Capacity is constant between them, so checking these (and the days where occupancy changes) checks
        every day."""
        days = set()
        for start, end in [*((p[0], p[1]) for p in self.periods), *self.closed]:
            for day in (start, end + timedelta(days=1)):
                if lo <= day <= hi:
                    days.add(day)
        return days

    def capacity_on(self, day: date) -> int:
        for start, end in self.closed:
            if start <= day <= end:
                return 0
        for start, end, n in self.periods:
            if start <= day <= end:
                return n
        return self.default_capacity


@dataclass
class Setting(Dated):
    id: str
    organisation: str
    sector: str
    type: str
    lat: float
    lon: float
    min_age: int
    default_capacity: int
    periods: list[tuple[date, date, int]] = field(default_factory=list)
    closed: list[tuple[date, date]] = field(default_factory=list)
    shift: str | None = None  # a working-pattern code such as "days" or "nights"; None suits everyone


@dataclass
class Organisation(Dated):
    """A host organisation's own limit: apprentices at any of its settings on one day."""

    id: str
    default_capacity: int
    periods: list[tuple[date, date, int]] = field(default_factory=list)
    closed: list[tuple[date, date]] = field(default_factory=list)


@dataclass
class Apprentice:
    id: str
    employer: str
    date_of_birth: date
    lat: float
    lon: float
    max_travel: float | None
    preferred_types: list[str]
    absent: set[int]
    pins: dict[int, str]
    calendar: str
    forbidden: dict[int, set[str]] = field(default_factory=dict)
    allowed_shifts: frozenset[str] | None = None  # None: any shift

    def may_work(self, setting: Setting) -> bool:
        return self.allowed_shifts is None or setting.shift is None or setting.shift in self.allowed_shifts

    def shifts_text(self) -> str:
        """The shifts they can work, for explanations ("days or long_days")."""
        return " or ".join(sorted(self.allowed_shifts or ()))


@dataclass
class Training:
    unit: str
    topic: str
    block: int
    calendar: str


@dataclass
class Rules:
    first_block_with_employer: bool = False
    last_block_sector: str | None = None
    no_repeat_type: bool = False
    required_types: list[str] = field(default_factory=list)
    max_travel_minutes: float | None = None
    travel_speed_kmh: float = 30.0


@dataclass
class Instance:
    name: str
    calendars: dict[str, list[Block]]
    settings: list[Setting]
    apprentices: list[Apprentice]
    rules: Rules
    training: list[Training]
    weights: dict[str, float]
    previous_plan: dict[tuple[str, int], str]
    setting_index: dict[str, int] = field(default_factory=dict)
    #: organisations with a limit of their own (the extension's `organisations`); others have none
    organisations: dict[str, Organisation] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.setting_index = {s.id: i for i, s in enumerate(self.settings)}

    @property
    def integer_weights(self) -> bool:
        return all(float(w).is_integer() for w in self.weights.values())

    def blocks_of(self, apprentice: Apprentice) -> list[Block]:
        return self.calendars[apprentice.calendar]

    def attended(self, apprentice: Apprentice) -> list[Block]:
        return [b for b in self.blocks_of(apprentice) if b.index not in apprentice.absent]

    def block(self, apprentice: Apprentice, index: int) -> Block | None:
        for b in self.blocks_of(apprentice):
            if b.index == index:
                return b
        return None

    def misaligned(self, block: Block, setting_type: str) -> int:
        return sum(
            1
            for t in self.training
            if t.calendar == block.calendar and t.block == block.index and t.topic != setting_type
        )

    def capacity_min(self, setting: Setting, block: Block) -> int:
        """The least capacity on any day of the block (0 means the setting cannot be used in it)."""
        days = {block.start} | setting.change_days(block.start, block.end)
        return min(setting.capacity_on(d) for d in days)


def age_on(born: date, on: date) -> int:
    """Whole calendar years; a 29 February birthday falls on 1 March in other years."""
    month_day = (born.month, born.day)
    if month_day == (2, 29) and not _is_leap(on.year):
        month_day = (3, 1)
    return on.year - born.year - (1 if (on.month, on.day) < month_day else 0)


def busiest_day(
    spans: list[tuple[date, date]], lo: date | None = None, hi: date | None = None
) -> tuple[date | None, int]:
    """The first day with the most spans covering it (both ends included), counting only days from `lo` to `hi`
    when given, and how many: the one per-day count the planner, its generator and the Hub's re-plan checks
    share. `(None, 0)` when no span falls in the range."""
    events: list[tuple[date, int]] = []
    for start, end in spans:
        start, end = max(start, lo or start), min(end, hi or end)
        if start <= end:
            events += [(start, 1), (end + timedelta(days=1), -1)]
    best: tuple[date | None, int] = (None, 0)
    now = 0
    for day, delta in sorted(events):  # on one day, ends (-1) before starts (+1)
        now += delta
        if now > best[1]:
            best = (day, now)
    return best


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def travel_minutes(instance: Instance, apprentice: Apprentice, setting: Setting) -> float:
    return haversine_km(apprentice.lat, apprentice.lon, setting.lat, setting.lon) / instance.rules.travel_speed_kmh * 60


def round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


# ---------------------------------------------------------------------------------------------------------- parsing


def load_instance(path: str | Path) -> Instance:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InstanceError(str(path), "file not found") from exc
    except json.JSONDecodeError as exc:
        raise InstanceError(str(path), f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from exc
    return parse_instance(raw)


def _req(obj: dict[str, Any], key: str, path: str) -> Any:
    if not isinstance(obj, dict):
        raise InstanceError(path, "must be an object")
    if key not in obj or obj[key] is None:
        raise InstanceError(f"{path}.{key}", "is required")
    return obj[key]


def _str(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise InstanceError(path, "must be a non-empty string")
    return value


def _int(value: Any, path: str, minimum: int | None = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(path, "must be a whole number")
    if minimum is not None and value < minimum:
        raise InstanceError(path, f"must be at least {minimum}")
    return value


def _num(value: Any, path: str, minimum: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InstanceError(path, "must be a number")
    if minimum is not None and value < minimum:
        raise InstanceError(path, f"must be at least {minimum}")
    return float(value)


def _date(value: Any, path: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise InstanceError(path, "must be a date like 2026-09-07") from exc


def _list(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InstanceError(path, "must be a list")
    return value


def _lat_lon(obj: dict[str, Any], path: str) -> tuple[float, float]:
    lat = _num(_req(obj, "lat", path), f"{path}.lat")
    lon = _num(_req(obj, "lon", path), f"{path}.lon")
    if not -90 <= lat <= 90:
        raise InstanceError(f"{path}.lat", "must be between -90 and 90")
    if not -180 <= lon <= 180:
        raise InstanceError(f"{path}.lon", "must be between -180 and 180")
    return lat, lon


def _blocks(raw: Any, path: str, calendar: str) -> list[Block]:
    blocks = []
    seen: set[int] = set()
    for i, b in enumerate(_list(raw, path)):
        p = f"{path}[{i}]"
        index = _int(_req(b, "index", p), f"{p}.index")
        if index in seen:
            raise InstanceError(f"{p}.index", f"block {index} appears twice")
        seen.add(index)
        start, end = _date(_req(b, "start", p), f"{p}.start"), _date(_req(b, "end", p), f"{p}.end")
        if end < start:
            raise InstanceError(f"{p}.end", "must not be before start")
        blocks.append(Block(calendar, index, start, end))
    return sorted(blocks, key=lambda b: b.index)


def _capacity(obj: dict[str, Any], p: str, top_blocks: dict[int, Block]) -> tuple[int, list[tuple[date, date, int]]]:
    """`capacity`: a whole number, a list of dated periods (with `default_capacity` outside them), or one number per
    top-level block (which becomes a dated period per block: capacity is always judged day by day)."""
    cap = _req(obj, "capacity", p)
    periods: list[tuple[date, date, int]] = []
    if isinstance(cap, int) and not isinstance(cap, bool):
        return _int(cap, f"{p}.capacity"), periods
    if isinstance(cap, list) and all(isinstance(c, dict) for c in cap):
        for j, period in enumerate(cap):
            q = f"{p}.capacity[{j}]"
            start, end = _date(_req(period, "from", q), f"{q}.from"), _date(_req(period, "to", q), f"{q}.to")
            if end < start:
                raise InstanceError(f"{q}.to", "must not be before from")
            periods.append((start, end, _int(_req(period, "capacity", q), f"{q}.capacity")))
        return _int(obj.get("default_capacity", 0), f"{p}.default_capacity"), periods
    if isinstance(cap, list):
        if not top_blocks:
            raise InstanceError(f"{p}.capacity", "a list of numbers needs top-level blocks (one number each)")
        if len(cap) != len(top_blocks):
            raise InstanceError(f"{p}.capacity", f"has {len(cap)} numbers but there are {len(top_blocks)} blocks")
        for j, (index, n) in enumerate(zip(sorted(top_blocks), cap, strict=True)):
            block = top_blocks[index]
            periods.append((block.start, block.end, _int(n, f"{p}.capacity[{j}]")))
        return 0, periods
    raise InstanceError(f"{p}.capacity", "must be a whole number or a list")


def parse_instance(raw: Any) -> Instance:
    if not isinstance(raw, dict):
        raise InstanceError("instance", "must be a JSON object")
    name = str(raw.get("name") or "instance")
    calendars: dict[str, list[Block]] = {}
    if raw.get("blocks") is not None:
        calendars[TOP] = _blocks(raw["blocks"], "blocks", TOP)
    for i, c in enumerate(_list(raw.get("cohorts"), "cohorts")):
        cid = _str(_req(c, "id", f"cohorts[{i}]"), f"cohorts[{i}].id")
        if cid in calendars:
            raise InstanceError(f"cohorts[{i}].id", f"cohort {cid} appears twice")
        calendars[cid] = _blocks(_req(c, "blocks", f"cohorts[{i}]"), f"cohorts[{i}].blocks", cid)
        if not calendars[cid]:
            raise InstanceError(f"cohorts[{i}].blocks", "must list at least one block")

    rules_raw = raw.get("rules") or {}
    if not isinstance(rules_raw, dict):
        raise InstanceError("rules", "must be an object")
    last_sector = rules_raw.get("last_block_sector")
    if last_sector is not None and last_sector not in SECTORS:
        raise InstanceError("rules.last_block_sector", f"must be one of {', '.join(SECTORS)}")
    speed = _num(rules_raw.get("travel_speed_kmh", 30), "rules.travel_speed_kmh")
    if speed <= 0:
        raise InstanceError("rules.travel_speed_kmh", "must be greater than 0")
    max_travel = rules_raw.get("max_travel_minutes")
    rules = Rules(
        first_block_with_employer=bool(rules_raw.get("first_block_with_employer", False)),
        last_block_sector=last_sector,
        no_repeat_type=bool(rules_raw.get("no_repeat_type", False)),
        required_types=list(
            dict.fromkeys(
                _str(t, f"rules.required_types[{i}]")
                for i, t in enumerate(_list(rules_raw.get("required_types"), "rules.required_types"))
            )
        ),
        max_travel_minutes=None if max_travel is None else _num(max_travel, "rules.max_travel_minutes", 0),
        travel_speed_kmh=speed,
    )

    top_blocks = {b.index: b for b in calendars.get(TOP, [])}
    settings: list[Setting] = []
    seen_settings: set[str] = set()
    for i, s in enumerate(_list(_req(raw, "settings", "instance"), "settings")):
        p = f"settings[{i}]"
        sid = _str(_req(s, "id", p), f"{p}.id")
        if sid in seen_settings:
            raise InstanceError(f"{p}.id", f"setting {sid} appears twice")
        seen_settings.add(sid)
        sector = _req(s, "sector", p)
        if sector not in SECTORS:
            raise InstanceError(f"{p}.sector", f"must be one of {', '.join(SECTORS)}")
        lat, lon = _lat_lon(s, p)
        setting = Setting(
            id=sid,
            organisation=_str(_req(s, "organisation", p), f"{p}.organisation"),
            sector=sector,
            type=_str(_req(s, "type", p), f"{p}.type"),
            lat=lat,
            lon=lon,
            min_age=_int(s.get("min_age", 0), f"{p}.min_age"),
            default_capacity=0,
        )
        setting.default_capacity, setting.periods = _capacity(s, p, top_blocks)
        shift = s.get("shift")
        setting.shift = None if shift is None else _str(shift, f"{p}.shift")
        for j, k in enumerate(_list(s.get("unavailable_blocks"), f"{p}.unavailable_blocks")):
            k = _int(k, f"{p}.unavailable_blocks[{j}]")
            if k not in top_blocks:
                raise InstanceError(f"{p}.unavailable_blocks[{j}]", f"there is no top-level block {k}")
            setting.closed.append((top_blocks[k].start, top_blocks[k].end))
        for j, period in enumerate(_list(s.get("unavailable"), f"{p}.unavailable")):
            q = f"{p}.unavailable[{j}]"
            start, end = _date(_req(period, "from", q), f"{q}.from"), _date(_req(period, "to", q), f"{q}.to")
            if end < start:
                raise InstanceError(f"{q}.to", "must not be before from")
            setting.closed.append((start, end))
        settings.append(setting)
    if not settings:
        raise InstanceError("settings", "must list at least one setting")
    setting_ids = {s.id for s in settings}

    apprentices: list[Apprentice] = []
    seen_apprentices: set[str] = set()
    for i, a in enumerate(_list(_req(raw, "apprentices", "instance"), "apprentices")):
        p = f"apprentices[{i}]"
        aid = _str(_req(a, "id", p), f"{p}.id")
        if aid in seen_apprentices:
            raise InstanceError(f"{p}.id", f"apprentice {aid} appears twice")
        seen_apprentices.add(aid)
        cal = a.get("cohort")
        if cal is None:
            if TOP not in calendars:
                raise InstanceError(f"{p}.cohort", "is required when the instance has no top-level blocks")
            cal = TOP
        elif cal not in calendars or cal == TOP:
            raise InstanceError(f"{p}.cohort", f"there is no cohort {cal}")
        indexes = {b.index for b in calendars[cal]}
        lat, lon = _lat_lon(a, p)
        own = a.get("max_travel_minutes")
        absent = set()
        for j, k in enumerate(_list(a.get("absent_blocks"), f"{p}.absent_blocks")):
            k = _int(k, f"{p}.absent_blocks[{j}]")
            if k not in indexes:
                raise InstanceError(f"{p}.absent_blocks[{j}]", f"there is no block {k}")
            absent.add(k)
        pins: dict[int, str] = {}
        for j, pin in enumerate(_list(a.get("pinned"), f"{p}.pinned")):
            q = f"{p}.pinned[{j}]"
            k = _int(_req(pin, "block", q), f"{q}.block")
            if k not in indexes:
                raise InstanceError(f"{q}.block", f"there is no block {k}")
            sid = _str(_req(pin, "setting", q), f"{q}.setting")
            if sid not in setting_ids:
                raise InstanceError(f"{q}.setting", f"there is no setting {sid}")
            if k in pins and pins[k] != sid:
                raise InstanceError(f"{q}", f"block {k} is pinned to two settings")
            pins[k] = sid
        # An extension of the spec's format: settings ruled out for a block (the coordinator's "not here").
        forbidden: dict[int, set[str]] = {}
        for j, item in enumerate(_list(a.get("forbidden"), f"{p}.forbidden")):
            q = f"{p}.forbidden[{j}]"
            if not isinstance(item, dict):
                raise InstanceError(q, "must be an object")
            blocks_out = indexes  # without a block: ruled out in every block
            if item.get("block") is not None:
                k = _int(item["block"], f"{q}.block")
                if k not in indexes:
                    raise InstanceError(f"{q}.block", f"there is no block {k}")
                blocks_out = {k}
            sid = _str(_req(item, "setting", q), f"{q}.setting")
            if sid not in setting_ids:
                raise InstanceError(f"{q}.setting", f"there is no setting {sid}")
            for k in blocks_out:
                forbidden.setdefault(k, set()).add(sid)
        shifts_raw = a.get("allowed_shifts")
        allowed_shifts = (
            None
            if shifts_raw is None
            else frozenset(
                _str(t, f"{p}.allowed_shifts[{j}]") for j, t in enumerate(_list(shifts_raw, f"{p}.allowed_shifts"))
            )
        )
        apprentices.append(
            Apprentice(
                id=aid,
                employer=_str(_req(a, "employer", p), f"{p}.employer"),
                date_of_birth=_date(_req(a, "date_of_birth", p), f"{p}.date_of_birth"),
                lat=lat,
                lon=lon,
                max_travel=_num(own, f"{p}.max_travel_minutes", 0) if own is not None else rules.max_travel_minutes,
                preferred_types=list(
                    dict.fromkeys(
                        _str(t, f"{p}.preferred_types[{j}]")
                        for j, t in enumerate(_list(a.get("preferred_types"), f"{p}.preferred_types"))
                    )
                ),
                absent=absent,
                pins=pins,
                calendar=cal,
                forbidden=forbidden,
                allowed_shifts=allowed_shifts,
            )
        )

    training = []
    for i, t in enumerate(_list(raw.get("training"), "training")):
        p = f"training[{i}]"
        cal = t.get("cohort") or TOP
        if cal not in calendars:
            raise InstanceError(f"{p}.cohort", f"there is no cohort {cal}" if cal else "there are no top-level blocks")
        training.append(
            Training(
                unit=str(t.get("unit", "")),
                topic=_str(_req(t, "topic", p), f"{p}.topic"),
                block=_int(_req(t, "block", p), f"{p}.block"),
                calendar=cal,
            )
        )

    weights_raw = raw.get("weights") or {}
    if not isinstance(weights_raw, dict):
        raise InstanceError("weights", "must be an object")
    weights: dict[str, float] = {k: float(v) for k, v in DEFAULT_WEIGHTS.items()}
    for key, value in weights_raw.items():
        if key in DEFAULT_WEIGHTS:
            weights[key] = _num(value, f"weights.{key}", 0)

    organisations: dict[str, Organisation] = {}
    for i, o in enumerate(_list(raw.get("organisations"), "organisations")):
        p = f"organisations[{i}]"
        oid = _str(_req(o, "id", p), f"{p}.id")
        if oid in organisations:
            raise InstanceError(f"{p}.id", f"organisation {oid} appears twice")
        default, periods = _capacity(o, p, top_blocks)
        organisations[oid] = Organisation(oid, default, periods)

    by_id = {a.id: a for a in apprentices}
    previous: dict[tuple[str, int], str] = {}
    for i, e in enumerate(_list(raw.get("previous_plan"), "previous_plan")):
        p = f"previous_plan[{i}]"
        aid = str(_req(e, "apprentice", p))
        if aid not in by_id:
            continue  # an apprentice no longer in the instance
        previous[(aid, _int(_req(e, "block", p), f"{p}.block"))] = str(_req(e, "setting", p))
    return Instance(
        name=name,
        calendars=calendars,
        settings=settings,
        apprentices=apprentices,
        rules=rules,
        training=training,
        weights=weights,
        previous_plan=previous,
        organisations=organisations,
    )
