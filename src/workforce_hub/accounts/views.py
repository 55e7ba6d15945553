"""The "API tokens" page: make a named token with an expiry (its key shown once), see yours, revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workforce_hub.core.web import button_refusals, posted, refusals

from . import tokens
from .access import access_token
from .forms import TokenForm


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_key = ""
    if posted(form, request):
        with refusals(form):
            token, new_key = tokens.token_create(actor=request.user, **form.cleaned_data)
            form = TokenForm()
            messages.success(request, f"Token “{token.name}” made. Copy its key now: it will not be shown again.")
    return render(
        request,
        "accounts/tokens.jinja",
        {"form": form, "tokens": tokens.tokens_of(actor=request.user), "new_key": new_key},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = access_token(request.user, pk)
    with button_refusals(request):
        tokens.token_revoke(actor=request.user, token=token)
        messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
    return redirect("api_tokens")
