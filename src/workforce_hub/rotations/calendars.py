"""iCalendar feeds of placements (RFC 5545, via the `icalendar` library)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from workforce_hub.people.models import Person
from workforce_hub.schemes import patterns

from .models import Placement
from .services import hosted_named, placements_for_calendar

ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _event(placement: Placement, summary: str, description: str) -> Event:
    """The whole placement as one all-day block: for an apprentice whose working week is not set."""
    event = _all_day(f"placement-{placement.pk}", placement, summary, description, placement.start_date)
    event.add("dtend", placement.end_date + timedelta(days=1))  # all-day events end the day after
    return event


def _all_day(uid: str, placement: Placement, summary: str, description: str, first: date) -> Event:
    site = placement.setting.site
    event = Event()
    event.add("uid", f"{uid}@workforce-hub")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", first)
    event.add("summary", summary)
    event.add("location", f"{site.address}, {site.postcode}")
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def _recurring(uid: str, placement: Placement, summary: str, description: str, dates: list[date]) -> Event:
    """One all-day event repeating weekly (or every other week) on the weekdays of `dates`, from the first to the
    last, with the occurrences that are not in `dates` excluded (a learning week's day at the host, a bank of days
    the pattern skips)."""
    first, last = dates[0], dates[-1]
    weekdays = sorted({d.weekday() for d in dates})
    by_weekday: dict[int, list[date]] = {}
    for d in dates:
        by_weekday.setdefault(d.weekday(), []).append(d)
    gaps = {(b - a).days for run in by_weekday.values() for a, b in itertools.pairwise(run)}
    interval = 2 if gaps and min(gaps) >= 14 else 1
    event = _all_day(uid, placement, summary, description, first)
    event.add("dtend", first + timedelta(days=1))
    event.add(
        "rrule", {"freq": "weekly", "interval": interval, "byday": [ICAL_DAYS[w] for w in weekdays], "until": last}
    )
    expected = [
        d
        for d in (first + timedelta(days=i) for i in range((last - first).days + 1))
        if d.weekday() in weekdays and patterns.week_number(first, d) % interval == 1 % interval
    ]
    skipped = sorted(set(expected) - set(dates))
    if skipped:
        event.add("exdate", skipped)
    return event


def _placement_days(placement: Placement, summary: str, description: str, *, host_only: bool) -> list[Event]:
    """The placement as recurring events per kind of day (at the host; the learning day; each other place), or one
    block when the apprentice's working week is not set."""
    enrolment = placement.enrolment
    week = enrolment.working_pattern
    if not week.host_days:
        return [_event(placement, summary, description)]
    groups: dict[tuple[str, str], list[date]] = {}
    for d in patterns.days(week, enrolment.cohort.start_date, placement.start_date, placement.end_date):
        if d.kind != patterns.OFF and (d.kind == patterns.HOST or not host_only):
            groups.setdefault((d.kind, d.place), []).append(d.on)
    events = []
    for (kind, place), dates in groups.items():
        label = {patterns.HOST: summary, patterns.LEARNING: "Learning day"}.get(kind, f"At {place or 'another place'}")
        uid = f"placement-{placement.pk}-{kind}" + (f"-{place}" if place else "")
        events.append(_recurring(uid, placement, label, description, dates))
    return events


def person_calendar(person: Person) -> bytes:
    named, hosted = placements_for_calendar(person)
    cal = Calendar()
    cal.add("prodid", "-//Workforce Hub//Placements//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Workforce Hub placements")
    for p in named:
        who = "Your placement" if p.enrolment.apprentice_id == person.pk else p.enrolment.apprentice.display_name
        for event in _placement_days(
            p,
            f"{who}: {p.setting.name}",
            f"Block {p.block_number} at {p.setting.name}, {p.setting.site.organisation.name}. "
            f"Working hours: {p.setting.working_hours or 'as agreed with the host'}.",
            host_only=False,
        ):
            cal.add_component(event)
    today = timezone.localdate()
    for p in hosted:
        who = p.enrolment.apprentice.display_name if hosted_named(p, today) else "An apprentice"
        for event in _placement_days(
            p,
            f"{who} at {p.setting.name}",
            "Placement of a Workforce Hub apprentice, on the days they are with you. The apprentice's name shows "
            f"from the first day to the last. Details: {settings.HUB_BASE_URL}/",
            host_only=True,
        ):
            cal.add_component(event)
    return cal.to_ical()
