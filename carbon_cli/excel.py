"""Excel workbooks (.xlsx): a sheet's rows as the text a CSV file would hold, and the template.

openpyxl is imported inside the functions: it is an optional extra, and `carbon --help` stays fast.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

INSTALL = 'pip install "carbon-cli[excel]"'
RESAVE = "open it in Excel or WPS and save it again as an Excel 工作簿 (.xlsx)"
# a format's quoted text and escaped characters are shown as they are; any other % scales by 100
LITERALS = re.compile(r'"[^"]*"|\\.')


class WorkbookError(Exception):
    """A workbook, or the sheet asked for, cannot be read."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def column_letter(column: int) -> str:
    """Excel's name of a column counted from 1: 1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_text(value: Any, number_format: str | None = None) -> str:
    """A cell's value as the text a CSV file saved by Excel would hold.

    Numbers keep their shortest decimal form (58.8, not 58.799999999999997) and a whole number has
    no ".0"; a cell formatted as a percentage (Excel stores 23.1% as 0.231) reads as "23.1%";
    dates and times become ISO text, which no year or value check accepts.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            return repr(value)
        percent = "%" in LITERALS.sub("", number_format or "")
        if percent:
            number = number.scaleb(2)  # exact: 0.231 → 23.1
        text = str(int(number)) if number == number.to_integral_value() else str(number)
        return text + "%" if percent else text
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _load(path: Path, **options: bool) -> Workbook:
    """The workbook at `path`, or a WorkbookError saying why not."""
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise WorkbookError("reading .xlsx files needs openpyxl", INSTALL) from None
    try:
        return load_workbook(path, **options)
    except OSError as err:
        raise WorkbookError(f"cannot read: {err.strerror or err}") from None
    except Exception as err:  # openpyxl raises zip, XML, key and value errors for a broken file
        raise WorkbookError(
            f"not a readable Excel workbook (.xlsx): {type(err).__name__}: {err}", RESAVE
        ) from None


def _pick(book: Workbook, sheet: str | None) -> ReadOnlyWorksheet:
    """The sheet named `sheet`, else the first visible one."""
    sheets: list[Any] = list(book.worksheets)
    names = "、".join(s.title for s in sheets)
    if sheet is not None:
        match = [s for s in sheets if s.title == sheet] or [
            s for s in sheets if s.title.strip().casefold() == sheet.strip().casefold()
        ]
        if not match:
            raise WorkbookError(f"no sheet named {sheet!r}", f"the workbook's sheets: {names}")
        chosen: ReadOnlyWorksheet = match[0]
        return chosen
    visible = [s for s in sheets if s.sheet_state == "visible"]
    if not visible:
        raise WorkbookError("the workbook has no visible worksheet", RESAVE)
    first: ReadOnlyWorksheet = visible[0]
    return first


@contextmanager
def sheet_rows(
    path: Path, sheet: str | None = None
) -> Iterator[tuple[str, Iterator[tuple[int, list[str]]]]]:
    """The chosen sheet's title and its rows as (row number, cell texts), streamed.

    Every row number from 1 is yielded (an empty row as []); trailing empty cells are dropped.
    Opening problems raise WorkbookError at once, reading problems while the rows are iterated.
    """
    book = _load(path, read_only=True, data_only=True)  # data_only: a formula's last value
    try:
        chosen = _pick(book, sheet)
        chosen.reset_dimensions()  # some writers record a wrong used range; read every row
        yield chosen.title, _rows(chosen)
    finally:
        book.close()


def _rows(sheet: ReadOnlyWorksheet) -> Iterator[tuple[int, list[str]]]:
    """Row number and cell texts of every row, with missing rows filled in as []."""
    number = 0
    # the stubs type iter_rows for the full Worksheet only; a read-only one yields the same rows
    streamed: Any = sheet
    cells: Iterator[Sequence[Any]] = iter(streamed.iter_rows())
    while True:
        try:
            row = next(cells, None)
        except Exception as err:  # a damaged sheet shows only when its XML is reached
            raise WorkbookError(
                f"the sheet cannot be read past row {number}: {type(err).__name__}: {err}",
                RESAVE,
            ) from None
        if row is None:
            return
        at = next((c.row for c in row if getattr(c, "row", None)), number + 1)
        while number + 1 < at:
            number += 1
            yield number, []
        number = at
        texts = [cell_text(c.value, getattr(c, "number_format", None)) for c in row]
        while texts and not texts[-1]:
            texts.pop()
        yield number, texts


def write_template(
    path: Path,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str | int]],
    choices: Sequence[str],
    widths: Sequence[int],
) -> None:
    """A workbook with a bold header and column A a drop-down of `choices` (on a hidden sheet)."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.worksheet.datavalidation import DataValidation
    except ImportError:
        raise WorkbookError("writing .xlsx files needs openpyxl", INSTALL) from None
    book = Workbook()
    sheet: Any = book.active
    sheet.title = title
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([value if value != "" else None for value in row])
    sheet.freeze_panes = "A2"
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[column_letter(i)].width = width
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
