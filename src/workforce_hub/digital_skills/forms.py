from __future__ import annotations

from typing import Unpack

from django import forms

from workforce_hub.core.forms import (
    FormData,
    FormFiles,
    ModelFormOptions,
    set_choices,
)

from .models import Framework, LearningResource


def domain_choices(framework: Framework) -> list[tuple[str, str]]:
    return [(d.code, d.name) for d in framework.domains.order_by("order")]


class DomainModelForm(forms.ModelForm):
    """A model form with a `domain_code` chosen from the current framework's areas."""

    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        framework: Framework,
        **kwargs: Unpack[ModelFormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        set_choices(self, "domain_code", domain_choices(framework))


class LearningResourceForm(DomainModelForm):
    domain_code = forms.ChoiceField(label="Area")
    level = forms.TypedChoiceField(
        label="Level it suits", choices=[(1, "Getting started"), (2, "Developing")], coerce=int
    )

    class Meta:
        model = LearningResource
        fields = ["title", "url", "domain_code", "level", "duration_minutes", "format"]
        labels = {"url": "Link", "duration_minutes": "How long it takes, in minutes"}

    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        framework: Framework,
        **kwargs: Unpack[ModelFormOptions],
    ) -> None:
        super().__init__(data, files, framework=framework, **kwargs)
