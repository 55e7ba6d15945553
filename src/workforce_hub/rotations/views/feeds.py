"""Rotations pages: my calendar."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from workforce_hub.core.web import member_required

from .. import calendars, selectors, services

PLAN = services.PLAN


@member_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    person = selectors.person_of(request.user)
    if request.method == "POST":
        services.calendar_feed_reset(person=person, actor=request.user)
        messages.success(request, "Your calendar has a new address. The old one no longer works.")
        return redirect("rotations:my_calendar")
    feed = services.calendar_feed_for(person)
    named, hosted = services.placements_for_calendar(person)
    today = timezone.localdate()
    return render(
        request,
        "rotations/my_calendar.jinja",
        {
            "feed_url": request.build_absolute_uri(feed.get_absolute_url()),
            "named": [p for p in named if p.end_date >= today],
            "hosted": [p for p in hosted if p.end_date >= today],
            "person": person,
            "today": today,
        },
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed. No sign-in (calendar apps cannot), so the secret address is the key."""
    feed = services.calendar_feed_read(token)
    if feed is None:
        raise Http404("Not found")
    response = HttpResponse(calendars.person_calendar(feed.person), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="placements.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
