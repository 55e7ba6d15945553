"""Employability, destinations and scheme report pages."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import (
    add_or_change_page,
    apply_validation_error,
    form_page,
    member_required,
    message_errors,
    paginate,
)
from workforce_hub.organisations.selectors import current_partnership
from workforce_hub.people.models import Person
from workforce_hub.schemes.models import Cohort, Enrolment, Scheme

from . import access, reports, selectors, services
from .forms import DestinationForm, EventForm, ImportForm, JobFilterForm, JobForm, PreferenceForm, ReportForm
from .importing import COLUMNS, jobs_import
from .models import CareersEvent, JobAlertDigest, JobPreference


# --- jobs ----------------------------------------------------------------------------------------------------------
@member_required
def job_list(request: HttpRequest) -> HttpResponse:
    form = JobFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return render(
        request,
        "outcomes/job_list.jinja",
        {
            "filter_form": form,
            "page": paginate(request, selectors.job_list(user=request.user, **filters)),
            "can_post": request.user.has_perm("hub.post_jobs"),
            "can_send_alerts": request.user.has_perm("hub.manage_events"),
            "digests": JobAlertDigest.objects.visible_to(request.user)[:6],
        },
    )


@member_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.access_job(request.user, pk)
    return render(
        request, "outcomes/job_detail.jinja", {"job": job, "can_change": access.can_change_job(request.user, job)}
    )


@member_required
def job_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        require_perm(request.user, access.POST_JOBS)
    job = access.access_job(request.user, pk, for_write=True) if pk else None
    viewer = viewer_for(request.user)
    return add_or_change_page(
        request,
        JobForm(
            request.POST or None,
            instance=job,
            partnership_id=viewer.pid,
            organisations=access.job_organisations(request.user),
        ),
        job,
        noun="job",
        add_title="Post a job",
        back="/outcomes/jobs/",
        create=lambda data: services.job_create(partnership=current_partnership(viewer), data=data, actor=request.user),
        update=lambda obj, data: services.job_update(job=obj, data=data, actor=request.user),
        created=lambda j: (
            f"{j.title} is posted. Apprentices near the end of their scheme hear about it in their next job alert."
        ),
    )


@member_required
def job_import(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "hub.post_jobs")
    viewer = viewer_for(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = jobs_import(
                partnership=current_partnership(viewer), upload=upload, filename=upload.name, actor=request.user
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if result.ok:
                messages.success(request, f"Imported {result.created} jobs.")
                return redirect("outcomes:jobs")
    return render(request, "outcomes/job_import.jinja", {"form": form, "result": result, "columns": COLUMNS})


@member_required
def preferences(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    person = Person.objects.visible_to(request.user).get(pk=viewer.pkey)
    current = JobPreference.objects.visible_to(request.user).first()
    return form_page(
        request,
        PreferenceForm(request.POST or None, instance=current),
        title="Your job alert preferences",
        back="/outcomes/jobs/",
        submit="Save preferences",
        save=lambda data: services.preferences_set(person=person, data=data, actor=request.user),
        success="Your preferences are saved.",
    )


@member_required
def digest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    digest = get_visible_or_404(JobAlertDigest.objects.visible_to(request.user), pk=pk)
    jobs = list(digest.jobs.select_related("organisation"))
    return render(request, "outcomes/digest.jinja", {"digest": digest, "groups": services.grouped_by_area(jobs)})


# --- careers events ------------------------------------------------------------------------------------------------
@member_required
def event_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "outcomes/event_list.jinja",
        {
            "upcoming": selectors.event_list(user=request.user, upcoming=True, now=now),
            "past": selectors.event_list(user=request.user, upcoming=False, now=now)[:10],
            "can_manage": request.user.has_perm("hub.manage_events"),
        },
    )


@member_required
def event_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_perm(request.user, "hub.manage_events")
    viewer = viewer_for(request.user)
    event = get_visible_or_404(CareersEvent.objects.visible_to(request.user), pk=pk) if pk else None
    return add_or_change_page(
        request,
        EventForm(request.POST or None, instance=event),
        event,
        noun="event",
        add_title="Add a careers event",
        back="/outcomes/events/",
        create=lambda data: services.event_create(
            partnership=current_partnership(viewer), data=data, actor=request.user
        ),
        update=lambda obj, data: services.event_update(event=obj, data=data, actor=request.user),
        created=lambda e: f"{e.title} is listed. People can sign up now.",
    )


@member_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_visible_or_404(CareersEvent.objects.visible_to(request.user), pk=pk)
    signups = selectors.event_signups(user=request.user, event=event)
    viewer = viewer_for(request.user)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                services.event_cancel(event=event, actor=request.user)
                messages.success(request, "Your place has been cancelled.")
            else:
                services.event_signup(event=event, actor=request.user)
                messages.success(request, "You are signed up. It is in your list of events.")
        except ValidationError as exc:
            message_errors(request, exc)
        return redirect(event.get_absolute_url())
    return render(
        request,
        "outcomes/event_detail.jinja",
        {
            "event": event,
            "signups": signups,
            "signed_up": any(s.person_id == viewer.person_id for s in signups),
            "taken": event.signups.count(),
            "is_wide": viewer.is_partnership_wide,
            "can_manage": request.user.has_perm("hub.manage_events"),
            "started": event.starts_at <= timezone.now(),
        },
    )


# --- destinations --------------------------------------------------------------------------------------------------
@member_required
def destinations(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_visible_or_404(
        Enrolment.objects.visible_to(request.user).select_related("apprentice", "cohort"), pk=pk
    )
    viewer = viewer_for(request.user)
    if not (viewer.is_partnership_wide or enrolment.apprentice_id == viewer.person_id):
        raise Http404("Not found")
    form = None
    if request.user.has_perm("hub.record_destinations"):
        form = DestinationForm(
            request.POST or None, partnership_id=viewer.pid, initial={"recorded_on": timezone.localdate()}
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.destination_record(enrolment=enrolment, data=dict(form.cleaned_data), actor=request.user)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, "The destination is recorded.")
                return redirect(request.path)
    elif request.method == "POST":
        require_perm(request.user, "hub.record_destinations")
    return render(
        request,
        "outcomes/destinations.jinja",
        {
            "enrolment": enrolment,
            "rows": selectors.destinations_for(user=request.user, enrolment=enrolment),
            "form": form,
        },
    )


# --- scheme reports ------------------------------------------------------------------------------------------------
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
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([report.title, f"as at {report.on.isoformat()}"])
        for title, headers, rows in tables:
            writer.writerow([])
            writer.writerow([title])
            writer.writerow(headers)
            writer.writerows([_cell(c) for c in row] for row in rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        wb.remove(wb.active)  # type: ignore[arg-type]
        for title, headers, rows in tables:
            ws = wb.create_sheet(title[:31].replace("(", "").replace(")", ""))
            ws.append(headers)
            for row in rows:
                ws.append([_cell(c) for c in row])
        buffer = io.BytesIO()
        wb.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        raise Http404("Not found")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


@member_required
@require_POST
def job_alerts_run(request: HttpRequest) -> HttpResponse:
    """Coordinators can send this fortnight's alerts now (the daily job does the same; nobody gets two)."""
    require_perm(request.user, "hub.manage_events")
    sent = services.job_alerts_send()
    messages.success(request, f"Job alerts sent to {sent} {'apprentice' if sent == 1 else 'apprentices'}.")
    return redirect("outcomes:jobs")
