"""The form for a new API token."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone

from .tokens import DEFAULT_DAYS, LONGEST


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What the token is for, such as “Monthly funding report”. Only you see it.",
        error_messages={"required": "Enter a name for the token"},
    )
    expires_on = forms.DateField(
        label="Expires on",
        help_text=f"The last day it works. At most {LONGEST} days from today; you can revoke it sooner.",
        error_messages={"required": "Enter the date the token expires", "invalid": "Enter a real date, like 31 3 2027"},
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=DEFAULT_DAYS)
