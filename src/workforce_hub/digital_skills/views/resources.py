"""Pages for the partnership's catalogue of learning resources, suggested on each person's results."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import FormPage, member_required, paginate

from .. import services
from ..access import MANAGE, access_resource
from ..forms import LearningResourceForm
from ..framework import current_framework
from ..models import LearningResource


@member_required
def resources(request: HttpRequest) -> HttpResponse:
    framework = current_framework()
    items = LearningResource.objects.visible_to(request.user)
    domain, level, q = request.GET.get("domain", ""), request.GET.get("level", ""), request.GET.get("q", "").strip()
    if domain:
        items = items.filter(domain_code=domain)
    if level in ("1", "2"):
        items = items.filter(level=int(level))
    if q:
        items = items.filter(title__icontains=q)
    return render(
        request,
        "digital_skills/resources.jinja",
        {
            "page": paginate(request, items),
            "domains": [(d.code, d.name) for d in framework.domains.order_by("order")],
            "names": {d.code: d.name for d in framework.domains.all()},
            "domain": domain,
            "level": level,
            "q": q,
            "can_manage": request.user.has_perm(MANAGE),
        },
    )


@member_required
def resource_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk:
        resource: LearningResource | None = access_resource(request.user, pk, for_write=True)
    else:
        require_perm(request.user, MANAGE)  # adding one: the permission alone
        resource = None
    form = LearningResourceForm(request.POST or None, instance=resource, framework=current_framework())
    page = FormPage(
        request,
        form,
        title="Change a learning resource" if resource else "Add a learning resource",
        back=reverse("digital_skills:resources"),
        submit="Save resource",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.resource_save(actor=request.user, data=page.data, resource=resource),
                "The resource is in the catalogue. Staff see it in their suggestions.",
            )
    return page.render()


@member_required
@require_POST
def resource_delete(request: HttpRequest, pk: int) -> HttpResponse:
    resource = access_resource(request.user, pk)
    services.resource_delete(actor=request.user, resource=resource)
    messages.success(request, "The resource has been removed from the catalogue.")
    return redirect("digital_skills:resources")
