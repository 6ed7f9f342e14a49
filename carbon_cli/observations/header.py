"""The header of a CSV file or a sheet: the first filled row, and where it puts each column."""

from __future__ import annotations

from carbon_cli.errors import Problem

from .cells import normal, show
from .context import Context, Reader, Sparse

COLUMNS = ("indicator", "year", "value", "area", "source", "note", "name", "unit", "targets")
REQUIRED = COLUMNS[:3]
MAX_COLUMNS = 16_384  # Excel's last column, XFD: no spreadsheet writes a wider header
HEADER_HINT = "start it with a header line such as indicator,year,value,area,source"
ALLOWED = "allowed columns: " + ", ".join(COLUMNS)
SEPARATORS = (("\t", "tabs"), (";", "semicolons"))


class Layout:
    """Where the header put each column (0-based), its width, and its runs of unnamed columns."""

    def __init__(self, columns: dict[str, int], unnamed: list[int], width: int) -> None:
        self.indicator, self.year, self.value = (columns[name] for name in REQUIRED)
        self.area, self.source = columns.get("area"), columns.get("source")
        self.name, self.unit, self.targets = (columns.get(n) for n in ("name", "unit", "targets"))
        self.width = width
        read = [i for name, i in columns.items() if name != "note"]
        self.need = max(read) + 1  # a shorter row is padded to this many cells
        self.unnamed = frozenset(unnamed)
        self.runs: list[tuple[int, int]] = []  # [start, stop) of each run of unnamed columns
        for i in unnamed:
            if self.runs and self.runs[-1][1] == i:
                self.runs[-1] = (self.runs[-1][0], i + 1)
            else:
                self.runs.append((i, i + 1))


def find_header(ctx: Context, reader: Reader) -> tuple[list[str], int] | None:
    """The first row with a filled cell (rows above it are blank) and the line where it starts;
    None when there is none."""
    for cells in reader:
        start, ctx.line = ctx.line + 1, reader.line_num
        if filled(cells):
            return cells, start
    return None


def filled(row: list[str]) -> bool:
    """Whether a cell holds more than spaces (at C speed; only non-empty cells are stripped)."""
    if isinstance(row, Sparse):
        return bool(row.present)  # a sheet's row holds only cells with text
    return any(map(str.strip, filter(None, row)))


def layout(ctx: Context, header: list[str], line: int) -> Layout | None:
    """The header's columns, or None (with its problems) when rows cannot be read under it."""
    if len(header) > MAX_COLUMNS:
        ctx.add(
            Problem(
                ctx.shown,
                line,
                MAX_COLUMNS + 1,
                "too-many-columns",
                f"表头有 {len(header)} 列，超过电子表格的上限 {MAX_COLUMNS} 列（XFD） "
                f"(the header has more columns than a spreadsheet holds)",
                "is this an observations file?",
            )
        )
        return None
    cells = [c.strip().strip("\ufeff").strip() for c in header]
    names = [normal(c).lower() for c in cells]
    if not set(names) & set(COLUMNS):
        joined = "".join(header)
        sep = next((name for s, name in SEPARATORS if s in joined), None)
        hint = (
            f"the cells are separated by {sep}; save the file as CSV (comma separated)"
            if sep
            else HEADER_HINT
        )
        listed = ", ".join(show(c) for c in cells[:3] if c) + (", …" if len(cells) > 3 else "")
        ctx.add(
            Problem(
                ctx.shown,
                line,
                None,
                "no-header",
                f"no header line: none of {listed} is a column name",
                hint,
            )
        )
        return None
    columns: dict[str, int] = {}
    unnamed: list[int] = []
    for i, name in enumerate(names):
        if not name:
            unnamed.append(i)  # Excel writes trailing empty columns of a once-used range
        elif name not in COLUMNS:
            ctx.add(
                Problem(
                    ctx.shown,
                    line,
                    i + 1,
                    "unknown-column",
                    f"unknown column {show(cells[i])}",
                    ALLOWED,
                )
            )
        elif name in columns:
            ctx.add(
                Problem(
                    ctx.shown,
                    line,
                    i + 1,
                    "duplicate-column",
                    f"column '{name}' appears twice (columns {columns[name] + 1} and {i + 1})",
                    "keep one",
                )
            )
        else:
            columns[name] = i
    missing = [name for name in REQUIRED if name not in columns]
    for name in missing:
        ctx.add(
            Problem(
                ctx.shown,
                line,
                None,
                "missing-column",
                f"missing required column '{name}'",
                f"the header needs indicator, year and value; {ALLOWED}",
            )
        )
    return None if missing else Layout(columns, unnamed, len(header))
