"""Helpers shared by the learning-record pages: the record a page is about, and the form and button posts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from workforce_hub.core.access import get_visible_or_404

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


def _decision(request: HttpRequest, missing: str) -> tuple[bool, str]:
    """A yes/no decision with a reason, posted from a button form; a missing choice is refused with `missing`."""
    form = DecisionForm(request.POST, yes="yes", no="no")
    if not form.is_valid():
        raise ValidationError(missing)
    return form.cleaned_data["decision"], form.cleaned_data["feedback"]
