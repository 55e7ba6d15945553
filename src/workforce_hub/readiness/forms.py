from __future__ import annotations

from typing import Unpack

from django import forms
from django.db.models import QuerySet

from workforce_hub.core.forms import FormData, FormFiles, LinesField, ModelFormOptions, choose_from
from workforce_hub.organisations.models import Organisation
from workforce_hub.people.models import Person

from .models import AGREEMENT_FIELDS, Briefing, ChecklistTemplate, FaqEntry, GlossaryTerm, PlacementAgreement


class TaskDoneForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=300,
        help_text="For example the account name set up. Never a password.",
    )


class AgreementForm(forms.ModelForm):
    may_do = LinesField(label="What they may do", required=False, help_text="One task a line.")
    must_not_do = LinesField(label="What they must not do", required=False, help_text="One task a line.")

    class Meta:
        model = PlacementAgreement
        fields = list(AGREEMENT_FIELDS)
        widgets = {
            "expected_learning": forms.Textarea(attrs={"rows": 4}),
            "who_to_call": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        mentors: QuerySet[Person],
        **kwargs: Unpack[ModelFormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        choose_from(self, "mentor", mentors, label=lambda p: p.display_name)


class TemplateForm(forms.ModelForm):
    items = LinesField(
        label="Tasks",
        help_text="One a line: the days before the first day it must be done by, a colon, then the task. For example "
        "“21: Clinical system account and smartcard”.",
    )

    class Meta:
        model = ChecklistTemplate
        fields = ["name", "setting_type", "organisation", "is_active"]

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, partnership_id: int, **kwargs: Unpack[ModelFormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        choose_from(self, "organisation", Organisation.objects.filter(partnership_id=partnership_id).order_by("name"))
        self.fields["organisation"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["items"] = [f"{i.days_before_start}: {i.title}" for i in self.instance.items.all()]


class InductionForm(forms.Form):
    apprentice = LinesField(
        label="For apprentices",
        required=False,
        help_text="One a line: the weeks after the start it should be done by, a colon, then the item. For example "
        "“2: The NHS and primary care in brief”.",
    )
    mentor = LinesField(label="For mentors and host managers", required=False)
    tutor = LinesField(label="For tutors and assessors", required=False)


class GlossaryForm(forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["term", "meaning"]
        widgets = {"meaning": forms.Textarea(attrs={"rows": 3})}


class FaqForm(forms.ModelForm):
    class Meta:
        model = FaqEntry
        fields = ["question", "answer", "position"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"position": "Lower numbers come first."}


class BriefingForm(forms.ModelForm):
    class Meta:
        model = Briefing
        fields = ["role_is", "role_is_not"]
        widgets = {"role_is": forms.Textarea(attrs={"rows": 5}), "role_is_not": forms.Textarea(attrs={"rows": 4})}
