from __future__ import annotations

from typing import Any, Unpack

from django import forms

from workforce_hub.core.forms import (
    DateInput,
    FormData,
    FormFiles,
    FormOptions,
    LinesField,
    ModelFormOptions,
    choose_from,
    set_choices,
)
from workforce_hub.organisations.models import Organisation, Sector
from workforce_hub.schemes.models import Scheme

from .models import CareersEvent, Destination, JobPreference, JobVacancy, LevyTransfer


class JobForm(forms.ModelForm):
    class Meta:
        model = JobVacancy
        fields = [
            "organisation",
            "title",
            "sector",
            "area",
            "postcode",
            "hours",
            "pay",
            "description",
            "how_to_apply",
            "closes_on",
            "schemes",
        ]
        widgets = {"closes_on": DateInput(), "schemes": forms.CheckboxSelectMultiple}

    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        partnership_id: int,
        organisations: set[int] | None,
        **kwargs: Unpack[ModelFormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        orgs = Organisation.objects.filter(partnership_id=partnership_id, is_active=True)
        if organisations is not None:
            orgs = orgs.filter(pk__in=organisations)
        choose_from(self, "organisation", orgs)
        choose_from(self, "schemes", Scheme.objects.filter(partnership_id=partnership_id))
        self.fields["schemes"].required = False


class JobFilterForm(forms.Form):
    q = forms.CharField(label="Job title or organisation", required=False, max_length=100)
    sector = forms.ChoiceField(label="Sector", required=False, choices=[("", "Any sector"), *Sector.choices])
    area = forms.CharField(label="Area", required=False, max_length=100)


class ImportForm(forms.Form):
    file = forms.FileField(label="Upload a CSV or Excel file")


class PreferenceForm(forms.ModelForm):
    sectors = forms.MultipleChoiceField(
        label="Sectors you are interested in",
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave all unticked for any sector.",
    )
    areas = LinesField(
        label="Areas (one a line)", required=False, help_text="For example Derby. Leave empty for anywhere."
    )

    class Meta:
        model = JobPreference
        fields = ["alerts", "sectors", "areas", "max_distance_km"]


class EventForm(forms.ModelForm):
    class Meta:
        model = CareersEvent
        fields = ["title", "description", "starts_at", "ends_at", "location", "capacity"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
        help_texts = {"starts_at": "Date and time.", "ends_at": "Date and time."}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", "The event must end after it starts.")
        return data


class DestinationForm(forms.ModelForm):
    class Meta:
        model = Destination
        fields = ["point", "recorded_on", "outcome", "role", "organisation", "organisation_name"]
        widgets = {"recorded_on": DateInput()}

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, partnership_id: int, **kwargs: Unpack[ModelFormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        choose_from(self, "organisation", Organisation.objects.filter(partnership_id=partnership_id))
        self.fields["organisation"].required = False


class ReportForm(forms.Form):
    cohort = forms.ChoiceField(label="Cohort", required=False, choices=[])
    total = forms.DecimalField(
        label="Cost to share (£)",
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text="Leave empty to use the scheme's recorded cost.",
    )

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, cohorts: list[Any], **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        set_choices(self, "cohort", [("", "Every cohort"), *[(str(c.pk), c.name) for c in cohorts]])


class LevyTransferForm(forms.ModelForm):
    class Meta:
        model = LevyTransfer
        fields = ["sender", "receiver", "amount", "levy_funds", "agreed_on", "note"]
        widgets = {"agreed_on": DateInput}

    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        partnership_id: int,
        **kwargs: Unpack[ModelFormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        for name in ("sender", "receiver"):
            choose_from(self, name, Organisation.objects.filter(partnership_id=partnership_id).order_by("name"))
