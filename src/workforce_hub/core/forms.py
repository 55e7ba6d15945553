"""Form helpers shared by the apps: NHS.UK-friendly widgets and list fields stored as JSON."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any, TypedDict

from django import forms
from django.db.models import Model, QuerySet
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


def set_choices(form: forms.BaseForm, name: str, choices: Sequence[tuple[str, str]]) -> None:
    """Replace a choice field's choices."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field.")
    field.choices = choices
