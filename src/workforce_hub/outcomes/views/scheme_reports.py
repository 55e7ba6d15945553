"""Outcomes pages: scheme reports."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.exports import csv_response, xlsx_response
from workforce_hub.core.forms import form_data
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import id_param, member_required, posted, refusals
from workforce_hub.schemes.models import Cohort, Scheme

from .. import reports, services
from ..forms import LevyTransferForm, ReportForm
from ..models import LevyTransfer


def _hides(request: HttpRequest) -> bool:
    """Partner leads see small counts about people's circumstances as "fewer than 3" (ADR 0017)."""
    return not viewer_for(request.user).is_partnership_wide


@member_required
def report_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "hub.view_scheme_reports")
    schemes = Scheme.objects.visible_to(request.user).prefetch_related("cohorts")
    return render(request, "outcomes/report_list.jinja", {"schemes": schemes})


def _report(request: HttpRequest, pk: int) -> tuple[reports.SchemeReport, ReportForm]:
    require_perm(request.user, "hub.view_scheme_reports")
    scheme = get_visible_or_404(Scheme.objects.visible_to(request.user), pk=pk)
    cohorts = list(Cohort.objects.visible_to(request.user).filter(scheme=scheme))
    form = ReportForm(request.GET or None, cohorts=cohorts)
    chosen: list[Cohort] = cohorts
    total: Decimal | None = None
    if form.is_valid():
        if form.cleaned_data.get("cohort"):
            chosen = [c for c in cohorts if str(c.pk) == form.cleaned_data["cohort"]]
        total = form.cleaned_data.get("total")
    return reports.scheme_report_kept(scheme, chosen, reader=request.user, total=total), form


@member_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report, form = _report(request, pk)
    printable = request.GET.get("print") == "1"
    return render(
        request,
        "outcomes/report.jinja",
        {
            "report": report,
            "form": form,
            "tables": reports.tables(report, small_numbers_hidden=_hides(request)),
            "chart_specs": {} if printable else reports.charts(report, small_numbers_hidden=_hides(request)),
            "printable": printable,
            "query": request.GET.urlencode(),
            "can_manage": request.user.has_perm("hub.manage_schemes"),
        },
    )


@member_required
def levy_transfers(request: HttpRequest, pk: int) -> HttpResponse:
    """The scheme's levy transfers: record one (within the sender's cap) or remove one recorded by mistake."""
    require_perm(request.user, "hub.manage_schemes")
    scheme = get_visible_or_404(Scheme.objects.visible_to(request.user), pk=pk)
    if request.method == "POST" and "remove" in request.POST:
        transfer = get_visible_or_404(
            LevyTransfer.objects.visible_to(request.user).filter(scheme=scheme), pk=id_param(request.POST.get("remove"))
        )
        services.levy_transfer_delete(transfer=transfer, actor=request.user)
        messages.success(request, "The levy transfer is removed.")
        return redirect("outcomes:levy_transfers", scheme.pk)
    form = LevyTransferForm(
        request.POST or None, partnership_id=scheme.partnership_id, initial={"agreed_on": timezone.localdate()}
    )
    if posted(form, request):
        with refusals(form):
            services.levy_transfer_record(scheme=scheme, data=form_data(form), actor=request.user)
            messages.success(request, "The levy transfer is recorded.")
            return redirect("outcomes:levy_transfers", scheme.pk)
    transfers = LevyTransfer.objects.visible_to(request.user).filter(scheme=scheme).select_related("sender", "receiver")
    return render(
        request,
        "outcomes/levy_transfers.jinja",
        {"scheme": scheme, "form": form, "transfers": transfers},
    )


@member_required
def report_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report, _form = _report(request, pk)
    tables = reports.tables(report, small_numbers_hidden=_hides(request))
    name = f"scheme-report-{report.scheme.pk}-{report.on.isoformat()}"
    audit_record(actor=request.user, action=AuditEvent.Action.EXPORT, obj=report.scheme, detail={"format": fmt})
    if fmt == "csv":
        rows: list[list[object]] = [[report.title, f"as at {report.on.isoformat()}"]]
        for title, headers, table_rows in tables:
            rows += [[], [title], list(headers), *(list(row) for row in table_rows)]
        return csv_response(f"{name}.csv", rows)
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", [(title, [headers, *table_rows]) for title, headers, table_rows in tables])
    raise Http404("Not found")
