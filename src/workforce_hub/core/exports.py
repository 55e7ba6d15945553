"""The one way the Hub writes spreadsheets (CSV and Excel), so that no cell a person typed can run as a formula.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by spreadsheet programs as a formula
(CSV injection, OWASP). In CSV such a text cell gets a leading apostrophe, which spreadsheet programs show as text;
in Excel it is written as a text cell (never a formula) with the same apostrophe, so a copy to CSV stays safe.
Numbers are left alone (a negative number is a number, not a formula).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

type Cell = str | int | float | Decimal | None
type Rows = Iterable[Sequence[object]]


def safe(value: object) -> object:
    """A cell as it may go into a spreadsheet: text that could start a formula is made plain text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _download(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def bytes_response(filename: str, content: bytes, content_type: str) -> HttpResponse:
    """A document made for the download (a job description, say), as an attachment."""
    return _download(HttpResponse(content, content_type=content_type), filename)


def stored_file_response(stored: FieldFile, filename: str, content_type: str) -> FileResponse:
    """An uploaded file as an attachment under a name the Hub chooses, never sniffed into another type by the
    browser (it could be made to run as a page otherwise)."""
    response = FileResponse(stored.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(filename: str, rows: Rows) -> HttpResponse:
    out = io.StringIO()
    csv.writer(out).writerows([safe(cell) for cell in row] for row in rows)
    return _download(HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8"), filename)


def xlsx_response(filename: str, sheets: Iterable[tuple[str, Rows]], *, freeze: str | None = None) -> HttpResponse:
    """One worksheet per (title, rows); the first row of each is the header (bold)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.worksheets[0])
    for title, rows in sheets:
        sheet = book.create_sheet(_sheet_title(title))
        for row in rows:
            # `safe` has put an apostrophe before any "=", so openpyxl writes every such cell as text, not a formula
            sheet.append([safe(cell) for cell in row])
        for cell in sheet[1] if sheet.max_row else []:
            cell.font = Font(bold=True)
        if freeze:
            sheet.freeze_panes = freeze
    out = io.BytesIO()
    book.save(out)
    return _download(HttpResponse(out.getvalue(), content_type=XLSX_TYPE), filename)


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name."""
    return "".join(c for c in title if c not in "[]:*?/\\()")[:31] or "Sheet"
