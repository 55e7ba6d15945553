"""The training plan: versions and the three signatures."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404
from workforce_hub.core.web import FormPage, button_refusals, member_required

from .. import services
from ..access import access_record, parties
from ..forms import (
    PlanForm,
)
from ..models import (
    TrainingPlan,
)


@member_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access_record(request.user, pk)
    plans = list(
        TrainingPlan.objects.visible_to(request.user)
        .filter(record=rec)
        .select_related("employer_signed_by", "provider_signed_by")
    )
    return render(
        request,
        "portfolios/plan.jinja",
        {"record": rec, "plan": plans[0] if plans else None, "older": plans[1:], "parties": parties(request.user, rec)},
    )


@member_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access_record(request.user, pk)
    current = rec.plans.order_by("-version").first()
    form = PlanForm(
        request.POST or None,
        instance=None,
        initial=({f: getattr(current, f) for f in services.PLAN_FIELDS} if current else None),
    )
    page = FormPage(
        request,
        form,
        title="Write the training plan" if current is None else "Change the training plan",
        back=reverse("portfolios:plan", args=[rec.pk]),
        submit="Save a new version",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.plan_save(actor=request.user, record=rec, data=page.data),
                "A new version of the plan is ready to sign. Everyone signs again because it changed.",
            )
    return page.render()


@require_POST
@member_required
def plan_sign(request: HttpRequest, pk: int) -> HttpResponse:
    plan_obj = get_visible_or_404(TrainingPlan.objects.visible_to(request.user).select_related("record"), pk=pk)
    with button_refusals(request):
        services.plan_sign(actor=request.user, plan=plan_obj)
        messages.success(request, "You have signed the training plan.")
    return redirect("portfolios:plan", plan_obj.record_id)


# ------------------------------------------------------------------------------------------ off-the-job hours
