"""Progress reviews: the provider's write-up and the three signatures."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404
from workforce_hub.core.web import button_refusals, member_required, posted, refusals

from .. import services
from ..access import parties
from ..forms import (
    ReviewForm,
)
from ..models import (
    ProgressReview,
)


@member_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(
        ProgressReview.objects.visible_to(request.user).select_related(
            "record__enrolment__apprentice",
            "record__enrolment__cohort__scheme",
            "recorded_by",
            "employer_signed_by",
            "provider_signed_by",
        ),
        pk=pk,
    )
    p = parties(request.user, item.record)
    editable = p.provider and not (item.apprentice_signed_at or item.employer_signed_at or item.provider_signed_at)
    form = None
    if editable:
        form = ReviewForm(
            request.POST or None,
            initial={
                "held_on": item.held_on or timezone.localdate(),
                "progress": item.progress,
                "actions": item.actions,
            },
        )
    if posted(form, request):
        with refusals(form):
            services.review_record(actor=request.user, review=item, data=form.cleaned_data)
            messages.success(request, "The review is written up. Each party now signs it.")
            return redirect(item.get_absolute_url())
    return render(request, "portfolios/review.jinja", {"item": item, "record": item.record, "parties": p, "form": form})


@require_POST
@member_required
def review_sign(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(ProgressReview.objects.visible_to(request.user).select_related("record"), pk=pk)
    with button_refusals(request):
        services.review_sign(actor=request.user, review=item)
        messages.success(request, "You have signed the review.")
    return redirect(item.get_absolute_url())
