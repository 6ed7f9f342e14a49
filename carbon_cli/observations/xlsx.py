"""A sheet of an .xlsx workbook as rows of cell texts, as a CSV file saved by Excel would hold them,
read through the same header search and row checks as a CSV file.

Bounded before and while openpyxl reads: the zip's declared sizes are checked and every part
openpyxl reads is decompressed with a cap before it parses it; rows and columns stop at Excel's
last (1,048,576 and XFD), a cell at 1 MiB (as a CSV line); each row costs its own cells, never a
loop over the empty columns before them. openpyxl is imported inside the functions: it is an
optional extra, and `carbon --help` stays fast.
"""

from __future__ import annotations

import datetime
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carbon_cli.errors import Problem

from .context import Context, Full, Reader, Sparse
from .header import MAX_COLUMNS, Header, find_header
from .sniff import LINE_LIMIT
from .spec import TableSpec
from .zipparts import SHEET_LIMIT, check_parts, expand
from .zipparts import WorkbookError as WorkbookError  # the error of every workbook problem

if TYPE_CHECKING:
    from zipfile import ZipFile

    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

ROWS = 1_048_576  # Excel's last row (its last column is header.MAX_COLUMNS, XFD)
INSTALL = 'pip install "carbon-cli[excel]"'
RESAVE = "在 Excel 或 WPS 中打开，另存为 Excel 工作簿（.xlsx） (save it again as .xlsx)"
# a format's quoted text and escaped characters are shown as they are; any other % scales by 100
LITERALS = re.compile(r'"[^"]*"|\\.')

Row = tuple[int, list[str], list[int]]  # sheet row, cell texts, columns of formulas without value
Body = Callable[[Context, Header, Reader], None]  # reads the rows under a header


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


def read_xlsx(path: Path, sheet: str | None, ctx: Context, spec: TableSpec, body: Body) -> None:
    """Find the header of a sheet of an .xlsx file and give its rows to `body`, as for a CSV file.

    Problems keep the path and give the sheet row as line and the column number as col; the
    message starts with the cell as Excel names it (观测值!C5), or the row or the sheet.
    """
    before, noted = len(ctx.problems), len(ctx.warnings)
    title: str | None = None
    try:
        with sheet_rows(path, sheet) as (title, others, cells):
            reader = _SheetRows(cells, ctx)

            def empty() -> None:
                """A sheet without a filled cell: nothing to read, said."""
                ctx.warn(
                    Problem(
                        ctx.shown,
                        None,
                        None,
                        "empty-sheet",
                        f"是空的，没有读到{spec.what} (the sheet is empty: nothing read)",
                        f"工作簿中的其他工作表：{'、'.join(others)}" if others else None,
                    )
                )

            header = find_header(ctx, reader, spec, empty)
            if header is not None:
                body(ctx, header, reader)
    except WorkbookError as err:
        ctx.problems.append(Problem(ctx.shown, err.line, err.col, err.code, err.message, err.hint))
    except Full:
        pass
    if title is not None:
        for found_in, start in ((ctx.problems, before), (ctx.warnings, noted)):
            found_in[start:] = [_at_cell(p, title) for p in found_in[start:]]


def _at_cell(problem: Problem, title: str) -> Problem:
    """The problem with the cell, row or sheet named as Excel names it before its message."""
    line, col = problem.line, problem.col
    if col is not None and line is not None:
        where = f"{title}!{column_letter(col)}{line}"
    else:
        where = f"{title} 第{line}行" if line is not None else f"工作表 {title}"
    return Problem(
        problem.path, line, col, problem.code, f"{where}: {problem.message}", problem.hint
    )


class _SheetRows:
    """A sheet's rows as the csv module's reader gives them: every row number from 1 (a missing
    row as []), with the sheet row as line_num; formulas without a value become warnings."""

    def __init__(self, cells: Iterator[Row], ctx: Context) -> None:
        self.cells, self.ctx = cells, ctx
        self.line_num = 0
        self.ahead: Row | None = None

    def __iter__(self) -> _SheetRows:
        return self

    def __next__(self) -> list[str]:
        if self.ahead is None:
            self.ahead = next(self.cells)
        number, texts, formulas = self.ahead
        self.line_num += 1  # rows are at most ROWS: filling the gaps is bounded
        if self.line_num < number:
            return []
        self.ahead = None
        for col in formulas:
            self.ctx.warn(
                Problem(
                    self.ctx.shown,
                    number,
                    col,
                    "formula-without-value",
                    "公式没有保存计算结果，按空白单元格读取 "
                    "(a formula without a saved result is read as blank)",
                    "在 Excel 或 WPS 中打开并保存一次，让公式算出结果",
                )
            )
        return texts


@contextmanager
def sheet_rows(
    path: Path, sheet: str | None = None
) -> Iterator[tuple[str, list[str], Iterator[Row]]]:
    """The chosen sheet's title, the other sheets' titles, and its rows that hold a cell as (row
    number, cell texts, columns of formulas without a value), streamed.

    The cell texts run to the last cell that holds more than spaces (a cell of spaces reads as
    "", as it would in every check). Opening problems raise WorkbookError at once, reading
    problems while the rows are iterated. openpyxl's warnings (unsupported extensions, dates out
    of range) are not passed on: what matters reaches the checks as cell text.
    """
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise WorkbookError(
            "needs-openpyxl", "读取 .xlsx 文件需要 openpyxl (reading .xlsx needs openpyxl)", INSTALL
        ) from None
    # the file is opened here, so that it is closed whatever openpyxl does on a broken workbook
    with warnings.catch_warnings(), _readable(path.open, "rb") as file:
        warnings.simplefilter("ignore")
        _readable(check_parts, file)
        book: Workbook = _readable(load_workbook, file, read_only=True, data_only=True)
        try:
            chosen = _pick(book, sheet)
            archive: ZipFile = book._archive  # type: ignore[attr-defined]
            name = chosen._worksheet_path  # type: ignore[attr-defined]
            _readable(expand, archive, name, SHEET_LIMIT)
            others = [s.title for s in book.worksheets if s is not chosen]
            yield chosen.title, others, _rows(book, chosen, archive)
        finally:
            book.close()


