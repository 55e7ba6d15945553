"""Text extraction for screening, run in a child process with a memory and time limit (`files.extract_text`).

No Django here, and no imports from the package: the web process runs this file with the same Python
(`python -I extract.py .docx < file`), so a file built to exhaust memory or time ends only the child. The child
prints JSON on stdout: a list of [place, text] pairs, or {"error": message, "code": code} for a file it cannot read.

A Word document is read part by part with a streaming, entity-refusing XML parser: every story part (body,
headers and footers of every kind, footnotes, endnotes, comments, the glossary) and every other XML part that can
hold words (document properties, custom XML), with the text of text boxes, content controls, nested tables,
tracked insertions and deletions, and field codes. Only formatting parts (styles, fonts, themes, numbering,
settings) and relationships are skipped.
"""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from collections.abc import Iterator

MAX_PDF_PAGES = 200
MAX_DOCX_ENTRIES = 500
#: all the XML of a Word document, unpacked; a 500-page report is about 5 MB
MAX_DOCX_XML = 10 * 1024 * 1024

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT = {W + "t", W + "delText", W + "instrText", W + "delInstrText"}
_GAPS = {W + "tab", W + "ptab", W + "br", W + "cr", W + "noBreakHyphen"}
_PARAGRAPH = W + "p"
#: attributes that hold words: a picture's alternative text and title, WordArt's string
_WORDY_ATTRIBUTES = ("descr", "title", "string")
#: document-property elements that hold dates and counts, not words (a creation date is not a date of birth)
_NOT_WORDS = {
    "created",
    "modified",
    "lastPrinted",
    "revision",
    "TotalTime",
    "Pages",
    "Words",
    "Characters",
    "Lines",
    "Paragraphs",
    "CharactersWithSpaces",
    "AppVersion",
    "DocSecurity",
    "ScaleCrop",
    "LinksUpToDate",
    "SharedDoc",
    "HyperlinksChanged",
    "Application",
    "Template",
}
_FORMATTING = re.compile(
    r"^(\[Content_Types\]\.xml|.*_rels/.*|word/(styles|stylesWithEffects|fontTable|settings|webSettings|numbering"
    r"|theme/.*|fonts/.*)\.xml|.*\.rels)$"
)


#: a part's file name → what it is, in words, for a finding's place
_PART_WORDS = {
    "header": "header",
    "footer": "footer",
    "footnotes": "footnotes",
    "endnotes": "endnotes",
    "comments": "comments",
    "commentsExtended": "comments",
    "core": "document properties",
    "app": "document properties",
    "custom": "document properties",
}


class Unreadable(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message, self.code = message, code


def extract(content: bytes, extension: str) -> list[tuple[str, str]]:
    """(place, text) pairs: a PDF by page ("page 2"; the parent splits pages into lines), a Word document by part
    and paragraph."""
    if extension == ".pdf":
        return _pdf(content)
    if extension == ".docx":
        return _docx(content)
    return []


def _pdf(content: bytes) -> list[tuple[str, str]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise Unreadable(
                "The PDF is password-protected, so it cannot be checked. Remove the password and upload it.",
                "encrypted",
            )
        if len(reader.pages) > MAX_PDF_PAGES:
            raise Unreadable(f"The PDF has more than {MAX_PDF_PAGES} pages.", "size")
        return [(f"page {number}", page.extract_text() or "") for number, page in enumerate(reader.pages, 1)]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise Unreadable("The PDF is damaged and cannot be read.", "damaged") from exc


def _part_label(name: str) -> str:
    """How a finding's place starts: nothing for the body ("paragraph 3"), else the part in words."""
    stem = name.rsplit("/", 1)[-1].removesuffix(".xml")
    if name == "word/document.xml":
        return ""
    kind = re.match(r"([a-zA-Z]+)(\d*)$", stem)
    if name.startswith("word/glossary/"):
        return "building blocks, "
    if kind and kind.group(1) in _PART_WORDS:
        return f"{_PART_WORDS[kind.group(1)]}{' ' + kind.group(2) if kind.group(2) else ''}, "
    return f"part {name}, "


def _docx(content: bytes) -> list[tuple[str, str]]:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_DOCX_ENTRIES:
                raise Unreadable("The Word document has too many parts to check.", "archive")
            names = {e.filename for e in entries}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise Unreadable("This file cannot be read as a Word document. Save it again and upload it.", "damaged")
            fromstring(archive.read("[Content_Types].xml"))  # Word refuses a file whose list of parts is unreadable
            parts = [e for e in entries if e.filename.endswith(".xml") and not _FORMATTING.match(e.filename)]
            if sum(e.file_size for e in parts) > MAX_DOCX_XML:
                raise Unreadable("The Word document has too much text to check. Split it into smaller files.", "size")
            places: list[tuple[str, str]] = []
            for entry in sorted(parts, key=lambda e: (e.filename != "word/document.xml", e.filename)):
                with archive.open(entry) as stream:
                    places.extend(_part_text(stream, _part_label(entry.filename)))
            return places
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ParseError, DefusedXmlException, EOFError, OSError) as exc:
        raise Unreadable(
            "This file cannot be read as a Word document. Save it again and upload it.", "damaged"
        ) from exc


def _part_text(stream: io.BufferedIOBase | object, label: str) -> Iterator[tuple[str, str]]:
    """Paragraphs in the order they start (a text box's paragraphs sit inside the paragraph that anchors it); in
    parts without paragraphs (properties, custom XML), every element's text."""
    from defusedxml.ElementTree import iterparse

    open_paragraphs: list[tuple[int, list[str]]] = []
    count = 0
    loose: list[str] = []
    for event, element in iterparse(stream, events=("start", "end")):  # type: ignore[arg-type]
        if event == "start":
            if element.tag == _PARAGRAPH:
                count += 1
                open_paragraphs.append((count, []))
            continue
        wordy = [value for name in _WORDY_ATTRIBUTES if (value := element.get(name))]
        if wordy:
            (open_paragraphs[-1][1] if open_paragraphs else loose).append(" " + " | ".join(wordy) + " ")
        if element.tag in _TEXT and open_paragraphs:
            open_paragraphs[-1][1].append(element.text or "")
        elif element.tag in _GAPS and open_paragraphs:
            open_paragraphs[-1][1].append(" ")
        elif element.tag == _PARAGRAPH:
            number, words = open_paragraphs.pop()
            text = "".join(words)
            if text.strip():
                yield f"{label}paragraph {number}", text
        elif not open_paragraphs and element.text and element.text.strip() and _local(element.tag) not in _NOT_WORDS:
            loose.append(element.text.strip())
        element.clear()
    if loose:
        yield f"{label.removesuffix(', ') or 'document'}", " | ".join(loose)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _limit(memory: int, cpu_seconds: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def main() -> int:
    """`extract.py EXTENSION MEMORY_BYTES CPU_SECONDS < file`"""
    _limit(int(sys.argv[2]), int(sys.argv[3]))
    content = sys.stdin.buffer.read()
    try:
        result: object = extract(content, sys.argv[1])
    except Unreadable as exc:
        result = {"error": exc.message, "code": exc.code}
    except MemoryError:
        result = {"error": "The file is too large to check once unpacked.", "code": "size"}
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
