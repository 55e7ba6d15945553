"""The learning record itself: the list, set-up, the record page and its changes, qualifications (unit sign-off), the employer's confirmation and the gateway."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404
from workforce_hub.core.forms import SearchForm
from workforce_hub.core.web import (
    FormPage,
    button_refusals,
    member_required,
    paginate,
    posted,
    refusals,
)
from workforce_hub.schemes.models import Enrolment

from .. import selectors, services
from ..access import access_record, parties
from ..forms import (
    GatewayForm,
    PriorQualificationForm,
    RecordForm,
    RecordUpdateForm,
    UnitsForm,
)


@member_required
def record_list(request: HttpRequest) -> HttpResponse:
    search = SearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    records = selectors.records_for(request.user, query=query)
    return render(
        request,
        "portfolios/record_list.jinja",
        {"page": paginate(request, records), "search": search, "query": query},
    )


@member_required
def record_setup(request: HttpRequest, enrolment_pk: int) -> HttpResponse:
    enrolment = get_visible_or_404(
        Enrolment.objects.visible_to(request.user).select_related("cohort", "apprentice"), pk=enrolment_pk
    )
    if hasattr(enrolment, "learning_record"):
        return redirect(enrolment.learning_record.get_absolute_url())
    initial = {
        "start_date": enrolment.started_on or enrolment.cohort.start_date,
        "planned_end": enrolment.cohort.end_date,
        "contracted_hours": enrolment.cohort.contracted_hours,
    }
    form = RecordForm(request.POST or None, initial=initial)
    page = FormPage(
        request,
        form,
        title=f"Set up the learning record for {enrolment.apprentice.display_name}",
        back=enrolment.get_absolute_url(),
        submit="Set up the record",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.record_create(actor=request.user, enrolment=enrolment, **page.data),
                "The learning record is set up and progress reviews are scheduled.",
            )
    return page.render()


@member_required
def record(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access_record(request.user, pk)
    p = parties(request.user, rec)
    gate = selectors.gateway(rec)
    return render(
        request,
        "portfolios/record.jinja",
        {
            "record": rec,
            "parties": p,
            "otj": gate.otj,
            "gateway": gate,
            "qualifications": gate.qualifications,
            "reviews": list(rec.reviews.all()),
            "today": timezone.localdate(),
            "plan": rec.plans.order_by("-version").first(),
            "gateway_form": GatewayForm(initial={"on": timezone.localdate()}),
        },
    )


@member_required
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access_record(request.user, pk)
    form = RecordUpdateForm(request.POST or None, instance=rec)
    if posted(form, request):
        with refusals(form):
            services.record_update(actor=request.user, record=rec, data=form.cleaned_data)
            messages.success(request, "The record has been updated.")
            return redirect(rec.get_absolute_url())
        rec.refresh_from_db()  # the form changed the instance; the page shows what is saved
    return render(
        request,
        "core/form_page.jinja",
        {"form": form, "title": "Change the record", "back": rec.get_absolute_url(), "submit": "Save"},
    )


# ------------------------------------------------------------------------------------------- training plan


@member_required
def qualifications(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access_record(request.user, pk)
    p = parties(request.user, rec)
    form = None
    if p.provider:
        form = UnitsForm(request.POST or None, units=selectors.units_to_sign_off(rec))
    if posted(form, request):
        with refusals(form):
            data = form.cleaned_data
            signed = services.units_record(
                actor=request.user, record=rec, units=list(data["units"]), achieved_on=data["achieved_on"]
            )
            messages.success(request, f"{signed} signed off.")
            return redirect("portfolios:qualifications", rec.pk)
    achieved = {a.unit_id: a for a in rec.unit_achievements.all()}
    return render(
        request,
        "portfolios/qualifications.jinja",
        {
            "record": rec,
            "statuses": selectors.qualification_status(rec),
            "achieved": achieved,
            "form": form,
            "provider": p.provider,
        },
    )


@member_required
def prior_qualification(request: HttpRequest, pk: int) -> HttpResponse:
    """The training provider records a qualification held before the start (it then counts as achieved)."""
    rec = access_record(request.user, pk)
    if not parties(request.user, rec).provider:
        raise Http404("Not found")
    form = PriorQualificationForm(
        request.POST or None,
        qualifications=rec.standard.qualifications.exclude(pk__in=rec.prior_qualifications.values("qualification_id")),
    )
    page = FormPage(
        request,
        form,
        title="A qualification held before the start",
        back=reverse("portfolios:qualifications", args=[rec.pk]),
        submit="Record it",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.prior_qualification_record(actor=request.user, record=rec, **page.data),
                "Recorded as held before the start. It now counts as achieved.",
            )
    return page.render()


@require_POST
@member_required
def employer_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access_record(request.user, pk)
    with button_refusals(request):
        services.employer_confirm(actor=request.user, record=rec)
        messages.success(request, "You have confirmed the apprentice is ready for the end-point assessment.")
    return redirect(rec.get_absolute_url())


@require_POST
@member_required
def gateway_pass(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access_record(request.user, pk)
    form = GatewayForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the date of the gateway.")
    else:
        with button_refusals(request):
            services.gateway_pass(actor=request.user, record=rec, on=form.cleaned_data["on"])
            messages.success(request, "The gateway is recorded.")
    return redirect(rec.get_absolute_url())
