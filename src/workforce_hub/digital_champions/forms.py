"""Forms for digital champions: adding a champion, drop-ins, the support log, confirming skills, practice
maturity, and the quality mark's levels and review."""

from __future__ import annotations

from typing import Unpack

from django import forms

from workforce_hub.core.access import Actor
from workforce_hub.core.forms import (
    DateInput,
    FormData,
    FormFiles,
    FormOptions,
    ModelFormOptions,
    choose_from,
    choose_person,
    set_choices,
)
from workforce_hub.digital_skills.forms import DomainModelForm, domain_choices
from workforce_hub.digital_skills.models import Framework, Item
from workforce_hub.organisations.models import Organisation, Site
from workforce_hub.people.models import Person

from .models import ActionItem, Dimension, QualityMarkLevel, SupportContact


class ChampionForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Champion",
        help_text="Someone who has agreed to help colleagues.",
        error_messages={"required": "Choose the person."},
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), error_messages={"required": "Choose the organisation."}
    )
    site = forms.ModelChoiceField(queryset=Site.objects.none(), required=False, label="Site (optional)")
    team = forms.CharField(max_length=100, required=False, label="Team (optional)")
    domain_codes = forms.MultipleChoiceField(
        label="Areas they can help with",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one area."},
    )
    contact_note = forms.CharField(
        max_length=200,
        required=False,
        label="How to reach them (optional)",
        help_text="For example: 'Reception, Tuesday mornings' or 'Message on Teams'.",
    )

    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        user: Actor,
        framework: Framework,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        people = Person.objects.visible_to(user).filter(is_active=True).order_by("family_name", "given_name")
        choose_person(self, "person", people)
        choose_from(self, "organisation", Organisation.objects.visible_to(user).filter(is_active=True))
        choose_from(
            self,
            "site",
            Site.objects.visible_to(user).select_related("organisation"),
            label=lambda s: f"{s.name} ({s.organisation.name})",
        )
        set_choices(self, "domain_codes", domain_choices(framework))


class DropInForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Starts",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": "Enter the date and time it starts.", "invalid": "Enter a real date and time."},
    )
    minutes = forms.IntegerField(label="Length in minutes", initial=60, min_value=15, max_value=480)
    place = forms.CharField(max_length=200, help_text="Room and site, or 'Teams'.")
    topic = forms.CharField(max_length=200, required=False, label="Topic (optional)")
    places = forms.IntegerField(label="Places", initial=6, min_value=1, max_value=100)


class SupportContactForm(DomainModelForm):
    domain_code = forms.ChoiceField(label="What was it about?")

    class Meta:
        model = SupportContact
        fields = ["happened_on", "domain_code", "summary", "minutes", "outcome", "referred_to"]
        widgets = {"happened_on": DateInput(), "outcome": forms.RadioSelect}
        labels = {
            "happened_on": "Date",
            "minutes": "Time spent in minutes",
            "outcome": "What happened?",
            "referred_to": "Referred to (if referred on)",
        }


class ConfirmSkillsForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        queryset=Item.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Skills they showed you",
        error_messages={"required": "Tick at least one skill they showed you."},
    )

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, framework: Framework, **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        items = Item.objects.filter(domain__framework=framework).select_related("domain")
        choose_from(self, "items", items, label=lambda i: f"{i.domain.name}: {i.text}")


SCORE_CHOICES = [
    ("1", "1 – Not started"),
    ("2", "2 – Getting going: some people, some of the time"),
    ("3", "3 – Established: most people, most of the time"),
    ("4", "4 – Embedded: part of how the practice works, and improving"),
]


class MaturityScoreForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a score."},
    )
    metric = forms.CharField(
        max_length=300,
        required=False,
        label="What you measured",
        help_text="A figure if you have one, for example '8 of 10 staff use the online booking system'.",
    )
    evidence = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What shows it: documents, examples and dates. Do not include patient information.",
    )


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["dimension", "action", "owner", "due_on"]
        widgets = {"due_on": DateInput()}
        labels = {
            "dimension": "Which C does it improve?",
            "action": "What will be done",
            "due_on": "The date it is due",
        }

    def __init__(self, data: FormData = None, files: FormFiles = None, **kwargs: Unpack[ModelFormOptions]) -> None:
        super().__init__(data, files, **kwargs)
        set_choices(self, "dimension", Dimension.choices)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("agree", "Award the quality mark"), ("return", "Send it back with advice")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to award the mark."},
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you checked and what you found. The practice sees this.",
        error_messages={"required": "Write a short note for the practice."},
    )


class QualityMarkLevelForm(forms.ModelForm):
    class Meta:
        model = QualityMarkLevel
        fields = ["name", "min_average", "min_each", "valid_months", "description"]
        labels = {
            "min_average": "Lowest average score across the seven Cs",
            "min_each": "Lowest score allowed in any one C",
            "valid_months": "Months the mark lasts before re-assessment",
        }
