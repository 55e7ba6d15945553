"""Hosts may be asked for, and write, a testimonial during the placement and for the scheme's window after it
(8 weeks unless the scheme says otherwise), still only about that placement."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from workforce_hub.portfolios import selectors, services
from workforce_hub.portfolios.models import LearningRecord, Testimonial
from workforce_hub.programmes.models import Criterion

pytestmark = pytest.mark.django_db


def _end_placement(world: Any, days_ago: int) -> Any:
    placement = world.placements["apprentice"]
    placement.end_date = timezone.localdate() - timedelta(days=days_ago)
    placement.start_date = placement.end_date - timedelta(weeks=12)
    placement.save()
    return type(placement).objects.get(pk=placement.pk)  # with the scheme as it is now


def _ask(world: Any, record: LearningRecord, placement: Any) -> Testimonial:
    return services.testimonial_request(
        actor=world.users["apprentice"],
        record=record,
        placement=placement,
        author=world.people["mentor"],
        behaviours=list(Criterion.objects.filter(standard=record.standard, kind="B")[:1]),
    )


@pytest.mark.parametrize(("days_ago", "open_"), [(0, True), (56, True), (57, False)])
def test_the_window_is_eight_weeks_after_the_end(
    world: Any, record: LearningRecord, days_ago: int, open_: bool
) -> None:
    placement = _end_placement(world, days_ago)
    assert placement.testimonial_open() is open_
    assert (selectors.testimonial_placement(record) == placement) is open_
    if open_:
        t = _ask(world, record, placement)
        assert Testimonial.objects.visible_to(world.users["mentor"]).filter(pk=t.pk).exists()
        services.testimonial_complete(
            actor=world.users["mentor"], testimonial=t, responses={c.code: "Seen often." for c in t.behaviours.all()}
        )
    else:
        with pytest.raises(ValidationError, match="up to 8 weeks after it ends"):
            _ask(world, record, placement)


def test_a_scheme_can_shorten_or_close_the_window(world: Any, record: LearningRecord) -> None:
    placement = _end_placement(world, 0)
    t = _ask(world, record, placement)
    placement = _end_placement(world, 8)
    world.scheme.testimonial_weeks_after = 1
    world.scheme.save()
    placement = type(placement).objects.get(pk=placement.pk)
    assert not placement.testimonial_open()
    assert not Testimonial.objects.visible_to(world.users["mentor"]).filter(pk=t.pk).exists()
    assert Testimonial.objects.visible_to(world.users["tutor"]).filter(pk=t.pk).exists()  # the record keeps it
    with pytest.raises(ValidationError) as err:
        services.testimonial_complete(
            actor=world.users["mentor"], testimonial=Testimonial.objects.get(pk=t.pk), responses={}
        )
    assert err.value.code == "refused"
    world.scheme.testimonial_weeks_after = 0
    world.scheme.save()
    placement = _end_placement(world, 1)
    with pytest.raises(ValidationError, match="while the placement is under way\\."):
        _ask(world, record, placement)


def test_the_request_page_offers_the_last_placement_in_its_window(
    world: Any, record: LearningRecord, login: Any
) -> None:
    _end_placement(world, 20)
    page = login("apprentice").get(f"/learning/{record.pk}/testimonials/").content.decode()
    assert "Ask for a testimonial from" in page
    _end_placement(world, 60)
    page = login("apprentice").get(f"/learning/{record.pk}/testimonials/").content.decode()
    assert "Ask for a testimonial from" not in page and "a few weeks after it ends" in page
