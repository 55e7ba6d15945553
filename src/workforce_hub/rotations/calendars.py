"""iCalendar feeds of placements (RFC 5545, via the `icalendar` library)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from workforce_hub.people.models import Person

from .models import Placement
from .services import hosted_named, placements_for_calendar


def _event(placement: Placement, summary: str, description: str) -> Event:
    setting = placement.setting
    site = setting.site
    event = Event()
    event.add("uid", f"placement-{placement.pk}@workforce-hub")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", placement.start_date)
    event.add("dtend", placement.end_date + timedelta(days=1))  # all-day events end the day after
    event.add("summary", summary)
    event.add("location", f"{site.address}, {site.postcode}")
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def person_calendar(person: Person) -> bytes:
    named, hosted = placements_for_calendar(person)
    cal = Calendar()
    cal.add("prodid", "-//Workforce Hub//Placements//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Workforce Hub placements")
    for p in named:
        who = "Your placement" if p.enrolment.apprentice_id == person.pk else p.enrolment.apprentice.display_name
        cal.add_component(
            _event(
                p,
                f"{who}: {p.setting.name}",
                f"Block {p.block_number} at {p.setting.name}, {p.setting.site.organisation.name}. "
                f"Working hours: {p.setting.working_hours or 'as agreed with the host'}.",
            )
        )
    today = timezone.localdate()
    for p in hosted:
        who = p.enrolment.apprentice.display_name if hosted_named(p, today) else "An apprentice"
        cal.add_component(
            _event(
                p,
                f"{who} at {p.setting.name}",
                "Placement of a Workforce Hub apprentice. The apprentice's name shows from the first day to the last. "
                f"Details: {settings.HUB_BASE_URL}/",
            )
        )
    return cal.to_ical()
