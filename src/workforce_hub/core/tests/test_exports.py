"""The shared spreadsheet writer: text that could run as a formula is made plain in CSV and Excel alike."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from workforce_hub.core.exports import csv_response, safe, xlsx_response

HOSTILE = ['=HYPERLINK("http://x.example","Click")', "+1+2", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_could_start_a_formula_is_made_plain(text: str) -> None:
    assert safe(text) == "'" + text


@pytest.mark.parametrize("value", ["Oak Care", "", "a=b", -5, 3.5, None, "Care - residential"])
def test_everything_else_is_left_alone(value: object) -> None:
    assert safe(value) == value
    assert safe(Decimal("-1.50")) == -1.5


def test_csv_cells_come_back_as_text() -> None:
    response = csv_response("x.csv", [["Name", "Count"], *[[text, -1] for text in HOSTILE]])
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [r[0] for r in rows[1:]] == ["'" + t for t in HOSTILE]
    assert {r[1] for r in rows[1:]} == {"-1"}
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


def test_excel_cells_are_text_never_formulas() -> None:
    response = xlsx_response("x.xlsx", [("Table (one)", [["Name", "Count"], *[[text, -1] for text in HOSTILE]])])
    sheet = load_workbook(io.BytesIO(response.content))["Table one"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)
    assert all(str(cell.value).startswith("'") for cell in cells)
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == [-1] * len(HOSTILE)
    assert sheet["A1"].font.b
