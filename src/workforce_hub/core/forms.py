"""Form helpers shared by the apps: NHS.UK-friendly widgets and list fields stored as JSON."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any, TypedDict

from django import forms
from django.db.models import Model, QuerySet
from django.db.models.functions import Lower
from django.utils.datastructures import MultiValueDict

#: What a page posts to a form (`request.POST or None`) and the files with it (`request.FILES or None`).
FormData = Mapping[str, Any] | None
FormFiles = MultiValueDict[str, Any] | None


class FormOptions(TypedDict, total=False):
    """The keyword arguments the Hub passes through to a form's constructor."""

    initial: MutableMapping[str, Any] | None
    prefix: str


class ModelFormOptions(FormOptions, total=False):
    """The same for a model form, which may also change an existing object."""

    instance: Model | None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class LinesField(forms.CharField):
    """A list of short texts edited as one line each."""

    widget = forms.Textarea

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list):
            return [str(v).strip() for v in value if str(v).strip()]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)


def form_data(form: forms.BaseForm, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k not in exclude}


def choose_from(
    form: forms.BaseForm,
    name: str,
    queryset: QuerySet[Any],
    *,
    label: Callable[[Any], str] | None = None,
) -> None:
    """Limit a model-choice field to `queryset` (and, optionally, say how each choice reads)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model-choice field.")
    field.queryset = queryset
    if label is not None:
        # Django documents replacing label_from_instance per field; the stubs see a method.
        field.label_from_instance = label  # type: ignore[method-assign,assignment]


#: a list of people longer than this is not offered as a drop-down or as checkboxes (an integrated care system has
#: 100,000 staff: a page of them all is megabytes that nobody can scroll); people are then found by e-mail address
PICK_LIMIT = 200


def _emails_of(values: Any, queryset: QuerySet[Any]) -> list[str]:
    """People (or their ids) as their e-mail addresses, in order, with one query for the ids; what someone typed
    stays as it was typed."""
    values = list(values)
    ids = [v for v in values if isinstance(v, int) or (isinstance(v, str) and v.isdigit())]
    by_id = {str(pk): email for pk, email in queryset.filter(pk__in=ids).values_list("pk", "email")} if ids else {}
    out = []
    for v in values:
        if isinstance(v, Model):
            out.append(str(getattr(v, "email", "") or ""))
        elif v in ids:
            out.append(str(by_id.get(str(v), "")))
        elif v is not None:
            out.append(str(v))
    return out


def _offered(field: forms.ModelChoiceField) -> QuerySet[Any]:  # type: ignore[type-arg]
    if field.queryset is None:
        raise TypeError(f"{field.label} has no queryset to find people in.")
    return field.queryset


def _find_by_address(queryset: QuerySet[Any], typed: list[str]) -> list[Any]:
    """The one person among `queryset` with each address typed (any case), in the order typed; an error naming
    the addresses nobody has, or one that two people share (never a guess between them)."""
    found: dict[str, list[Any]] = {}
    for person in queryset.annotate(lower_email=Lower("email")).filter(lower_email__in=[t.lower() for t in typed]):
        found.setdefault(person.lower_email, []).append(person)
    missing = [t for t in typed if t.lower() not in found]
    if missing:
        raise forms.ValidationError(
            f"No one you can choose here has the e-mail address {missing[0]}"
            if len(missing) == 1
            else f"No one you can choose here has these e-mail addresses: {', '.join(missing)}"
        )
    shared = [t for t in typed if len(found[t.lower()]) > 1]
    if shared:
        raise forms.ValidationError(
            f"More than one person here has the e-mail address {shared[0]}: ask a partnership admin to correct it"
        )
    return [found[t.lower()][0] for t in typed]


class PersonByEmailField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """One person among `queryset`, found by the e-mail address typed (any case)."""

    widget = forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"})

    def prepare_value(self, value: Any) -> Any:
        return "".join(_emails_of([value], _offered(self)))

    def to_python(self, value: Any) -> Any:
        text = str(value or "").strip()
        if not text:
            return None
        if "@" not in text:
            raise forms.ValidationError("Enter an e-mail address, like name@example.nhs.uk")
        return _find_by_address(_offered(self), [text])[0]


class PeopleByEmailField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Several people among `queryset`, found by the e-mail addresses typed, one a line (or separated by commas)."""

    widget = forms.Textarea(attrs={"spellcheck": "false"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return value
        return "\n".join(_emails_of(value or (), _offered(self)))

    def clean(self, value: Any) -> Any:
        text = " ".join(value) if isinstance(value, list | tuple) else str(value or "")
        typed = list(dict.fromkeys(t.strip() for t in text.replace(",", " ").split() if t.strip()))
        if not typed:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return _offered(self).none()
        return _offered(self).filter(pk__in=[p.pk for p in _find_by_address(_offered(self), typed)])


def choose_person(
    form: forms.BaseForm,
    name: str,
    queryset: QuerySet[Any],
    *,
    label: Callable[[Any], str] | None = None,
) -> None:
    """`choose_from` for a list of people: a drop-down (or checkboxes) while there are at most `PICK_LIMIT` of them,
    otherwise a box for their e-mail address (addresses, for several), with the same label and what was chosen."""
    if len(queryset.values("pk")[: PICK_LIMIT + 1]) <= PICK_LIMIT:
        choose_from(form, name, queryset, label=label)
        return
    old = form.fields[name]
    several = isinstance(old, forms.ModelMultipleChoiceField)
    field_class = PeopleByEmailField if several else PersonByEmailField
    hint = (
        "Their e-mail addresses, one a line: there are too many people here to list."
        if several
        else "Their e-mail address: there are too many people here to list."
    )
    form.fields[name] = field_class(
        queryset,
        required=old.required,
        label=old.label,
        initial=old.initial,
        help_text=" ".join(t for t in (str(old.help_text or ""), hint) if t),
        error_messages={"required": "Enter at least one e-mail address" if several else "Enter an e-mail address"},
    )


def set_choices(form: forms.BaseForm, name: str, choices: Sequence[tuple[str, str]]) -> None:
    """Replace a choice field's choices."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field.")
    field.choices = choices
