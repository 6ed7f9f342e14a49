"""A view as an Excel workbook for people: the view's records under Chinese headers, real numbers
with number formats, statuses as their Chinese words on coloured fills, a frozen header, filters.

openpyxl is imported only here, and only when a workbook is written (the `excel` extra). The file
is the same, byte for byte, from one run to the next: its timestamps are fixed.
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from carbon_cli.labels import TONES, field_label, value_label
from carbon_cli.numbers import places
from carbon_cli.render.data import columns
from carbon_cli.render.text import xlsx_cell

if TYPE_CHECKING:
    from carbon_cli.views import Cell, View
    from carbon_cli.views._base import Record

# every workbook says it was made at this moment, so that two runs write the same bytes
FIXED_TIME = datetime.datetime(2000, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry
# Excel's own "Good", "Neutral", "Bad" cell styles, and a blue and a grey beside them
TONE_COLOURS = {
    "good": ("C6EFCE", "006100"),
    "fair": ("DDEBF7", "1F4E78"),
    "warn": ("FFEB9C", "9C5700"),
    "bad": ("FFC7CE", "9C0006"),
    "none": ("EDEDED", "595959"),
}
HEADER_FILL = "D9D9D9"
MAX_WIDTH = 60  # a column of long text is this wide (in characters of Latin width) and wraps
# fields whose strings are codes with a colour (status behind, standing overdue, statuses.全市)
TONED = {"status", "statuses", "standing", "progress", "state"}
# fields holding a fraction (1 = reached): shown as a percentage
FRACTIONS = {"progress", "required_annual_rate", "cagr_actual", "cagr_required", "path_rate"}
# fields in a target's measured quantity: a percentage for relative kinds, else the unit
MEASURED = {"value", "measured_value", "expected_value", "required_annual_change", "start_value"}
# fields in the indicator's own unit
IN_UNIT = {"observed_value", "baseline_value", "level", "target_level", "observed", "trajectory"}
RELATIVE = {"reduce_by", "increase_by"}
SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def render(view: View) -> bytes:
    """The view as the bytes of an .xlsx file: its records, then a sheet saying what they are."""
    from openpyxl import Workbook

    book = Workbook()
    book.properties.creator = "carbon"
    book.properties.created = book.properties.modified = FIXED_TIME
    records = view.records
    sheet: Any = book.active
    sheet.title = sheet_name(view.sheets[0].title if view.sheets else None)
    context = view.payload if isinstance(view.payload, Mapping) else {}
    _records_sheet(sheet, records, context)
    _about_sheet(book.create_sheet("说明"), view)
    return _deterministic(book)


def sheet_name(title: str | None) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\) from a view's title."""
    text = SHEET_NAME.sub(" ", title or "").strip()
    if len(text) > 31:
        text = text.split()[0] if text.split() else text
    return text[:31].strip() or "数据"


def _records_sheet(sheet: Any, records: Sequence[Record], context: Mapping[str, Any]) -> None:
    """Header row of Chinese labels, one row per record, frozen header, filters, widths."""
    from openpyxl.styles import Alignment, Font, PatternFill

    keys = columns(records)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    headers = [field_label(key, keys) for key in keys]
    widths = [text_width(header) for header in headers]
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=col)
        xlsx_cell(cell, header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
    for row, record in enumerate(records, start=2):
        for col, key in enumerate(keys, start=1):
            cell = sheet.cell(row=row, column=col)
            shown = _put(cell, key, record.get(key), record, context)
            widths[col - 1] = max(widths[col - 1], text_width(shown))
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, width in enumerate(widths, start=1):
        letter = cell_letter(col)
        sheet.column_dimensions[letter].width = min(width + 2, MAX_WIDTH)
        if width + 2 > MAX_WIDTH:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
                cell.alignment = wrap
    if keys:
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{cell_letter(len(keys))}{len(records) + 1}"


def _put(cell: Any, key: str, value: Cell, record: Record, context: Mapping[str, Any]) -> str:
    """Put one value in its cell as people read it; what it shows, for the column's width."""
    from openpyxl.styles import Font, PatternFill

    if value is None:
        return ""
    if isinstance(value, bool):
        xlsx_cell(cell, "是" if value else "否")
        return "是"
    if isinstance(value, int | float):
        cell.value = value
        cell.number_format = number_format(key, value, record, context)
        return f"{value}"
    word = value_label(key, value)
    xlsx_cell(cell, word or value)
    tone = TONES.get(value) if _field(key) & TONED else None
    if word is not None and tone is not None:
        fill, ink = TONE_COLOURS[tone]
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.font = Font(color=ink)
    return word or value


def _field(key: str) -> set[str]:
    """The names a flattened key answers to: its first and last parts (methods.un.status)."""
    parts = key.split(".")
    return {parts[0], parts[-1]}


def number_format(key: str, value: float | int, record: Record, context: Mapping[str, Any]) -> str:
    """A number's format: the decimals it has (as `labels.human` shows it), % where its unit is %,
    a fraction as a percentage."""
    names = _field(key)
    if names & FRACTIONS:
        return "0.0%"
    shown = places(Decimal(repr(value))) if isinstance(value, float) else 0
    digits = "0." + "0" * shown if shown else "0"
    unit = record.get("unit", context.get("unit"))
    relative = record.get("kind") in RELATIVE
    if (names & MEASURED and relative) or (names & (MEASURED | IN_UNIT) and unit == "%"):
        return f'{digits}"%"'
    return digits


def text_width(text: str) -> int:
    """How wide a text is in a spreadsheet column: a Chinese character counts as two."""
    widest = max(text.split("\n"), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in widest)


def cell_letter(col: int) -> str:
    """A column's letters (1 → A, 27 → AA)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _about_sheet(sheet: Any, view: View) -> None:
    """What the records are: the view's title, its figures outside the list, its closing lines."""
    from openpyxl.styles import Font

    from carbon_cli.views import flatten

    rows: list[tuple[str, Cell]] = []  # (label, what it says)
    first = view.sheets[0] if view.sheets else None
    if first is not None and first.title:
        rows.append(("标题", first.title))
    if isinstance(view.payload, Mapping):
        scalars = {k: v for k, v in view.payload.items() if not isinstance(v, list)}
        for key, value in flatten(scalars).items():
            word = value_label(key, value) if isinstance(value, str) else None
            rows.append(
                (
                    field_label(key),
                    "是" if value is True else "否" if value is False else word or value,
                )
            )
    if first is not None and first.footer:
        rows += [("说明", line) for line in first.footer.split("\n")]
    widths = [4, 10]
    for n, (label, value) in enumerate(rows, start=1):
        xlsx_cell(sheet.cell(row=n, column=1), label)
        sheet.cell(row=n, column=1).font = Font(bold=True)
        xlsx_cell(sheet.cell(row=n, column=2), value)
        widths = [max(widths[0], text_width(label)), max(widths[1], text_width(str(value)))]
    sheet.column_dimensions["A"].width = widths[0] + 2
    sheet.column_dimensions["B"].width = min(widths[1] + 2, MAX_WIDTH * 2)


def _deterministic(book: Any) -> bytes:
    """The workbook's bytes, every zip entry dated ZIP_TIME (openpyxl dates them now)."""
    from openpyxl.writer.excel import ExcelWriter

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # not save_workbook: it stamps `modified` with now
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entry.external_attr
            target.writestr(info, source.read(entry.filename))
    return fixed.getvalue()
