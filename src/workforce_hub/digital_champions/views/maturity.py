"""Pages for practice digital maturity, the quality mark's peer review and quality-mark levels."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import FormPage, button_refusals, member_required, paginate
from workforce_hub.organisations.models import Organisation

from .. import champions as champion_service
from .. import maturity as maturity_service
from .. import selectors
from ..access import access_action, access_maturity, access_quality_mark, access_score
from ..forms import (
    ActionItemForm,
    MaturityScoreForm,
    QualityMarkLevelForm,
    ReviewForm,
)
from ..models import (
    MaturityAssessment,
    MaturityScore,
    QualityMarkAward,
    QualityMarkLevel,
)

# --------------------------------------------------------------------------------------- digital maturity


@member_required
def maturity(request: HttpRequest) -> HttpResponse:
    can_start = [
        o for o in Organisation.objects.visible_to(request.user) if maturity_service.can_assess(request.user, o)
    ]
    if request.method == "POST":
        org_id = request.POST.get("organisation", "")
        org = next((o for o in can_start if str(o.pk) == org_id), None)
        if org is None:
            messages.error(request, "Choose the practice or team to assess.")
        else:
            record = maturity_service.maturity_start(actor=request.user, organisation=org)
            messages.success(request, "Score each of the seven Cs, then add your action plan.")
            return redirect(record.get_absolute_url())
    return render(
        request,
        "digital_champions/maturity_list.jinja",
        {
            "page": paginate(request, selectors.maturity_list(request.user)),
            "can_start": can_start,
            "register": selectors.quality_mark_register(request.user),
            "to_review": selectors.awaiting_review(request.user),
        },
    )


@member_required
def maturity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = access_maturity(request.user, pk)
    detail = selectors.maturity_detail(record)
    award = detail.award
    return render(
        request,
        "digital_champions/maturity_detail.jinja",
        {
            "record": record,
            **detail.as_context(),
            "can_edit": maturity_service.can_assess(request.user, record.organisation) and record.status == "draft",
            "can_review": award is not None
            and award.reviewed_at is None
            and maturity_service.can_review(request.user, award),
        },
    )


@member_required
def maturity_score(request: HttpRequest, pk: int) -> HttpResponse:
    score = access_score(request.user, pk)
    initial: dict[str, Any] = {"score": score.score, "metric": score.metric, "evidence": score.evidence}
    form = MaturityScoreForm(request.POST or None, initial=initial)
    page = FormPage(
        request,
        form,
        title=f"{score.get_dimension_display()}: how far has {score.maturity.organisation.name} got?",
        back=score.maturity.get_absolute_url(),
        submit="Save score",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                _save_score(request, score, page.data), f"{score.get_dimension_display()} has been scored."
            )
    return page.render()


def _save_score(request: HttpRequest, score: MaturityScore, data: dict[str, Any]) -> MaturityAssessment:
    maturity_service.maturity_score_update(
        actor=request.user, score=score, value=data["score"], metric=data["metric"], evidence=data["evidence"]
    )
    return score.maturity


@member_required
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    record = access_maturity(request.user, pk)
    form = ActionItemForm(request.POST or None)
    page = FormPage(
        request,
        form,
        title=f"Add an action for {record.organisation.name}",
        back=record.get_absolute_url(),
        submit="Add action",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                maturity_service.action_add(actor=request.user, maturity=record, **page.data),
                "The action has been added to the plan.",
            )
    return page.render()


@member_required
@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_action(request.user, pk)
    maturity_service.action_done(actor=request.user, item=item)
    return redirect(item.get_absolute_url())


@member_required
@require_POST
def maturity_submit(request: HttpRequest, pk: int) -> HttpResponse:
    record = access_maturity(request.user, pk)
    with button_refusals(request):
        maturity_service.maturity_submit(actor=request.user, maturity=record)
        messages.success(request, "Sent for peer review. A reviewer from outside the practice will look at it.")
    return redirect(record.get_absolute_url())


@member_required
def maturity_review(request: HttpRequest, pk: int) -> HttpResponse:
    award = access_quality_mark(request.user, pk, for_write=True)
    form = ReviewForm(request.POST or None)
    page = FormPage(
        request,
        form,
        title=f"Peer review: {award.maturity.organisation.name}",
        back=award.maturity.get_absolute_url(),
        submit="Save review",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                _review(request, award, page.data), "Your review has been saved and the practice can see it."
            )
    return page.render()


def _review(request: HttpRequest, award: QualityMarkAward, data: dict[str, Any]) -> MaturityAssessment:
    maturity_service.quality_mark_review(
        actor=request.user, award=award, agree=data["decision"] == "agree", note=data["note"]
    )
    return award.maturity


@member_required
def quality_levels(request: HttpRequest) -> HttpResponse:
    can_manage = request.user.has_perm(champion_service.MANAGE)
    if request.method == "POST":
        require_perm(request.user, champion_service.MANAGE)
        page = FormPage(
            request,
            QualityMarkLevelForm(request.POST),
            title="Add a quality mark level",
            back=reverse("digital_champions:quality_levels"),
            submit="Add level",
        )
        if page.valid():
            with page.refusals():
                return page.done(
                    maturity_service.quality_level_save(actor=request.user, data=page.data), "The level has been added."
                )
        return page.render()
    return render(
        request,
        "digital_champions/quality_levels.jinja",
        {
            "levels": QualityMarkLevel.objects.visible_to(request.user),
            "form": QualityMarkLevelForm() if can_manage else None,
        },
    )
