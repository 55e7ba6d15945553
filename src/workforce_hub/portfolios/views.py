"""Pages of the learning record. Thin: every object comes from `visible_to`, every write goes through services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404
from workforce_hub.core.audit import audit_record
from workforce_hub.core.forms import SearchForm
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.web import apply_validation_error, form_page, member_required, message_errors, paginate
from workforce_hub.programmes.selectors import criteria_for
from workforce_hub.rotations.models import Placement
from workforce_hub.schemes.models import Enrolment

from . import screening, selectors, services
from .forms import (
    DecisionForm,
    EvidenceForm,
    ExpectedLearningForm,
    GatewayForm,
    HoursForm,
    PlanForm,
    RecordForm,
    RecordUpdateForm,
    ReplaceForm,
    ReviewForm,
    TestimonialForm,
    TestimonialRequestForm,
    UnitsForm,
)
from .models import (
    Evidence,
    ExpectedLearning,
    LearningRecord,
    OffTheJobEntry,
    ProgressReview,
    Testimonial,
    TrainingPlan,
)
from .policy import parties


def _record(request: HttpRequest, pk: int) -> LearningRecord:
    return get_visible_or_404(
        LearningRecord.objects.visible_to(request.user).select_related(
            "enrolment__apprentice",
            "enrolment__cohort__scheme",
            "enrolment__line_manager",
            "standard",
            "pathway",
            "rule_set",
        ),
        pk=pk,
    )


def _submit(request: HttpRequest, form: Any, save: Any, success: str | Any, then: str) -> HttpResponse | None:
    """A page's own form. Returns a redirect once saved; None to show the page (a GET, or errors on the form, with
    what was typed kept). A POST to a page that offers this person no form is refused."""
    if form is None:
        if request.method == "POST":
            raise Http404("Not found")
        return None
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(then)
    return None


def _decision(request: HttpRequest, missing: str) -> tuple[bool, str]:
    """A yes/no decision with a reason, posted from a button form; a missing choice is refused with `missing`."""
    form = DecisionForm(request.POST, yes="yes", no="no")
    if not form.is_valid():
        raise ValidationError(missing)
    return form.cleaned_data["decision"], form.cleaned_data["feedback"]


def _button(request: HttpRequest, action: Any, success: str, then: str) -> HttpResponse:
    """A button's POST: run the service, say what happened (or why not), go back to the page."""
    try:
        action()
        messages.success(request, success)
    except ValidationError as exc:
        message_errors(request, exc)
    return redirect(then)


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
    return form_page(
        request,
        form,
        save=lambda data: services.record_create(actor=request.user, enrolment=enrolment, **data),
        success="The learning record is set up and progress reviews are scheduled.",
        title=f"Set up the learning record for {enrolment.apprentice.display_name}",
        back=enrolment.get_absolute_url(),
        submit="Set up the record",
    )


