"""Jinja2 environment: NHS.UK frontend macros, Django helpers, ChainableUndefined as the macros need."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import json_script
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader
from markupsafe import Markup

from workforce_hub.core import template_helpers
from workforce_hub.core.text import days_text, lower_first


def _url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def _datetime(value: datetime | None) -> str:
    """A moment in UK time, as people write it: 3 March 2026 at 14:05."""
    from django.utils import timezone

    if not value:
        return ""
    return f"{timezone.localtime(value):%-d %B %Y at %H:%M}"


def _linebreaksbr(value: object) -> Markup:
    """Escape the text, then keep its line breaks."""
    from markupsafe import escape

    lines = [str(escape(line)) for line in str(value or "").splitlines()]
    # Every line is escaped above (bandit B704).
    return Markup("<br>".join(lines))  # noqa: S704  # nosec B704


def _date(value: date | datetime | str | None, fmt: str = "j F Y") -> str:
    if not value:
        return ""
    return date_format(value, fmt)


def _tags(env: Environment) -> Any:
    """The NHS.UK tag macro's output for a text and a colour, rendered by the macro once per pair and then reused:
    a plan grid has hundreds of tags of a dozen kinds, and the macro cost more than the rest of the grid."""
    from functools import lru_cache

    from markupsafe import Markup

    macro = env.from_string('{% from "nhsuk/components/tag/macro.jinja" import tag %}{{ tag(params) | trim }}')

    @lru_cache(maxsize=4096)
    def render(text: str, safe: bool, colour: str) -> Markup:
        # The text was Markup already (bandit B704).
        params: dict[str, Any] = {"text": Markup(text) if safe else text}  # noqa: S704  # nosec B704
        if colour:
            params["classes"] = f"nhsuk-tag--{colour}"
        # The macro escapes the text: autoescape is on (bandit B704).
        return Markup(macro.render(params=params))  # noqa: S704  # nosec B704

    def tag(text: object, colour: str = "") -> Markup:
        return render(str(text), isinstance(text, Markup), colour or "")

    return tag


def environment(**options: Any) -> Environment:
    loader = options.pop("loader", None)
    options["undefined"] = ChainableUndefined
    options.pop("autoescape", None)
    options["extensions"] = ["jinja2.ext.do", "jinja2.ext.loopcontrols"]
    env = Environment(autoescape=True, **options)
    env.loader = (
        ChoiceLoader([loader, PackageLoader("nhsuk_frontend_jinja")])
        if loader
        else PackageLoader("nhsuk_frontend_jinja")
    )
    env.globals.update(
        static=static,
        url=_url,
        csrf_token=get_token,
        get_messages=messages.get_messages,
        settings_debug=settings.DEBUG,
        field_params=template_helpers.field_params,
        error_summary_items=template_helpers.error_summary_items,
        querystring=template_helpers.querystring,
        nav_items=template_helpers.nav_items,
        identity_providers=template_helpers.identity_providers,
        _table=template_helpers.table_html,
        _summary_rows=template_helpers.summary_rows,
    )
    env.globals["_tag"] = _tags(env)
    env.filters.update(
        json_script=json_script,
        date=_date,
        datetime=_datetime,
        linebreaksbr=_linebreaksbr,
        yesno=template_helpers.yesno,
        humanise=template_helpers.humanise,
        lower_first=lower_first,
        days=days_text,
    )
    return env
