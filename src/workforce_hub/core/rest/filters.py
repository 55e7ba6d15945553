"""The API's filter backend: django-filter's, with every id filter checked for a number the database can hold.

A query string such as `?funders=99999999999999999999999` would otherwise reach the database and fail the request
on SQLite (a signed 64-bit integer is the most it binds); now it is a 400 that names the filter."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from workforce_hub.core.web import LARGEST_ID

_NUMERIC = (filters.ModelChoiceFilter, filters.ModelMultipleChoiceFilter, filters.NumberFilter)


class HubFilterBackend(DjangoFilterBackend):
    def get_filterset(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            for name, declared in filterset.filters.items():
                if not isinstance(declared, _NUMERIC):
                    continue
                for value in request.query_params.getlist(name):
                    digits = value.strip().removeprefix("-")
                    if digits.isascii() and digits.isdigit() and int(digits) > LARGEST_ID:
                        raise ValidationError(
                            {name: [f"“{value[:30]}” is not a valid choice: the number is too large."]}
                        )
        return filterset
