"""The header of a CSV file or a sheet, for any table kind (spec.py): found below the title and
blank rows of a 监测表, and where it puts each column; the rows under it padded, and their stray
cells found, at the cost of the row's own cells."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import compress
from typing import SupportsIndex, overload

from carbon_cli.errors import Problem

from .cells import show
from .context import Context, Reader, Sparse
from .spec import TableSpec

MAX_COLUMNS = 16_384  # Excel's last column, XFD: no spreadsheet writes a wider header
TITLE_ROWS = 20  # filled rows looked at for the header: a 监测表's title, 填报单位, 单位 lines
WIDE_TITLE = 3  # a row above the header with this many filled cells is said, not just skipped
SEPARATORS = (("\t", "制表符"), (";", "分号"))
PAD = [""] * 64  # a row this many cells short is padded; a shorter one reads "" past its end


class Header:
    """Where the header put each column (0-based) and each year column, its line and width, and
    its runs of unnamed columns."""

    def __init__(
        self,
        columns: dict[str, int],
        years: list[tuple[int, int]],
        unnamed: list[int],
        width: int,
        line: int,
    ) -> None:
        self.columns = columns
        self.years = years  # (column, year) of the wide layout, in the header's order
        self.width, self.line = width, line
        read = [i for name, i in columns.items() if name != "note"] + [i for i, _ in years]
        self.need = max(read, default=0) + 1  # a shorter row is padded to this many cells
        self.unnamed = frozenset(unnamed)
        self.runs: list[tuple[int, int]] = []  # [start, stop) of each run of unnamed columns
        for i in unnamed:
            if self.runs and self.runs[-1][1] == i:
                self.runs[-1] = (self.runs[-1][0], i + 1)
            else:
                self.runs.append((i, i + 1))

    def get(self, name: str) -> int | None:
        """The column of `name`, None when the header has none."""
        return self.columns.get(name)


def filled(row: list[str]) -> bool:
    """Whether a cell holds more than spaces (at C speed; only non-empty cells are stripped)."""
    if isinstance(row, Sparse):
        return bool(row.present)  # a sheet's row holds only cells with text
    return any(map(str.strip, filter(None, row)))


def find_header(
    ctx: Context, reader: Reader, spec: TableSpec, empty: Callable[[], None] | None = None
) -> Header | None:
    """The header: the first row holding the key column and either the required columns or (for
    a spec with a wide layout) year columns; the title and blank rows above it are skipped (one
    with WIDE_TITLE filled cells or more with a warning). None, with its problems, when no row
    within TITLE_ROWS filled rows is one; ctx.line is then the last line read. Without any filled
    row, `empty` is called (by default a no-header problem)."""
    first: tuple[list[str], int] | None = None
    near: tuple[list[str], int] | None = None  # the first row naming any column
    skipped: list[tuple[int, int]] = []  # (line, filled cells) of rows passed over
    for cells in reader:
        start, ctx.line = ctx.line + 1, reader.line_num
        if not filled(cells):
            continue
        if len(cells) > MAX_COLUMNS:
            ctx.add(_too_wide(ctx, len(cells), start))
            return None
        names = _names(cells, spec)
        if first is None:
            first = (cells, start)
        found = {n for n in names.values() if n is not None}
        years = any(isinstance(n, int) for n in found)
        if spec.key in found and (set(spec.required) <= found or (spec.wide and years)):
            for line, count in skipped:
                if count >= WIDE_TITLE:
                    ctx.warn(_title_row(ctx, line, count, start))
            return _header(ctx, spec, cells, names, start)
        if near is None and any(isinstance(n, str) for n in found):  # a year alone: data
            near = (cells, start)
        skipped.append((start, len(names)))
        if len(skipped) >= TITLE_ROWS:
            break
    if first is None:
        if empty is not None:
            empty()
        else:
            ctx.add(
                Problem(
                    ctx.shown,
                    None,
                    None,
                    "no-header",
                    "文件没有表头 (no header line)",
                    spec.example(),
                )
            )
        return None
    if near is None:
        ctx.add(_no_header(ctx, spec, *first))
        return None
    cells, start = near
    _header(ctx, spec, cells, _names(cells, spec), start)  # says what the row lacks
    return None


def _present(cells: list[str]) -> list[int]:
    """The columns (0-based) of a row's cells that hold more than spaces."""
    if isinstance(cells, Sparse):
        return cells.present
    return [i for i in compress(range(len(cells)), cells) if cells[i].strip()]


def _names(cells: list[str], spec: TableSpec) -> dict[int, str | int | None]:
    """Column → what each filled cell of a row names (a column, a year, or None)."""
    return {i: spec.name_of(cells[i]) for i in _present(cells)}


