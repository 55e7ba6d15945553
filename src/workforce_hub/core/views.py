"""The audit log, the privacy register and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from . import privacy
from .access import viewer_for
from .models import AuditEvent
from .permissions import require_perm
from .web import paginate


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "hub.view_audit")
    viewer = viewer_for(request.user)
    qs = AuditEvent.objects.filter(partnership_id=viewer.partnership_id).select_related("actor")
    action = request.GET.get("action", "")
    if action in AuditEvent.Action.values:
        qs = qs.filter(action=action)
    return render(
        request,
        "core/audit_log.jinja",
        {
            "page": paginate(request, qs, per_page=50),
            "actions": AuditEvent.Action.choices,
            "action": action,
        },
    )


@login_required
def privacy_register(request: HttpRequest) -> HttpResponse:
    """Every kind of record holding personal data: how long it is kept, and what an erasure does to it."""
    require_perm(request.user, "hub.view_audit")
    entries = sorted(privacy.registered().values(), key=lambda e: e.title)
    return render(
        request,
        "core/privacy_register.jinja",
        {
            "entries": [(e.title, e.retention, privacy.erasure_summary(e.erasure)) for e in entries],
            "rules": privacy.retention_rules(),
        },
    )


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "core/error.jinja",
        {
            "title": "You cannot do this",
            "message": "Your role does not allow this action. If you think it should, ask your scheme coordinator.",
        },
        status=403,
    )


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):  # an address the API does not have: answered in the API's own shape
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(
        request,
        "core/error.jinja",
        {
            "title": "Page not found",
            "message": "If you typed the web address, check it is correct. If you pasted it, check you copied all of it.",
        },
        status=404,
    )


def error_500(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/error.jinja",
        {
            "title": "Sorry, there is a problem with the service",
            "message": "Try again later. Nothing you entered has been shared.",
        },
        status=500,
    )
