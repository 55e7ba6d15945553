"""Each role's home page: the first page after signing in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from workforce_hub.core.access import viewer_for
from workforce_hub.core.attention import attention_dismiss
from workforce_hub.core.web import paginate

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
    _page_long_lists(request, context)
    return render(request, f"home/home_{role}.jinja", context)


#: the lists on a home that grow with the partnership: shown this many at a time, each with its own page parameter
HOME_PAGE_SIZE = 50
PAGED_LISTS = {"attention": "attention_page", "enrolments": "apprentices_page"}


def _page_long_lists(request: HttpRequest, context: dict[str, Any]) -> None:
    """A coordinator of an integrated care system has thousands of apprentices and items: the home shows them 50 at
    a time (`?attention_page=`, `?apprentices_page=`) instead of rendering every one."""
    for key, param in PAGED_LISTS.items():
        items = context.get(key)
        if not isinstance(items, (list, QuerySet)):
            continue
        page = paginate(request, items, HOME_PAGE_SIZE, param=param)  # a query set: counted, then sliced
        context[key] = list(page.object_list)
        if page.paginator.num_pages > 1:
            context[f"{key}_pages"] = {"page": page, "param": param}


@login_required
@require_POST
def attention_hide(request: HttpRequest) -> HttpResponse:
    """Snooze a "needs attention" item for a week or a month, or dismiss it for good, with a reason."""
    if "coordinator" not in home_roles(viewer_for(request.user)):
        raise Http404("Not found")
    try:
        until = attention_dismiss(
            actor=request.user,
            key=request.POST.get("key", ""),
            reason=request.POST.get("reason", ""),
            snooze=request.POST.get("snooze", ""),
            today=timezone.localdate(),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, f"Not hidden: {message.lower()}.")
    else:
        messages.success(request, f"Hidden until {until:%-d %B %Y}." if until else "Dismissed: it will not come back.")
    return redirect("role_home", role="coordinator")
