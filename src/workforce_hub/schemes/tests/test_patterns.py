"""Working patterns as data: the rules at their edges (fortnightly parity, alternating days, learning days as
off-the-job hours), the checks on bad patterns, an apprentice's own week, and what follows the pattern (notices,
calendars, the host's "who is here today", the learning record)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar

from workforce_hub.schemes import patterns, services
from workforce_hub.schemes.models import EnrolmentPattern

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 1, 5)  # a cohort's first day; week 1 runs 5 to 11 January


def week(**fields: Any) -> SimpleNamespace:
    base = {
        "host_days": ["mon", "tue", "wed", "thu"],
        "learning_day": "fri",
        "training_day_frequency": "weekly",
        "learning_week": 1,
        "other_day": "",
        "other_place": "",
        "other_place_alternate": "",
        "hours_per_day": Decimal("7.5"),
    }
    return SimpleNamespace(**{**base, **fields})


def kinds(pattern: SimpleNamespace, start: date, n: int) -> list[str]:
    return [d.kind for d in patterns.days(pattern, MONDAY, start, start + timedelta(days=n - 1))]


def test_weeks_count_from_the_monday_of_the_first_week() -> None:
    wednesday_start = MONDAY + timedelta(days=2)
    assert patterns.week_number(wednesday_start, MONDAY) == 1  # the Monday before a Wednesday start is week 1
    assert patterns.week_number(MONDAY, MONDAY + timedelta(days=6)) == 1  # Sunday
    assert patterns.week_number(MONDAY, MONDAY + timedelta(days=7)) == 2
    assert patterns.week_number(MONDAY, MONDAY - timedelta(days=1)) == 0


def test_a_weekly_learning_day() -> None:
    assert kinds(week(), MONDAY, 7) == ["host"] * 4 + ["learning", "off", "off"]
    assert kinds(week(), MONDAY + timedelta(days=7), 7) == ["host"] * 4 + ["learning", "off", "off"]


@pytest.mark.parametrize(
    ("learning_week", "first_friday", "second_friday"), [(1, "learning", "host"), (2, "host", "learning")]
)
def test_a_fortnightly_learning_day_falls_in_odd_or_even_weeks(
    learning_week: int, first_friday: str, second_friday: str
) -> None:
    trust = week(
        host_days=["mon", "tue", "wed", "thu", "fri"], training_day_frequency="fortnightly", learning_week=learning_week
    )
    fridays = [MONDAY + timedelta(days=4 + 7 * i) for i in range(4)]
    assert [patterns.day(trust, MONDAY, f).kind for f in fridays] == [first_friday, second_friday] * 2
    # off a host day, a fortnightly learning day leaves that day off in the other weeks
    council = week(training_day_frequency="fortnightly", learning_week=learning_week)
    assert [patterns.day(council, MONDAY, f).kind for f in fridays] == [
        k if k == "learning" else "off" for k in [first_friday, second_friday] * 2
    ]


def test_an_alternating_other_day() -> None:
    digital = week(
        host_days=["mon", "tue", "wed"],
        learning_day="thu",
        other_day="fri",
        other_place="the IT department",
        other_place_alternate="the federation",
    )
    fridays = [patterns.day(digital, MONDAY, MONDAY + timedelta(days=4 + 7 * i)) for i in range(3)]
    assert [(d.kind, d.place) for d in fridays] == [
        ("other", "the IT department"),
        ("other", "the federation"),
        ("other", "the IT department"),
    ]
    same_place = week(
        host_days=["mon", "tue", "wed"], learning_day="thu", other_day="fri", other_place="the IT department"
    )
    assert patterns.day(same_place, MONDAY, MONDAY + timedelta(days=11)).place == "the IT department"
    assert patterns.describe(digital) == (
        "At the host Monday to Wednesday; learning day Thursday every week; Friday alternately the IT department and "
        "the federation; 7.5 hours a day."
    )


def test_learning_days_count_as_off_the_job_hours() -> None:
    weekly = week()
    end = MONDAY + timedelta(weeks=4) - timedelta(days=1)  # four whole weeks
    assert patterns.learning_hours(weekly, MONDAY, MONDAY, end) == Decimal("30.0")
    fortnightly = week(host_days=["mon", "tue", "wed", "thu", "fri"], training_day_frequency="fortnightly")
    assert patterns.learning_hours(fortnightly, MONDAY, MONDAY, end) == Decimal("15.0")
    assert patterns.learning_hours(fortnightly, MONDAY, MONDAY, MONDAY + timedelta(days=3)) == 0  # before Friday
    assert patterns.learning_hours(week(hours_per_day=None), MONDAY, MONDAY, end) == 0
    assert patterns.weekly_hours(fortnightly) == Decimal("37.5")
    assert patterns.weekly_hours(week(hours_per_day=Decimal("7.4"))) == Decimal("37.0")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"host_days": []}, "host_days"),
        ({"host_days": ["monday"]}, "host_days"),
        ({"learning_day": ""}, "learning_day"),
        ({"learning_day": "thu"}, "learning_day"),  # weekly and also a host day
        ({"other_day": "fri", "other_place": "IT"}, "other_day"),  # the learning day
        ({"other_day": "mon", "other_place": "IT"}, "other_day"),  # a host day
        ({"other_day": "sat"}, "other_place"),
        ({"other_place": "IT"}, "other_day"),
        ({"learning_week": 3}, "learning_week"),
    ],
)
def test_bad_patterns_name_the_field(fields: dict[str, Any], field: str) -> None:
    assert field in patterns.problems(week(**fields))


def test_no_learning_day_is_a_valid_pattern() -> None:
    assert patterns.problems(week(learning_day="", training_day_frequency="none")) == {}
    assert patterns.describe(week(learning_day="", training_day_frequency="none")) == (
        "At the host Monday to Thursday; 7.5 hours a day."
    )


def test_a_cohort_with_a_bad_pattern_is_refused_and_keeps_what_was_typed(world: Any, login: Any) -> None:
    cohort = world.cohorts["main"]
    with pytest.raises(ValidationError) as err:
        services.cohort_update(
            cohort=cohort, data={"host_days": ["mon", "fri"], "learning_day": "fri"}, actor=world.user("coordinator")
        )
    assert "learning_day" in err.value.message_dict
    services.cohort_update(
        cohort=cohort,
        data={"host_days": ["thu", "mon", "tue", "wed"], "learning_day": "fri", "hours_per_day": Decimal("7.5")},
        actor=world.user("coordinator"),
    )
    cohort.refresh_from_db()
    assert cohort.host_days == ["mon", "tue", "wed", "thu"]  # in week order
    page = login("coordinator").get(f"/schemes/cohorts/{cohort.pk}/").content.decode()
    assert "At the host Monday to Thursday; learning day Friday every week" in page


def _set_cohort_week(world: Any, **fields: Any) -> None:
    cohort = world.cohorts["main"]
    data = {
        "host_days": ["mon", "tue", "wed", "thu"],
        "learning_day": "fri",
        "training_day_frequency": "weekly",
        "hours_per_day": Decimal("7.5"),
        **fields,
    }
    services.cohort_update(cohort=cohort, data=data, actor=world.user("coordinator"))
    world.enrolments["apprentice"].cohort.refresh_from_db()


def test_an_apprentices_own_week_overrides_the_cohorts(world: Any, login: Any) -> None:
    _set_cohort_week(world)
    enrolment = world.enrolments["apprentice"]
    own = services.enrolment_pattern_save(
        enrolment=enrolment, data={"host_days": ["mon", "tue", "wed"]}, actor=world.user("coordinator")
    )
    assert own.learning_day == "fri" and own.hours_per_day == Decimal("7.5")  # the rest from the cohort
    enrolment.refresh_from_db()
    assert enrolment.working_pattern.host_days == ["mon", "tue", "wed"]
    for key in ("apprentice", "line_manager", "host_manager", "tutor", "p2_coordinator"):
        with pytest.raises(PermissionDenied):
            services.enrolment_pattern_save(enrolment=enrolment, data={}, actor=world.user(key))
    client = login("coordinator")
    page = client.get(f"/schemes/enrolments/{enrolment.pk}/").content.decode()
    assert "At the host Monday to Wednesday" in page and "Use the cohort's working week" in page
    bad = client.post(
        f"/schemes/enrolments/{enrolment.pk}/pattern/",
        {
            "host_days": [],
            "learning_day": "fri",
            "training_day_frequency": "weekly",
            "learning_week": "1",
            "other_place": "Somewhere",
        },
    )
    assert bad.status_code == 200 and "Somewhere" in bad.content.decode()
    assert client.post(f"/schemes/enrolments/{enrolment.pk}/pattern/remove/").status_code == 302
    assert not EnrolmentPattern.objects.exists()
    enrolment = type(enrolment).objects.get(pk=enrolment.pk)
    assert enrolment.working_pattern == enrolment.cohort
    assert login("apprentice").get(f"/schemes/enrolments/{enrolment.pk}/pattern/").status_code == 403


def test_the_api_sets_changes_and_removes_an_own_week(world: Any) -> None:
    _set_cohort_week(world)
    enrolment = world.enrolments["apprentice"]
    api = world.api("coordinator")
    made = api.post(
        "/api/v1/enrolment-patterns/", {"enrolment": enrolment.pk, "host_days": ["mon", "tue"]}, format="json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["pattern_text"].startswith("At the host Monday and Tuesday")
    changed = api.patch(f"/api/v1/enrolment-patterns/{made.json()['id']}/", {"learning_day": "mon"}, format="json")
    assert changed.status_code == 400 and "learning_day" in str(changed.json())
    assert world.api("apprentice").get("/api/v1/enrolment-patterns/").json()["count"] == 1  # their own
    assert world.api("line_manager").post(
        "/api/v1/enrolment-patterns/", {"enrolment": enrolment.pk}, format="json"
    ).status_code in (403, 404)
    assert api.delete(f"/api/v1/enrolment-patterns/{made.json()['id']}/").status_code == 204
    cohort = api.get(f"/api/v1/cohorts/{enrolment.cohort_id}/").json()
    assert cohort["host_days"] == ["mon", "tue", "wed", "thu"] and cohort["learning_day"] == "fri"


def _events(client: Any, person: Any) -> list[Any]:
    from workforce_hub.rotations.services import calendar_feed_for

    response = client.get(f"/rotations/calendar/{calendar_feed_for(person).token}.ics")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_calendars_repeat_each_kind_of_day(world: Any, client: Any) -> None:
    _set_cohort_week(world, host_days=["mon", "tue", "wed", "thu", "fri"], training_day_frequency="fortnightly")
    placement = world.placements["apprentice"]
    events = {str(e["summary"]): e for e in _events(client, world.people["apprentice"])}
    host = events[f"Your placement: {placement.setting.name}"]
    learning = events["Learning day"]
    assert host["rrule"]["byday"] == ["MO", "TU", "WE", "TH", "FR"] and host["rrule"].get("interval", [1]) == [1]
    assert learning["rrule"]["byday"] == ["FR"] and learning["rrule"]["interval"] == [2]
    excluded = {
        d.dt for x in ([host["exdate"]] if not isinstance(host["exdate"], list) else host["exdate"]) for d in x.dts
    }
    first_learning = learning.decoded("dtstart")
    assert first_learning in excluded  # the learning Friday is not a day at the host
    assert first_learning + timedelta(days=7) not in excluded
    # the host sees only the days the apprentice is with them
    hosted = [str(e["summary"]) for e in _events(client, world.people["host_manager"])]
    assert "Learning day" not in hosted and any(placement.setting.name in s for s in hosted)


def test_the_host_sees_who_is_here_today(world: Any, login: Any) -> None:
    today = timezone.localdate()
    code = patterns.WEEKDAY_CODES[today.weekday()]
    others = [c for c in patterns.WEEKDAY_CODES if c != code]
    _set_cohort_week(world, host_days=others[:4], learning_day=code)
    page = login("host_manager").get("/home/host/").content.decode()
    assert "Learning day" in page and "Here today" not in page
    _set_cohort_week(world, host_days=[code], learning_day=others[0])
    page = login("host_manager").get("/home/host/").content.decode()
    assert "Here today" in page


def test_placement_notices_give_the_apprentices_days(world: Any) -> None:
    from workforce_hub.rotations.services import _notify

    _set_cohort_week(world)
    placement = world.placements["apprentice"]
    _notify(placement, world.scheme, timezone.localdate() - timedelta(weeks=8))
    from workforce_hub.notifications.models import Notification

    bodies = list(Notification.objects.filter(kind="placement_published").values_list("body", flat=True))
    assert bodies and all(
        "Days at the placement: At the host Monday to Thursday; learning day Friday every week" in b for b in bodies
    )


def test_the_learning_record_counts_learning_days_as_off_the_job_time(world: Any, login: Any) -> None:
    from workforce_hub.portfolios.selectors import otj_summary
    from workforce_hub.portfolios.tests.conftest import make_record

    _set_cohort_week(world)
    record = make_record(world)
    cohort = world.enrolments["apprentice"].cohort
    summary = otj_summary(record, record.start_date + timedelta(weeks=4) - timedelta(days=1))
    fridays_so_far = patterns.count(
        cohort, cohort.start_date, record.start_date, record.start_date + timedelta(weeks=4) - timedelta(days=1)
    )["learning"]
    assert summary.learning_days_so_far == fridays_so_far * Decimal("7.5")
    assert summary.learning_days_by_end is not None and summary.learning_days_by_end > summary.learning_days_so_far
    page = login("apprentice").get(f"/learning/{record.pk}/hours/").content.decode()
    assert "Learning days count as off-the-job training" in page
