from __future__ import annotations

from typing import Unpack

from django import forms

from workforce_hub.core.forms import (
    DateInput,
    FormData,
    FormFiles,
    FormOptions,
    ModelFormOptions,
    choose_from,
    set_choices,
)
from workforce_hub.organisations.models import PlacementSetting
from workforce_hub.schemes.models import Cohort, Scheme

from .models import Application, Level, Stage, Vacancy


class VacancyForm(forms.ModelForm):
    class Meta:
        model = Vacancy
        fields = [
            "title",
            "slug",
            "cohort",
            "places",
            "summary",
            "placements",
            "working_pattern",
            "pay",
            "qualifications",
            "after_the_scheme",
            "min_english",
            "min_maths",
            "planned_settings",
            "closes_on",
            "status",
        ]
        widgets = {"closes_on": DateInput(), "planned_settings": forms.CheckboxSelectMultiple}
        help_texts = {
            "planned_settings": "Where apprentices may be placed. Applicants must be old enough for every one on the "
            "start date. Leave all unticked to check against every active setting the scheme allows.",
            "slug": "Lower-case letters, numbers and hyphens, for example support-worker-2027.",
        }

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, scheme: Scheme, **kwargs: Unpack[ModelFormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        choose_from(self, "cohort", Cohort.objects.filter(scheme=scheme))
        settings = PlacementSetting.objects.filter(
            site__organisation__partnership_id=scheme.partnership_id, is_active=True
        ).select_related("site__organisation")
        if scheme.allowed_setting_types:
            settings = settings.filter(setting_type__in=scheme.allowed_setting_types)
        choose_from(
            self,
            "planned_settings",
            settings,
            label=lambda s: f"{s.name}, {s.site.organisation.name} (from age {s.min_age})",
        )
        self.fields["planned_settings"].required = False


class ApplicationForm(forms.ModelForm):
    right_to_work = forms.TypedChoiceField(
        label="Do you have the right to work in the UK?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    english = forms.TypedChoiceField(label="Your highest English qualification", coerce=int, choices=Level.choices)
    maths = forms.TypedChoiceField(label="Your highest maths qualification", coerce=int, choices=Level.choices)

    class Meta:
        model = Application
        fields = [
            "given_name",
            "family_name",
            "email",
            "phone",
            "date_of_birth",
            "postcode",
            "english",
            "maths",
            "right_to_work",
            "statement",
        ]
        widgets = {"date_of_birth": DateInput()}
        help_texts = {
            "email": "We send your reference here. We do not share it.",
            "date_of_birth": "We check you will be old enough for every placement on the start date.",
            "statement": "A few sentences are enough. Please do not include anyone else's personal details.",
        }

    def __init__(self, data: FormData = None, files: FormFiles = None, **kwargs: Unpack[ModelFormOptions]) -> None:
        super().__init__(data, files, **kwargs)
        for name, auto in (
            ("given_name", "given-name"),
            ("family_name", "family-name"),
            ("email", "email"),
            ("phone", "tel"),
            ("postcode", "postal-code"),
        ):
            self.fields[name].widget.attrs["autocomplete"] = auto
        self.fields["phone"].required = False


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(label="Move to", choices=[])
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when declining or withdrawing: say why.",
    )

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, stages: tuple[str, ...], **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        set_choices(self, "to_stage", [(s, Stage(s).label) for s in stages])


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(label="Name, e-mail or reference", required=False, max_length=100)
    stage = forms.ChoiceField(label="Stage", required=False, choices=[("", "Any stage"), *Stage.choices])
    eligible = forms.ChoiceField(
        label="Eligible", required=False, choices=[("", "Either"), ("yes", "Eligible"), ("no", "Not eligible")]
    )
