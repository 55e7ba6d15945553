"""Helpers shared by the learning-record pages: the record a page is about, and the form and button posts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from workforce_hub.core.access import get_visible_or_404
from workforce_hub.core.web import apply_validation_error, message_errors

from ..forms import (
    DecisionForm,
)
from ..models import (
    LearningRecord,
)


def _record(request: HttpRequest, pk: int) -> LearningRecord:
    return get_visible_or_404(
        LearningRecord.objects.visible_to(request.user).select_related(
            "enrolment__apprentice",
            "enrolment__cohort__scheme",
            "enrolment__line_manager",
            "standard",
            "pathway",
            "rule_set",
        ),
        pk=pk,
    )


def _submit(request: HttpRequest, form: Any, save: Any, success: str | Any, then: str) -> HttpResponse | None:
    """A page's own form. Returns a redirect once saved; None to show the page (a GET, or errors on the form, with
    what was typed kept). A POST to a page that offers this person no form is refused."""
    if form is None:
        if request.method == "POST":
            raise Http404("Not found")
        return None
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(then)
    return None


def _decision(request: HttpRequest, missing: str) -> tuple[bool, str]:
    """A yes/no decision with a reason, posted from a button form; a missing choice is refused with `missing`."""
    form = DecisionForm(request.POST, yes="yes", no="no")
    if not form.is_valid():
        raise ValidationError(missing)
    return form.cleaned_data["decision"], form.cleaned_data["feedback"]


def _button(request: HttpRequest, action: Any, success: str, then: str) -> HttpResponse:
    """A button's POST: run the service, say what happened (or why not), go back to the page."""
    try:
        action()
        messages.success(request, success)
    except ValidationError as exc:
        message_errors(request, exc)
    return redirect(then)
