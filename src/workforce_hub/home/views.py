"""Each role's home page: the first page after signing in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from workforce_hub.core.access import viewer_for

from .selectors import HOME_SELECTORS, HOME_TITLES, home_roles


@login_required
def home(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    homes = home_roles(viewer)
    if not homes:
        return render(request, "home/no_role.jinja", status=200)
    return redirect("role_home", role=homes[0])


@login_required
def role_home(request: HttpRequest, role: str) -> HttpResponse:
    viewer = viewer_for(request.user)
    homes = home_roles(viewer)
    if role not in homes:
        raise Http404("Not found")
    context = HOME_SELECTORS[role](user=request.user).as_context()
    context.update({"role": role, "homes": homes, "home_titles": HOME_TITLES, "title": HOME_TITLES[role]})
    return render(request, f"home/home_{role}.jinja", context)
