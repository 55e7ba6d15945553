"""What hosts see and write: testimonials during a placement, and the expected learning for each placement."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from workforce_hub.core.access import get_visible_or_404
from workforce_hub.core.web import FormPage, member_required, posted, refusals
from workforce_hub.programmes.selectors import criteria_for
from workforce_hub.rotations.models import Placement

from .. import selectors, services
from ..access import access_record, parties
from ..forms import (
    ExpectedLearningForm,
    TestimonialForm,
    TestimonialRequestForm,
)
from ..models import (
    ExpectedLearning,
    Testimonial,
)


@member_required
def testimonials(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access_record(request.user, pk)
    p = parties(request.user, rec)
    items = (
        Testimonial.objects.visible_to(request.user)
        .filter(record=rec)
        .select_related("author", "placement__setting")
        .prefetch_related("behaviours")
    )
    current = selectors.testimonial_placement(rec)
    form = None
    if (p.apprentice or p.manager) and current is not None:
        form = TestimonialRequestForm(
            request.POST or None,
            authors=selectors.testimonial_authors(current),
            behaviours=selectors.behaviours(rec),
        )
    if posted(form, request):
        with refusals(form):
            data = form.cleaned_data
            services.testimonial_request(
                actor=request.user,
                record=rec,
                placement=current,
                author=data["author"],
                behaviours=list(data["behaviours"]),
            )
            messages.success(request, "The request has been sent.")
            return redirect("portfolios:testimonials", rec.pk)
    return render(
        request,
        "portfolios/testimonials.jinja",
        {"record": rec, "items": items, "form": form, "current": current},
    )


@member_required
def testimonial(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(
        Testimonial.objects.visible_to(request.user).select_related(
            "record__enrolment__apprentice", "placement__setting__site__organisation", "author"
        ),
        pk=pk,
    )
    behaviours = list(item.behaviours.all())
    is_author = item.author.user_id == request.user.pk
    form = None
    if is_author and item.status == Testimonial.Status.REQUESTED:
        form = TestimonialForm(request.POST or None, behaviours=behaviours)
    if posted(form, request):
        with refusals(form):
            responses = {name[2:]: value for name, value in form.cleaned_data.items()}
            services.testimonial_complete(actor=request.user, testimonial=item, responses=responses)
            messages.success(request, "Thank you. Your testimonial is saved in the apprentice's portfolio.")
            return redirect(item.get_absolute_url())
    return render(
        request,
        "portfolios/testimonial.jinja",
        {"item": item, "behaviours": behaviours, "form": form, "is_author": is_author},
    )


# --------------------------------------------------------------------------------- expected learning, reviews


@member_required
def expected(request: HttpRequest, pk: int) -> HttpResponse:
    """A placement's expected learning: hosts from publication to the end; readers of the record always."""
    item = (
        ExpectedLearning.objects.visible_to(request.user)
        .filter(placement_id=pk)
        .select_related("placement__setting__site__organisation", "record__enrolment__apprentice")
        .first()
    )
    placement = (
        item.placement
        if item
        else get_visible_or_404(
            Placement.objects.visible_to(request.user).select_related("setting__site__organisation", "enrolment"), pk=pk
        )
    )
    record = getattr(placement.enrolment, "learning_record", None)
    if record is None:
        raise Http404("Not found")
    p = parties(request.user, record)
    return render(
        request,
        "portfolios/expected.jinja",
        {
            "item": item,
            "placement": placement,
            "record": record,
            "criteria": list(item.criteria.all()) if item else [],
            "can_edit": p.manager,
            # hosts preparing for a placement see what to plan for, not yet who is coming
            "show_name": placement.is_current() or p.apprentice or p.manager,
        },
    )


@member_required
def expected_edit(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_visible_or_404(Placement.objects.visible_to(request.user).select_related("enrolment"), pk=pk)
    record = getattr(placement.enrolment, "learning_record", None)
    if record is None or not parties(request.user, record).manager:
        raise Http404("Not found")
    existing = selectors.expected_for(placement)
    form = ExpectedLearningForm(
        request.POST or None,
        criteria=criteria_for(record.standard_id, record.pathway_id),
        initial={"criteria": list(existing.criteria.all()), "notes": existing.notes} if existing else None,
    )
    page = FormPage(
        request,
        form,
        title="Expected learning at this placement",
        back=reverse("portfolios:expected", args=[placement.pk]),
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.expected_learning_save(
                    actor=request.user,
                    placement=placement,
                    criteria=list(page.data["criteria"]),
                    notes=page.data["notes"],
                ),
                "The expected learning is saved. The host can see it from now until the placement ends.",
            )
    return page.render()
