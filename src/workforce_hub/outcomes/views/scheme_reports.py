"""Outcomes pages: scheme reports."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from workforce_hub.core.access import get_visible_or_404
from workforce_hub.core.audit import audit_record
from workforce_hub.core.exports import csv_response, xlsx_response
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import (
    member_required,
)
from workforce_hub.schemes.models import Cohort, Scheme

from .. import reports
from ..forms import ReportForm


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
    return reports.scheme_report(scheme, chosen, total=total), form


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
            "tables": reports.tables(report),
            "chart_specs": {} if printable else reports.charts(report),
            "printable": printable,
            "query": request.GET.urlencode(),
        },
    )


@member_required
def report_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report, _form = _report(request, pk)
    tables = reports.tables(report)
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
