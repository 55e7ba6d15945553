"""Pages for the people who help: champions and drop-ins, practice digital maturity and the quality mark,
and the partnership's catalogue of learning resources."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.forms import SearchForm
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import apply_validation_error, form_page, member_required, message_errors, paginate
from workforce_hub.organisations.models import Organisation

from . import selectors, support
from .forms import (
    ActionItemForm,
    ChampionForm,
    ConfirmSkillsForm,
    DropInForm,
    LearningResourceForm,
    MaturityScoreForm,
    QualityMarkLevelForm,
    ReviewForm,
    SupportContactForm,
)
from .models import (
    ActionItem,
    Booking,
    Champion,
    DropIn,
    LearningResource,
    MaturityAssessment,
    MaturityScore,
    QualityMarkAward,
    QualityMarkLevel,
    SkillCheck,
)
from .services import current_framework


def _champion_only(request: HttpRequest) -> Champion:
    """The viewer's champion record; pages for champions refuse everyone else."""
    champion = support.own_champion(request.user)
    if champion is None:
        raise PermissionDenied("This page is for digital champions.")
    return champion


# ---------------------------------------------------------------------------------------------- champions


@member_required
def champions(request: HttpRequest) -> HttpResponse:
    search = SearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    org = request.GET.get("organisation", "")
    directory = selectors.champion_directory(request.user, q=q, organisation_id=int(org) if org.isdigit() else None)
    can_manage = request.user.has_perm(support.MANAGE)
    return render(
        request,
        "digital_skills/champions.jinja",
        {
            "page": paginate(request, directory),
            "search": search,
            "organisations": Organisation.objects.visible_to(request.user).filter(is_active=True),
            "organisation": org,
            "drop_ins": selectors.upcoming_drop_ins(request.user),
            "domains": {d.code: d.name for d in current_framework().domains.all()},
            "me": support.own_champion(request.user),
            "can_manage": can_manage,
            "coverage": selectors.coverage(request.user) if request.user.has_perm("hub.view_needs_analysis") else None,
            "impact": selectors.impact(support.SupportContact.objects.visible_to(request.user)) if can_manage else None,
        },
    )


@member_required
def champion_add(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, support.MANAGE)
    form = ChampionForm(request.POST or None, user=request.user, framework=current_framework())
    return form_page(
        request,
        form,
        title="Add a digital champion",
        back=reverse("digital_skills:champions"),
        submit="Add champion",
        save=lambda data: support.champion_create(actor=request.user, **data),
        success="The champion has been added to the directory.",
    )


@member_required
def champion_home(request: HttpRequest) -> HttpResponse:
    champion = _champion_only(request)
    return render(
        request,
        "digital_skills/champion_home.jinja",
        {"champion": champion, **selectors.champion_work(request.user, champion)},
    )


@member_required
def drop_in_add(request: HttpRequest) -> HttpResponse:
    champion = _champion_only(request)
    form = DropInForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Offer a drop-in session",
        back=reverse("digital_skills:champion_home"),
        submit="Offer session",
        save=lambda data: support.drop_in_create(actor=request.user, champion=champion, **data),
        success="Your session is in the directory. Staff can now book it.",
    )


