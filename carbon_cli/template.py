"""The fill-in template: one row per indicator, values blank, that reads back as observations.

openpyxl is imported only to write a workbook: it is an optional extra.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from .errors import DataError, Problem
from .models import WHOLE_CITY, Indicator

# name, unit and targets are there for the person filling it in; the reader checks them if filled
COLUMNS = ("indicator", "name", "unit", "year", "value", "area", "source", "note", "targets")
WIDTHS = (28, 36, 14, 8, 12, 10, 36, 24, 40)  # xlsx column widths, in characters
SHEET = "观测值"
SUFFIXES = (".csv", ".xlsx")


def rows(
    indicators: Sequence[Indicator], year: int, area: str = WHOLE_CITY
) -> list[list[str | int]]:
    """One row per indicator, in data/targets.yaml's order, with the value left blank."""
    return [
        [ind.id, ind.name, ind.unit, year, "", area, "", "", ", ".join(t.id for t in ind.targets)]
        for ind in indicators
    ]


def write_csv(stream: TextIO, body: Sequence[Sequence[str | int]], end: str = "\r\n") -> None:
    """The template as CSV on an open text stream (CRLF line ends by default, as Excel's)."""
    writer = csv.writer(stream, lineterminator=end)
    writer.writerow(COLUMNS)
    writer.writerows(body)


def write(path: Path, indicators: Sequence[Indicator], year: int, area: str = WHOLE_CITY) -> None:
    """The template at `path`: .xlsx as a workbook, anything else as CSV UTF-8 with a BOM."""
    body = rows(indicators, year, area)
    if path.suffix.lower() == ".xlsx":
        write_workbook(path, SHEET, COLUMNS, body, [ind.id for ind in indicators], WIDTHS)
        return
    # the BOM is how Excel knows the file is UTF-8: without it the Chinese comes out garbled
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        write_csv(stream, body)


def write_workbook(
    path: Path,
    title: str,
    header: Sequence[str],
    body: Sequence[Sequence[str | int]],
    choices: Sequence[str],
    widths: Sequence[int],
) -> None:
    """A workbook with a bold header and column A a drop-down of `choices` (on a hidden sheet)."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation
    except ImportError:
        raise DataError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    "needs-openpyxl",
                    "writing .xlsx files needs openpyxl",
                    'pip install "carbon-cli[excel]"',
                )
            ]
        ) from None
    book = Workbook()
    sheet: Any = book.active
    sheet.title = title
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in body:
        sheet.append([value if value != "" else None for value in row])
    sheet.freeze_panes = "A2"
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    # an inline list is limited to 255 characters: the choices live on a hidden sheet instead
    lists = book.create_sheet("指标")
    for choice in choices:
        lists.append([choice])
    lists.sheet_state = "hidden"
    choose = DataValidation(
        type="list",
        formula1=f"'指标'!$A$1:$A${max(len(choices), 1)}",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",  # a Chinese name is accepted too, so warn rather than refuse
        errorTitle="indicator",
        error="Not an indicator id of data/targets.yaml (a Chinese name is accepted too).",
    )
    choose.add("A2:A1048576")
    sheet.add_data_validation(choose)
    book.save(path)
