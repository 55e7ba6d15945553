"""Support pages: an apprentice's support overview, a placement's handover, appraisal and feedback, the exit
questionnaire and the coordinator's pastoral notes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.web import (
    FormPage,
    button_refusals,
    member_required,
    refusals,
)
from workforce_hub.rotations.models import Placement
from workforce_hub.schemes.models import Enrolment

from . import access, selectors, services
from .forms import AppraisalForm, ExitForm, FeedbackForm, HandoverForm, PastoralNoteForm, PastoralStatusForm
from .models import (
    Appraisal,
    ExitQuestionnaire,
    HandoverMeeting,
    PastoralAccessRequest,
    PlacementFeedback,
)


def _enrolment(request: HttpRequest, pk: int) -> Enrolment:
    return get_visible_or_404(
        Enrolment.objects.visible_to(request.user).select_related("apprentice", "cohort__scheme"), pk=pk
    )


def _placement(request: HttpRequest, pk: int) -> Placement:
    placement = selectors.support_placement(request.user, pk, timezone.localdate())
    if placement is None:
        raise Http404("Not found")
    return placement


@member_required
def enrolment_support(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    viewer = viewer_for(request.user)
    is_apprentice = enrolment.apprentice_id == viewer.person_id
    placements = list(
        Placement.objects.visible_to(request.user)
        .filter(enrolment=enrolment, status="published")
        .select_related("setting__site__organisation")
        .order_by("start_date")
    )
    context = {
        "enrolment": enrolment,
        "placements": placements,
        "handovers": {
            h.placement_id: h for h in HandoverMeeting.objects.visible_to(request.user).filter(placement__in=placements)
        },
        "appraisals": {
            a.placement_id: a for a in Appraisal.objects.visible_to(request.user).filter(placement__in=placements)
        },
        "feedback": {
            f.placement_id: f
            for f in PlacementFeedback.objects.visible_to(request.user).filter(placement__in=placements)
        },
        "exit": ExitQuestionnaire.objects.visible_to(request.user).filter(enrolment=enrolment).first(),
        "exit_open": is_apprentice and enrolment.status in services.FINAL,
        "is_apprentice": is_apprentice,
        "is_coordinator": viewer.is_coordinator,
    }
    if is_apprentice:
        context["note_dates"] = services.pastoral_note_dates(enrolment)
        context["requests"] = list(PastoralAccessRequest.objects.visible_to(request.user).filter(enrolment=enrolment))
        context["shared_notes"] = services.pastoral_shared_notes(enrolment=enrolment, actor=request.user)
    return render(request, "support/enrolment.jinja", context)


@member_required
def placement_support(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(request, pk)
    viewer = viewer_for(request.user)
    today = timezone.localdate()
    return render(
        request,
        "support/placement.jinja",
        {
            "placement": placement,
            "handover": HandoverMeeting.objects.visible_to(request.user).filter(placement=placement).first(),
            "appraisal": Appraisal.objects.visible_to(request.user).filter(placement=placement).first(),
            "has_appraisal": hasattr(placement, "appraisal"),
            "feedback": PlacementFeedback.objects.visible_to(request.user).filter(placement=placement).first(),
            "can_appraise": access.can_appraise(placement, request.user, today),
            "appraisal_window": access.appraisal_window(placement),
            "can_feedback": placement.enrolment.apprentice_id == viewer.person_id
            and access.feedback_open(placement, today),
            "can_confirm": placement.arrival_confirmed_at is None
            and placement.start_date <= today
            and access.acts_for_placement(placement, request.user, today),
        },
    )


@member_required
@require_POST
def placement_arrived(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(request, pk)
    services.placement_arrival_confirm(placement=placement, actor=request.user)
    messages.success(request, "Thank you: the apprentice's arrival is recorded.")
    return redirect("support:placement", pk=placement.pk)


@member_required
def appraisal_write(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(request, pk)
    if not access.can_appraise(placement, request.user):
        raise PermissionDenied("The placement's line manager writes the appraisal near the end of the placement.")
    page = FormPage(
        request,
        AppraisalForm(request.POST or None),
        title=f"Appraisal of {placement.enrolment.apprentice.display_name} at {placement.setting.name}",
        back=f"/support/placements/{placement.pk}/",
        submit="Send appraisal",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.appraisal_submit(placement=placement, data=page.data, actor=request.user),
                "Thank you. The appraisal is saved and the apprentice has been told.",
            )
    return page.render()


@member_required
def feedback_write(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(request, pk)
    if placement.enrolment.apprentice_id != viewer_for(request.user).person_id:
        raise Http404("Not found")
    page = FormPage(
        request,
        FeedbackForm(request.POST or None),
        title=f"Your feedback on {placement.setting.name}",
        back=f"/support/placements/{placement.pk}/",
        submit="Send feedback",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.feedback_submit(placement=placement, data=page.data, actor=request.user),
                "Thank you for your feedback. It helps the next apprentice.",
            )
    return page.render()


@member_required
def exit_write(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    if enrolment.apprentice_id != viewer_for(request.user).person_id:
        raise Http404("Not found")
    page = FormPage(
        request,
        ExitForm(request.POST or None),
        title="Exit questionnaire",
        back=f"/support/enrolments/{enrolment.pk}/",
        submit="Send answers",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.exit_submit(enrolment=enrolment, data=page.data, actor=request.user),
                "Thank you. Your answers help us improve the scheme.",
            )
    return page.render()


@member_required
def handover_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_visible_or_404(
        HandoverMeeting.objects.visible_to(request.user).select_related(
            "placement__enrolment__apprentice",
            "placement__enrolment__cohort__coordinator",
            "placement__setting__site__organisation",
            "next_placement__setting__site__organisation",
        ),
        pk=pk,
    )
    can_write = access.acts_for_placement(meeting.placement, request.user)
    form = HandoverForm(request.POST or None, instance=meeting) if can_write else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Only the coordinator or this placement's host can write the handover record.")
        if form.is_valid():
            with refusals(form):
                services.handover_record(meeting=meeting, data=form.cleaned_data, actor=request.user)
                messages.success(
                    request, "The handover record is saved. The next host sees it when the placement starts."
                )
                return redirect(meeting.get_absolute_url())
    return render(
        request,
        "support/handover.jinja",
        {"meeting": meeting, "participants": services.participants(meeting), "form": form},
    )


@member_required
def pastoral(request: HttpRequest, pk: int) -> HttpResponse:
    if not viewer_for(request.user).is_coordinator:
        raise Http404("Not found")
    enrolment = _enrolment(request, pk)
    note_form = PastoralNoteForm(request.POST if request.POST.get("form") == "note" else None)
    status_form = PastoralStatusForm(request.POST if request.POST.get("form") == "status" else None)
    if request.method == "POST":
        with button_refusals(request):
            if note_form.is_bound and note_form.is_valid():
                services.pastoral_note_add(enrolment=enrolment, text=note_form.cleaned_data["text"], actor=request.user)
                messages.success(request, "The note is saved.")
                return redirect(request.path)
            if status_form.is_bound and status_form.is_valid():
                services.pastoral_status_set(enrolment=enrolment, actor=request.user, **status_form.cleaned_data)
                messages.success(request, "The status is saved.")
                return redirect(request.path)
            if request.POST.get("form") == "answer":
                access = get_visible_or_404(
                    PastoralAccessRequest.objects.visible_to(request.user).filter(enrolment=enrolment),
                    pk=request.POST.get("request"),
                )
                services.pastoral_request_answer(request=access, actor=request.user)
                messages.success(request, "The apprentice can now read the notes written until today.")
                return redirect(request.path)
    status, notes = services.pastoral_read(enrolment=enrolment, actor=request.user)
    if status is not None and not status_form.is_bound:
        status_form = PastoralStatusForm(instance=status)
    return render(
        request,
        "support/pastoral.jinja",
        {
            "enrolment": enrolment,
            "status": status,
            "notes": notes,
            "note_form": note_form,
            "status_form": status_form,
            "requests": PastoralAccessRequest.objects.visible_to(request.user).filter(enrolment=enrolment),
        },
    )


@member_required
@require_POST
def pastoral_request(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    services.pastoral_request(enrolment=enrolment, actor=request.user)
    messages.success(request, "Your request has been sent. The coordinator will answer within one month.")
    return redirect("support:enrolment", pk=enrolment.pk)
