"""Outcomes pages: destinations."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import member_required, posted, refusals
from workforce_hub.schemes.models import Enrolment

from .. import selectors, services
from ..forms import DestinationForm


@member_required
def destinations(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_visible_or_404(
        Enrolment.objects.visible_to(request.user).select_related("apprentice", "cohort"), pk=pk
    )
    viewer = viewer_for(request.user)
    if not (viewer.is_partnership_wide or enrolment.apprentice_id == viewer.person_id):
        raise Http404("Not found")
    form = None
    if request.user.has_perm("hub.record_destinations"):
        form = DestinationForm(
            request.POST or None, partnership_id=viewer.pid, initial={"recorded_on": timezone.localdate()}
        )
        if posted(form, request):
            with refusals(form):
                services.destination_record(enrolment=enrolment, data=dict(form.cleaned_data), actor=request.user)
                messages.success(request, "The destination is recorded.")
                return redirect(request.path)
    elif request.method == "POST":
        require_perm(request.user, "hub.record_destinations")
    return render(
        request,
        "outcomes/destinations.jinja",
        {
            "enrolment": enrolment,
            "rows": selectors.destinations_for(user=request.user, enrolment=enrolment),
            "form": form,
        },
    )
