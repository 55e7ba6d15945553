"""Shared by the learning-record pages: a yes/no decision with a reason, posted from a button."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from ..forms import (
    DecisionForm,
)


def _decision(request: HttpRequest, missing: str) -> tuple[bool, str]:
    """A yes/no decision with a reason, posted from a button form; a missing choice is refused with `missing`."""
    form = DecisionForm(request.POST, yes="yes", no="no")
    if not form.is_valid():
        raise ValidationError(missing)
    return form.cleaned_data["decision"], form.cleaned_data["feedback"]
