"""Small helpers shared by the HTML views: pagination, form error handling, the member-only decorator."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Protocol

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from .access import viewer_for

PAGE_SIZE = 25


class Linked(Protocol):
    """A record with a page of its own."""

    def get_absolute_url(self) -> str: ...


#: the largest id a database column holds (a signed 64-bit integer)
LARGEST_ID = 2**63 - 1


def id_param(value: str | None) -> int | None:
    """An id from a query string, or None when it is not one: not plain digits 0-9, zero, or too large for the
    database (SQLite stops at a signed 64-bit integer and would fail the request)."""
    if not value or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= LARGEST_ID else None


def paginate(request: HttpRequest, items: Any, per_page: int = PAGE_SIZE, *, param: str = "page") -> Page:
    """The page of `items` that the query parameter `param` asks for (the last if past the end, the first if not a
    number); several lists on one page each take their own parameter."""
    return Paginator(items, per_page).get_page(request.GET.get(param))


def member_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Logged in and a member of a partnership; anyone else gets a 404 for partnership pages."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if viewer_for(request.user).is_anonymous:
            raise Http404("Not found")
        return view(request, *args, **kwargs)

    return wrapper


def apply_validation_error(form: BaseForm, exc: ValidationError) -> None:
    """Show a service's validation error on the form, on the field it names where possible."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error.messages[0] if hasattr(error, "messages") else str(error))
    else:
        for message in exc.messages:
            form.add_error(None, message)


def form_page(
    request: HttpRequest,
    form: BaseForm,
    *,
    save: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    title: str,
    back: str,
    submit: str = "Save",
    delete_label: str = "",
) -> HttpResponse:
    """The create-or-change page every app uses: validate, call the service, explain its errors on the form.
    `delete_label` adds a second button that posts `delete` to the same page (the view handles it first).

    `save` receives the cleaned data and returns the saved object (redirected to on success). A service's
    ValidationError lands on the fields it names, so nothing typed is lost.
    """
    from django.contrib import messages
    from django.shortcuts import redirect, render

    from .forms import form_data

    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form_data(form))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, success(obj) if callable(success) else success)
            return redirect(obj.get_absolute_url())
    return render(
        request,
        "core/form_page.jinja",
        {"form": form, "title": title, "back": back, "submit": submit, "delete_label": delete_label},
    )


def message_errors(request: HttpRequest, exc: ValidationError) -> None:
    """A service's refusal on a page with no form (a button): each reason becomes an error message."""
    from django.contrib import messages

    for message in exc.messages:
        messages.error(request, message)


def add_or_change_page[M: Linked](
    request: HttpRequest,
    form: BaseForm,
    instance: M | None,
    *,
    noun: str,
    back: str,
    create: Callable[[dict[str, Any]], M],
    update: Callable[[M, dict[str, Any]], M],
    created: Callable[[M], str],
    add_title: str = "",
) -> HttpResponse:
    """The add page when `instance` is None, else its change page: both `form_page`, with the services to call
    (`update` gets the object and the cleaned data; both services return the object saved)."""
    submit = f"Save {noun}"
    if instance is None:
        return form_page(
            request, form, title=add_title or f"Add a {noun}", back=back, submit=submit, save=create, success=created
        )
    return form_page(
        request,
        form,
        title=f"Change {instance}",
        back=instance.get_absolute_url(),
        submit=submit,
        save=lambda data: update(instance, data),
        success="Your changes have been saved.",
    )
