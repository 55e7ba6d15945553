"""The funding gate and training agreements: requests, the decision on each, agreement templates, and an
agreement that the learner, the employer and the partnership sign."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import FormPage, button_refusals, member_required, paginate, posted, refusals

from .. import access, selectors, services
from ..forms import AgreementChangeForm, AgreementForm, RequestDecisionForm, RequestForm, TemplateForm
from ..models import AgreementTemplate, TrainingAgreement, TrainingRequest


@member_required
def request_list(request: HttpRequest) -> HttpResponse:
    qs = (
        TrainingRequest.objects.visible_to(request.user)
        .select_related("organisation", "profile", "learner")
        .order_by("-created_at")
    )
    return render(
        request,
        "roles/requests.jinja",
        {
            "page": paginate(request, qs),
            "can_ask": request.user.has_perm("hub.design_roles"),
            "can_approve": request.user.has_perm("hub.approve_training"),
            "templates": AgreementTemplate.objects.visible_to(request.user).filter(is_current=True),
        },
    )


@member_required
def request_add(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "hub.design_roles")
    page = FormPage(
        request,
        RequestForm(request.POST or None, user=request.user, initial={"places": 1}),
        title="Ask for training for a role",
        back=reverse("roles:requests"),
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.request_create(actor=request.user, data=page.data),
                "The request is saved. The partnership can approve it once every part of the gate is met.",
            )
    return page.render()


@member_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The gate, part by part, the decision, and the request's training agreements."""
    training = access.access_training_request(request.user, pk)
    decision = RequestDecisionForm(request.POST if "decide" in request.POST else None)
    agreement = AgreementForm(request.POST if "agreement" in request.POST else None, request=training)
    if "decide" in request.POST and posted(decision, request):
        with refusals(decision):
            services.request_decide(
                actor=request.user,
                request=training,
                approve=decision.cleaned_data["approve"],
                note=decision.cleaned_data["note"],
            )
            messages.success(request, "The decision is recorded.")
            return redirect(training.get_absolute_url())
    if "agreement" in request.POST and posted(agreement, request):
        with refusals(agreement):
            made = services.agreement_create(actor=request.user, request=training, **agreement.cleaned_data)
            messages.success(request, "The agreement is ready to sign.")
            return redirect(made.get_absolute_url())
    viewer = viewer_for(request.user)
    return render(
        request,
        "roles/request.jinja",
        {
            "training": training,
            "gate": selectors.gate(training),
            "decision": decision,
            "agreement": agreement,
            "can_change": training.status == "draft"
            and access.manages_org(request.user, training.partnership_id, training.organisation_id),
            "can_decide": training.status == "draft"
            and request.user.has_perm("hub.approve_training")
            and viewer.partnership_id == training.partnership_id,
            "can_draw_up": training.status == "approved"
            and access.manages_org(request.user, training.partnership_id, training.organisation_id),
            "agreements": TrainingAgreement.objects.visible_to(request.user).filter(request=training),
        },
    )


@member_required
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    training = access.access_training_request(request.user, pk)
    initial = {k: getattr(training, k) for k in services.REQUEST_FIELDS} | {
        "organisation": training.organisation,
        "profile": training.profile,
    }
    form = RequestForm(request.POST or None, user=request.user, initial=initial)
    form.fields["organisation"].disabled = form.fields["profile"].disabled = True
    page = FormPage(request, form, title="Change the training request", back=training.get_absolute_url())
    if page.valid():
        with page.refusals():
            return page.done(
                services.request_change(
                    actor=request.user,
                    request=training,
                    data={k: v for k, v in page.data.items() if k not in ("organisation", "profile")},
                ),
                "The request is changed.",
            )
    return page.render()


@member_required
def template_add(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A training agreement template, or (with `pk`) its next version."""
    require_perm(request.user, "hub.approve_training")
    old = get_visible_or_404(AgreementTemplate.objects.visible_to(request.user), pk=pk) if pk else None
    initial = (
        {
            "name": old.name,
            "employer_funds": old.employer_funds,
            "learner_commits": old.learner_commits,
            "repayment": "\n".join(f"{m} {p}" for m, p in old.repayment),
        }
        if old
        else {}
    )

    page = FormPage(
        request,
        TemplateForm(request.POST or None, initial=initial),
        title="A new version of the template" if old else "Add a training agreement template",
        back=reverse("roles:requests"),
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.template_save(actor=request.user, data=page.data, replaces=old),
                "The template is saved. New agreements use it; signed ones keep their words.",
            )
    return page.render()


@member_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreement's terms and signatures; sign it, or change it (a new version everyone signs again)."""
    agreement = get_visible_or_404(
        TrainingAgreement.objects.visible_to(request.user).select_related(
            "request__organisation", "learner", "provider"
        ),
        pk=pk,
    )
    change = AgreementChangeForm(
        request.POST if "change" in request.POST else None,
        initial={k: getattr(agreement, k) for k in ("study_hours_a_week", "employer_funds", "learner_commits")},
    )
    if request.method == "POST" and "sign" in request.POST:
        with button_refusals(request):
            services.agreement_sign(actor=request.user, agreement=agreement)
            messages.success(request, "You have signed the agreement.")
            return redirect(agreement.get_absolute_url())
    if "change" in request.POST and posted(change, request):
        with refusals(change):
            fresh = services.agreement_change(actor=request.user, agreement=agreement, data=change.cleaned_data)
            messages.success(request, f"Version {fresh.version} is ready: everyone signs it again.")
            return redirect(fresh.get_absolute_url())
    training = agreement.request
    return render(
        request,
        "roles/agreement.jinja",
        {
            "agreement": agreement,
            "party": access.signs_agreement_as(request.user, agreement),
            "repayment": selectors.repayment_words(agreement.repayment),
            "change": change,
            "can_change": agreement.is_current
            and access.manages_org(request.user, training.partnership_id, training.organisation_id),
        },
    )
