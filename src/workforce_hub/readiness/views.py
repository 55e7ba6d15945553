"""Readiness pages: a placement's pre-arrival checklist (hosts tick tasks), its agreement (each party signs), the
coordinator's list of placements that are not ready, and the checklist templates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import form_page, id_param, member_required, message_errors
from workforce_hub.organisations.selectors import current_partnership
from workforce_hub.rotations.models import Placement

from . import access, selectors, services
from .forms import AgreementForm, TaskDoneForm, TemplateForm
from .models import PRE_ARRIVAL_DAYS, ChecklistTemplate, PlacementAgreement, PreArrivalTask


def _placement(request: HttpRequest, pk: int) -> Placement:
    """A placement the viewer may prepare for: through the placement itself (coordinators, the apprentice's side,
    the host while it runs) or through its agreement (the host from publication)."""
    related = ("setting__site__organisation", "setting__contact", "enrolment__apprentice", "enrolment__cohort__scheme")
    found = Placement.objects.visible_to(request.user).filter(pk=pk).select_related(*related).first()
    if found is None:
        agreement = (
            PlacementAgreement.objects.visible_to(request.user)
            .filter(placement_id=pk)
            .select_related(*(f"placement__{r}" for r in related))
            .first()
        )
        if agreement is None:
            raise Http404("Not found")
        found = agreement.placement
    return found


@member_required
def placement(request: HttpRequest, pk: int) -> HttpResponse:
    item = _placement(request, pk)
    tasks = list(PreArrivalTask.objects.visible_to(request.user).filter(placement=item).select_related("done_by"))
    if request.method == "POST":
        task = next((t for t in tasks if t.pk == id_param(request.POST.get("task"))), None)
        if task is None:
            raise Http404("Not found")
        try:
            if "undo" in request.POST:
                services.task_undo(actor=request.user, task=task)
                messages.success(request, f"“{task.title}” is marked as not done.")
            else:
                form = TaskDoneForm(request.POST)
                note = form.cleaned_data["note"] if form.is_valid() else ""
                services.task_done(actor=request.user, task=task, note=note)
                messages.success(request, f"“{task.title}” is done.")
        except ValidationError as exc:
            message_errors(request, exc)
        return redirect("readiness:placement", item.pk)
    today = timezone.localdate()
    disclosure = services.pre_arrival_disclosure(actor=request.user, placement=item, today=today)
    agreement = PlacementAgreement.objects.visible_to(request.user).filter(placement=item).first()
    return render(
        request,
        "readiness/placement.jinja",
        {
            "placement": item,
            "tasks": tasks,
            "can_tick": bool(tasks) and access.can_tick(tasks[0], request.user, today),
            "named": access.names_apprentice(item, request.user, today),
            "disclosure": disclosure,
            "agreement": agreement,
            "today": today,
            "pre_arrival_days": PRE_ARRIVAL_DAYS,
            "week": item.enrolment.working_pattern.pattern_text,
        },
    )


@member_required
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(
        PlacementAgreement.objects.visible_to(request.user).select_related(
            "placement__setting__site__organisation", "placement__enrolment__apprentice", "mentor"
        ),
        placement_id=pk,
    )
    if request.method == "POST":
        try:
            services.agreement_sign(actor=request.user, agreement=item)
            messages.success(request, "You have signed the placement agreement.")
        except ValidationError as exc:
            message_errors(request, exc)
        return redirect("readiness:agreement", pk)
    role = access.signs_as(item, request.user)
    return render(
        request,
        "readiness/agreement.jinja",
        {
            "item": item,
            "placement": item.placement,
            "named": access.names_apprentice(item.placement, request.user),
            "signs_as": role,
            "signed": bool(role and getattr(item, f"{role}_signed_at")),
            "can_edit": request.user.has_perm("hub.manage_readiness"),
        },
    )


@member_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "hub.manage_readiness")
    item = get_visible_or_404(
        PlacementAgreement.objects.visible_to(request.user).select_related("placement__setting__site"), placement_id=pk
    )
    form = AgreementForm(request.POST or None, instance=item, mentors=services.host_staff(item.placement))
    return form_page(
        request,
        form,
        save=lambda data: services.agreement_update(actor=request.user, agreement=item, data=data),
        success="Saved. Everyone who had signed is asked to sign again.",
        title="Change the placement agreement",
        back=item.get_absolute_url(),
    )


@member_required
def not_ready(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "hub.manage_readiness")
    today = timezone.localdate()
    return render(
        request,
        "readiness/not_ready.jinja",
        {"readiness": selectors.starting_soon(request.user, today), "today": today},
    )


@member_required
def templates(request: HttpRequest) -> HttpResponse:
    items = ChecklistTemplate.objects.visible_to(request.user).select_related("organisation").prefetch_related("items")
    return render(
        request,
        "readiness/templates.jinja",
        {"templates": items, "can_edit": request.user.has_perm("hub.manage_readiness")},
    )


@member_required
def template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_perm(request.user, "hub.manage_readiness")
    viewer = viewer_for(request.user)
    template = get_visible_or_404(ChecklistTemplate.objects.visible_to(request.user), pk=pk) if pk else None
    form = TemplateForm(request.POST or None, instance=template, partnership_id=viewer.pid)
    return form_page(
        request,
        form,
        save=lambda data: services.template_save(
            actor=request.user,
            partnership=current_partnership(viewer),
            data={k: v for k, v in data.items() if k != "items"},
            items=data["items"],
            template=template,
        ),
        success="The checklist is saved. New placements use it from now on.",
        title="Change the pre-arrival checklist" if template else "Add a pre-arrival checklist",
        back="/readiness/checklists/",
    )


@member_required
@require_POST
def template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_visible_or_404(ChecklistTemplate.objects.visible_to(request.user), pk=pk)
    services.template_delete(actor=request.user, template=template)
    messages.success(request, "The checklist is deleted. Placements already prepared keep their tasks.")
    return redirect("readiness:templates")
