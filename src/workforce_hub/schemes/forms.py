from __future__ import annotations

from typing import Any, Unpack

from django import forms

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
from workforce_hub.core.roles import Role
from workforce_hub.organisations.models import Organisation, SettingType, ShiftPattern
from workforce_hub.people.models import Person

from .models import (
    PATTERN_FIELDS,
    WEEKDAY_CHOICES,
    Cohort,
    EnrolmentPattern,
    EnrolmentStatus,
    LeavingReason,
    PlannedAbsence,
    Scheme,
)


class SchemeForm(forms.ModelForm):
    required_setting_types = forms.MultipleChoiceField(
        choices=SettingType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Setting types every apprentice must experience",
    )
    allowed_setting_types = forms.MultipleChoiceField(
        choices=SettingType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Setting types apprentices may be placed in",
        help_text="Leave all unticked to allow any type.",
    )

    class Meta:
        model = Scheme
        fields = [
            "name",
            "description",
            "funders",
            "exempt_partners",
            "funding_share",
            "annual_cost",
            "training_cost_per_person",
            "qualification_cost_per_person",
            "block_count",
            "block_weeks",
            "first_block_with_employer",
            "last_block_sector",
            "no_repeat_type",
            "required_setting_types",
            "allowed_setting_types",
            "max_travel_minutes",
            "minimum_notice_weeks",
            "testimonial_weeks_after",
            "is_active",
        ]
        widgets = {"funders": forms.CheckboxSelectMultiple, "exempt_partners": forms.CheckboxSelectMultiple}
        help_texts = {"max_travel_minutes": "Leave empty for no limit."}

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, partnership_id: int, **kwargs: Unpack[ModelFormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        for name in ("funders", "exempt_partners"):
            choose_from(self, name, Organisation.objects.filter(partnership_id=partnership_id))
            self.fields[name].required = False


PATTERN_WIDGETS = {"training_day_frequency": forms.RadioSelect, "learning_week": forms.RadioSelect}


class PatternFormMixin(forms.ModelForm):
    """The working week's fields: days at the host as tick boxes, the rest as the model gives them."""

    host_days = forms.MultipleChoiceField(
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        label="Days at the host",
        help_text="The days of the week the apprentice works at their placement. With a learning day every other "
        "week, tick that day too if they are at the host on it in the other weeks.",
    )


class CohortForm(PatternFormMixin):
    class Meta:
        model = Cohort
        fields = [
            "name",
            "employer",
            "training_provider",
            "start_date",
            "end_date",
            "contracted_hours",
            *PATTERN_FIELDS,
            "weekly_pattern",
            "coordinator",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), **PATTERN_WIDGETS}

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, partnership_id: int, **kwargs: Unpack[ModelFormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        orgs = Organisation.objects.filter(partnership_id=partnership_id, is_active=True)
        choose_from(self, "employer", orgs)
        choose_from(
            self,
            "training_provider",
            orgs.filter(org_type__in=[Organisation.Type.TRAINING_PROVIDER, Organisation.Type.TRAINING_HUB]),
        )
        choose_from(
            self,
            "coordinator",
            Person.objects.filter(partnership_id=partnership_id, memberships__role=Role.COORDINATOR).distinct(),
        )
        self.fields["coordinator"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start_date") and data.get("end_date") and data["end_date"] <= data["start_date"]:
            self.add_error("end_date", "The end date must be after the start date.")
        return data


class EnrolmentPatternForm(PatternFormMixin):
    class Meta:
        model = EnrolmentPattern
        fields = list(PATTERN_FIELDS)
        widgets = PATTERN_WIDGETS


class EnrolForm(forms.Form):
    apprentice = forms.ModelChoiceField(queryset=Person.objects.none(), help_text="People with the apprentice role.")
    line_manager = forms.ModelChoiceField(queryset=Person.objects.none(), required=False, label="Employer line manager")
    status = forms.ChoiceField(
        choices=[(s, EnrolmentStatus(s).label) for s in ("applied", "offered", "started")], initial="applied"
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="For example: offer accepted on 2 August."
    )

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, cohort: Cohort, **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        pid = cohort.scheme.partnership_id
        choose_person(
            self,
            "apprentice",
            (
                Person.objects.filter(partnership_id=pid, memberships__role=Role.APPRENTICE, is_active=True)
                .exclude(enrolments__cohort=cohort)
                .distinct()
            ),
        )
        choose_person(
            self,
            "line_manager",
            Person.objects.filter(
                partnership_id=pid, memberships__role=Role.LINE_MANAGER, memberships__organisation=cohort.employer
            ).distinct(),
        )


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label="New status", choices=[], error_messages={"required": "Choose the new status"})
    effective_on = forms.DateField(
        label="Date of the change",
        widget=DateInput(),
        error_messages={"required": "Enter the date of the change", "invalid": "Enter a real date, like 31 3 2027"},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason for the change",
        error_messages={"required": "Enter the reason for the change"},
    )
    leaving_reason = forms.ChoiceField(
        label="Main reason for leaving (needed when withdrawing)",
        choices=[("", "Not leaving"), *LeavingReason.choices],
        required=False,
        help_text="The scheme report counts leavers by this reason. Write the details above.",
    )

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, allowed: list[str], **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        # nothing chosen for the coordinator: a status is a decision, not a default
        set_choices(
            self, "to_status", [("", "Choose the new status"), *((s, EnrolmentStatus(s).label) for s in allowed)]
        )


class LeavingReasonCorrectionForm(forms.Form):
    leaving_reason = forms.ChoiceField(
        label="The right reason for leaving",
        choices=[("", "Choose the reason"), *LeavingReason.choices],
        error_messages={"required": "Choose the right reason for leaving"},
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why the recorded reason was wrong",
        error_messages={"required": "Say why the recorded reason was wrong"},
        help_text="Kept with the correction. The original reason stays in the history.",
    )


class PlanningNeedsForm(forms.Form):
    """What the planner should know. The apprentice sees only the setting types they would like."""

    preferred_setting_types = forms.MultipleChoiceField(
        label="Setting types they would like",
        choices=SettingType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The planner tries to include these. It cannot promise them: places and the scheme's rules come "
        "first.",
    )
    allowed_shifts = forms.MultipleChoiceField(
        label="Shift patterns they can work",
        choices=ShiftPattern.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick every pattern they can work, for example only days for someone whose childcare fits office "
        "hours. Tick none if any pattern suits them.",
    )

    def __init__(
        self, data: FormData = None, files: FormFiles = None, *, own: bool, **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        if own:
            del self.fields["allowed_shifts"]
            self.fields["preferred_setting_types"].label = "Setting types you would like"


class PlannedAbsenceForm(forms.ModelForm):
    class Meta:
        model = PlannedAbsence
        fields = ["reason", "start_date", "planned_return"]
        widgets = {"start_date": DateInput(), "planned_return": DateInput()}
        labels = {"reason": "Why they will be away"}
        help_texts = {
            "reason": "Shown only to coordinators and the apprentice.",
            "planned_return": "The first day back. The planner leaves empty any block they are away for half of or "
            "more.",
        }


class HostAgreementTemplateForm(forms.Form):
    host_commits = forms.CharField(
        label="What the host commits to",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="For example: a named mentor and a single point of contact for each apprentice; supernumerary "
        "status; system access from the first day; an appraisal at the end of each placement.",
    )
    partnership_provides = forms.CharField(
        label="What the partnership provides",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="For example: at least six weeks' notice of each placement; a briefing pack; the coordinator's "
        "support; the apprentice's salary costs.",
    )
