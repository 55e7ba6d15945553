"""Off-the-job hours: the apprentice's log and the provider's decisions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404
from workforce_hub.core.web import button_refusals, member_required, paginate, posted, refusals

from .. import selectors, services
from ..access import access_record, parties
from ..forms import (
    HoursForm,
)
from ..models import (
    OffTheJobEntry,
)
from ._common import _decision


@member_required
def hours(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access_record(request.user, pk)
    p = parties(request.user, rec)
    form = HoursForm(request.POST or None, record=rec) if p.apprentice else None
    if posted(form, request):
        with refusals(form):
            services.hours_log(actor=request.user, record=rec, data=form.cleaned_data)
            messages.success(request, "Your hours are logged and waiting for your tutor.")
            return redirect("portfolios:hours", rec.pk)
    entries = OffTheJobEntry.objects.visible_to(request.user).filter(record=rec).select_related("reviewed_by")
    otj = selectors.otj_summary(rec)
    weekly = selectors.otj_weekly(rec, otj)
    return render(
        request,
        "portfolios/hours.jinja",
        {
            "record": rec,
            "parties": p,
            "form": form,
            "page": paginate(request, entries),
            "otj": otj,
            "weekly": weekly,
            "chart_spec": selectors.otj_chart(weekly),
        },
    )


@require_POST
@member_required
def hours_review(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_visible_or_404(OffTheJobEntry.objects.visible_to(request.user).select_related("record"), pk=pk)
    with button_refusals(request):
        approve, feedback = _decision(request, "Choose whether to approve the hours.")
        services.hours_review(actor=request.user, entry=entry, approve=approve, feedback=feedback)
        messages.success(request, "Your decision is saved.")
    return redirect("portfolios:hours", entry.record_id)


# ---------------------------------------------------------------------------------------------- evidence
