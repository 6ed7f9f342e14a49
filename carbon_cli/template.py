"""The fill-in template (观测值填报模板): one row per indicator (and area), a column per year from
the plan's reference year to its latest deadline (the wide layout of a 监测表), values blank;
it reads back as observations unchanged.

The building blocks are public for other fill-in workbooks (`template --department`): the
header, the indicator rows, the year columns, the drop-downs, and a deterministic workbook.
openpyxl is imported only to write a workbook: it is an optional extra.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .errors import DataError, Problem
from .models import Indicator, Kind
from .render.text import csv_cell, xlsx_cell

if TYPE_CHECKING:
    from .plan import Plan

# the header: Chinese names with the English ids beside them, both accepted by the reader
# (指标（indicator）); name and targets are for the person filling in, checked if filled
INDICATOR, UNIT, AREA = "指标（indicator）", "单位（unit）", "地区（area）"
SOURCE, NOTE, TARGETS = "来源（source）", "备注（note）", "相关目标（targets）"
WIDTHS = {INDICATOR: 44, UNIT: 16, AREA: 10, SOURCE: 30, NOTE: 24, TARGETS: 40}
YEAR_WIDTH = 9
INSTALL = 'pip install "carbon-cli[excel]"'
SHEET = "观测值"
SUFFIXES = (".csv", ".xlsx")
# a workbook written twice is the same bytes: its zip entries and document dates are fixed
STAMP = (1980, 1, 1, 0, 0, 0)
STAMP_XML = "1980-01-01T00:00:00Z"
DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
Row = list[str | int]


@dataclass(frozen=True)
class Choice:
    """A drop-down: the column it is on and the texts to pick from (kept on a hidden sheet)."""

    column: int  # 1-based
    title: str  # the hidden sheet's name
    choices: list[str]
    strict: bool = False  # False: another text is warned of, not refused (the reader judges it)
    also: str = "也可填写编号或别名"  # what else the reader takes, said when a text is off the list


def years(plan: Plan) -> list[int]:
    """Every year from the reference year (2020) to the latest deadline of an observed target."""
    deadlines = [
        t.year
        for ind in plan.observable_indicators
        for t in ind.targets
        if t.year is not None and t.kind is not Kind.MILESTONE
    ]
    first = plan.targets.reference_year
    return list(range(first, max([first, *deadlines]) + 1))


def indicator_label(ind: Indicator) -> str:
    """An indicator as the template writes it: its name with its id beside it, read back as
    either (单位地区生产总值能耗（energy_intensity）)."""
    return f"{ind.name}（{ind.id}）"


def header(columns: Sequence[int]) -> list[str]:
    """The header row: indicator, unit, area, a column per year, source, note, targets."""
    return [INDICATOR, UNIT, AREA, *(f"{y}年" for y in columns), SOURCE, NOTE, TARGETS]


def indicator_rows(indicators: Sequence[Indicator], columns: Sequence[int], area: str) -> list[Row]:
    """One row per indicator, in data/targets.yaml's order, every year's value left blank."""
    return [
        [
            indicator_label(ind),
            ind.unit,
            area,
            *([""] * len(columns)),
            "",
            "",
            ", ".join(t.id for t in ind.targets),
        ]
        for ind in indicators
    ]


def choices(plan: Plan, indicators: Sequence[Indicator]) -> list[Choice]:
    """The drop-downs: the indicators (name with id) and, where areas.yaml lists them, areas."""
    found = [Choice(1, "指标", [indicator_label(ind) for ind in indicators])]
    if plan.areas is not None:
        areas = [a.name for a in plan.areas.areas]
        found.append(Choice(3, "地区", areas, also="也可填写简称或别名"))
    return found


def csv_text(head: Sequence[str], body: Sequence[Row], end: str = "\r\n") -> str:
    """The template as CSV text (CRLF line ends by default, as Excel's); every cell neutralised,
    so an area written `=HYPERLINK(…)` is never a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=end)
    writer.writerow([csv_cell(c) for c in head])
    writer.writerows([[csv_cell(c) for c in row] for row in body])
    return out.getvalue()