def _readable(action: Callable[..., Any], *args: Any, **options: Any) -> Any:
    """What `action` returns; an error in the zip or the XML of the file as a WorkbookError."""
    try:
        return action(*args, **options)
    except WorkbookError:
        raise
    except OSError as err:
        raise WorkbookError(
            "cannot-read", f"无法读取：{err.strerror or err} (cannot read)"
        ) from None
    except Exception as err:  # zipfile and openpyxl raise zip, XML, key and value errors
        raise WorkbookError(
            "unreadable-workbook",
            f"不是可读取的 Excel 工作簿（.xlsx） (not a readable workbook): "
            f"{type(err).__name__}: {err}",
            RESAVE,
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
            raise WorkbookError(
                "no-such-sheet",
                f"没有名为 {sheet!r} 的工作表 (no such sheet)",
                f"工作簿中的工作表：{names}",
            )
        chosen: ReadOnlyWorksheet = match[0]
        return chosen
    visible = [s for s in sheets if s.sheet_state == "visible"]
    if not visible:
        raise WorkbookError(
            "no-visible-sheet", "工作簿没有可见的工作表 (no visible worksheet)", RESAVE
        )
    first: ReadOnlyWorksheet = visible[0]
    return first


def _rows(book: Workbook, sheet: ReadOnlyWorksheet, archive: ZipFile) -> Iterator[Row]:
    """Row number, cell texts and formulas without a value of every row that holds a cell."""
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        """openpyxl's parser, noting each formula without a saved value (read as blank)."""

        formulas: list[int]

        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                saved = element.find(VALUE_TAG)
                # no <v>, or an empty one (openpyxl writes <v></v>); an empty <v> of a text
                # formula (t="str", =IF(A1="","",A1)) is a saved "" and no slip
                if saved is None or (not saved.text and element.get("t") != "str"):
                    self.formulas.append(cell["column"])
            return cell

    def number_format(style: int) -> str:
        """The number format of a style, as openpyxl's read-only cell finds it."""
        if style not in formats:
            formats[style] = ReadOnlyCell(sheet, 1, 1, None, "n", style).number_format
        return formats[style]

    formats: dict[int, str] = {}
    last = 0
    with archive.open(sheet._worksheet_path) as source:  # type: ignore[attr-defined]
        parser = Parser(
            source,
            sheet._shared_strings,  # type: ignore[attr-defined]
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,  # type: ignore[attr-defined]
            timedelta_formats=book._timedelta_formats,  # type: ignore[attr-defined]
        )
        parser.formulas = []
        parsed = parser.parse()
        while True:
            try:
                got = next(parsed, None)
                if got is None:
                    return
                number, cells = got
                _check_row(number, last)
                present = []
                for cell in cells:
                    col, value = cell["column"], cell["value"]
                    if col > MAX_COLUMNS:
                        raise _beyond_column(number, col)
                    if value is None:
                        continue
                    shown = (
                        number_format(cell["style_id"]) if isinstance(value, int | float) else None
                    )
                    text = cell_text(value, shown)
                    if len(text) >= LINE_LIMIT:
                        raise _too_long(number, col, len(text))
                    if text.strip():  # spaces read as "" in every check: leave them out
                        present.append((col, text))
            except WorkbookError:
                raise
            except Exception as err:  # a damaged sheet shows only when its XML is reached
                raise WorkbookError(
                    "damaged-sheet",
                    f"工作表第 {last} 行之后无法读取 (the sheet cannot be read past row {last}): "
                    f"{type(err).__name__}: {err}",
                    RESAVE,
                    line=last + 1,
                ) from None
            texts = [""] * max((c for c, _ in present), default=0)  # C speed, up to XFD
            for col, text in present:
                texts[col - 1] = text
            formulas, parser.formulas = parser.formulas, []
            last = number
            yield number, Sparse(texts, sorted(c - 1 for c, _ in present)), formulas


def _check_row(number: int, last: int) -> None:
    """Refuse a row past Excel's last, or one that does not come after the row before it."""
    if not 1 <= number <= ROWS:
        raise WorkbookError(
            "row-out-of-range",
            f"工作表行号 {number} 超过 Excel 的最后一行 {ROWS} (row {number} is past Excel's last "
            f"row {ROWS})",
            RESAVE,
        )
    if number <= last:
        raise WorkbookError(
            "rows-out-of-order",
            f"第 {number} 行出现在第 {last} 行之后 (row {number} comes after row {last})",
            RESAVE,
            line=number,
        )


def _beyond_column(number: int, col: int) -> WorkbookError:
    """A cell past Excel's last column, XFD."""
    return WorkbookError(
        "column-out-of-range",
        f"第 {col} 列超过 Excel 的最后一列 XFD（{MAX_COLUMNS}） "
        f"(column {col} is past Excel's last, XFD)",
        RESAVE,
        line=number,
    )


def _too_long(number: int, col: int, length: int) -> WorkbookError:
    """A cell longer than a CSV line may be."""
    return WorkbookError(
        "cell-too-long",
        f"单元格有 {length} 个字符，超过上限 {LINE_LIMIT} (a cell is {LINE_LIMIT} characters or "
        f"longer)",
        "这是数据工作簿吗？(is this a data workbook?)",
        line=number,
        col=col,
    )
