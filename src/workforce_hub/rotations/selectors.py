"""Reads for the rotation pages: the plan grid, the changes a plan makes, explanations with links."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from markupsafe import Markup, escape

from rotation_planner import Instance, age_on, parse_instance, travel_minutes
from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.text import labels_of, lower_first
from workforce_hub.organisations.models import Membership, Organisation, PlacementSetting, SettingType, ShiftPattern
from workforce_hub.people.models import Person
from workforce_hub.schemes.models import Cohort, Enrolment, unsigned_hosts

from .instances import ID_PATTERN, PERSONAL_DATA_REMOVED, PLANNED_STATUSES, enrolment_id, record_pk, setting_id
from .models import CohortBlock, Placement, PlanRun, TrainingUnit
from .presenters import (
    CapacityPeriod,
    GivenApprentice,
    LoweredSetting,
    OrganisationLimit,
    PlannerInputs,
    ShownBlock,
    ShownEnrolment,
    ShownSetting,
)

#: NHS.UK tag colours, one per setting type (the tag styles meet WCAG AA contrast)
TYPE_COLOURS = dict(
    zip(
        SettingType.values,
        ["red", "purple", "green", "aqua-green", "blue", "yellow", "orange", "pink", "grey", "white"],
        strict=True,
    )
)
TYPE_LABELS = dict(SettingType.choices)


@dataclass
class Cell:
    block: ShownBlock
    setting: ShownSetting | None = None
    travel: int | None = None
    aligned: list[str] = field(default_factory=list)
    misaligned: list[str] = field(default_factory=list)
    pinned: bool = False
    changed_from: ShownSetting | None = None
    is_change: bool = False

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS.get(self.setting.setting_type, "")) if self.setting else ""

    @property
    def colour(self) -> str:
        return TYPE_COLOURS.get(self.setting.setting_type, "grey") if self.setting else "grey"


@dataclass
class Row:
    enrolment: ShownEnrolment
    cells: list[Cell]


@dataclass
class CohortGrid:
    cohort: Cohort
    blocks: list[ShownBlock]
    rows: list[Row]


def run_grid(run: PlanRun, plan_diff: list[dict[str, Any]], instance: Instance) -> list[CohortGrid]:
    """Apprentice x block for each cohort of the run, with the setting, travel, training fit and the changes
    (`plan_diff` is `services.plan_changes(run)`; `instance` is the run's instance, parsed)."""
    apprentices = {a.id: a for a in instance.apprentices}
    inst_settings = {s.id: s for s in instance.settings}
    cohorts = list(run.cohorts.select_related("scheme").order_by("start_date", "name"))
    blocks = {
        c.pk: [ShownBlock.of(b) for b in CohortBlock.objects.filter(cohort=c).order_by("number")] for c in cohorts
    }
    units = list(TrainingUnit.objects.filter(scheme=run.scheme))
    assigned = {(a["apprentice"], a["block"]): a["setting"] for a in (run.plan or {}).get("assignments", [])}
    settings = {
        pk: ShownSetting.of(s)
        for pk, s in PlacementSetting.objects.select_related("site__organisation")
        .in_bulk([record_pk(s) for s in set(assigned.values())])
        .items()
    }
    changes = {(c["enrolment"], c["block"]): c for c in plan_diff}
    olds = {
        pk: ShownSetting.of(s, with_organisation=False)
        for pk, s in PlacementSetting.objects.in_bulk(
            [c["from_setting"] for c in changes.values() if c["from_setting"]]
        ).items()
    }
    pins = {(a.id, b) for a in instance.apprentices for b in a.pins}
    enrolments = (
        Enrolment.objects.filter(pk__in=[record_pk(a) for a in apprentices])
        .select_related("apprentice")
        .order_by("apprentice__family_name", "apprentice__given_name")
    )
    grids = {c.pk: CohortGrid(c, blocks[c.pk], []) for c in cohorts}
    for e in enrolments:
        aid = enrolment_id(e.pk)
        cells = []
        for block in blocks[e.cohort_id]:
            sid = assigned.get((aid, block.number))
            cell = Cell(block=block, pinned=(aid, block.number) in pins)
            if sid is not None:
                cell.setting = settings.get(record_pk(sid))
                cell.travel = round(travel_minutes(instance, apprentices[aid], inst_settings[sid]))
                for u in units:
                    if u.block_number == block.number:
                        (cell.aligned if u.topic == inst_settings[sid].type else cell.misaligned).append(u.title)
            change = changes.get((e.pk, block.number))
            if change is not None:
                cell.is_change = True
                cell.changed_from = olds.get(change["from_setting"]) if change["from_setting"] else None
            cells.append(cell)
        grids[e.cohort_id].rows.append(Row(ShownEnrolment.of(e), cells))
    return list(grids.values())


def out_of_step_reasons(instance: Instance) -> list[str]:
    """Why placements are out of step with training where the plan cannot help it: a block whose training unit's
    setting type has fewer places, over the whole block, than the apprentices in that block."""
    labels = dict(SettingType.choices)
    reasons = []
    for calendar, blocks in instance.calendars.items():
        people = sum(1 for a in instance.apprentices if a.calendar == calendar)
        for block in blocks:
            topics = sorted({t.topic for t in instance.training if t.calendar == calendar and t.block == block.index})
            for topic in topics:
                places = sum(instance.capacity_min(st, block) for st in instance.settings if st.type == topic)
                if places < people:
                    reasons.append(
                        f"Block {block.index}: its training suits {lower_first(labels.get(topic, topic))} settings, "
                        f"which have {places} place{'s' if places != 1 else ''} for {people} apprentices"
                    )
    return reasons


@dataclass(slots=True)
class RunSummary:
    """A finished plan over all its cohorts: the grids (one per cohort), how many placements, travel, placements out
    of step with training (and why, when there are too few places of the right type) and changes from the published
    plan."""

    grids: list[CohortGrid]
    placements: int
    mean_travel: int | None
    max_travel: int | None
    misaligned: int
    changes: int
    out_of_step_reasons: list[str]


def run_summary(run: PlanRun, plan_diff: list[dict[str, Any]]) -> RunSummary:
    """Travel and training fit over the whole plan, for the summary above the grid (the instance parsed once)."""
    usable = run.plan and run.plan.get("assignments") and not run.instance.get(PERSONAL_DATA_REMOVED)
    instance = parse_instance(run.instance) if usable else None
    grids = run_grid(run, plan_diff, instance) if instance is not None else []
    cells = [c for g in grids for r in g.rows for c in r.cells if c.setting]
    travel = [c.travel for c in cells if c.travel is not None]
    return RunSummary(
        grids=grids,
        placements=len(cells),
        mean_travel=round(sum(travel) / len(travel)) if travel else None,
        max_travel=max(travel) if travel else None,
        misaligned=sum(1 for c in cells if c.misaligned),
        changes=sum(1 for c in cells if c.is_change),
        out_of_step_reasons=out_of_step_reasons(instance) if instance and any(c.misaligned for c in cells) else [],
    )


def host_staff(placement: Placement) -> QuerySet[Person]:
    """Active managers and mentors of the placement's host organisation: who may write its testimonials and be
    named as the apprentice's mentor in its agreement."""
    staff = Membership.objects.active().filter(
        organisation_id=placement.setting.site.organisation_id, role__in=["host_manager", "mentor"]
    )
    return Person.objects.filter(pk__in=staff.values("person_id"), is_active=True)


def hosts_without_agreement(run: PlanRun) -> list[str]:
    """Names of the host organisations the plan uses that have no partnership agreement to the scheme signed by
    both sides (the cohorts' own employers are not asked for one)."""
    setting_pks = {record_pk(a["setting"]) for a in (run.plan or {}).get("assignments", [])}
    if not setting_pks:
        return []
    employers = set(run.cohorts.values_list("employer_id", flat=True))
    orgs = {
        org: name
        for org, name in PlacementSetting.objects.filter(pk__in=setting_pks).values_list(
            "site__organisation_id", "site__organisation__name"
        )
        if org not in employers
    }
    return sorted(orgs[o] for o in unsigned_hosts(run.scheme, set(orgs)))


def change_list(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`services.plan_changes` with names, person by person, for the comparison with the published plan."""
    enrolments = Enrolment.objects.select_related("apprentice").in_bulk([c["enrolment"] for c in changes])
    settings = PlacementSetting.objects.select_related("site__organisation").in_bulk(
        [c["to_setting"] for c in changes] + [c["from_setting"] for c in changes if c["from_setting"]]
    )
    shown = {pk: ShownSetting.of(s) for pk, s in settings.items()}
    out = []
    for c in sorted(changes, key=lambda c: (enrolments[c["enrolment"]].apprentice.family_name, c["block"])):
        out.append(
            {
                **c,
                "apprentice": ShownEnrolment.of(enrolments[c["enrolment"]]),
                "from": shown.get(c["from_setting"]) if c["from_setting"] else None,
                "to": shown[c["to_setting"]],
            }
        )
    return out


def linked_explanation(run: PlanRun, text: str) -> Markup:
    """The planner's reason with its ids (E12, S5, C3, O7) turned into names linked to the records."""
    ids = ID_PATTERN.findall(text)
    wanted: dict[str, set[int]] = {"E": set(), "S": set(), "C": set(), "O": set()}
    for kind, pk in ids:
        wanted[kind].add(int(pk))
    names: dict[tuple[str, int], tuple[str, str]] = {}
    for e in Enrolment.objects.filter(pk__in=wanted["E"], cohort__in=run.cohorts.all()).select_related("apprentice"):
        names[("E", e.pk)] = (e.apprentice.display_name, e.get_absolute_url())
    for s in PlacementSetting.objects.filter(
        pk__in=wanted["S"], site__organisation__partnership_id=run.partnership_id
    ).select_related("site__organisation"):
        names[("S", s.pk)] = (f"{s.name} ({s.site.organisation.name})", s.get_absolute_url())
    for c in Cohort.objects.filter(pk__in=wanted["C"], plan_runs=run):
        names[("C", c.pk)] = (f"cohort {c.name}", c.get_absolute_url())
    for o in Organisation.objects.filter(pk__in=wanted["O"], partnership_id=run.partnership_id):
        names[("O", o.pk)] = (o.name, o.get_absolute_url())

    out = Markup("")
    last = 0
    for m in ID_PATTERN.finditer(text):
        out += escape(text[last : m.start()])
        found = names.get((m.group(1), int(m.group(2))))
        if found:
            out += Markup('<a href="{}">{}</a>').format(found[1], found[0])
        else:
            out += escape(m.group(0))
        last = m.end()
    return out + escape(text[last:])


def left_out(run: PlanRun) -> list[dict[str, Any]]:
    enrolments = Enrolment.objects.select_related("apprentice").in_bulk([x["enrolment"] for x in run.left_out])
    return [
        {"enrolment": enrolments[x["enrolment"]], "reason": x["reason"]}
        for x in run.left_out
        if x["enrolment"] in enrolments
    ]


def choice_rows(run: PlanRun) -> list[dict[str, Any]]:
    """The coordinator's pins and ruled-out settings, with names."""
    items = [("Keep", p) for p in run.choices.get("pins", [])] + [
        ("Rule out", p) for p in run.choices.get("forbidden", [])
    ]
    enrolments = Enrolment.objects.select_related("apprentice").in_bulk([record_pk(p["enrolment"]) for _, p in items])
    settings = PlacementSetting.objects.in_bulk([record_pk(p["setting"]) for _, p in items])
    return [
        {
            "action": action,
            "enrolment": enrolments.get(record_pk(p["enrolment"])),
            "block": p["block"],
            "setting": settings.get(record_pk(p["setting"])),
        }
        for action, p in items
    ]


def cell_key(enrolment_pk: int, block: int, setting_pk: int) -> str:
    """The value of a grid checkbox: which apprentice, block and setting it keeps or rules out."""
    return f"{enrolment_id(enrolment_pk)}:{block}:{setting_id(setting_pk)}"


def parse_cell_key(value: str) -> dict[str, Any] | None:
    parts = value.split(":")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    e, b, s = parts
    if not (ID_PATTERN.fullmatch(e) and e[0] == "E" and ID_PATTERN.fullmatch(s) and s[0] == "S"):
        return None
    return {"enrolment": e, "block": int(b), "setting": s}


def pin_choices(run: PlanRun) -> tuple[Any, Any]:
    """The apprentices of the run's cohorts and the partnership's active settings, for 'place in a setting'."""
    enrolments = (
        Enrolment.objects.filter(cohort__in=run.cohorts.all(), status__in=PLANNED_STATUSES)
        .select_related("apprentice")
        .order_by("apprentice__family_name")
    )
    settings = PlacementSetting.objects.filter(
        site__organisation__partnership_id=run.partnership_id, is_active=True
    ).select_related("site__organisation")
    return enrolments, settings


def person_of(user: Actor) -> Person:
    """The signed-in member's own person record (views behind member_required only)."""
    return Person.objects.get(pk=viewer_for(user).pkey)


def instance_summary(run: PlanRun) -> PlannerInputs:
    """What the planner was given, in words: each apprentice's age at their first block, home postcode and kept
    blocks; each setting whose places were lowered (by other cohorts' placements or recorded changes) and when."""
    from datetime import date

    raw = run.instance or {}
    first_start = {c["id"]: date.fromisoformat(c["blocks"][0]["start"]) for c in raw.get("cohorts", []) if c["blocks"]}
    enrolments = Enrolment.objects.select_related("apprentice").in_bulk(
        [record_pk(a["id"]) for a in raw.get("apprentices", [])]
    )
    apprentices = []
    for a in raw.get("apprentices", []):
        e = enrolments.get(record_pk(a["id"]))
        if e is None:
            continue
        born = date.fromisoformat(a["date_of_birth"]) if a.get("date_of_birth") else None
        apprentices.append(
            GivenApprentice(
                enrolment=ShownEnrolment.of(e),
                age=age_on(born, first_start[a["cohort"]]) if born and a.get("cohort") in first_start else None,
                postcode=e.apprentice.postcode,
                location_from=e.apprentice.location_source or "recorded before locations said where from",
                located_on=e.apprentice.located_on,
                kept=[p["block"] for p in a.get("pinned", [])],
                ruled_out=len(a.get("forbidden", [])),
                shifts=labels_of(ShiftPattern, a.get("allowed_shifts", [])),
                preferred=labels_of(SettingType, a.get("preferred_types", [])),
                away=a.get("absent_blocks", []),
            )
        )
    lowered = [s for s in raw.get("settings", []) if isinstance(s.get("capacity"), list)]
    settings = PlacementSetting.objects.in_bulk([record_pk(s["id"]) for s in lowered])
    sources = Counter(
        site_source or "recorded before locations said where from"
        for site_source in PlacementSetting.objects.filter(
            pk__in=[record_pk(s["id"]) for s in raw.get("settings", [])]
        ).values_list("site__location_source", flat=True)
    )
    return PlannerInputs(
        apprentices=apprentices,
        setting_count=len(raw.get("settings", [])),
        setting_locations=sorted(sources.items()),
        lowered=[
            LoweredSetting(
                setting=ShownSetting.of(settings[record_pk(s["id"])], with_organisation=False),
                usual=s.get("default_capacity", 0),
                periods=CapacityPeriod.all_of(s["capacity"]),
            )
            for s in lowered
            if record_pk(s["id"]) in settings
        ],
        training=len(raw.get("training", [])),
        organisation_limits=_organisation_limits(raw),
        shifts=sorted(
            Counter(ShiftPattern(s["shift"]).label for s in raw.get("settings", []) if s.get("shift")).items()
        ),
    )


def _organisation_limits(raw: dict[str, Any]) -> list[OrganisationLimit]:
    """The organisations the plan kept to a limit on apprentices at a time, with the limit and any lower periods."""
    limits = raw.get("organisations", [])
    names = dict(Organisation.objects.filter(pk__in=[record_pk(o["id"]) for o in limits]).values_list("pk", "name"))
    out = []
    for o in limits:
        periods = o["capacity"] if isinstance(o["capacity"], list) else []
        usual = o.get("default_capacity", 0) if periods else o["capacity"]
        out.append(OrganisationLimit(names.get(record_pk(o["id"]), o["id"]), usual, CapacityPeriod.all_of(periods)))
    return out


def block_choices(run: PlanRun) -> list[tuple[int, str]]:
    """The blocks of a run's cohorts as choices, with their dates ("Block 2: 1 March 2027 to 30 April 2027")."""
    blocks: dict[int, str] = {}
    for b in CohortBlock.objects.filter(cohort__in=run.cohorts.all()).order_by("number", "cohort_id"):
        blocks.setdefault(b.number, f"Block {b.number}: {b.start_date:%-d %B %Y} to {b.end_date:%-d %B %Y}")
    return sorted(blocks.items())