def _header(
    ctx: Context,
    spec: TableSpec,
    cells: list[str],
    names: dict[int, str | int | None],
    line: int,
) -> Header | None:
    """The row as a header, or None (with its problems) when rows cannot be read under it."""
    columns: dict[str, int] = {}
    years: dict[int, int] = {}  # year → column
    for i, name in names.items():
        if name is None:
            ctx.add(
                Problem(
                    ctx.shown,
                    line,
                    i + 1,
                    "unknown-column",
                    f"未知的列 {show(cells[i])} (unknown column)",
                    spec.allowed(),
                )
            )
        elif (isinstance(name, int) and name in years) or name in columns:
            first = years[name] if isinstance(name, int) else columns[str(name)]
            ctx.add(
                Problem(
                    ctx.shown,
                    line,
                    i + 1,
                    "duplicate-column",
                    f"列 {show(cells[i])} 出现两次（第 {first + 1} 列和第 {i + 1} 列） "
                    f"(column '{name}' appears twice)",
                    "只保留一列 (keep one)",
                )
            )
        elif isinstance(name, int):
            years[name] = i
        else:
            columns[name] = i
    if years and any(n in columns for n in spec.wide):
        both = [n for n in spec.wide if n in columns]
        ctx.add(
            Problem(
                ctx.shown,
                line,
                columns[both[0]] + 1,
                "mixed-layout",
                f"表头既有 {spec.labels(both)} 列，又有按年份的列 "
                "(a header has either year and value columns or a column per year, not both)",
                "二选一：每行一个数（年份、数值两列），或每年一列（2020年、2021年…）",
            )
        )
        return None
    needed = [n for n in spec.required if not (years and n in spec.wide)]
    missing = [n for n in needed if n not in columns]
    for name in missing:
        ctx.add(
            Problem(
                ctx.shown,
                line,
                None,
                "missing-column",
                f"缺少必需的列 {spec.column(name).label} (missing required column '{name}')",
                f"表头须有 {spec.labels(spec.required)}"
                + (
                    f"，或以每年一列（2020年、2021年…）代替 {spec.labels(spec.wide)}"
                    if spec.wide
                    else ""
                ),
            )
        )
    if missing:
        return None
    unnamed = [i for i in range(len(cells)) if i not in names]
    ordered = sorted((i, year) for year, i in years.items())
    return Header(columns, ordered, unnamed, len(cells), line)


def _too_wide(ctx: Context, width: int, line: int) -> Problem:
    """A row wider than any spreadsheet."""
    return Problem(
        ctx.shown,
        line,
        MAX_COLUMNS + 1,
        "too-many-columns",
        f"表头有 {width} 列，超过电子表格的上限 {MAX_COLUMNS} 列（XFD） "
        f"(the header has more columns than a spreadsheet holds)",
        "这是观测值文件吗？(is this an observations file?)",
    )


def _no_header(ctx: Context, spec: TableSpec, cells: list[str], line: int) -> Problem:
    """The first filled row names no column: no header, perhaps the wrong separator."""
    joined = "".join(cells[i] for i in _present(cells))
    sep = next((name for s, name in SEPARATORS if s in joined), None)
    hint = f"单元格以{sep}分隔：请另存为 CSV（逗号分隔）" if sep else spec.example()
    shown = [show(cells[i]) for i in _present(cells)[:3]]
    listed = "、".join(shown) + ("…" if len(_present(cells)) > 3 else "")
    return Problem(
        ctx.shown,
        line,
        None,
        "no-header",
        f"没有表头：{listed} 都不是列名 (no header line: none of these is a column name)",
        hint,
    )


def _title_row(ctx: Context, line: int, count: int, header: int) -> Problem:
    """A row above the header with several filled cells: skipped as a title, and said."""
    return Problem(
        ctx.shown,
        line,
        None,
        "row-above-header",
        f"表头（第 {header} 行）上方的这一行有 {count} 个单元格，作为标题跳过，未读取 "
        f"(a row above the header is skipped as a title)",
        "若这一行是数据，请移到表头下方",
    )


def pad(row: list[str], header: Header) -> list[str]:
    """A row Excel wrote without its trailing empty cells, long enough for every column read."""
    n = len(row)
    if n >= header.need:
        return row
    if header.need - n <= len(PAD):
        row += PAD[: header.need - n]
        return row
    return Short(row)


class Short(list[str]):
    """A row far shorter than the header (which may be 16,384 columns wide): the cells it lacks
    read as "", without padding it to the header's width."""

    @overload
    def __getitem__(self, i: SupportsIndex) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: SupportsIndex | slice) -> str | list[str]:
        if not isinstance(i, slice) and i.__index__() >= len(self):
            return ""
        return super().__getitem__(i)


def strays(row: list[str], n: int, header: Header, shown: str, line: int) -> list[Problem]:
    """Filled cells among the row's first `n` (the rest is padding) under a column with no name,
    and the first one beyond the header; only non-empty cells are looked at one by one (the
    others are passed over at C speed, or not at all in a sheet's row)."""
    width = header.width
    beyond: Iterable[int]
    if isinstance(row, Sparse):
        unnamed = [i for i in row.present if i < width and i in header.unnamed]
        beyond = [i for i in row.present if width <= i < n]
    else:
        unnamed = [
            i
            for a, b in header.runs
            if a < n and any(row[a:b])  # an empty cell is "": C speed until one is not
            for i in compress(range(a, b), row[a:b])
        ]
        beyond = compress(range(width, n), row[width:])
    bad = [
        Problem(
            shown,
            line,
            i + 1,
            "unnamed-column-cell",
            f"单元格 {show(row[i])} 所在的列在表头中没有列名 (a cell in a column with no name)",
            "给这一列加上列名（如 备注）或清空这个单元格",
        )
        for i in unnamed
        if row[i].strip()
    ]
    extra = next((i for i in beyond if row[i].strip()), None)
    if extra is not None:
        bad.append(
            Problem(
                shown,
                line,
                extra + 1,
                "cell-beyond-header",
                f"单元格 {show(row[extra])} 超出了表头的 {width} 列 (a cell beyond the header)",
                '含逗号的单元格请加双引号（"a, b"），或删去这个单元格',
            )
        )
    return bad
