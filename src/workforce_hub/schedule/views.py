"""Scheduled jobs for partnership admins and coordinators: what runs, when next, how the last runs went, and a
button to run one now (queued for the worker; it still does its work only once a day)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import member_required

from .selectors import job_rows


@member_required
def jobs(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "hub.view_jobs")
    return render(request, "schedule/jobs.jinja", {"rows": job_rows()})


@member_required
@require_POST
def run_now(request: HttpRequest, name: str) -> HttpResponse:
    from .tasks import TASKS

    require_perm(request.user, "hub.view_jobs")
    if name not in TASKS:
        raise Http404("Not found")
    TASKS[name].enqueue()
    audit_record(actor=request.user, action=AuditEvent.Action.UPDATE, object_type="schedule.job", detail={"job": name})
    messages.success(request, "The job is queued. It does its work once a day, so a second run today does nothing.")
    return redirect(reverse("schedule:jobs"))
