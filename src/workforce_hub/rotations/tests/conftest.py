"""A small planning world: a future cohort of three apprentices, three settings of different types, three blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from conftest import World, enrol, make_person, make_setting
from workforce_hub.core.roles import Role
from workforce_hub.organisations.models import PlacementSetting
from workforce_hub.rotations import services
from workforce_hub.rotations.models import PlanRun
from workforce_hub.schemes.models import Cohort, Enrolment


@dataclass
class Planning:
    world: World
    cohort: Cohort
    enrolments: list[Enrolment]
    settings: dict[str, PlacementSetting] = field(default_factory=dict)

    @property
    def coordinator(self) -> Any:
        return self.world.users["coordinator"]


def monday_after(d: date) -> date:
    return d + timedelta(days=(7 - d.weekday()) % 7 or 7)


@pytest.fixture
def planning(world: World) -> Planning:
    return build_planning(world)


def build_planning(world: World) -> Planning:
    scheme = world.scheme
    assert scheme is not None
    scheme.block_count, scheme.block_weeks = 3, 4
    scheme.first_block_with_employer = False
    scheme.no_repeat_type = True
    scheme.required_setting_types = ["acute_ward"]
    scheme.save()
    start = monday_after(timezone.localdate() + timedelta(weeks=10))
    cohort = Cohort.objects.create(
        scheme=scheme,
        name="Planning cohort",
        employer=world.orgs["employer"],
        training_provider=world.orgs["provider"],
        start_date=start,
        end_date=start + timedelta(weeks=14),
        contracted_hours=Decimal("37.5"),
    )
    oak = world.settings["host"]
    oak.mentors.set([world.people["mentor"]])
    oak.working_days = ["mon", "tue", "wed", "thu"]
    oak.working_hours = "8am to 4pm"
    oak.save()
    settings = {
        "oak": oak,
        "ward": world.settings["host2"],
        "community": make_setting(world.orgs["host2"], "Elm Community Team", "community", 16, 2),
    }
    enrolments = []
    for i in range(3):
        person = make_person(
            world,
            f"planned{i}",
            world.p1,
            [("employer", Role.APPRENTICE)],
            latitude=Decimal("52.9") + Decimal(i) / 100,
            longitude=Decimal("-1.4"),
        )
        enrolments.append(enrol(world, f"planned{i}", cohort, person, line_manager=world.people["line_manager"]))
    services.cohort_calendar_create(cohort=cohort, actor=world.users["coordinator"])
    return Planning(world, cohort, enrolments, settings)


def planned(planning: Planning, capture: Any, **kwargs: Any) -> PlanRun:
    """Create a run and let the (immediate) task backend run the planner when the transaction commits."""
    with capture(execute=True):
        run = services.plan_run_create(cohorts=[planning.cohort], actor=planning.coordinator, **kwargs)
    run.refresh_from_db()
    return run
