"""The lists on a home that grow with the partnership are shown 50 at a time, each with its own pager."""

from __future__ import annotations

from typing import Any

from conftest import World, enrol
from workforce_hub.home import views


def test_long_lists_on_a_home_are_paged(world: World, login: Any, monkeypatch: Any) -> None:
    client = login("coordinator")
    whole = client.get("/home/coordinator/").content.decode()
    assert "Showing 1 to" not in whole  # a small partnership: everything on one page
    monkeypatch.setattr(views, "HOME_PAGE_SIZE", 1)
    first = client.get("/home/coordinator/").content.decode()
    assert "Showing 1 to 1 of" in first and "apprentices_page=2" in first
    second = client.get("/home/coordinator/?apprentices_page=2").content.decode()
    assert "Showing 2 to 2 of" in second
    # a page that is not a number, or past the end, shows the first or the last page instead of an error
    assert "Showing 1 to 1 of" in client.get("/home/coordinator/?apprentices_page=abc").content.decode()
    assert "Showing 2 to 2 of" in client.get("/home/coordinator/?apprentices_page=999").content.decode()
    names = [e.apprentice.display_name for e in (world.enrolments["apprentice"], world.enrolments["other_apprentice"])]
    apprentices_1 = first.split("<h2>Apprentices</h2>")[1]
    apprentices_2 = second.split("<h2>Apprentices</h2>")[1]
    assert sum(n in apprentices_1 for n in names) == 1 and sum(n in apprentices_2 for n in names) == 1
    enrol(world, "second", world.cohorts["main"], world.people["other_line_manager"])  # a second for the tutor
    tutor = login("tutor").get("/home/tutor/?apprentices_page=2").content.decode()
    assert "Showing 2 to 2 of 2 apprentices" in tutor


def test_the_tutor_home_lists_those_furthest_behind_first_and_says_how_many_more(
    world: World, login: Any, monkeypatch: Any
) -> None:
    from decimal import Decimal

    from django.core.cache import cache
    from django.utils import timezone

    from workforce_hub.home import selectors
    from workforce_hub.portfolios.tests.conftest import make_record
    from workforce_hub.portfolios.tests.factories import LearningRecordFactory, OffTheJobEntryFactory
    from workforce_hub.schemes.models import Enrolment

    some = make_record(world)
    second = enrol(world, "second", world.cohorts["main"], world.people["other_line_manager"])
    Enrolment.objects.filter(pk=second.pk).update(status=world.enrolments["apprentice"].status)
    LearningRecordFactory(enrolment=second, start_date=some.start_date, planned_end=some.planned_end)
    OffTheJobEntryFactory(record=some, date=timezone.localdate(), hours=Decimal(1), status="approved")
    names = {e.pk: e.apprentice.display_name for e in (world.enrolments["apprentice"], second)}
    whole = login("tutor").get("/home/tutor/").content.decode().split("Behind on off-the-job hours")[1]
    assert "more: each learning record" not in whole
    # the one with no hours at all comes before the one with an hour
    assert whole.index(names[second.pk]) < whole.index(names[world.enrolments["apprentice"].pk])
    monkeypatch.setattr(selectors, "TUTOR_LIST", 1)
    cache.clear()  # the lists are kept for two minutes
    capped = login("tutor").get("/home/tutor/").content.decode().split("Behind on off-the-job hours")[1]
    listed = capped.split("</ul>")[0]
    assert names[second.pk] in listed and names[world.enrolments["apprentice"].pk] not in listed
    assert "And 1 more: each learning record shows its hours." in capped
