"""The catalogue for everyone in a partnership: standards and their criteria, qualifications, funding rules."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from workforce_hub.core.web import member_required

from . import access, selectors


@member_required
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programmes/catalogue.jinja",
        {
            "standards": selectors.standards(),
            "qualifications": selectors.qualifications(),
            "rule_sets": selectors.rule_sets(),
        },
    )


@member_required
def standard(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "programmes/standard.jinja", {"standard": access.access_standard(request.user, pk)})
