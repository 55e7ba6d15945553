"""Calendar feeds apply the page rules: hosts see the apprentice's name only from the first day to the last, and
only while they hold a host role there (a setting's contact or mentor field alone gives nothing)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from icalendar import Calendar

from workforce_hub.organisations.models import Membership
from workforce_hub.rotations.services import calendar_feed_for


def _summaries(client: Any, person: Any) -> list[str]:
    feed = calendar_feed_for(person)
    response = client.get(f"/rotations/calendar/{feed.token}.ics")
    assert response.status_code == 200
    return [str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]


def test_a_host_feed_names_the_apprentice_during_the_placement_only(world: Any, client: Any) -> None:
    placement = world.placements["apprentice"]
    name = placement.enrolment.apprentice.display_name
    host = world.people["host_manager"]
    assert f"{name} at {placement.setting.name}" in _summaries(client, host)
    today = timezone.localdate()
    placement.end_date = today - timedelta(days=1)
    placement.save()
    assert not [s for s in _summaries(client, host) if name in s]
    assert f"An apprentice at {placement.setting.name}" in _summaries(client, host)


def test_a_host_feed_names_nobody_once_the_host_role_ends(world: Any, client: Any) -> None:
    host = world.people["host_manager"]
    name = world.placements["apprentice"].enrolment.apprentice.display_name
    assert [s for s in _summaries(client, host) if name in s]
    Membership.objects.filter(person=host, role="host_manager").update(ends_on=timezone.localdate() - timedelta(days=1))
    assert not [s for s in _summaries(client, host) if name in s]


def test_being_a_settings_contact_or_mentor_without_a_host_role_names_nobody(world: Any, client: Any) -> None:
    outsider = world.people["tutor"]  # a provider's tutor: no host role at the host organisation
    setting = world.placements["apprentice"].setting
    setting.contact = outsider
    setting.save()
    setting.mentors.add(outsider)
    summaries = _summaries(client, outsider)
    assert not [s for s in summaries if setting.name in s]


def test_the_apprentice_sees_their_own_placements_past_and_present(world: Any, client: Any) -> None:
    apprentice = world.people["apprentice"]
    placement = world.placements["apprentice"]
    placement.end_date = timezone.localdate() - timedelta(days=1)
    placement.save()
    assert f"Your placement: {placement.setting.name}" in _summaries(client, apprentice)
