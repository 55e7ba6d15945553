"""Build a planning instance (the JSON of `shared/specs/rotation-planning.md`) from the Hub's records.

Ids in the instance point back at records: `E<enrolment id>` for apprentices, `S<setting id>` for settings,
`O<organisation id>` for organisations and `C<cohort id>` for cohorts. Block indexes are the cohort's block
numbers (from 1), so that the planner's explanations use the numbers people see on the screen.

What the instance holds:
- every active setting of the partnership of a type the scheme allows (and any other an apprentice is already
  placed in or pinned to), with its
  places reduced, day by day, by other cohorts' live placements and by the hosts' recorded capacity changes;
- every apprentice offered a place or under way, with age (date of birth), home location (from the postcode),
  employer, pins for blocks already started, the shift patterns they can work, the setting types they would like,
  the blocks a planned absence mostly covers, and the published plan as `previous_plan` (so a re-plan changes as
  little as the change weight says);
- every organisation with a limit of its own on apprentices at a time (lowered by other cohorts' placements there);
- the scheme's rules and training schedule.
Apprentices who cannot be planned (no date of birth or home location) are left out with the reason.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from workforce_hub.core.geocoding import UNAVAILABLE
from workforce_hub.organisations.models import Organisation, PlacementSetting
from workforce_hub.people.models import Person
from workforce_hub.schemes.models import Cohort, Enrolment, EnrolmentStatus, PlannedAbsence, Scheme, unsigned_hosts

from .models import CapacityChange, CohortBlock, Placement, TrainingUnit

#: who is planned: apprentices offered a place, under way or on a break
PLANNED_STATUSES = (EnrolmentStatus.OFFERED, EnrolmentStatus.STARTED, EnrolmentStatus.ON_BREAK)
ID_PATTERN = re.compile(r"\b([ESOC])(\d+)\b")


#: set in a stored instance once dates of birth and home locations were taken out of it (retention or erasure):
#: the run's plan stays, but its grid can no longer be rebuilt from the instance
PERSONAL_DATA_REMOVED = "personal_data_removed"
#: what each apprentice entry holds that identifies the person
PERSONAL_KEYS = ("date_of_birth", "lat", "lon")


def remove_personal_data(instance: dict[str, Any], enrolment_pks: set[int] | None = None) -> bool:
    """Take dates of birth and home locations out of a stored instance, for the given enrolments (all when None).
    Changes `instance` in place; returns whether anything was removed."""
    changed = False
    for entry in instance.get("apprentices", []):
        if enrolment_pks is None or record_pk(entry["id"]) in enrolment_pks:
            for key in PERSONAL_KEYS:
                if entry.pop(key, None) is not None:
                    changed = True
    if changed:
        instance[PERSONAL_DATA_REMOVED] = True
    return changed


def remove_left_out_reasons(left_out: list[dict[str, Any]], enrolment_pks: set[int] | None = None) -> bool:
    """Replace the reasons apprentices were left out of a run (they can name a postcode); in place."""
    changed = False
    for row in left_out:
        if (enrolment_pks is None or row.get("enrolment") in enrolment_pks) and row.get("reason") != REASON_REMOVED:
            row["reason"] = REASON_REMOVED
            changed = True
    return changed


REASON_REMOVED = "was left out (the reason was removed with their personal data)"


def enrolment_id(pk: int) -> str:
    return f"E{pk}"


def setting_id(pk: int) -> str:
    return f"S{pk}"


def cohort_id(pk: int) -> str:
    return f"C{pk}"


def record_pk(instance_id: str) -> int:
    return int(instance_id[1:])


@dataclass
class BuiltInstance:
    raw: dict[str, Any]
    left_out: list[dict[str, Any]] = field(default_factory=list)


def build_instance(
    *, scheme: Scheme, cohorts: list[Cohort], choices: dict[str, Any] | None = None, today: date, name: str = ""
) -> BuiltInstance:
    choices = choices or {}
    blocks = {
        c.pk: list(CohortBlock.objects.filter(cohort=c).order_by("number")) for c in cohorts
    }  # the caller checked every cohort has a calendar
    enrolments = list(
        Enrolment.objects.filter(cohort__in=cohorts, status__in=PLANNED_STATUSES)
        .select_related("apprentice", "cohort")
        .order_by("cohort_id", "pk")
    )
    live = list(
        Placement.objects.live()
        .filter(enrolment__in=enrolments)
        .select_related("setting")
        .order_by("enrolment_id", "block_index")
    )
    horizon_start = min(b[0].start_date for b in blocks.values())
    horizon_end = max(b[-1].end_date for b in blocks.values())

    settings_qs = PlacementSetting.objects.filter(site__organisation__partnership_id=scheme.partnership_id)
    open_settings = Q(is_active=True)
    if scheme.allowed_setting_types:
        open_settings &= Q(setting_type__in=scheme.allowed_setting_types)
    used_ids = {p.setting_id for p in live} | {record_pk(p["setting"]) for p in choices.get("pins", [])}
    if choices.get("avoid_unsigned_hosts"):
        # hosts without a partnership agreement to the scheme signed by both sides are left out (the cohorts' own
        # employers are not asked for one; settings already in use or pinned stay)
        hosts = set(settings_qs.values_list("site__organisation_id", flat=True)) - {c.employer_id for c in cohorts}
        open_settings &= ~Q(site__organisation_id__in=unsigned_hosts(scheme, hosts))
    settings = list(
        settings_qs.filter(open_settings | Q(pk__in=used_ids)).select_related("site__organisation").order_by("pk")
    )
    changes: dict[int, list[tuple[date, date, int]]] = defaultdict(list)
    for sid, lo, hi, places in CapacityChange.objects.filter(
        setting__in=settings, start_date__lte=horizon_end, end_date__gte=horizon_start
    ).values_list("setting_id", "start_date", "end_date", "capacity"):
        changes[sid].append((lo, hi, places))
    taken: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for sid, lo, hi in (
        Placement.objects.live()
        .filter(setting__in=settings, start_date__lte=horizon_end, end_date__gte=horizon_start)
        .exclude(enrolment__cohort__in=cohorts)
        .values_list("setting_id", "start_date", "end_date")
    ):
        taken[sid].append((lo, hi))
    raw_settings = [_setting(s, horizon_start, horizon_end, changes[s.pk], taken[s.pk]) for s in settings]
    organisations = _organisations(settings, taken, horizon_start, horizon_end)
    absences: dict[int, list[PlannedAbsence]] = defaultdict(list)
    for absence in PlannedAbsence.objects.filter(
        enrolment__in=enrolments, start_date__lte=horizon_end, planned_return__gt=horizon_start
    ):
        absences[absence.enrolment_id].append(absence)

    started_blocks = {c.pk: {b.number for b in blocks[c.pk] if b.start_date <= today} for c in cohorts}
    pins: dict[int, dict[int, str]] = defaultdict(dict)
    previous: list[dict[str, Any]] = []
    for p in live:
        number = p.block_index + 1
        if p.status == Placement.Status.PUBLISHED:
            previous.append(
                {"apprentice": enrolment_id(p.enrolment_id), "block": number, "setting": setting_id(p.setting_id)}
            )
        if number in started_blocks.get(p.enrolment.cohort_id, ()):
            pins[p.enrolment_id][number] = setting_id(p.setting_id)
    for pin in choices.get("pins", []):
        pins[record_pk(pin["enrolment"])].setdefault(int(pin["block"]), pin["setting"])
    forbidden: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item in choices.get("forbidden", []):
        forbidden[record_pk(item["enrolment"])].append({"block": int(item["block"]), "setting": item["setting"]})

    def _no_location(person: Person) -> str:
        if not person.postcode:
            return "has no home postcode or location, which travel needs: add them on their page"
        if person.location_source == UNAVAILABLE:
            return (
                f"has no home location: the postcode {person.postcode} could not be looked up (the postcode service "
                "could not be reached). Save their record again to retry, or type the location on their page"
            )
        return (
            f"has no home location: the postcode {person.postcode} was not found. Check it, or type the location "
            "(latitude and longitude) on their page"
        )

    apprentices = []
    left_out = []
    for e in enrolments:
        person = e.apprentice
        if person.date_of_birth is None:
            left_out.append({"enrolment": e.pk, "reason": "has no date of birth, which the minimum ages need"})
            continue
        if person.latitude is None or person.longitude is None:
            left_out.append({"enrolment": e.pk, "reason": _no_location(person)})
            continue
        entry: dict[str, Any] = {
            "id": enrolment_id(e.pk),
            "cohort": cohort_id(e.cohort_id),
            "employer": f"O{e.cohort.employer_id}",
            "date_of_birth": person.date_of_birth.isoformat(),
            "lat": float(person.latitude),
            "lon": float(person.longitude),
        }
        if pins.get(e.pk):
            entry["pinned"] = [{"block": b, "setting": s} for b, s in sorted(pins[e.pk].items())]
        if forbidden.get(e.pk):
            entry["forbidden"] = forbidden[e.pk]
        if e.allowed_shifts:
            entry["allowed_shifts"] = list(e.allowed_shifts)
        if e.preferred_setting_types:
            entry["preferred_types"] = list(e.preferred_setting_types)
        absent = _absent_blocks(absences.get(e.pk, []), blocks[e.cohort_id], set(pins.get(e.pk, {})))
        if absent and len(absent) == len(blocks[e.cohort_id]):
            left_out.append({"enrolment": e.pk, "reason": "is away for every block (a planned absence)"})
            continue
        if absent:
            entry["absent_blocks"] = absent
        apprentices.append(entry)

    rules: dict[str, Any] = {
        "first_block_with_employer": scheme.first_block_with_employer,
        "no_repeat_type": scheme.no_repeat_type,
        "required_types": list(scheme.required_setting_types),
        "travel_speed_kmh": 30,
    }
    if scheme.last_block_sector:
        rules["last_block_sector"] = scheme.last_block_sector
    if scheme.max_travel_minutes:
        rules["max_travel_minutes"] = scheme.max_travel_minutes
    units = list(TrainingUnit.objects.filter(scheme=scheme).order_by("block_number", "title"))
    training = [
        {"unit": u.title, "topic": u.topic, "block": u.block_number, "cohort": cohort_id(c.pk)}
        for c in cohorts
        for u in units
        if u.block_number <= len(blocks[c.pk])
    ]
    planned = {a["id"] for a in apprentices}
    raw = {
        "name": name or f"{scheme.name}: " + ", ".join(c.name for c in cohorts),
        "cohorts": [
            {
                "id": cohort_id(c.pk),
                "blocks": [
                    {"index": b.number, "start": b.start_date.isoformat(), "end": b.end_date.isoformat()}
                    for b in blocks[c.pk]
                ],
            }
            for c in cohorts
        ],
        "settings": raw_settings,
        "organisations": organisations,
        "apprentices": apprentices,
        "rules": rules,
        "training": training,
        "weights": {"travel": 1, "misalignment": 40, "unmet_preference": 15, "change": 500},
        "previous_plan": [p for p in previous if p["apprentice"] in planned],
    }
    return BuiltInstance(raw=raw, left_out=left_out)


def _setting(
    setting: PlacementSetting,
    start: date,
    end: date,
    changes: list[tuple[date, date, int]],
    taken: list[tuple[date, date]],
) -> dict[str, Any]:
    """The setting's places on every day of the horizon: its capacity, lowered by recorded capacity changes and by
    the live placements of cohorts not being planned now."""
    org = setting.site.organisation
    entry: dict[str, Any] = {
        "id": setting_id(setting.pk),
        "organisation": f"O{org.pk}",
        "sector": org.sector,
        "type": setting.setting_type,
        "min_age": setting.min_age,
        "lat": float(setting.site.latitude),
        "lon": float(setting.site.longitude),
    }
    if setting.shift_pattern:
        entry["shift"] = setting.shift_pattern
    entry.update(_places(setting.capacity if setting.is_active else 0, start, end, changes, taken))
    return entry


def _places(
    base: int, start: date, end: date, changes: list[tuple[date, date, int]], taken: list[tuple[date, date]]
) -> dict[str, Any]:
    """`capacity` (and `default_capacity`) as the spec writes them: `base` places, lowered between dates by recorded
    changes and by placements already taken there."""
    if not changes and not taken:
        return {"capacity": base}
    # capacity only changes where a period starts or the day after one ends
    spans = [(lo, hi) for lo, hi, _ in changes] + taken
    points = sorted(
        {start, end + timedelta(days=1)}
        | {max(lo, start) for lo, _ in spans}
        | {min(hi, end) + timedelta(days=1) for _, hi in spans}
    )
    periods = []
    for lo, hi in itertools.pairwise(points):
        places = min([base] + [c for s, e, c in changes if s <= lo <= e])
        places -= sum(1 for s, e in taken if s <= lo <= e)
        places = max(0, places)
        if places != base:
            periods.append({"from": lo.isoformat(), "to": (hi - timedelta(days=1)).isoformat(), "capacity": places})
    return {"capacity": periods, "default_capacity": base}


def _organisations(
    settings: list[PlacementSetting], taken: dict[int, list[tuple[date, date]]], start: date, end: date
) -> list[dict[str, Any]]:
    """Organisations with a limit of their own on apprentices at a time, lowered by other cohorts' placements at
    any of their settings."""
    by_org: dict[int, Organisation] = {}
    spans: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for setting in settings:
        org = setting.site.organisation
        if org.apprentices_at_a_time is not None:
            by_org[org.pk] = org
            spans[org.pk] += taken.get(setting.pk, [])
    return [
        {"id": f"O{pk}", **_places(org.apprentices_at_a_time or 0, start, end, [], spans[pk])}
        for pk, org in sorted(by_org.items())
    ]


def _absent_blocks(absences: list[PlannedAbsence], blocks: list[CohortBlock], kept: set[int]) -> list[int]:
    """Blocks a planned absence covers for half their days or more (a block already under way stays as it is)."""
    return [
        b.number
        for b in blocks
        if b.number not in kept and any(a.covers_most_of(b.start_date, b.end_date) for a in absences)
    ]
