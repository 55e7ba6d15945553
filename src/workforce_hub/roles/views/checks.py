"""Competence checks: who needs one, the checks under way, recording an absence, and signing off each item."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from workforce_hub.core.access import get_visible_or_404
from workforce_hub.core.web import member_required, posted, refusals

from .. import access, selectors, services
from ..forms import AbsenceForm, CheckItemForm, CheckStartForm
from ..models import CheckItem, CompetenceCheck


@member_required
def check_list(request: HttpRequest) -> HttpResponse:
    """Who needs a competence check, the checks under way, and the forms to record an absence or start a check."""
    can_manage = request.user.has_perm("hub.design_roles")
    start = CheckStartForm(request.POST if "start" in request.POST else None, user=request.user)
    absence = AbsenceForm(request.POST if "absence" in request.POST else None, user=request.user)
    if can_manage and "start" in request.POST and posted(start, request):
        with refusals(start):
            check = services.check_start(actor=request.user, **start.cleaned_data)
            messages.success(request, "The competence check is started.")
            return redirect(check.get_absolute_url())
    if can_manage and "absence" in request.POST and posted(absence, request):
        with refusals(absence):
            services.absence_record(actor=request.user, data=absence.cleaned_data)
            messages.success(request, "The absence is recorded.")
            return redirect(reverse("roles:checks"))
    checks = CompetenceCheck.objects.visible_to(request.user).select_related("person", "organisation", "profile")
    return render(
        request,
        "roles/checks.jinja",
        {
            "needs": selectors.needs_check(request.user, timezone.localdate()) if can_manage else [],
            "checks": [(c, *selectors.check_progress(c)) for c in checks[:100]],
            "start": start,
            "absence": absence,
            "can_manage": can_manage,
        },
    )


@member_required
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check = get_visible_or_404(
        CompetenceCheck.objects.visible_to(request.user).select_related("person", "organisation", "profile"), pk=pk
    )
    form = CheckItemForm(request.POST or None)
    if request.method == "POST":
        item = get_visible_or_404(
            CheckItem.objects.visible_to(request.user).filter(competence_check=check), pk=request.POST.get("item") or 0
        )
        if posted(form, request):
            with refusals(form):
                services.check_item_sign(actor=request.user, item=item, **form.cleaned_data)
                messages.success(request, "Recorded.")
                return redirect(check.get_absolute_url() + f"#item-{item.pk}")
    done, total = selectors.check_progress(check)
    return render(
        request,
        "roles/check.jinja",
        {
            "check": check,
            "items": check.items.select_related("signed_by"),
            "form": form,
            "failed_item": request.POST.get("item") if form.errors else None,
            "can_sign": access.signs_off(request.user, check),
            "done": done,
            "total": total,
        },
    )
