"""Small helpers shared by the HTML views: pagination, form error handling, the member-only decorator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cached_property, wraps
from typing import TYPE_CHECKING, Any, Protocol

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import url_has_allowed_host_and_scheme

from .access import viewer_for

if TYPE_CHECKING:
    from typing_extensions import TypeIs  # in `typing` from Python 3.13

PAGE_SIZE = 25


class Linked(Protocol):
    """A record with a page of its own."""

    def get_absolute_url(self) -> str: ...


#: the largest id a database column holds (a signed 64-bit integer)
LARGEST_ID = 2**63 - 1


def next_url(request: HttpRequest, fallback: str) -> str:
    """The page a form asked to go back to (its `next` field), when it is a page of this site; `fallback` for
    anything else, so a crafted form cannot send someone to another site."""
    wanted = request.POST.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if wanted and safe else fallback


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


def posted(form: BaseForm | None, request: HttpRequest) -> TypeIs[BaseForm]:
    """A POST whose form passes its own checks, for a form inside a larger page (`FormPage` is for a page that is
    only a form). A POST to a page that offers this person no form (`form` is None) is refused with a 404."""
    if form is None:
        if request.method == "POST":
            raise Http404("Not found")
        return False
    return request.method == "POST" and form.is_valid()


@contextmanager
def refusals(form: BaseForm) -> Iterator[None]:
    """A service's ValidationError inside the block lands on the form's fields, so the page shows it again with
    what was typed."""
    try:
        yield
    except ValidationError as exc:
        apply_validation_error(form, exc)


@contextmanager
def button_refusals(request: HttpRequest) -> Iterator[None]:
    """For a button with no form: a service's ValidationError inside the block becomes error messages (each
    reason one), shown on the page the view goes back to."""
    try:
        yield
    except ValidationError as exc:
        message_errors(request, exc)


class FormPage:
    """The create-or-change page every app uses: GET shows the form; a POST that passes the form's own checks goes to
    one service, called by the view itself; the service's refusal (a ValidationError) is shown on the fields it
    names, so nothing typed is lost. The view reads top to bottom (ADR 0028)::

        page = FormPage(request, SchemeForm(request.POST or None), title="Create a scheme", back="/schemes/")
        if page.valid():
            with page.refusals():
                scheme = services.scheme_create(partnership=partnership, data=page.data, actor=request.user)
                return page.done(scheme, f"{scheme.name} has been created.")
        return page.render()

    `delete_label` adds a second button that posts `delete` to the same page (the view handles it first)."""

    template_name = "core/form_page.jinja"
    #: what a change page says once saved
    SAVED = "Your changes have been saved."

    def __init__(
        self,
        request: HttpRequest,
        form: BaseForm,
        *,
        title: str,
        back: str,
        submit: str = "Save",
        delete_label: str = "",
    ) -> None:
        self.request = request
        self.form = form
        self.title = title
        self.back = back
        self.submit = submit
        self.delete_label = delete_label

    @classmethod
    def add_or_change(
        cls, request: HttpRequest, form: BaseForm, instance: Linked | None, *, noun: str, back: str, add_title: str = ""
    ) -> FormPage:
        """The add page when `instance` is None (going back to `back`), else its change page (back to the record)."""
        submit = f"Save {noun}"
        if instance is None:
            return cls(request, form, title=add_title or f"Add a {noun}", back=back, submit=submit)
        return cls(request, form, title=f"Change {instance}", back=instance.get_absolute_url(), submit=submit)

    def valid(self) -> bool:
        """A POST whose form passes its own checks: the view may now call its service with `data`."""
        return posted(self.form, self.request)

    @cached_property
    def data(self) -> dict[str, Any]:
        """The form's cleaned data, copied once per request (the form's own stays as it was)."""
        from .forms import form_data

        return form_data(self.form)

    def refusals(self) -> AbstractContextManager[None]:
        """A service's ValidationError inside the block lands on the form, which `render` then shows again."""
        return refusals(self.form)

    def done(self, saved: Linked, message: str) -> HttpResponse:
        """Say what happened and go to the page of what was saved."""
        from django.contrib import messages
        from django.shortcuts import redirect

        messages.success(self.request, message)
        return redirect(saved.get_absolute_url())

    def render(self) -> HttpResponse:
        from django.shortcuts import render

        context = {
            "form": self.form,
            "title": self.title,
            "back": self.back,
            "submit": self.submit,
            "delete_label": self.delete_label,
        }
        return render(self.request, self.template_name, context)


def message_errors(request: HttpRequest, exc: ValidationError) -> None:
    """A service's refusal on a page with no form (a button): each reason becomes an error message."""
    from django.contrib import messages

    for message in exc.messages:
        messages.error(request, message)
