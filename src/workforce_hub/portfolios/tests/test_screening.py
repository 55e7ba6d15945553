"""Patient-identifier screening and upload checks. Synthetic data only: NHS numbers from the 999 test range."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import docx
import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from workforce_hub.portfolios import files, screening
from workforce_hub.portfolios.screening import nhs_number_valid, scan_text


def _check_digit(nine: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return None if check == 10 else (0 if check == 11 else check)


test_range = st.integers(min_value=0, max_value=999_999).map(lambda n: f"999{n:06d}")
SPACINGS = [
    lambda d: d,
    lambda d: f"{d[:3]} {d[3:6]} {d[6:]}",
    lambda d: f"{d[:3]}-{d[3:6]}-{d[6:]}",
    lambda d: " ".join(d),
]


@settings(max_examples=300, deadline=None)
@given(test_range, st.sampled_from(SPACINGS))
def test_every_valid_nhs_number_is_caught_in_any_spacing(nine: str, spacing: object) -> None:
    check = _check_digit(nine)
    if check is None:
        return
    number = nine + str(check)
    assert nhs_number_valid(number)
    found = scan_text(f"Seen today, ref {spacing(number)} in clinic.", "line 1")  # type: ignore[operator]
    assert [f.kind for f in found if f.kind == "nhs_number"] == ["nhs_number"]


@settings(max_examples=300, deadline=None)
@given(test_range, st.integers(min_value=0, max_value=9), st.sampled_from(SPACINGS))
def test_numbers_with_a_wrong_check_digit_are_not_nhs_numbers(nine: str, digit: int, spacing: object) -> None:
    if _check_digit(nine) == digit:
        return
    number = nine + str(digit)
    assert not nhs_number_valid(number)
    found = scan_text(f"Ticket {spacing(number)} closed.", "line 1")  # type: ignore[operator]
    assert not [f for f in found if f.kind == "nhs_number"]


def test_all_zeros_and_wrong_lengths_are_not_nhs_numbers() -> None:
    assert not nhs_number_valid("0000000000")
    assert not nhs_number_valid("999000001")
    assert not nhs_number_valid("99900000188")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Patient 999 000 0018 moved rooms", "nhs_number"),
        ("DOB 01/02/1950", "date_of_birth"),
        ("born on 3 March 1961", "date_of_birth"),
        ("She was born 1998-07-21", "date_of_birth"),
        ("Lives at DE22 4GH", "postcode"),
        ("lives at s40 2ab", "postcode"),
        ("Call 01632 960123 for results", "phone"),
        ("ring +44 7700 900123", "phone"),
        ("sent to jo.bloggs@example.org", "email"),
    ],
)
def test_true_positives(text: str, kind: str) -> None:
    assert kind in {f.kind for f in scan_text(text, "line 1", date(2026, 11, 22))}


@pytest.mark.parametrize(
    "text",
    [
        "I logged 7.5 hours on the learning day and 30 minutes of reading.",
        "Mapped to K2, S3 and B1; second attempt at B1 2nd time lucky.",
        "On 12/03/2026 I set up a laptop and tested ticket 1234567.",
        "Version 1.1 of the standard, unit M6 (4 credits).",
        "Week 12 review: 278 hours needed, 140 done.",
    ],
)
def test_false_positives_avoided(text: str) -> None:
    assert scan_text(text, "line 1", date(2026, 11, 22)) == []


def test_findings_say_where_and_never_keep_the_value() -> None:
    found = screening.scan_places(screening.lines_of("Line one is fine.\nNHS number 999 000 0018 here."))
    assert found[0].place == "line 2"
    assert "9990000018" not in found[0].masked and found[0].masked.endswith("18")
    assert "an NHS number" in screening.summary([f.as_dict() for f in found])


def _pdf(*pages: str) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _docx(*paragraphs: str) -> bytes:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_pdf_text_is_screened_by_page_and_line() -> None:
    content = _pdf("A clean first page.", "Intro line\nResident 999 000 0018 seen")
    places = files.extract_text(files.check_upload("a.pdf", content).content, ".pdf")
    found = screening.scan_places(places)
    assert [(f.kind, f.place) for f in found] == [("nhs_number", "page 2, line 2")]


def test_docx_text_is_screened_by_paragraph() -> None:
    content = _docx("All fine here.", "Contact me at someone@example.org")
    found = screening.scan_places(files.extract_text(content, ".docx"))
    assert [(f.kind, f.place) for f in found] == [("email", "paragraph 2")]


def test_content_must_match_the_extension() -> None:
    with pytest.raises(ValidationError, match="do not match"):
        files.check_upload("report.pdf", _docx("hello"))
    with pytest.raises(ValidationError, match="do not match"):
        files.check_upload("photo.png", b"MZ\x90\x00 not a picture")
    with pytest.raises(ValidationError, match="PDF, a Word"):
        files.check_upload("script.exe", b"MZ")
    with pytest.raises(ValidationError, match="empty"):
        files.check_upload("a.pdf", b"")


def test_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 100)
    with pytest.raises(ValidationError, match="smaller than"):
        files.check_upload("a.pdf", _pdf("x" * 50))


def test_word_archive_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_DOCX_UNCOMPRESSED", 1000)
    with pytest.raises(ValidationError, match="too large"):
        files.check_upload("a.docx", _docx("hello"))
    monkeypatch.setattr(files, "MAX_DOCX_UNCOMPRESSED", 50 * 1024 * 1024)
    monkeypatch.setattr(files, "MAX_DOCX_ENTRIES", 3)
    with pytest.raises(ValidationError, match="too many parts"):
        files.check_upload("a.docx", _docx("hello"))
    # a zip that is not a Word document
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<x/>")
        z.writestr("word/other.xml", "<x/>")
    monkeypatch.setattr(files, "MAX_DOCX_ENTRIES", 500)
    with pytest.raises(ValidationError):
        files.check_upload("a.docx", out.getvalue())


def test_pictures_are_reencoded_without_metadata() -> None:
    image = Image.new("RGB", (20, 10), "red")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 55.0, 1.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    assert b"CameraMaker" in out.getvalue()
    checked = files.check_upload("photo.jpg", out.getvalue())
    assert checked.is_image and b"CameraMaker" not in checked.content
    with Image.open(io.BytesIO(checked.content)) as clean:
        assert not clean.getexif() and clean.size == (20, 10)


def test_signature_scanner_blocks_the_test_virus() -> None:
    assert files.SignatureScanner().scan(b"hello") == "clean"
    assert files.SignatureScanner().scan(b"x" + files.EICAR + b"y") == "infected"


@override_settings(
    EVIDENCE_SCANNER={"BACKEND": "workforce_hub.portfolios.files.ClamdScanner", "OPTIONS": {"port": 1, "timeout": 0.2}}
)
def test_clamd_unreachable_fails_closed() -> None:
    with pytest.raises(files.ScannerError):
        files.get_scanner().scan(b"hello")


def _zip(parts: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _docx_parts(content: bytes) -> dict[str, bytes | str]:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_a_huge_picture_is_refused_from_its_header_before_any_pixel_is_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, "PNG")
    assert len(out.getvalue()) < 20_000  # a few kilobytes that would decode to 64 megapixels

    def decoding(*args: object) -> None:
        raise AssertionError("the picture was decoded")

    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", decoding)
    with pytest.raises(ValidationError, match=r"too large to check \(8,000 × 8,000 pixels\)"):
        files.check_upload("big.png", out.getvalue())


def test_a_word_document_with_too_much_xml_is_refused_before_parsing() -> None:
    parts = _docx_parts(_docx("hello"))
    parts["word/document.xml"] = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "<w:p><w:r><w:t>padding</w:t></w:r></w:p>" * 300_000
        + "</w:body></w:document>"
    )
    content = _zip(parts)
    assert len(content) < 300_000  # compresses to almost nothing
    with pytest.raises(ValidationError, match="too much text to check"):
        files.extract_text(files.check_upload("a.docx", content).content, ".docx")


@pytest.mark.parametrize(
    "damage",
    ["bad CRC", "broken XML", "empty content types", "no content types", "entity expansion"],
)
def test_a_damaged_word_document_gets_a_plain_message_not_an_error_page(damage: str) -> None:
    parts = _docx_parts(_docx("hello"))
    if damage == "broken XML":
        parts["word/document.xml"] = b"<w:document><w:body><w:p>"
    elif damage == "empty content types":
        parts["[Content_Types].xml"] = b""
    elif damage == "no content types":
        del parts["[Content_Types].xml"]
    elif damage == "entity expansion":
        parts["word/document.xml"] = (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><d>&b;</d>'
        )
    content = _zip(parts)
    if damage == "bad CRC":
        # a stored (uncompressed) copy whose text is changed after the checksum was written
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
            for name, data in parts.items():
                z.writestr(name, data)
        content = out.getvalue().replace(b"hello", b"jello")
    with pytest.raises(ValidationError, match="cannot be read") as refused:
        files.extract_text(files.check_upload("a.docx", content).content, ".docx")
    assert refused.value.code == "damaged"


def test_extraction_runs_in_a_child_whose_limits_end_only_the_child(monkeypatch: pytest.MonkeyPatch) -> None:
    content = _docx("Contact me at someone@example.org")
    monkeypatch.setattr(files, "EXTRACT_MEMORY", 8 * 1024 * 1024)  # too little for Python to start
    with pytest.raises(ValidationError, match="takes too long to check"):
        files.extract_text(content, ".docx")
    monkeypatch.setattr(files, "EXTRACT_MEMORY", 768 * 1024 * 1024)
    monkeypatch.setattr(files, "EXTRACT_TIMEOUT", 0.001)
    with pytest.raises(ValidationError, match="takes too long to check"):
        files.extract_text(content, ".docx")
    monkeypatch.setattr(files, "EXTRACT_TIMEOUT", 30)
    assert ("paragraph 1", "Contact me at someone@example.org") in files.extract_text(content, ".docx")
