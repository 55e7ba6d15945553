"""Readiness pages: a placement's pre-arrival checklist (hosts tick tasks), its agreement (each party signs), the
coordinator's list of placements that are not ready, and the checklist templates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.forms import SearchForm
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import (
    FormPage,
    button_refusals,
    id_param,
    member_required,
    posted,
    refusals,
)
from workforce_hub.organisations.selectors import current_partnership
from workforce_hub.rotations.selectors import host_staff
from workforce_hub.schemes.models import Scheme

from . import access, selectors, services
from .forms import AgreementForm, BriefingForm, FaqForm, GlossaryForm, InductionForm, TaskDoneForm, TemplateForm
from .models import (
    PRE_ARRIVAL_DAYS,
    Audience,
    Briefing,
    ChecklistTemplate,
    FaqEntry,
    GlossaryTerm,
    InductionItem,
    PlacementAgreement,
    PreArrivalTask,
)


@member_required
def placement(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.access_placement(request.user, pk)
    tasks = list(PreArrivalTask.objects.visible_to(request.user).filter(placement=item).select_related("done_by"))
    if request.method == "POST":
        task = next((t for t in tasks if t.pk == id_param(request.POST.get("task"))), None)
        if task is None:
            raise Http404("Not found")
        with button_refusals(request):
            if "undo" in request.POST:
                services.task_undo(actor=request.user, task=task)
                messages.success(request, f"“{task.title}” is marked as not done.")
            else:
                form = TaskDoneForm(request.POST)
                note = form.cleaned_data["note"] if form.is_valid() else ""
                services.task_done(actor=request.user, task=task, note=note)
                messages.success(request, f"“{task.title}” is done.")
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
        with button_refusals(request):
            services.agreement_sign(actor=request.user, agreement=item)
            messages.success(request, "You have signed the placement agreement.")
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
    form = AgreementForm(request.POST or None, instance=item, mentors=host_staff(item.placement))
    page = FormPage(request, form, title="Change the placement agreement", back=item.get_absolute_url())
    if page.valid():
        with page.refusals():
            return page.done(
                services.agreement_update(actor=request.user, agreement=item, data=page.data),
                "Saved. Everyone who had signed is asked to sign again.",
            )
    return page.render()


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
    page = FormPage(
        request,
        form,
        title="Change the pre-arrival checklist" if template else "Add a pre-arrival checklist",
        back="/readiness/checklists/",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.template_save(
                    actor=request.user,
                    partnership=current_partnership(viewer),
                    data={k: v for k, v in page.data.items() if k != "items"},
                    items=page.data["items"],
                    template=template,
                ),
                "The checklist is saved. New placements use it from now on.",
            )
    return page.render()


@member_required
@require_POST
def template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_visible_or_404(ChecklistTemplate.objects.visible_to(request.user), pk=pk)
    services.template_delete(actor=request.user, template=template)
    messages.success(request, "The checklist is deleted. Placements already prepared keep their tasks.")
    return redirect("readiness:templates")


# ------------------------------------------------------------------------------------------------ induction


@member_required
def my_induction(request: HttpRequest) -> HttpResponse:
    lists = selectors.my_induction(request.user)
    if request.method == "POST":
        items = {i.pk: i for lst in lists for i in lst.items}
        item = items.get(id_param(request.POST.get("item")) or 0)
        if item is None:
            raise Http404("Not found")
        services.induction_tick(actor=request.user, item=item, done="undo" not in request.POST)
        return redirect("readiness:my_induction")
    return render(request, "readiness/my_induction.jinja", {"lists": lists})


@member_required
def scheme_induction(request: HttpRequest, pk: int) -> HttpResponse:
    """The scheme's induction checklist (coordinators change it) and who has done how much."""
    require_perm(request.user, "hub.manage_readiness")
    scheme = get_visible_or_404(Scheme.objects.visible_to(request.user), pk=pk)
    items = list(InductionItem.objects.visible_to(request.user).filter(scheme=scheme))
    initial = {a: [f"{i.due_weeks}: {i.title}" for i in items if i.audience == a] for a in Audience.values}
    form = InductionForm(request.POST or None, initial=initial)
    if posted(form, request):
        with refusals(form):
            services.induction_save(actor=request.user, scheme=scheme, lines=form.cleaned_data)
            messages.success(request, "The induction checklist is saved.")
            return redirect("readiness:scheme_induction", scheme.pk)
    return render(
        request,
        "readiness/scheme_induction.jinja",
        {
            "scheme": scheme,
            "form": form,
            "rows": selectors.induction_progress(scheme),
            "audiences": dict(Audience.choices),
        },
    )