@member_required
@require_POST
def drop_in_book(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_visible_or_404(DropIn.objects.visible_to(request.user).select_related("champion"), pk=pk)
    try:
        support.booking_create(actor=request.user, drop_in=session)
        messages.success(request, "You are booked on the session. It is in the list below.")
    except ValidationError as exc:
        message_errors(request, exc)
    return redirect(reverse("digital_skills:champions") + "#drop-ins")


@member_required
@require_POST
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_visible_or_404(Booking.objects.visible_to(request.user), pk=pk)
    support.booking_cancel(actor=request.user, booking=booking)
    messages.success(request, "Your booking has been cancelled.")
    return redirect(reverse("digital_skills:champions") + "#drop-ins")


@member_required
def contact_add(request: HttpRequest) -> HttpResponse:
    _champion_only(request)
    form = SupportContactForm(request.POST or None, framework=current_framework())
    return form_page(
        request,
        form,
        title="Log the help you gave",
        back=reverse("digital_skills:champion_home"),
        submit="Log it",
        save=lambda data: support.support_contact_create(actor=request.user, **data),
        success="Thank you. Your help has been logged.",
    )


@member_required
@require_POST
def skill_check_ask(request: HttpRequest, pk: int) -> HttpResponse:
    champion = get_visible_or_404(Champion.objects.visible_to(request.user).select_related("person"), pk=pk)
    try:
        support.skill_check_request(actor=request.user, champion=champion)
        messages.success(request, "Your request has been sent. The champion will arrange a time with you.")
    except ValidationError as exc:
        message_errors(request, exc)
    return redirect(reverse("digital_skills:champions"))


@member_required
def skill_check_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    check = get_visible_or_404(
        SkillCheck.objects.visible_to(request.user).select_related("champion__person", "person", "framework"), pk=pk
    )
    if check.champion.person_id != viewer_for(request.user).person_id:
        raise PermissionDenied("Only the champion who was asked can confirm.")
    form = ConfirmSkillsForm(request.POST if request.method == "POST" else None, framework=check.framework)
    if request.method == "POST" and form.is_valid():
        try:
            support.skill_check_confirm(actor=request.user, check=check, items=list(form.cleaned_data["items"]))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The skills are confirmed. They show beside the person's own results.")
            return redirect("digital_skills:champion_home")
    return render(
        request,
        "core/form_page.jinja",
        {
            "form": form,
            "title": f"Confirm skills {check.person.display_name} showed you",
            "intro": "Tick only the skills you saw them do. They will see which you confirmed.",
            "back": reverse("digital_skills:champion_home"),
            "submit": "Confirm",
        },
    )


# --------------------------------------------------------------------------------------- digital maturity


@member_required
def maturity(request: HttpRequest) -> HttpResponse:
    can_start = [o for o in Organisation.objects.visible_to(request.user) if support.can_assess(request.user, o)]
    if request.method == "POST":
        org_id = request.POST.get("organisation", "")
        org = next((o for o in can_start if str(o.pk) == org_id), None)
        if org is None:
            messages.error(request, "Choose the practice or team to assess.")
        else:
            record = support.maturity_start(actor=request.user, organisation=org)
            messages.success(request, "Score each of the seven Cs, then add your action plan.")
            return redirect(record.get_absolute_url())
    return render(
        request,
        "digital_skills/maturity_list.jinja",
        {
            "page": paginate(request, selectors.maturity_list(request.user)),
            "can_start": can_start,
            "register": selectors.quality_mark_register(request.user),
            "to_review": selectors.awaiting_review(request.user),
        },
    )


def _maturity_or_404(request: HttpRequest, pk: int) -> MaturityAssessment:
    return get_visible_or_404(
        MaturityAssessment.objects.visible_to(request.user).select_related("organisation", "created_by"), pk=pk
    )


@member_required
def maturity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = _maturity_or_404(request, pk)
    detail = selectors.maturity_detail(record)
    award = detail["award"]
    return render(
        request,
        "digital_skills/maturity_detail.jinja",
        {
            "record": record,
            **detail,
            "can_edit": support.can_assess(request.user, record.organisation) and record.status == "draft",
            "can_review": award is not None and award.reviewed_at is None and support.can_review(request.user, award),
        },
    )


@member_required
def maturity_score(request: HttpRequest, pk: int) -> HttpResponse:
    score = get_visible_or_404(
        MaturityScore.objects.visible_to(request.user).select_related("maturity__organisation"), pk=pk
    )
    initial: dict[str, Any] = {"score": score.score, "metric": score.metric, "evidence": score.evidence}
    form = MaturityScoreForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        title=f"{score.get_dimension_display()}: how far has {score.maturity.organisation.name} got?",
        back=score.maturity.get_absolute_url(),
        submit="Save score",
        save=lambda data: _save_score(request, score, data),
        success=f"{score.get_dimension_display()} has been scored.",
    )


def _save_score(request: HttpRequest, score: MaturityScore, data: dict[str, Any]) -> MaturityAssessment:
    support.maturity_score_update(
        actor=request.user, score=score, value=data["score"], metric=data["metric"], evidence=data["evidence"]
    )
    return score.maturity


