"""Forms for learning records. Choices are limited to what the person may pick; services check again."""

from __future__ import annotations

from typing import Unpack

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from workforce_hub.core.forms import DateInput, FormData, FormFiles, FormOptions, choose_from, set_choices
from workforce_hub.people.models import Person
from workforce_hub.programmes.models import Criterion, Pathway, Qualification, Standard, Unit
from workforce_hub.rotations.models import Placement

from .models import Activity, Evidence, LearningRecord, TrainingPlan


class CriterionChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Criterion) -> str:
        return f"{obj.code}: {obj.text}"


class RecordForm(forms.Form):
    standard = forms.ModelChoiceField(
        Standard.objects.filter(is_current=True), help_text="The current version is used for new records."
    )
    pathway = forms.ModelChoiceField(
        Pathway.objects.filter(standard__is_current=True).select_related("standard"),
        required=False,
        help_text="Only for standards with pathways.",
    )
    start_date = forms.DateField(widget=DateInput, help_text="Fixes the funding rules the apprentice follows.")
    planned_end = forms.DateField(label="Planned end date", widget=DateInput)
    contracted_hours = forms.DecimalField(label="Contracted hours a week", min_value=1, max_value=48, decimal_places=1)

    def __init__(self, data: FormData = None, files: FormFiles = None, **kwargs: Unpack[FormOptions]) -> None:
        super().__init__(data, files, **kwargs)
        pathway = self.fields["pathway"]
        if isinstance(pathway, forms.ModelChoiceField) and pathway.queryset is not None:
            choose_from(self, "pathway", pathway.queryset, label=lambda p: f"{p.standard.title}: {p.name}")


class RecordUpdateForm(forms.ModelForm):
    class Meta:
        model = LearningRecord
        fields = ["planned_end", "english_achieved", "maths_achieved", "employer_requires_english_maths"]
        widgets = {"planned_end": DateInput}


class PlanForm(forms.ModelForm):
    class Meta:
        model = TrainingPlan
        fields = ["summary", "otj_plan", "employer_commitments", "provider_commitments", "support"]


class HoursForm(forms.Form):
    activity = forms.ChoiceField(choices=Activity.choices)
    date = forms.DateField(widget=DateInput)
    hours = forms.DecimalField(min_value=0.5, max_value=12, decimal_places=1, help_text="For example 1.5")
    description = forms.CharField(
        widget=forms.Textarea, max_length=2000, help_text="What you did and what you learned."
    )
    evidence = forms.ModelChoiceField(Evidence.objects.none(), required=False, label="Evidence (optional)")

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, record: LearningRecord, **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        choose_from(self, "evidence", record.evidence.all())
        self.fields["date"].initial = timezone.localdate()


class DecisionForm(forms.Form):
    """Approve or not, accept or not, release or not: a yes/no choice with a reason."""

    decision = forms.TypedChoiceField(coerce=lambda v: v == "yes", widget=forms.RadioSelect)
    feedback = forms.CharField(widget=forms.Textarea, required=False, max_length=4000)

    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        yes: str,
        no: str,
        label: str = "Decision",
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        set_choices(self, "decision", [("yes", yes), ("no", no)])
        self.fields["decision"].label = label


class EvidenceForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="A short name, for example 'Set up a new starter's laptop'.")
    upload = forms.FileField(
        label="File (optional)", required=False, help_text="PDF, Word (.docx), JPG or PNG, up to 10 MB."
    )
    reflection = forms.CharField(
        label="Or write a reflective account",
        widget=forms.Textarea,
        required=False,
        max_length=20000,
        help_text="What you did, what you learned and what you would do differently. Never name a patient.",
    )
    image_confirmed = forms.BooleanField(
        label="This picture or scanned page shows no patients, patient records or anyone's personal details",
        required=False,
        help_text="Pictures and scans cannot be checked automatically. Metadata such as location is removed.",
    )
    criteria = CriterionChoice(
        Criterion.objects.none(),
        label="Which criteria does it show?",
        required=False,
        help_text="Choose all that apply. Your tutor checks the mapping when they assess it.",
    )
    placement = forms.ModelChoiceField(Placement.objects.none(), required=False, label="Placement (optional)")

    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        criteria: QuerySet[Criterion],
        placements: QuerySet[Placement],
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        choose_from(self, "criteria", criteria)
        choose_from(
            self,
            "placement",
            placements,
            label=lambda p: (
                f"Block {p.block_number}: {p.setting.name} ({p.start_date:%d %b %Y} to {p.end_date:%d %b %Y})"
            ),
        )


class ReplaceForm(forms.Form):
    upload = forms.FileField(label="Redacted file", required=False, help_text="PDF, Word (.docx), JPG or PNG.")
    reflection = forms.CharField(label="Or the corrected account", widget=forms.Textarea, required=False)
    image_confirmed = forms.BooleanField(
        label="This picture or scanned page shows no patients, patient records or anyone's personal details",
        required=False,
    )


class TestimonialRequestForm(forms.Form):
    author = forms.ModelChoiceField(Person.objects.none(), label="Who should write it?")
    behaviours = CriterionChoice(Criterion.objects.none(), label="Which behaviours?")

    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        authors: QuerySet[Person],
        behaviours: QuerySet[Criterion],
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        choose_from(self, "author", authors, label=lambda p: p.display_name)
        choose_from(self, "behaviours", behaviours)
        self.fields["behaviours"].initial = list(behaviours.values_list("pk", flat=True))


class TestimonialForm(forms.Form):
    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        behaviours: list[Criterion],
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        for b in behaviours:
            self.fields[f"b_{b.code}"] = forms.CharField(
                label=f"{b.code}: {b.text}",
                widget=forms.Textarea,
                max_length=4000,
                help_text="What you saw the apprentice do. No patient or personal details.",
            )


class ExpectedLearningForm(forms.Form):
    criteria = CriterionChoice(Criterion.objects.none(), label="Criteria to cover at this placement", required=False)
    notes = forms.CharField(
        label="Notes for the host",
        widget=forms.Textarea,
        required=False,
        max_length=4000,
        help_text="Tasks that would give good evidence. No personal details.",
    )

    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        criteria: QuerySet[Criterion],
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        choose_from(self, "criteria", criteria)


class ReviewForm(forms.Form):
    held_on = forms.DateField(label="Held on", widget=DateInput)
    progress = forms.CharField(label="Progress since the last review", widget=forms.Textarea, max_length=8000)
    actions = forms.CharField(label="Actions agreed before the next review", widget=forms.Textarea, max_length=4000)


class UnitChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Unit) -> str:
        credits = f" ({obj.credits} credits, group {obj.group})" if obj.credits else ""
        return f"{obj.qualification.title}: {obj.code} {obj.title}{credits}"


class UnitsForm(forms.Form):
    units = UnitChoice(Unit.objects.none(), label="Units or standards signed off")
    achieved_on = forms.DateField(label="Achieved on", widget=DateInput)

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, units: QuerySet[Unit], **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        choose_from(self, "units", units)
        self.fields["achieved_on"].initial = timezone.localdate()


class PriorQualificationForm(forms.Form):
    qualification = forms.ModelChoiceField(Qualification.objects.none(), label="Qualification already held")
    achieved_on = forms.DateField(label="Achieved on", widget=DateInput)
    evidence = forms.CharField(
        label="Evidence you saw",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: certificate from Oakwood Care Homes dated 4 March 2024, copy on file. "
        "No patient details.",
    )

    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        qualifications: QuerySet[Qualification],
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        choose_from(self, "qualification", qualifications)


class GatewayForm(forms.Form):
    on = forms.DateField(label="Passed through the gateway on", widget=DateInput)
