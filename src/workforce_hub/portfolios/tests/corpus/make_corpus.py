"""Builds the crafted-upload corpus in this folder: files that hide an NHS number (943 476 5919, valid, made up)
behind a separator or in a place of a Word document a simple extractor does not read. Every file here must be
flagged (`test_corpus.py`). Run `python make_corpus.py` again after adding a case; the files are committed."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import docx
from fpdf import FPDF

HERE = Path(__file__).parent
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*inner: str) -> str:
    return f"<w:p>{''.join(inner)}</w:p>"


SEPARATED = {
    "nbsp": "943\u00a0476\u00a05919",
    "narrow-nbsp": "943\u202f476\u202f5919",
    "tab-character": "943\t476\t5919",
    "double-spaces": "943  476  5919",
    "en-dash": "943\u2013476\u20135919",
    "em-dash": "943\u2014476\u20145919",
    "minus-sign": "943\u2212476\u22125919",
    "spaced-hyphen": "943 - 476 - 5919",
    "slashes": "943/476/5919",
    "bracketed": "(943) 476-5919",
    "zero-width-space": "943\u200b476\u200b5919",
    "soft-hyphen": "943\u00ad476\u00ad5919",
    "full-width-digits": "\uff19\uff14\uff13 \uff14\uff17\uff16 \uff15\uff19\uff11\uff19",
    "every-digit-dotted": "9.4.3.4.7.6.5.9.1.9",
    "glued-to-words": "NHSno9434765919please",
}

BODY_PLACES = {
    "tab-element": para("<w:r><w:t>Ref 943</w:t><w:tab/><w:t>476</w:t><w:tab/><w:t>5919</w:t></w:r>"),
    "split-across-runs": para(run("Ref 94"), run("3 47"), run("6 59"), run("19 seen")),
    "nested-table": (
        "<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc>"
        + para(run("Resident 943 476 5919"))
        + "</w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>"
    ),
    "text-box": para(
        '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
        + para(run("943 476 5919"))
        + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    ),
    "content-control": '<w:sdt><w:sdtPr><w:alias w:val="Ref"/></w:sdtPr><w:sdtContent>'
    + para(run("943 476 5919"))
    + "</w:sdtContent></w:sdt>",
    "tracked-insertion": para(
        run("Seen: "), '<w:ins w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z">', run("943 476 5919"), "</w:ins>"
    ),
    "tracked-deletion": para(
        run("Seen"),
        '<w:del w:id="2" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r><w:delText>943 476 5919</w:delText>'
        "</w:r></w:del>",
    ),
    "field-code": para('<w:r><w:instrText xml:space="preserve"> QUOTE "943 476 5919" </w:instrText></w:r>'),
    "picture-alt-text": para(
        '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        '<wp:docPr id="1" name="Picture 1" descr="Wound photo, patient 943 476 5919"/></wp:inline></w:drawing></w:r>'
    ),
}


def _save(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _rewrite(content: bytes, change: dict[str, bytes], body: str = "") -> bytes:
    """Copy a Word file, inserting `body` at the start of the body and adding or replacing whole parts."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = change.pop(item.filename, None) or source.read(item.filename)
            if item.filename == "word/document.xml" and body:
                data = data.replace(b"<w:body>", b"<w:body>" + body.encode(), 1)
            target.writestr(item.filename, data)
        for name, data in change.items():
            target.writestr(name, data)
    return out.getvalue()


def docx_with(body: str = "", parts: dict[str, bytes] | None = None) -> bytes:
    document = docx.Document()
    document.add_paragraph("Reflective account of my week on placement.")
    return _rewrite(_save(document), dict(parts or {}), body)


def headers_and_footers() -> dict[str, bytes]:
    made: dict[str, bytes] = {}
    for where in ("first_page_header", "even_page_header", "first_page_footer", "even_page_footer"):
        document = docx.Document()
        document.settings.odd_and_even_pages_header_footer = True
        section = document.sections[0]
        section.different_first_page_header_footer = True
        getattr(section, where).paragraphs[0].text = "Patient 943 476 5919"
        document.add_paragraph("Reflective account of my week on placement.")
        made[where.replace("_", "-")] = _save(document)
    return made


def notes_and_comments() -> dict[str, bytes]:
    note = f'<w:footnotes {W}><w:footnote w:id="1">{para(run("943 476 5919"))}</w:footnote></w:footnotes>'.encode()
    end = f'<w:endnotes {W}><w:endnote w:id="1">{para(run("943 476 5919"))}</w:endnote></w:endnotes>'.encode()
    commented = docx.Document()
    first = commented.add_paragraph("Reflective account of my week on placement.")
    commented.add_comment(first.runs, text="Check 943 476 5919", author="Tutor")
    titled = docx.Document()
    titled.core_properties.title = "Visit notes 943 476 5919"
    titled.add_paragraph("Reflective account of my week on placement.")
    return {
        "footnote": docx_with(parts={"word/footnotes.xml": note}),
        "endnote": docx_with(parts={"word/endnotes.xml": end}),
        "comment": _save(commented),
        "document-title": _save(titled),
    }


def pdf(text: str) -> bytes:
    document = FPDF()
    document.add_font("dejavu", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    document.set_font("dejavu", size=11)
    document.add_page()
    document.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


def build() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for name, number in SEPARATED.items():
        files[f"separator-{name}.docx"] = docx_with(body=para(run(f"Seen today, ref {number} in clinic.")))
    for name, body in BODY_PLACES.items():
        files[f"place-{name}.docx"] = docx_with(body=body)
    for name, content in {**headers_and_footers(), **notes_and_comments()}.items():
        files[f"place-{name}.docx"] = content
    for name in ("nbsp", "en-dash", "spaced-hyphen", "bracketed", "slashes"):
        files[f"separator-{name}.pdf"] = pdf(f"Seen today, ref {SEPARATED[name]} in clinic.")
    return files


if __name__ == "__main__":
    for old in HERE.glob("*.docx"):
        old.unlink()
    for old in HERE.glob("*.pdf"):
        old.unlink()
    for filename, content in build().items():
        (HERE / filename).write_bytes(content)
    sys.stdout.write(f"{len(build())} files written to {HERE}\n")
