from __future__ import annotations

from typing import Any, Unpack

from django import forms
from django.db.models import QuerySet

from workforce_hub.core.forms import DateInput, FormData, FormFiles, FormOptions, choose_from, set_choices
from workforce_hub.organisations.models import PlacementSetting
from workforce_hub.schemes.models import Cohort, Enrolment

from .models import CapacityChange, CohortBlock, TrainingUnit


class CohortBlockForm(forms.ModelForm):
    class Meta:
        model = CohortBlock
        fields = ["start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {"start_date": "The first day of the block.", "end_date": "The last day of the block."}


class TrainingUnitForm(forms.ModelForm):
    class Meta:
        model = TrainingUnit
        fields = ["title", "topic", "block_number"]
        labels = {"title": "Unit", "topic": "Best learnt in", "block_number": "Taught in block"}


class CapacityChangeForm(forms.ModelForm):
    class Meta:
        model = CapacityChange
        fields = ["start_date", "end_date", "capacity", "reason"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {"reason": "For example: ward closed for refurbishment; mentor on long-term leave."}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", "The end date must be on or after the start date.")
        return data


class PlanRunForm(forms.Form):
    cohorts = forms.ModelMultipleChoiceField(
        queryset=Cohort.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Cohorts planned together share settings fairly. They must be in the same scheme.",
        error_messages={"required": "Choose at least one cohort."},
    )
    time_limit = forms.IntegerField(
        label="Time limit in seconds",
        min_value=5,
        max_value=600,
        initial=30,
        help_text="Most cohorts are planned in a few seconds. The planner stops at this limit with its best plan.",
    )
    reason = forms.CharField(
        label="Why are you planning? (optional)", required=False, max_length=300, help_text="Kept with the plan."
    )
    avoid_unsigned_hosts = forms.BooleanField(
        label="Avoid hosts without a signed partnership agreement",
        required=False,
        help_text="Placements already under way stay where they are. The cohorts' employers are not affected.",
    )

    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        cohorts: QuerySet[Cohort],
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        choose_from(self, "cohorts", cohorts, label=lambda c: f"{c.scheme.name}: {c.name}")


class PinForm(forms.Form):
    """Place an apprentice in a chosen setting for a block, then plan the rest around it."""

    enrolment = forms.ModelChoiceField(queryset=Enrolment.objects.none(), label="Apprentice")
    block = forms.TypedChoiceField(choices=[], coerce=int, label="Block")
    setting = forms.ModelChoiceField(queryset=PlacementSetting.objects.none(), label="Setting")

    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        enrolments: QuerySet[Enrolment],
        settings: QuerySet[PlacementSetting],
        blocks: list[tuple[int, str]] | None = None,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        set_choices(self, "block", [("", "Choose the block"), *((str(n), label) for n, label in blocks or [])])
        choose_from(self, "enrolment", enrolments, label=lambda e: e.apprentice.display_name)
        choose_from(self, "setting", settings)
