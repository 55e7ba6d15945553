from __future__ import annotations

from typing import Unpack

from django import forms

from workforce_hub.core.forms import DateInput, FormData, FormFiles, FormOptions, ModelFormOptions, choose_from
from workforce_hub.organisations.models import Organisation

from .models import TrainingTopic


class TopicForm(forms.ModelForm):
    class Meta:
        model = TrainingTopic
        fields = ["name", "code", "description", "validity_months", "accepted_by"]
        widgets = {"accepted_by": forms.CheckboxSelectMultiple}

    def __init__(self, data: FormData = None, *, partnership_id: int, **kwargs: Unpack[ModelFormOptions]) -> None:
        super().__init__(data, **kwargs)
        choose_from(self, "accepted_by", Organisation.objects.filter(partnership_id=partnership_id))


class RequirementForm(forms.Form):
    topic = forms.ModelChoiceField(TrainingTopic.objects.none(), label="Training it requires")
    accepted_issuers = forms.ModelMultipleChoiceField(
        Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Also accept it from (optional)",
        help_text="It always accepts its own training, and anyone's where it accepts the topic across the partnership.",
    )

    def __init__(self, data: FormData = None, *, partnership_id: int, **kwargs: Unpack[FormOptions]) -> None:
        super().__init__(data, **kwargs)
        choose_from(self, "topic", TrainingTopic.objects.filter(partnership_id=partnership_id))
        choose_from(self, "accepted_issuers", Organisation.objects.filter(partnership_id=partnership_id))


class TrainingRecordForm(forms.Form):
    topic = forms.ModelChoiceField(TrainingTopic.objects.none(), label="Training topic")
    organisation = forms.ModelChoiceField(
        Organisation.objects.none(), label="Recorded for", help_text="The organisation that issues the credential."
    )
    course = forms.CharField(max_length=200, help_text="The course as its certificate names it.")
    completed_on = forms.DateField(widget=DateInput, label="Date completed")
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="What you saw, for example: e-learning certificate dated 4 March 2026, copy on the staff file. "
        "No patient details.",
    )

    def __init__(
        self,
        data: FormData = None,
        *,
        partnership_id: int,
        organisations: list[int] | None,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, **kwargs)
        choose_from(self, "topic", TrainingTopic.objects.filter(partnership_id=partnership_id))
        orgs = Organisation.objects.filter(partnership_id=partnership_id)
        choose_from(self, "organisation", orgs if organisations is None else orgs.filter(pk__in=organisations))


class RevokeForm(forms.Form):
    reason = forms.CharField(
        max_length=300, label="Why is it revoked?", help_text="For example: issued to the wrong person."
    )


class ShareForm(forms.Form):
    label = forms.CharField(max_length=100, label="Who is it for?", help_text="For example: Riverside care home.")


class ImportForm(forms.Form):
    content = forms.FileField(label="The credential", help_text="A .jwt or .json file from the issuer.")
    keys_document = forms.FileField(
        required=False,
        label="The issuer's published keys (optional)",
        help_text="Their did.json or key set. Not needed for credentials from this Hub.",
    )
    status_list = forms.FileField(
        required=False,
        label="The issuer's status list (optional)",
        help_text="Lets the Hub check that the credential has not been revoked.",
    )
    topic = forms.ModelChoiceField(
        TrainingTopic.objects.none(),
        required=False,
        label="It is training in (optional)",
        help_text="So hosts that require this topic can count it.",
    )

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, partnership_id: int, **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        choose_from(self, "topic", TrainingTopic.objects.filter(partnership_id=partnership_id))

    def text_of(self, name: str) -> str:
        upload = self.cleaned_data.get(name)
        if not upload:
            return ""
        raw = upload.read(256 * 1024 + 1)
        try:
            return str(raw.decode("utf-8"))
        except UnicodeDecodeError:
            return "\ufffd"  # not text: the service says the credential cannot be read
