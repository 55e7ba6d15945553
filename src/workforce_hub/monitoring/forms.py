from __future__ import annotations

from typing import Unpack

from django import forms

from workforce_hub.core.forms import (
    DateInput,
    FormData,
    FormFiles,
    FormOptions,
    choose_from,
    choose_person,
    set_choices,
)
from workforce_hub.organisations.models import Organisation
from workforce_hub.people.models import Person
from workforce_hub.schemes.models import Cohort

from . import metrics
from .models import Direction, Item, Kind, LogicModel, Rating


class ItemForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices, label="What it is")
    statement = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Statement")
    leads_to = forms.ModelMultipleChoiceField(
        Item.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label="It leads to"
    )
    external_factors = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Other things that also affect it (optional)",
        help_text="Outside the scheme, one a line.",
    )

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, model: LogicModel, **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        choose_from(self, "leads_to", model.items.all(), label=lambda i: f"{i.get_kind_display()}: {i.statement}")


class IndicatorForm(forms.Form):
    item = forms.ModelChoiceField(Item.objects.none(), label="Output or outcome it measures")
    name = forms.CharField(max_length=200)
    metric = forms.ChoiceField(
        required=False, label="Figure the Hub computes", help_text="Leave empty to enter values by hand with evidence."
    )
    cohort = forms.ModelChoiceField(Cohort.objects.none(), required=False, help_text="Empty: every cohort.")
    organisation = forms.ModelChoiceField(
        Organisation.objects.none(),
        required=False,
        help_text=(
            "Empty: everything. For a scheme's figures, the cohorts this organisation employs; for digital skills, its"
            " staff, its champions or its quality mark."
        ),
    )
    since = forms.DateField(
        label="Counted from (optional)",
        required=False,
        widget=DateInput,
        help_text=(
            "For a scheme's figures, the cohorts that started from this date; for digital skills, what happened from"
            " then (not champions or quality marks)."
        ),
    )
    target = forms.DecimalField(max_digits=12, decimal_places=2, required=False)
    baseline = forms.DecimalField(max_digits=12, decimal_places=2, required=False, help_text="Where it started.")
    due_on = forms.DateField(label="Due by", required=False, widget=DateInput)
    owner = forms.ModelChoiceField(Person.objects.none(), required=False, label="Who is responsible")
    direction = forms.ChoiceField(choices=Direction.choices, initial=Direction.HIGHER, widget=forms.RadioSelect)

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, model: LogicModel, **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        from .models import MEASURED

        choose_from(self, "item", model.items.filter(kind__in=MEASURED), label=lambda i: i.statement)
        if model.scheme is not None:
            choose_from(self, "cohort", model.scheme.cohorts.all())
        else:
            del self.fields["cohort"]
        choose_from(self, "organisation", Organisation.objects.filter(partnership_id=model.partnership_id))
        choose_person(
            self,
            "owner",
            Person.objects.filter(partnership_id=model.partnership_id, memberships__isnull=False).distinct(),
            label=lambda p: p.display_name,
        )
        set_choices(
            self,
            "metric",
            [("", "Entered by hand"), *[(m.code, m.label) for m in metrics.for_programme(model.programme)]],
        )


class RatingForm(forms.Form):
    rating = forms.ChoiceField(choices=Rating.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text="Needed when you differ from the proposal."
    )


class ManualValueForm(forms.Form):
    value = forms.DecimalField(max_digits=12, decimal_places=2)
    recorded_on = forms.DateField(label="As at", widget=DateInput, help_text="The date the value is true for.")
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What shows it, for example: the steering group minutes of 4 March. Do not name anyone.",
    )
    upload = forms.FileField(
        label="A file that shows it (optional)",
        required=False,
        help_text="PDF, Word (.docx), JPG or PNG, up to 10 MB. It is checked for viruses and personal details.",
    )
    confirmed = forms.BooleanField(
        required=False,
        label="The file shows no names or other personal details",
        help_text="Needed for a picture or a scanned page, which cannot be checked automatically.",
    )
