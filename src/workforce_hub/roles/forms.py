from __future__ import annotations

from typing import Unpack

from django import forms
from django.db.models import QuerySet

from workforce_hub.core.access import Actor, viewer_for
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
from workforce_hub.programmes.models import Standard

from .models import (
    AgreementTemplate,
    CheckReason,
    Decision,
    Frequency,
    Need,
    Risk,
    RoleProfile,
    Suits,
    Supervision,
    TrainingRequest,
    TrainingRoute,
)
from .selectors import managed_organisations, partnership_staff


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
        choose_person(self, "participants", partnership_staff(partnership_id), label=lambda p: p.display_name)


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

    def __init__(self, data: FormData = None, *, kinds: list[str], **kwargs: Unpack[FormOptions]) -> None:
        super().__init__(data, **kwargs)
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


class RequestForm(forms.Form):
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label="Organisation asking")
    profile = forms.ModelChoiceField(RoleProfile.objects.none(), label="The role it trains for")
    learner = forms.ModelChoiceField(Person.objects.none(), required=False, help_text="If you know who it is.")
    places = forms.IntegerField(min_value=1, max_value=50, initial=1)
    workforce_plan_ref = forms.CharField(max_length=200, required=False, label="Workforce plan reference")
    skill_mix = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="How the role changes the team's skill mix"
    )
    sponsor = forms.CharField(
        max_length=200, required=False, label="Board-level sponsor", help_text="Name and job title."
    )
    study_hours_a_week = forms.DecimalField(
        max_digits=4, decimal_places=1, required=False, min_value=0, label="Guaranteed study release (hours a week)"
    )
    post_guaranteed = forms.BooleanField(required=False, label="A post is guaranteed when the training is complete")
    post_evidence = forms.CharField(max_length=300, required=False, label="What guarantees the post")

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, user: Actor, **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        viewer = viewer_for(user)
        choose_from(self, "organisation", managed_organisations(user))
        choose_from(
            self,
            "profile",
            RoleProfile.objects.filter(partnership_id=viewer.partnership_id or 0, published_at__isnull=False),
            label=lambda p: f"{p.title}, {p.organisation.name} (version {p.version})",
        )
        choose_person(self, "learner", partnership_staff(viewer.partnership_id), label=lambda p: p.display_name)


class RequestDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("yes", "Approve"), ("no", "Do not approve")], coerce=lambda v: v == "yes", widget=forms.RadioSelect
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text="Needed to refuse.")


class RepaymentField(forms.CharField):
    """Lines of "months percent", for example "12 100" then "24 50": repay all within a year, half within two."""

    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value: object) -> list[list[str]]:  # type: ignore[override]
        text = str(super().clean(value) or "")
        rows = []
        for number, line in enumerate(text.splitlines(), 1):
            parts = line.replace(",", " ").split()
            if not parts:
                continue
            if len(parts) != 2:
                raise forms.ValidationError(f"Line {number}: give the months, then the percent, for example 12 100.")
            rows.append(parts)
        return rows


class TemplateForm(forms.Form):
    name = forms.CharField(max_length=200)
    employer_funds = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="What the employer funds and releases"
    )
    learner_commits = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="What the learner commits to")
    repayment = RepaymentField(
        required=False,
        label="If the learner leaves early",
        help_text="One line each: months since completion, then the percent repaid. For example 12 100, then 24 50.",
    )


class AgreementForm(forms.Form):
    template = forms.ModelChoiceField(AgreementTemplate.objects.none())
    learner = forms.ModelChoiceField(Person.objects.none())
    provider = forms.ModelChoiceField(Organisation.objects.none(), required=False, label="Training provider (optional)")

    def __init__(self, data: FormData = None, *, request: TrainingRequest, **kwargs: Unpack[FormOptions]) -> None:
        super().__init__(data, **kwargs)
        choose_from(
            self, "template", AgreementTemplate.objects.filter(partnership_id=request.partnership_id, is_current=True)
        )
        choose_person(
            self,
            "learner",
            Person.objects.filter(memberships__organisation=request.organisation).distinct(),
            label=lambda p: p.display_name,
        )
        choose_from(
            self,
            "provider",
            Organisation.objects.filter(partnership_id=request.partnership_id, org_type="training_provider"),
        )


class AgreementChangeForm(forms.Form):
    study_hours_a_week = forms.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, label="Study release (hours a week)"
    )
    employer_funds = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="What the employer funds and releases"
    )
    learner_commits = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="What the learner commits to")


class AbsenceForm(forms.Form):
    organisation = forms.ModelChoiceField(Organisation.objects.none())
    person = forms.ModelChoiceField(Person.objects.none(), label="Member of staff")
    started_on = forms.DateField(widget=DateInput, label="First day away")
    returned_on = forms.DateField(widget=DateInput, required=False, label="Back on (if they are back)")

    def __init__(self, data: FormData = None, *, user: Actor, **kwargs: Unpack[FormOptions]) -> None:
        super().__init__(data, **kwargs)
        viewer = viewer_for(user)
        choose_from(self, "organisation", managed_organisations(user))
        choose_person(self, "person", partnership_staff(viewer.partnership_id), label=lambda p: p.display_name)


class CheckStartForm(AbsenceForm):
    profile = forms.ModelChoiceField(RoleProfile.objects.none(), label="Role profile to check against")
    reason = forms.ChoiceField(choices=CheckReason.choices, widget=forms.RadioSelect)

    def __init__(self, data: FormData = None, *, user: Actor, **kwargs: Unpack[FormOptions]) -> None:
        super().__init__(data, user=user, **kwargs)
        del self.fields["started_on"], self.fields["returned_on"]
        choose_from(
            self,
            "profile",
            RoleProfile.objects.filter(
                partnership_id=viewer_for(user).partnership_id or 0,
                published_at__isnull=False,
            ),
            label=lambda p: f"{p.title}, {p.organisation.name} (version {p.version})",
        )


class CheckItemForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[("observed", "Observed and signed off"), ("needs_training", "Needs training")],
        widget=forms.RadioSelect,
    )
    plan = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Training planned")
