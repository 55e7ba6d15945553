"""Evidence: upload (screened and scanned), the held-back path, download under audit, assessment and the coverage matrix."""

from __future__ import annotations

from django.contrib import messages
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404
from workforce_hub.core.audit import audit_record
from workforce_hub.core.exports import stored_file_response
from workforce_hub.core.forms import FormData
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.web import (
    button_refusals,
    member_required,
    paginate,
    posted,
    refusals,
)
from workforce_hub.programmes.selectors import criteria_for
from workforce_hub.rotations.models import Placement

from .. import screening, selectors, services
from ..access import access_record, parties
from ..forms import (
    DecisionForm,
    EvidenceForm,
    ReplaceForm,
)
from ..models import (
    Evidence,
)


@member_required
def evidence_list(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access_record(request.user, pk)
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


def _upload(form: BaseForm) -> tuple[str, bytes] | None:
    f = form.cleaned_data.get("upload")
    if not f:
        return None
    return f.name, f.read()


@member_required
def evidence_new(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access_record(request.user, pk)
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
    if posted(form, request):
        with refusals(form):
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


def _decision_form(action: str, data: FormData = None) -> DecisionForm:
    """The tutor's assessment ("assess") or review of a held-back item ("review")."""
    if action == "assess":
        form = DecisionForm(data, yes="Accept", no="Needs more work", label="Your assessment")
        form.fields["decision"].error_messages["required"] = "Choose accept or needs more work"
    else:
        form = DecisionForm(
            data,
            yes="Release it: there are no patient details",
            no="Send it back to be redacted",
            label="Your decision",
        )
        form.fields["decision"].error_messages["required"] = "Choose whether to release it or send it back"
    return form


@member_required
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    return _evidence_page(request, _evidence(request, pk))


def _evidence_page(
    request: HttpRequest,
    item: Evidence,
    assess_form: DecisionForm | None = None,
    review_form: DecisionForm | None = None,
) -> HttpResponse:
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
            "assess_form": assess_form or _decision_form("assess"),
            "review_form": review_form or _decision_form("review"),
            "form": assess_form if assess_form is not None and assess_form.errors else review_form,
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
    return stored_file_response(item.file, name, item.content_type)


@require_POST
@member_required
def evidence_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = _evidence(request, pk)
    record_pk = item.record_id
    with button_refusals(request):
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
        elif action in ("assess", "review"):
            return _decide(request, item, action)
        else:
            raise Http404("Not found")
    return redirect("portfolios:evidence", pk)


def _decide(request: HttpRequest, item: Evidence, action: str) -> HttpResponse:
    """The tutor's assessment or review: a missing choice, or "needs more work" without feedback, is shown on the
    field it belongs to, with what was typed kept."""
    form = _decision_form(action, request.POST)
    if form.is_valid():
        decided, text = form.cleaned_data["decision"], form.cleaned_data["feedback"]
        with refusals(form):
            if action == "assess":
                services.evidence_assess(actor=request.user, evidence=item, accepted=decided, feedback=text)
                messages.success(request, "Your assessment is saved and the apprentice has been told.")
            else:
                services.evidence_review(actor=request.user, evidence=item, release=decided, note=text)
                messages.success(request, "Your decision is saved.")
            return redirect("portfolios:evidence", item.pk)
    forms = {"assess_form": form} if action == "assess" else {"review_form": form}
    return _evidence_page(request, item, **forms)


@member_required
def evidence_replace(request: HttpRequest, pk: int) -> HttpResponse:
    item = _evidence(request, pk)
    if not parties(request.user, item.record).apprentice:
        raise Http404("Not found")
    form = ReplaceForm(request.POST or None, request.FILES or None, initial={"reflection": item.reflection})
    if posted(form, request):
        with refusals(form):
            new = services.evidence_replace(
                actor=request.user,
                evidence=item,
                reflection=form.cleaned_data["reflection"],
                upload=_upload(form),
                image_confirmed=form.cleaned_data["image_confirmed"],
            )
            messages.success(
                request,
                "The new version has been checked." if new.is_released else "The new version is still held back.",
            )
            return redirect(new.get_absolute_url())
    return render(request, "portfolios/evidence_replace.jinja", {"item": item, "form": form, "record": item.record})


@member_required
def coverage(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access_record(request.user, pk)
    rows = selectors.coverage(rec, request.user)
    return render(
        request,
        "portfolios/coverage.jinja",
        {"record": rec, "rows": rows, "met": sum(1 for r in rows if r.met), "gaps": [r for r in rows if not r.started]},
    )


# ------------------------------------------------------------------------------------------ testimonials
