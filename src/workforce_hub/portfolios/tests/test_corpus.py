"""Crafted uploads that hide an NHS number behind a separator or in a part of a Word document: every one must be
flagged (the corpus is built by `corpus/make_corpus.py`); and generated separators and placements (hypothesis)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workforce_hub.portfolios import extract, files, screening
from workforce_hub.portfolios.tests.corpus.make_corpus import BODY_PLACES, docx_with, para, run

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.*[xf]"))
NUMBER = "9434765919"  # valid by modulus 11, made up


def test_the_corpus_is_there() -> None:
    assert len(CORPUS) >= 35
    assert {p.suffix for p in CORPUS} == {".docx", ".pdf"}


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_crafted_file_is_flagged(path: Path) -> None:
    checked = files.check_upload(path.name, path.read_bytes())
    found = screening.scan_places(files.extract_text(checked.content, checked.extension))
    assert "nhs_number" in {f.kind for f in found}, path.name
    assert all(NUMBER not in f.masked for f in found)


SEPARATORS = st.text(
    alphabet=" \t\u00a0\u2007\u2009\u200a\u202f\u3000\u200b\u2060\ufeff\u00ad-\u2010\u2011\u2012\u2013\u2014\u2212/.",
    min_size=0,
    max_size=3,
)
GROUPINGS = st.sampled_from([(3, 3, 4), (10,), (2, 4, 4), (5, 5), (4, 3, 3), (1,) * 10, (3, 7)])


def _written(grouping: tuple[int, ...], gaps: list[str]) -> str:
    out, at = "", 0
    for i, size in enumerate(grouping):
        out += NUMBER[at : at + size] + (gaps[i] if i < len(grouping) - 1 else "")
        at += size
    return out


@settings(max_examples=300, deadline=None)
@given(GROUPINGS, st.lists(SEPARATORS, min_size=9, max_size=9), st.sampled_from(["Ref ", "(", "NHS:", "no."]))
def test_any_separators_between_any_groups_are_seen_through(
    grouping: tuple[int, ...], gaps: list[str], before: str
) -> None:
    text = f"Seen today, {before}{_written(grouping, gaps)} in clinic."
    assert "nhs_number" in {f.kind for f in screening.scan_text(text, "line 1")}, repr(text)


PLACES = st.sampled_from(["body", "header", "footer", "footnotes", "comments", "table", "text box", "control"])


def _docx_hiding(text: str, place: str) -> bytes:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = {
        "body": para(run(text)),
        "table": f"<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc>{para(run(text))}</w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>",
        "text box": BODY_PLACES["text-box"].replace("943 476 5919", text),
        "control": f"<w:sdt><w:sdtContent>{para(run(text))}</w:sdtContent></w:sdt>",
    }
    if place in body:
        return docx_with(body=body[place])
    root = {"header": "w:hdr", "footer": "w:ftr", "footnotes": "w:footnotes", "comments": "w:comments"}[place]
    part = f"word/{place.removesuffix('s')}s.xml" if place in ("footnotes", "comments") else f"word/{place}3.xml"
    return docx_with(parts={part: f"<{root} {w}>{para(run(text))}</{root}>".encode()})


@settings(max_examples=60, deadline=None)
@given(GROUPINGS, st.lists(SEPARATORS.filter(lambda s: "\t" not in s), min_size=9, max_size=9), PLACES)
def test_any_placement_in_a_word_document_is_read(grouping: tuple[int, ...], gaps: list[str], place: str) -> None:
    text = f"Seen {_written(grouping, gaps)} today"
    places = extract.extract(_docx_hiding(text, place), ".docx")
    assert "nhs_number" in {f.kind for f in screening.scan_places(places)}, (place, repr(text))
