"""What the plan page shows of apprentices, settings and blocks, as plain values.

A finished plan's grid, changes and inputs are kept for two minutes (`core.caching.kept_for`). Kept as model
instances, reading them back cost more than half of the page for a plan of hundreds of apprentices (about 7,750
records unpickled a request); these hold only the names, links and dates the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
