"""The shared `simple_table` macro writes the NHS.UK table component's markup itself (`template_helpers.table_html`).
These tests hold it to the component's own macro: the same elements, attributes and text, on generated tables."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.template import engines
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from workforce_hub.core.template_helpers import _content, table_html


def _by_the_component(
    caption: object,
    headers: list[object],
    rows: list[list[object]],
    show: bool,
    numeric: tuple[int, ...],
    responsive: bool,
) -> str:
    """The table as the NHS.UK macro renders it, with the parameters `simple_table` gave it before."""
    head = [{**_content(h), **({"format": "numeric"} if i in numeric else {})} for i, h in enumerate(headers)]
    cells = [
        [{**_content(v), **({"format": "numeric"} if i in numeric else {})} for i, v in enumerate(r)] for r in rows
    ]
    if responsive:
        for row in cells:
            for cell, header in zip(row, headers, strict=False):
                cell["header"] = str(header)
    template = engines["jinja2"].env.from_string(
        '{% from "nhsuk/components/tables/macro.jinja" import table %}{{ table(params) }}'
    )
    shown = {"text": caption} if show else {"text": caption, "classes": "nhsuk-u-visually-hidden"}
    return template.render(params={"caption": shown, "head": head, "rows": cells, "responsive": responsive})


class _Events(HTMLParser):
    """Tags with their attributes, and text with its white space collapsed (the macro adds blank lines)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[Any] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("<", tag, sorted(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append((">", tag))

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text:
            if self.events and self.events[-1][0] == "text":
                self.events[-1] = ("text", f"{self.events[-1][1]} {text}")
            else:
                self.events.append(("text", text))


def events(page: str) -> list[Any]:
    parser = _Events()
    parser.feed(page)
    return parser.events


texts = st.one_of(
    st.none(),
    st.integers(-5, 5000),
    st.text(alphabet="ab <>&\"'\n", max_size=8),
    st.sampled_from(["Status", "Ward 7", "  spaced  "]),
)
markup = st.sampled_from(
    [Markup("<a href='/x'>Open</a>"), Markup("<strong class='nhsuk-tag'>Late</strong>"), Markup(""), Markup("  ")]
)


@st.composite
def tables(draw: st.DrawFn) -> tuple[Any, ...]:
    width = draw(st.integers(1, 4))
    headers = draw(
        st.lists(st.one_of(st.text(alphabet="ab &<", min_size=1, max_size=6), markup), min_size=width, max_size=width)
    )
    rows = draw(st.lists(st.lists(st.one_of(texts, markup), min_size=width, max_size=width), max_size=4))
    caption = draw(st.one_of(st.just(""), st.text(alphabet="Cap &<", min_size=1, max_size=8)))
    numeric = tuple(i for i in range(width) if draw(st.booleans()))
    return caption, headers, rows, draw(st.booleans()), numeric, draw(st.booleans())


@settings(max_examples=150, deadline=None)
@given(tables())
def test_the_same_table_as_the_nhs_component(table: tuple[Any, ...]) -> None:
    assert events(str(table_html(*table))) == events(_by_the_component(*table))


def test_a_responsive_table_names_each_cell_by_its_column() -> None:
    page = str(table_html("People", ["Name", "Hours"], [["Ann <A>", 7]], numeric=(1,), responsive=True))
    assert page.startswith('<table class="nhsuk-table nhsuk-table--responsive" role="table">')
    assert '<caption class="nhsuk-table__caption nhsuk-u-visually-hidden">People</caption>' in page
    assert (
        '<th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col" role="columnheader">Hours</th>'
        in page
    )
    assert (
        '<td class="nhsuk-table__cell" role="cell"><span class="nhsuk-table__heading" aria-hidden="true">Name </span>'
        "Ann &lt;A&gt;</td>"
    ) in page


def test_text_is_escaped_and_markup_kept() -> None:
    page = str(table_html("", ["<b>head</b>", Markup("<i>ok</i>")], [["<script>", Markup("<a href='/y'>y</a>")]]))
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert "&lt;b&gt;head&lt;/b&gt;" in page and "<i>ok</i>" in page and "<a href='/y'>y</a>" in page
    assert "<caption" not in page  # no caption given, none written


def test_every_simple_table_goes_through_it() -> None:
    template = engines["jinja2"].from_string(
        '{% from "includes/ui.jinja" import simple_table %}{{ simple_table("Cap", ["A"], [["x"]], show_caption=True) }}'
    )
    assert template.render({}).strip() == str(table_html("Cap", ["A"], [["x"]], show_caption=True))
