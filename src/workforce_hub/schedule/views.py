"""Scheduled jobs for partnership admins and coordinators: what runs, when next, how the last runs went, and a
button to run one now (queued for the worker; it still does its work only once a day)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workforce_hub.core.web import member_required

from . import access, services
from .selectors import job_rows


@member_required
def jobs(request: HttpRequest) -> HttpResponse:
    access.access_jobs(request.user)
    return render(request, "schedule/jobs.jinja", {"rows": job_rows()})


@member_required
@require_POST
def run_now(request: HttpRequest, name: str) -> HttpResponse:
    services.job_queue(actor=request.user, name=name)
    messages.success(request, "The job is queued. It does its work once a day, so a second run today does nothing.")
    return redirect(reverse("schedule:jobs"))