def write_csv(stream: TextIO, head: Sequence[str], body: Sequence[Row], end: str = "\n") -> None:
    """The template as CSV on an open text stream (standard output)."""
    stream.write(csv_text(head, body, end))


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook carbon writes: a bold, frozen header, the body, its drop-downs."""

    title: str
    head: Sequence[str]
    body: Sequence[Row]
    picks: Sequence[Choice] = ()
    widths: Sequence[int] | None = None  # column by column; else WIDTHS by header, YEAR_WIDTH
    freeze: str = "B2"
    wrap: Sequence[int] = ()  # 1-based columns whose long texts wrap


def workbook(
    title: str,
    head: Sequence[str],
    body: Sequence[Row],
    picks: Sequence[Choice],
    widths: dict[str, int] | None = None,
    shown: str = "",
) -> bytes:
    """A one-sheet .xlsx as bytes (see workbook_of); `widths` by header name."""
    named = widths or WIDTHS
    sizes = [named.get(name, YEAR_WIDTH) for name in head]
    return workbook_of([Sheet(title, head, body, picks, sizes)], shown)


def workbook_of(sheets: Sequence[Sheet], shown: str = "") -> bytes:
    """An .xlsx as bytes: each sheet with a bold, frozen header, its body (text cells
    neutralised), each Choice a drop-down over the body's rows and 1,000 more (its list on a
    hidden sheet), fixed dates (the same bytes every time)."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation
    except ImportError:
        raise DataError(
            [
                Problem(
                    shown,
                    None,
                    None,
                    "needs-openpyxl",
                    "写 .xlsx 文件需要 openpyxl (writing .xlsx files needs openpyxl)",
                    INSTALL,
                )
            ]
        ) from None
    book = Workbook()
    drawn: list[Any] = [book.active] + [book.create_sheet() for _ in sheets[1:]]
    for sheet, spec in zip(drawn, sheets, strict=True):
        sheet.title = spec.title
        table: list[Row] = [list(spec.head), *spec.body]
        for r, row in enumerate(table, 1):
            for c, value in enumerate(row, 1):
                if value != "":
                    xlsx_cell(sheet.cell(r, c), value)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = spec.freeze
        sizes = spec.widths or [WIDTHS.get(name, YEAR_WIDTH) for name in spec.head]
        for c, width in enumerate(sizes, 1):
            sheet.column_dimensions[get_column_letter(c)].width = width
        for c in spec.wrap:
            for row in sheet.iter_rows(min_row=2, min_col=c, max_col=c):
                row[0].alignment = Alignment(wrap_text=True, vertical="top")
        last = len(spec.body) + 1001
        for pick in spec.picks:
            # an inline list is limited to 255 characters: the choices live on a hidden sheet
            lists = book.create_sheet(pick.title)
            for i, choice in enumerate(pick.choices, 1):
                xlsx_cell(lists.cell(i, 1), choice)
            lists.sheet_state = "hidden"
            letter = get_column_letter(pick.column)
            choose = DataValidation(
                type="list",
                formula1=f"'{pick.title}'!$A$1:$A${max(len(pick.choices), 1)}",
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="stop" if pick.strict else "warning",
                errorTitle=pick.title,
                error=f"请从下拉列表中选择{pick.title}（{pick.also}）",
            )
            choose.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(choose)
    book.properties.created = book.properties.modified = datetime.datetime(*STAMP)
    raw = io.BytesIO()
    book.save(raw)
    return _fixed(raw.getvalue())


def _fixed(data: bytes) -> bytes:
    """The workbook's zip again with every entry dated STAMP and the document's dates fixed:
    openpyxl dates each entry and the document now."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = DATES.sub(rb"\g<1>" + STAMP_XML.encode() + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=STAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def render(plan: Plan, indicators: Sequence[Indicator], area: str, path: Path) -> bytes:
    """The template for `indicators` in `area`, for `path`: .xlsx bytes, or CSV UTF-8 with a BOM
    (how Excel knows the file is UTF-8: without it the Chinese comes out garbled)."""
    columns = years(plan)
    head, body = header(columns), indicator_rows(indicators, columns, area)
    if path.suffix.lower() == ".xlsx":
        return workbook(SHEET, head, body, choices(plan, indicators), shown=str(path))
    return csv_text(head, body).encode("utf-8-sig")


def write(path: Path, data: bytes, overwrite: bool = False) -> None:
    """Write a template atomically; without `overwrite`, anything at `path` (a dangling symlink
    too) raises FileExistsError and is left as it is."""
    from .files import write_atomic

    write_atomic(path, data, overwrite=overwrite)