@member_required
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    record = _maturity_or_404(request, pk)
    form = ActionItemForm(request.POST or None)
    return form_page(
        request,
        form,
        title=f"Add an action for {record.organisation.name}",
        back=record.get_absolute_url(),
        submit="Add action",
        save=lambda data: support.action_add(actor=request.user, maturity=record, **data),
        success="The action has been added to the plan.",
    )


@member_required
@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(ActionItem.objects.visible_to(request.user).select_related("maturity"), pk=pk)
    support.action_done(actor=request.user, item=item)
    return redirect(item.get_absolute_url())


@member_required
@require_POST
def maturity_submit(request: HttpRequest, pk: int) -> HttpResponse:
    record = _maturity_or_404(request, pk)
    try:
        support.maturity_submit(actor=request.user, maturity=record)
        messages.success(request, "Sent for peer review. A reviewer from outside the practice will look at it.")
    except ValidationError as exc:
        message_errors(request, exc)
    return redirect(record.get_absolute_url())


@member_required
def maturity_review(request: HttpRequest, pk: int) -> HttpResponse:
    award = get_visible_or_404(
        QualityMarkAward.objects.visible_to(request.user).select_related("maturity__organisation"), maturity_id=pk
    )
    if not support.can_review(request.user, award):
        raise PermissionDenied(
            "A quality mark is reviewed by a second person who did not submit it and does not work there."
        )
    form = ReviewForm(request.POST or None)
    return form_page(
        request,
        form,
        title=f"Peer review: {award.maturity.organisation.name}",
        back=award.maturity.get_absolute_url(),
        submit="Save review",
        save=lambda data: _review(request, award, data),
        success="Your review has been saved and the practice can see it.",
    )


def _review(request: HttpRequest, award: QualityMarkAward, data: dict[str, Any]) -> MaturityAssessment:
    support.quality_mark_review(actor=request.user, award=award, agree=data["decision"] == "agree", note=data["note"])
    return award.maturity


@member_required
def quality_levels(request: HttpRequest) -> HttpResponse:
    can_manage = request.user.has_perm(support.MANAGE)
    form = QualityMarkLevelForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        require_perm(request.user, support.MANAGE)
        return form_page(
            request,
            form,  # type: ignore[arg-type]
            title="Add a quality mark level",
            back=reverse("digital_skills:quality_levels"),
            submit="Add level",
            save=lambda data: support.quality_level_save(actor=request.user, data=data),
            success="The level has been added.",
        )
    return render(
        request,
        "digital_skills/quality_levels.jinja",
        {"levels": QualityMarkLevel.objects.visible_to(request.user), "form": form},
    )


# ------------------------------------------------------------------------------------ learning resources


@member_required
def resources(request: HttpRequest) -> HttpResponse:
    framework = current_framework()
    items = LearningResource.objects.visible_to(request.user)
    domain, level, q = request.GET.get("domain", ""), request.GET.get("level", ""), request.GET.get("q", "").strip()
    if domain:
        items = items.filter(domain_code=domain)
    if level.isdigit():
        items = items.filter(level=int(level))
    if q:
        items = items.filter(title__icontains=q)
    return render(
        request,
        "digital_skills/resources.jinja",
        {
            "page": paginate(request, items),
            "domains": [(d.code, d.name) for d in framework.domains.order_by("order")],
            "names": {d.code: d.name for d in framework.domains.all()},
            "domain": domain,
            "level": level,
            "q": q,
            "can_manage": request.user.has_perm(support.MANAGE),
        },
    )


@member_required
def resource_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_perm(request.user, support.MANAGE)
    resource = get_visible_or_404(LearningResource.objects.visible_to(request.user), pk=pk) if pk else None
    form = LearningResourceForm(request.POST or None, instance=resource, framework=current_framework())
    return form_page(
        request,
        form,
        title="Change a learning resource" if resource else "Add a learning resource",
        back=reverse("digital_skills:resources"),
        submit="Save resource",
        save=lambda data: support.resource_save(actor=request.user, data=data, resource=resource),
        success="The resource is in the catalogue. Staff see it in their suggestions.",
    )


@member_required
@require_POST
def resource_delete(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_visible_or_404(LearningResource.objects.visible_to(request.user), pk=pk)
    support.resource_delete(actor=request.user, resource=resource)
    messages.success(request, "The resource has been removed from the catalogue.")
    return redirect("digital_skills:resources")
