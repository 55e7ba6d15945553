from __future__ import annotations

from typing import Any, Unpack

from django import forms

from workforce_hub.core.forms import DateInput, FormData, FormFiles, FormOptions, choose_from
from workforce_hub.core.roles import Role
from workforce_hub.organisations.models import Organisation

from .models import Person
from .services import REFERENCE_PATTERN


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "given_name",
            "family_name",
            "preferred_name",
            "email",
            "phone",
            "date_of_birth",
            "postcode",
            "latitude",
            "longitude",
            "health_and_adjustment_notes",
            "is_active",
        ]
        widgets = {"date_of_birth": DateInput(), "email": forms.EmailInput(attrs={"autocomplete": "off"})}
        help_texts = {
            "postcode": "Home postcode. Its location is looked up to work out travel to placements.",
            "latitude": "Leave empty to look it up from the postcode. Type it (between 49 and 61, for example "
            "52.92251) only if the postcode cannot be found.",
            "longitude": "Leave empty to look it up from the postcode. Between -9 and 3, for example -1.47663.",
            "health_and_adjustment_notes": "Only coordinators, the person and their line manager can see this. "
            "Every view of it is recorded.",
        }

    def clean_postcode(self) -> str:
        return str(self.cleaned_data.get("postcode") or "").upper().strip()


class MembershipForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())
    role = forms.ChoiceField(choices=Role.choices)
    job_title = forms.CharField(required=False, max_length=200)
    starts_on = forms.DateField(required=False, widget=DateInput())
    ends_on = forms.DateField(required=False, widget=DateInput())

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, partnership_id: int, **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        choose_from(self, "organisation", Organisation.objects.filter(partnership_id=partnership_id, is_active=True))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        return data


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False, max_length=100)
    role = forms.ChoiceField(label="Role", required=False, choices=[("", "Any role"), *Role.choices])
    organisation = forms.ModelChoiceField(
        label="Organisation", required=False, queryset=Organisation.objects.none(), empty_label="Any organisation"
    )

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, partnership_id: int, **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        choose_from(self, "organisation", Organisation.objects.filter(partnership_id=partnership_id))


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV or Excel file",
        help_text="Columns: given_name, family_name, email, organisation, role, and optionally job_title, "
        "phone, date_of_birth, postcode. One row per role.",
    )


class ErasureForm(forms.Form):
    reference = forms.RegexField(
        label="Request reference",
        regex=REFERENCE_PATTERN,
        max_length=40,
        help_text="Your case number for the request (for example DSAR-2026-014). It goes in the audit log, so do "
        "not type the person's name.",
        error_messages={
            "required": "Enter the request's reference.",
            "invalid": "Enter the request's reference: 2 to 40 letters, numbers, slashes, dots or dashes.",
        },
    )
    confirm = forms.BooleanField(
        label="I have checked who made the request, and understand that this cannot be undone",
        error_messages={"required": "Confirm that you have checked the request and that this cannot be undone."},
    )
