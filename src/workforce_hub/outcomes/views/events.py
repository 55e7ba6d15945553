"""Outcomes pages: careers events."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import FormPage, button_refusals, member_required
from workforce_hub.organisations.selectors import current_partnership

from .. import selectors, services
from ..forms import EventForm
from ..models import CareersEvent


@member_required
def event_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "outcomes/event_list.jinja",
        {
            "upcoming": selectors.event_list(user=request.user, upcoming=True, now=now),
            "past": selectors.event_list(user=request.user, upcoming=False, now=now)[:10],
            "can_manage": request.user.has_perm("hub.manage_events"),
        },
    )


@member_required
def event_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_perm(request.user, "hub.manage_events")
    viewer = viewer_for(request.user)
    event = get_visible_or_404(CareersEvent.objects.visible_to(request.user), pk=pk) if pk else None
    page = FormPage.add_or_change(
        request,
        EventForm(request.POST or None, instance=event),
        event,
        noun="event",
        add_title="Add a careers event",
        back="/outcomes/events/",
    )
    if page.valid():
        with page.refusals():
            if event is None:
                added = services.event_create(
                    partnership=current_partnership(viewer), data=page.data, actor=request.user
                )
                return page.done(added, f"{added.title} is listed. People can sign up now.")
            return page.done(services.event_update(event=event, data=page.data, actor=request.user), page.SAVED)
    return page.render()


@member_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_visible_or_404(CareersEvent.objects.visible_to(request.user), pk=pk)
    signups = selectors.event_signups(user=request.user, event=event)
    viewer = viewer_for(request.user)
    if request.method == "POST":
        with button_refusals(request):
            if request.POST.get("action") == "cancel":
                services.event_cancel(event=event, actor=request.user)
                messages.success(request, "Your place has been cancelled.")
            else:
                services.event_signup(event=event, actor=request.user)
                messages.success(request, "You are signed up. It is in your list of events.")
        return redirect(event.get_absolute_url())
    return render(
        request,
        "outcomes/event_detail.jinja",
        {
            "event": event,
            "signups": signups,
            "signed_up": any(s.person_id == viewer.person_id for s in signups),
            "taken": event.signups.count(),
            "is_wide": viewer.is_partnership_wide,
            "can_manage": request.user.has_perm("hub.manage_events"),
            "started": event.starts_at <= timezone.now(),
        },
    )
