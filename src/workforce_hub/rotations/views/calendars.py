"""Rotations pages: calendars."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import FormPage, button_refusals, member_required
from workforce_hub.organisations.models import PlacementSetting
from workforce_hub.schemes.models import Cohort, Scheme

from .. import services
from ..forms import CapacityChangeForm, CohortBlockForm, TrainingUnitForm
from ..models import CohortBlock, TrainingUnit

PLAN = services.PLAN


@member_required
@require_POST
def calendar_create(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, PLAN)
    cohort = get_visible_or_404(Cohort.objects.visible_to(request.user).select_related("scheme"), pk=pk)
    with button_refusals(request):
        blocks = services.cohort_calendar_create(cohort=cohort, actor=request.user)
        messages.success(request, f"The calendar has {len(blocks)} blocks. Change any dates that differ.")
    return redirect(cohort.get_absolute_url() + "#calendar")


@member_required
def block_change(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, PLAN)
    block = get_visible_or_404(CohortBlock.objects.visible_to(request.user).select_related("cohort"), pk=pk)
    form = CohortBlockForm(request.POST or None, instance=block)
    cohort = block.cohort
    page = FormPage(
        request,
        form,
        title=f"Change the dates of block {block.number} of {cohort.name}",
        back=cohort.get_absolute_url(),
        submit="Save dates",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.cohort_block_update(block=block, data=page.data, actor=request.user).cohort,
                "The block's dates have been changed. Plan again to move placements to them.",
            )
    return page.render()


@member_required
def training_unit_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, PLAN)
    scheme = get_visible_or_404(Scheme.objects.visible_to(request.user), pk=pk)
    form = TrainingUnitForm(request.POST or None)
    page = FormPage(
        request,
        form,
        title=f"Add a unit to the training schedule of {scheme.name}",
        back=scheme.get_absolute_url(),
        submit="Add unit",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.training_unit_create(scheme=scheme, data=page.data, actor=request.user).scheme,
                "The unit has been added. The planner will try to place apprentices to match it.",
            )
    return page.render()


@member_required
@require_POST
def training_unit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, PLAN)
    unit = get_visible_or_404(TrainingUnit.objects.visible_to(request.user).select_related("scheme"), pk=pk)
    scheme = unit.scheme
    services.training_unit_delete(unit=unit, actor=request.user)
    messages.success(request, "The unit has been removed from the training schedule.")
    return redirect(scheme.get_absolute_url() + "#training")


@member_required
def capacity_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "hub.change_capacity")
    setting = get_visible_or_404(PlacementSetting.objects.visible_to(request.user), pk=pk)
    form = CapacityChangeForm(request.POST or None)
    page = FormPage(
        request,
        form,
        title=f"Change the places at {setting.name}",
        back=setting.get_absolute_url(),
        submit="Save change",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.capacity_change_create(setting=setting, data=page.data, actor=request.user).setting,
                "The change has been recorded. Cohorts with apprentices placed there will be offered a re-plan.",
            )
    return page.render()