# ------------------------------------------------------------------------------- glossary, FAQ, briefing packs


@member_required
def glossary(request: HttpRequest) -> HttpResponse:
    search = SearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    terms = GlossaryTerm.objects.visible_to(request.user)
    if query:
        terms = terms.filter(Q(term__icontains=query) | Q(meaning__icontains=query))
    return render(
        request,
        "readiness/glossary.jinja",
        {
            "terms": terms,
            "search": search,
            "query": query,
            "can_edit": request.user.has_perm("hub.manage_readiness"),
        },
    )


def _reference_form_page(
    request: HttpRequest,
    model: type[GlossaryTerm] | type[FaqEntry],
    form_class: type[GlossaryForm] | type[FaqForm],
    pk: int | None,
    *,
    noun: str,
    listing: str,
    saved: str,
) -> HttpResponse:
    """Add, change or remove one glossary term or question (coordinators)."""
    require_perm(request.user, "hub.manage_readiness")
    obj: Any = get_visible_or_404(model.objects.visible_to(request.user), pk=pk) if pk else None
    if request.method == "POST" and "delete" in request.POST and obj is not None:
        services.reference_delete(actor=request.user, obj=obj)
        messages.success(request, f"The {noun} is removed.")
        return redirect(listing)
    partnership = current_partnership(viewer_for(request.user))
    save = services.glossary_save if model is GlossaryTerm else services.faq_save
    page = FormPage(
        request,
        form_class(request.POST or None, instance=obj),
        title=f"Change the {noun}" if obj else f"Add a {noun}",
        back=reverse(listing),
        delete_label=f"Remove this {noun}" if obj else "",
    )
    if page.valid():
        with page.refusals():
            return page.done(save(actor=request.user, partnership=partnership, data=page.data, instance=obj), saved)
    return page.render()


@member_required
def glossary_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _reference_form_page(
        request, GlossaryTerm, GlossaryForm, pk, noun="glossary term", listing="readiness:glossary", saved="Saved."
    )


@member_required
def faq(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "readiness/faq.jinja",
        {
            "entries": FaqEntry.objects.visible_to(request.user),
            "can_edit": request.user.has_perm("hub.manage_readiness"),
        },
    )


@member_required
def faq_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _reference_form_page(
        request,
        FaqEntry,
        FaqForm,
        pk,
        noun="question",
        listing="readiness:faq",
        saved="Saved. Every briefing pack shows the questions and answers.",
    )


@member_required
def briefing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "hub.manage_readiness")
    scheme = get_visible_or_404(Scheme.objects.visible_to(request.user), pk=pk)
    existing = Briefing.objects.visible_to(request.user).filter(scheme=scheme).first()
    page = FormPage(
        request,
        BriefingForm(request.POST or None, instance=existing),
        title=f"The scheme in brief for hosts: {scheme.name}",
        back=scheme.get_absolute_url(),
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.briefing_save(actor=request.user, scheme=scheme, data=page.data),
                "The scheme in brief is saved. Hosts get it in their briefing pack.",
            )
    return page.render()


@member_required
def briefing(request: HttpRequest, pk: int) -> HttpResponse:
    """The host's briefing pack for one placement: from publication, without the apprentice's name."""
    item = access.access_placement(request.user, pk)
    return render(request, "readiness/briefing.jinja", {"placement": item, **selectors.briefing_pack(item)})
