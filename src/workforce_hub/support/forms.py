from __future__ import annotations

from typing import Unpack

from django import forms

from workforce_hub.core.forms import FormData, FormFiles, ModelFormOptions

from .models import Appraisal, ExitQuestionnaire, HandoverMeeting, PastoralStatus, PlacementFeedback, Rating


class _RatingsAsRadios(forms.ModelForm):
    """Ratings (1 to 5) as radio buttons, which are quicker to read than a drop-down."""

    def __init__(self, data: FormData = None, files: FormFiles = None, **kwargs: Unpack[ModelFormOptions]) -> None:
        super().__init__(data, files, **kwargs)
        model_fields = {f.name: f for f in self._meta.model._meta.fields}
        for name, field in self.fields.items():
            if name in model_fields and model_fields[name].choices == Rating.choices:
                field.widget = forms.RadioSelect(choices=Rating.choices)


class HandoverForm(forms.ModelForm):
    class Meta:
        model = HandoverMeeting
        fields = ["progress", "strengths", "areas_to_develop", "for_next_host"]

    def __init__(self, data: FormData = None, files: FormFiles = None, **kwargs: Unpack[ModelFormOptions]) -> None:
        super().__init__(data, files, **kwargs)
        for name in ("progress", "strengths", "areas_to_develop"):
            self.fields[name].required = True


class AppraisalForm(_RatingsAsRadios):
    class Meta:
        model = Appraisal
        fields = ["practice", "communication", "teamwork", "reliability", "strengths", "to_develop", "comments"]


class FeedbackForm(_RatingsAsRadios):
    class Meta:
        model = PlacementFeedback
        fields = ["overall", "welcome", "learning", "support", "went_well", "could_improve"]


class ExitForm(_RatingsAsRadios):
    would_recommend = forms.TypedChoiceField(
        label="Would you recommend the scheme to a friend?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ExitQuestionnaire
        fields = ["overall", "support", "rotation", "would_recommend", "best_part", "improve", "plans"]


class PastoralNoteForm(forms.Form):
    text = forms.CharField(
        label="New note",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only scheme coordinators can read this. The apprentice can ask to see it.",
    )


class PastoralStatusForm(forms.ModelForm):
    class Meta:
        model = PastoralStatus
        fields = ["rag", "summary"]
        widgets = {"rag": forms.RadioSelect}
