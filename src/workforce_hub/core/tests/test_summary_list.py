"""The summary-list macro every page uses: text is escaped, markup a template made stays markup, a row given as
None is left out, and a change link reads its row's key to screen readers."""

from __future__ import annotations

import re

from django.template import engines
from markupsafe import Markup

from conftest import summary_of
from workforce_hub.core.template_helpers import summary_rows


def test_rows_left_out_markup_kept_and_a_change_link_named_by_its_key() -> None:
    rows = summary_rows(
        [("Name", "<b>Ann</b>"), None, ("Ward", Markup("<a href='/w'>Ward 7</a>"), ("/change", "Change"))]
    )
    assert rows == [
        {"key": {"text": "Name"}, "value": {"text": "<b>Ann</b>"}},
        {
            "key": {"text": "Ward"},
            "value": {"html": Markup("<a href='/w'>Ward 7</a>")},
            "actions": {"items": [{"href": "/change", "text": "Change", "visuallyHiddenText": "Ward"}]},
        },
    ]
    assert summary_rows([("Key", "value", None)]) == [{"key": {"text": "Key"}, "value": {"text": "value"}}]
    named = summary_rows([("Q1", "Yes", ("/q1", "Change", "your answer to: Q1"))])[0]["actions"]["items"][0]
    assert named["visuallyHiddenText"] == "your answer to: Q1"
    assert summary_rows([("Term", "Meaning", None, "term-7")])[0]["id"] == "term-7"  # a link's #anchor


def test_the_macro_renders_the_nhs_component() -> None:
    template = engines["jinja2"].from_string(
        '{% from "includes/ui.jinja" import summary_list %}'
        '{{ summary_list([("Shown", "<i>typed</i>"), ("Hidden", "x") if hide_me else None, ("Linked", "y", ("/go", "Change"))]) }}'
    )
    page = template.render({"hide_me": False})
    assert summary_of(page) == {"Shown": "<i>typed</i>", "Linked": "y"}  # (summary_of reads the text back)
    assert "&lt;i&gt;typed&lt;/i&gt;" in page and "<i>typed</i>" not in page and "Hidden" not in page
    assert re.search(r'href="/go"\s*>Change<span class="nhsuk-u-visually-hidden"> Linked</span></a>', page)
