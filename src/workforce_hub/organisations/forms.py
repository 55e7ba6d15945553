from __future__ import annotations

from typing import Any, Unpack

from django import forms

from workforce_hub.core.forms import FormData, FormFiles, LinesField, ModelFormOptions, choose_from

from .models import WEEKDAYS, Organisation, PlacementSetting, Sector, SettingType, Site, person_model


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "org_type", "sector", "size", "parent", "ods_code", "apprentices_at_a_time", "is_active"]
        help_texts = {"ods_code": "Optional. The NHS Organisation Data Service code, for example RTG."}

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, partnership_id: int, **kwargs: Unpack[ModelFormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        qs = Organisation.objects.filter(partnership_id=partnership_id)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        choose_from(self, "parent", qs)
        self.fields["parent"].required = False


class OrganisationLimitForm(forms.Form):
    apprentices_at_a_time = forms.IntegerField(
        label="Apprentices at a time",
        required=False,
        min_value=0,
        max_value=50,
        help_text="The most apprentices this organisation hosts on any one day, across all its settings (the "
        "evaluated scheme's hosts took one or two at a time). Leave empty for no limit beyond each setting's "
        "places. Published placements over a new limit are offered a re-plan.",
    )


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["name", "address", "postcode", "latitude", "longitude"]
        help_texts = {
            "latitude": "Leave empty to look it up from the postcode. Type it (between 49 and 61, for example "
            "52.92251) only if the postcode cannot be found.",
            "longitude": "Leave empty to look it up from the postcode. Between -9 and 3, for example -1.47663.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["latitude"].required = False
        self.fields["longitude"].required = False

    def clean_postcode(self) -> str:
        return str(self.cleaned_data["postcode"]).upper().strip()


class SettingForm(forms.ModelForm):
    working_days = forms.MultipleChoiceField(
        choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple, required=False, label="Working days"
    )
    tasks_allowed = LinesField(
        required=False, label="Menu of tasks", help_text="What an apprentice may do here. One task per line."
    )
    tasks_not_allowed = LinesField(
        required=False, label="Must not do", help_text="What an apprentice must not do here. One per line."
    )

    class Meta:
        model = PlacementSetting
        fields = [
            "site",
            "name",
            "setting_type",
            "capacity",
            "min_age",
            "working_days",
            "working_hours",
            "shift_pattern",
            "contact",
            "mentors",
            "tasks_allowed",
            "tasks_not_allowed",
            "is_active",
        ]
        widgets = {"mentors": forms.CheckboxSelectMultiple}

    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        partnership_id: int,
        organisation_id: int | None = None,
        **kwargs: Unpack[ModelFormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        sites = Site.objects.filter(organisation__partnership_id=partnership_id)
        if organisation_id:
            sites = sites.filter(organisation_id=organisation_id)
        choose_from(self, "site", sites)
        org_id = organisation_id or (self.instance.site.organisation_id if self.instance.pk else None)
        people = person_model().objects.filter(partnership_id=partnership_id, is_active=True)
        if org_id:
            people = people.filter(memberships__organisation_id=org_id).distinct()
        choose_from(self, "contact", people)
        choose_from(self, "mentors", people)
        self.fields["contact"].required = False
        self.fields["mentors"].required = False


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label="Search by name or ODS code", required=False, max_length=100)
    org_type = forms.ChoiceField(label="Type", required=False, choices=[("", "Any type"), *Organisation.Type.choices])
    sector = forms.ChoiceField(label="Sector", required=False, choices=[("", "Any sector"), *Sector.choices])


class SettingFilterForm(forms.Form):
    q = forms.CharField(label="Search by name, organisation or postcode", required=False, max_length=100)
    setting_type = forms.ChoiceField(
        label="Setting type", required=False, choices=[("", "Any type"), *SettingType.choices]
    )
    sector = forms.ChoiceField(label="Sector", required=False, choices=[("", "Any sector"), *Sector.choices])
    under_18 = forms.BooleanField(label="Takes apprentices under 18", required=False)
