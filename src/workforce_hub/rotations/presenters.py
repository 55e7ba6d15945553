"""What the plan page shows of apprentices, settings and blocks, as plain values.

A finished plan's grid, changes and inputs are kept for two minutes (`core.caching.kept_for`). Kept as model
instances, reading them back cost more than half of the page for a plan of hundreds of apprentices (about 7,750
records unpickled a request); these hold only the names, links and dates the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from workforce_hub.organisations.models import PlacementSetting
from workforce_hub.schemes.models import Enrolment

from .models import CohortBlock


@dataclass(frozen=True, slots=True)
class ShownEnrolment:
    """An apprentice's place in a cohort: the enrolment's id, its cohort, the apprentice's name and the link."""

    pk: int
    cohort_id: int
    name: str
    url: str

    @classmethod
    def of(cls, enrolment: Enrolment) -> ShownEnrolment:
        """From an enrolment read with `select_related("apprentice")`."""
        return cls(enrolment.pk, enrolment.cohort_id, enrolment.apprentice.display_name, enrolment.get_absolute_url())


@dataclass(frozen=True, slots=True)
class ShownSetting:
    pk: int
    name: str
    #: the host organisation's name ("" when the setting was read without it)
    organisation: str
    setting_type: str
    url: str

    @classmethod
    def of(cls, setting: PlacementSetting, *, with_organisation: bool = True) -> ShownSetting:
        """From a setting read with `select_related("site__organisation")` (or `with_organisation=False`)."""
        organisation = setting.site.organisation.name if with_organisation else ""
        return cls(setting.pk, setting.name, organisation, setting.setting_type, setting.get_absolute_url())


@dataclass(frozen=True, slots=True)
class ShownBlock:
    number: int
    start_date: date
    end_date: date

    @classmethod
    def of(cls, block: CohortBlock) -> ShownBlock:
        return cls(block.number, block.start_date, block.end_date)


@dataclass(frozen=True, slots=True)
class CapacityPeriod:
    """A period with fewer places than usual, as the instance gives it (ISO dates, both days included)."""

    capacity: int
    start: str
    end: str

    @classmethod
    def all_of(cls, periods: list[dict[str, Any]]) -> list[CapacityPeriod]:
        return [cls(p["capacity"], p["from"], p["to"]) for p in periods]


@dataclass(frozen=True, slots=True)
class GivenApprentice:
    """One apprentice as the planner was given them: age at the first block, where they live and since when, blocks
    kept, cells ruled out, shifts they may work, setting types they prefer and blocks they are away."""

    enrolment: ShownEnrolment
    age: int | None
    postcode: str
    location_from: str
    located_on: date | None
    kept: list[int]
    ruled_out: int
    shifts: list[str]
    preferred: list[str]
    away: list[int]


@dataclass(frozen=True, slots=True)
class LoweredSetting:
    """A setting with fewer places than usual for part of the plan (other cohorts' placements, recorded changes)."""

    setting: ShownSetting
    usual: int
    periods: list[CapacityPeriod]


@dataclass(frozen=True, slots=True)
class OrganisationLimit:
    """An organisation the plan kept to a limit on apprentices at a time, with its usual limit and lower periods."""

    name: str
    usual: int
    periods: list[CapacityPeriod]


@dataclass(slots=True)
class PlannerInputs:
    """ "What the planner was given": the apprentices (one cohort's when the page shows one at a time), how many
    settings and training units, where the settings' locations came from, lowered settings, organisation limits
    and the settings' shift patterns with their counts."""

    apprentices: list[GivenApprentice]
    setting_count: int
    setting_locations: list[tuple[str, int]]
    lowered: list[LoweredSetting]
    training: int
    organisation_limits: list[OrganisationLimit]
    shifts: list[tuple[str, int]]