@member_required
def record(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _record(request, pk)
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
    rec = _record(request, pk)
    form = RecordUpdateForm(request.POST or None, instance=rec)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_update(actor=request.user, record=rec, data=form.cleaned_data)
        except ValidationError as exc:
            rec.refresh_from_db()
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The record has been updated.")
            return redirect(rec.get_absolute_url())
    return render(
        request,
        "core/form_page.jinja",
        {"form": form, "title": "Change the record", "back": rec.get_absolute_url(), "submit": "Save"},
    )


# ------------------------------------------------------------------------------------------- training plan


@member_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _record(request, pk)
    plans = list(
        TrainingPlan.objects.visible_to(request.user)
        .filter(record=rec)
        .select_related("employer_signed_by", "provider_signed_by")
    )
    return render(
        request,
        "portfolios/plan.jinja",
        {"record": rec, "plan": plans[0] if plans else None, "older": plans[1:], "parties": parties(request.user, rec)},
    )


@member_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _record(request, pk)
    current = rec.plans.order_by("-version").first()
    form = PlanForm(
        request.POST or None,
        instance=None,
        initial=({f: getattr(current, f) for f in services.PLAN_FIELDS} if current else None),
    )
    return form_page(
        request,
        form,
        save=lambda data: services.plan_save(actor=request.user, record=rec, data=data),
        success="A new version of the plan is ready to sign. Everyone signs again because it changed.",
        title="Write the training plan" if current is None else "Change the training plan",
        back=reverse("portfolios:plan", args=[rec.pk]),
        submit="Save a new version",
    )


@require_POST
@member_required
def plan_sign(request: HttpRequest, pk: int) -> HttpResponse:
    plan_obj = get_visible_or_404(TrainingPlan.objects.visible_to(request.user).select_related("record"), pk=pk)
    return _button(
        request,
        lambda: services.plan_sign(actor=request.user, plan=plan_obj),
        "You have signed the training plan.",
        reverse("portfolios:plan", args=[plan_obj.record_id]),
    )


# ------------------------------------------------------------------------------------------ off-the-job hours


@member_required
def hours(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _record(request, pk)
    p = parties(request.user, rec)
    form = HoursForm(request.POST or None, record=rec) if p.apprentice else None
    done = _submit(
        request,
        form,
        lambda data: services.hours_log(actor=request.user, record=rec, data=data),
        "Your hours are logged and waiting for your tutor.",
        reverse("portfolios:hours", args=[rec.pk]),
    )
    if done:
        return done
    entries = OffTheJobEntry.objects.visible_to(request.user).filter(record=rec).select_related("reviewed_by")
    otj = selectors.otj_summary(rec)
    weekly = selectors.otj_weekly(rec, otj)
    return render(
        request,
        "portfolios/hours.jinja",
        {
            "record": rec,
            "parties": p,
            "form": form,
            "page": paginate(request, entries),
            "otj": otj,
            "weekly": weekly,
            "chart_spec": selectors.otj_chart(weekly),
        },
    )


@require_POST
@member_required
def hours_review(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_visible_or_404(OffTheJobEntry.objects.visible_to(request.user).select_related("record"), pk=pk)

    def review() -> None:
        approve, feedback = _decision(request, "Choose whether to approve the hours.")
        services.hours_review(actor=request.user, entry=entry, approve=approve, feedback=feedback)

    return _button(request, review, "Your decision is saved.", reverse("portfolios:hours", args=[entry.record_id]))


# ---------------------------------------------------------------------------------------------- evidence


@member_required
def evidence_list(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _record(request, pk)
    items = Evidence.objects.visible_to(request.user).filter(record=rec).prefetch_related("criteria")
    status = request.GET.get("status", "")
    if status in Evidence.Status.values:
        items = items.filter(status=status)
    return render(
        request,
        "portfolios/evidence_list.jinja",
        {
            "record": rec,
            "parties": parties(request.user, rec),
            "page": paginate(request, items),
            "status": status,
            "statuses": Evidence.Status.choices,
        },
    )


def _upload(form: Any) -> tuple[str, bytes] | None:
    f = form.cleaned_data.get("upload")
    if not f:
        return None
    return f.name, f.read()


@member_required
def evidence_new(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _record(request, pk)
    if not parties(request.user, rec).apprentice:
        raise Http404("Not found")
    form = EvidenceForm(
        request.POST or None,
        request.FILES or None,
        criteria=criteria_for(rec.standard_id, rec.pathway_id),
        placements=Placement.objects.visible_to(request.user)
        .filter(enrolment_id=rec.enrolment_id)
        .select_related("setting"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.evidence_add(
                actor=request.user,
                record=rec,
                title=form.cleaned_data["title"],
                reflection=form.cleaned_data["reflection"],
                upload=_upload(form),
                criteria=list(form.cleaned_data["criteria"]),
                placement=form.cleaned_data["placement"],
                image_confirmed=form.cleaned_data["image_confirmed"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if item.is_released:
                messages.success(request, "Your evidence is saved and your tutor can now assess it.")
            else:
                messages.warning(request, "Your evidence is held back: only you can see it. Read below what to do.")
            return redirect(item.get_absolute_url())
    return render(request, "portfolios/evidence_form.jinja", {"record": rec, "form": form})


def _evidence(request: HttpRequest, pk: int) -> Evidence:
    return get_visible_or_404(
        Evidence.objects.visible_to(request.user).select_related(
            "record__enrolment__apprentice", "record__enrolment__cohort__scheme", "assessed_by", "placement__setting"
        ),
        pk=pk,
    )


@member_required
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    item = _evidence(request, pk)
    p = parties(request.user, item.record)
    if item.is_quarantined and not p.apprentice:
        audit_record(
            actor=request.user, action=AuditEvent.Action.READ_SENSITIVE, obj=item, detail={"screening": item.screening}
        )
    return render(
        request,
        "portfolios/evidence.jinja",
        {
            "item": item,
            "record": item.record,
            "parties": p,
            "summary": screening.summary(item.findings),
            "assess_form": DecisionForm(yes="Accept", no="Needs more work", label="Your assessment"),
            "review_form": DecisionForm(
                yes="Release it: there are no patient details", no="Send it back to be redacted", label="Your decision"
            ),
        },
    )


@member_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    item = _evidence(request, pk)
    if not item.file:
        raise Http404("Not found")
    if item.scan != "clean":
        raise Http404("Not found")
    audit_record(actor=request.user, action=AuditEvent.Action.READ_SENSITIVE, obj=item, detail={"file": True})
    stored = item.file.name or ""
    name = f"evidence-{item.pk}{stored[stored.rfind('.') :]}"
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=name, content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@member_required
def evidence_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = _evidence(request, pk)
    record_pk = item.record_id
    try:
        if action == "request-review":
            services.evidence_request_review(actor=request.user, evidence=item)
            messages.success(request, "Your tutor has been asked to review it. It stays hidden from everyone else.")
        elif action == "rescan":
            result = services.evidence_rescan(actor=request.user, evidence=item)
            messages.info(request, "The virus check passed." if result == "clean" else "The file is still blocked.")
        elif action == "delete":
            services.evidence_delete(actor=request.user, evidence=item)
            messages.success(request, "The evidence has been removed.")
            return redirect("portfolios:evidence_list", record_pk)
        elif action == "assess":
            accepted, feedback = _decision(request, "Choose accept or needs more work.")
            services.evidence_assess(actor=request.user, evidence=item, accepted=accepted, feedback=feedback)
            messages.success(request, "Your assessment is saved and the apprentice has been told.")
        elif action == "review":
            release, note = _decision(request, "Choose whether to release it or send it back.")
            services.evidence_review(actor=request.user, evidence=item, release=release, note=note)
            messages.success(request, "Your decision is saved.")
        else:
            raise Http404("Not found")
    except ValidationError as exc:
        message_errors(request, exc)
    return redirect("portfolios:evidence", pk)


@member_required
def evidence_replace(request: HttpRequest, pk: int) -> HttpResponse:
    item = _evidence(request, pk)
    if not parties(request.user, item.record).apprentice:
        raise Http404("Not found")
    form = ReplaceForm(request.POST or None, request.FILES or None, initial={"reflection": item.reflection})
    if request.method == "POST" and form.is_valid():
        try:
            new = services.evidence_replace(
                actor=request.user,
                evidence=item,
                reflection=form.cleaned_data["reflection"],
                upload=_upload(form),
                image_confirmed=form.cleaned_data["image_confirmed"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                "The new version has been checked." if new.is_released else "The new version is still held back.",
            )
            return redirect(new.get_absolute_url())
    return render(request, "portfolios/evidence_replace.jinja", {"item": item, "form": form, "record": item.record})


@member_required
def coverage(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _record(request, pk)
    rows = selectors.coverage(rec, request.user)
    return render(
        request,
        "portfolios/coverage.jinja",
        {"record": rec, "rows": rows, "met": sum(1 for r in rows if r.met), "gaps": [r for r in rows if not r.started]},
    )


# ------------------------------------------------------------------------------------------ testimonials


@member_required
def testimonials(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _record(request, pk)
    p = parties(request.user, rec)
    items = (
        Testimonial.objects.visible_to(request.user)
        .filter(record=rec)
        .select_related("author", "placement__setting")
        .prefetch_related("behaviours")
    )
    current = selectors.current_placement(rec)
    form = None
    if (p.apprentice or p.manager) and current is not None:
        form = TestimonialRequestForm(
            request.POST or None,
            authors=selectors.testimonial_authors(current),
            behaviours=selectors.behaviours(rec),
        )
    done = _submit(
        request,
        form,
        lambda data: services.testimonial_request(
            actor=request.user,
            record=rec,
            placement=current,
            author=data["author"],
            behaviours=list(data["behaviours"]),
        ),
        "The request has been sent.",
        reverse("portfolios:testimonials", args=[rec.pk]),
    )
    if done:
        return done
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
    done = _submit(
        request,
        form,
        lambda data: services.testimonial_complete(
            actor=request.user, testimonial=item, responses={name[2:]: value for name, value in data.items()}
        ),
        "Thank you. Your testimonial is saved in the apprentice's portfolio.",
        item.get_absolute_url(),
    )
    if done:
        return done
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
    return form_page(
        request,
        form,
        save=lambda data: services.expected_learning_save(
            actor=request.user, placement=placement, criteria=list(data["criteria"]), notes=data["notes"]
        ),
        success="The expected learning is saved. The host can see it from now until the placement ends.",
        title="Expected learning at this placement",
        back=reverse("portfolios:expected", args=[placement.pk]),
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
    done = _submit(
        request,
        form,
        lambda data: services.review_record(actor=request.user, review=item, data=data),
        "The review is written up. Each party now signs it.",
        item.get_absolute_url(),
    )
    if done:
        return done
    return render(request, "portfolios/review.jinja", {"item": item, "record": item.record, "parties": p, "form": form})


@require_POST
@member_required
def review_sign(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(ProgressReview.objects.visible_to(request.user).select_related("record"), pk=pk)
    return _button(
        request,
        lambda: services.review_sign(actor=request.user, review=item),
        "You have signed the review.",
        item.get_absolute_url(),
    )


@member_required
def qualifications(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _record(request, pk)
    p = parties(request.user, rec)
    form = None
    if p.provider:
        form = UnitsForm(request.POST or None, units=selectors.units_to_sign_off(rec))
    done = _submit(
        request,
        form,
        lambda data: services.units_record(
            actor=request.user, record=rec, units=list(data["units"]), achieved_on=data["achieved_on"]
        ),
        lambda n: f"{n} signed off.",
        reverse("portfolios:qualifications", args=[rec.pk]),
    )
    if done:
        return done
    achieved = {a.unit_id: a for a in rec.unit_achievements.all()}
    return render(
        request,
        "portfolios/qualifications.jinja",
        {"record": rec, "statuses": selectors.qualification_status(rec), "achieved": achieved, "form": form},
    )


@require_POST
@member_required
def employer_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _record(request, pk)
    return _button(
        request,
        lambda: services.employer_confirm(actor=request.user, record=rec),
        "You have confirmed the apprentice is ready for the end-point assessment.",
        rec.get_absolute_url(),
    )


@require_POST
@member_required
def gateway_pass(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _record(request, pk)
    form = GatewayForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the date of the gateway.")
    else:
        try:
            services.gateway_pass(actor=request.user, record=rec, on=form.cleaned_data["on"])
            messages.success(request, "The gateway is recorded.")
        except ValidationError as exc:
            message_errors(request, exc)
    return redirect(rec.get_absolute_url())
