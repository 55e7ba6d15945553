from __future__ import annotations

from typing import Unpack

from django import forms
from django.db.models import QuerySet

from workforce_hub.core.forms import FormData, FormFiles, FormOptions, choose_from, set_choices
from workforce_hub.organisations.models import Organisation
from workforce_hub.people.models import Person
from workforce_hub.programmes.models import Standard

from .models import Decision, Frequency, LibraryActivity, Need, Risk, RoleProfile, Suits, Supervision, TrainingRoute
from .selectors import partnership_staff


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search by name or team")
    organisation = forms.ModelChoiceField(Organisation.objects.none(), required=False)

    def __init__(self, data: FormData = None, *, partnership_id: int | None, **kwargs: Unpack[FormOptions]) -> None:
        super().__init__(data, **kwargs)
        choose_from(self, "organisation", Organisation.objects.filter(partnership_id=partnership_id or 0))


class ReviewForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="For example: Community nursing team, Derwent.")
    organisations = forms.ModelMultipleChoiceField(
        Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="More than one for an integrated role.",
    )
    teams = forms.CharField(max_length=300, label="Team or teams")
    need = forms.ChoiceField(choices=Need.choices, label="What the team needs", widget=forms.RadioSelect)
    need_statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Say more", help_text="What is not working now, and for whom."
    )
    measures = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="What it should move (optional)",
        help_text="One a line, for example: the waiting list for leg ulcer clinics.",
    )
    participants = forms.ModelMultipleChoiceField(
        Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Who takes part",
        help_text="People in the review's organisations. You can add more later.",
    )

    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        partnership_id: int | None,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        choose_from(self, "organisations", Organisation.objects.filter(partnership_id=partnership_id or 0))
        choose_from(
            self,
            "participants",
            partnership_staff(partnership_id),
            label=lambda p: p.display_name,
        )


class ActivityForm(forms.Form):
    name = forms.CharField(max_length=200, label="Activity")
    done_now_by = forms.CharField(max_length=100, required=False, label="Who does it now", help_text="A role and band.")
    frequency = forms.ChoiceField(choices=[("", "Not said"), *Frequency.choices], required=False, label="How often")
    risk = forms.ChoiceField(choices=[("", "Not said"), *Risk.choices], required=False, label="Risk and complexity")
    suits_support_role = forms.ChoiceField(
        choices=Suits.choices, required=False, label="Could a support role do it?", widget=forms.RadioSelect
    )
    training = forms.CharField(max_length=300, required=False, label="Training needed")
    supervision = forms.ChoiceField(choices=[("", "Not said"), *Supervision.choices], required=False)


class LibraryForm(forms.Form):
    team_kind = forms.ChoiceField(label="Start from the list for")

    def __init__(self, data: FormData = None, **kwargs: Unpack[FormOptions]) -> None:
        super().__init__(data, **kwargs)
        kinds = LibraryActivity.objects.order_by("team_kind").values_list("team_kind", flat=True).distinct()
        set_choices(self, "team_kind", [(k, k) for k in kinds])


class CommentForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Add a comment")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect, required=False)
    conditions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="For example: stable patients only; re-assessed by a registered nurse after 3 visits.",
    )


class ProfileForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="For example: Assistant practitioner, community nursing.")
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label="Employing organisation")
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Why the role exists.")
    band = forms.CharField(max_length=20, help_text="For example: Band 4.")
    training_route = forms.ChoiceField(choices=TrainingRoute.choices, widget=forms.RadioSelect)
    standard = forms.ModelChoiceField(
        Standard.objects.none(), required=False, label="Apprenticeship standard", help_text="For an apprenticeship."
    )
    competences_signed_off_by = forms.CharField(max_length=200, label="Who signs competences off")

    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        organisations: QuerySet[Organisation],
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        choose_from(self, "organisation", organisations)
        choose_from(
            self, "standard", Standard.objects.filter(is_current=True), label=lambda s: f"{s.title} (level {s.level})"
        )


class ScopeLineForm(forms.Form):
    activity = forms.CharField(max_length=200)
    in_scope = forms.ChoiceField(
        label="In the role's scope?", choices=[("yes", "In scope"), ("no", "Out of scope")], widget=forms.RadioSelect
    )
    supervision = forms.ChoiceField(choices=[("", "Not said"), *Supervision.choices], required=False)
    conditions = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CompareForm(forms.Form):
    left = forms.ModelChoiceField(RoleProfile.objects.none(), label="First profile")
    right = forms.ModelChoiceField(RoleProfile.objects.none(), label="Second profile")

    def __init__(
        self, data: FormData = None, *, profiles: QuerySet[RoleProfile], **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **kwargs)
        label = lambda p: f"{p.title}, {p.organisation.name} (version {p.version})"  # noqa: E731
        choose_from(self, "left", profiles, label=label)
        choose_from(self, "right", profiles, label=label)
