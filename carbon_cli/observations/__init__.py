"""Tables from CSV files as Excel and WPS write them and from .xlsx sheets, every problem found in
them, and a warning for whatever was not read: observed values here, and the reading of any other
kind of table (the progress records of records.py) through the same parts.

Reading another kind of table (the reusable part):

    from carbon_cli.observations import Column, Context, Header, TableSpec, read_table

    SPEC = TableSpec(
        what="进展记录",                       # the rows, in messages
        columns=(Column("item", ("事项编号",)), Column("state", ("进展状态",)), ...),
        key="item",                            # every header holds it
        required=("item", "state", ...),       # the header holds these (or, with `wide`, years)
    )

    def body(ctx: Context, header: Header, rows: Reader) -> None:
        for row in rows:                       # lists of cell texts; rows.line_num is the line
            row = pad(row, header)             # (a sheet's row number) where the row ends
            cell = row[header.columns["item"]]
            ctx.add(Problem(ctx.shown, rows.line_num, header.columns["item"] + 1, code, ...))

    problems, warnings = [], []
    read_table(path, SPEC, Context(str(path), problems, warnings), body, sheet=None)

`read_table` opens a .csv (UTF-8 with or without BOM, GB18030/GBK, CRLF; 1 MiB per line and
cell; binary data, NUL bytes and undecodable bytes refused where they start) or an .xlsx (the
first visible sheet, or `sheet`; its zip parts bounded; a formula without a saved value read as
blank with a warning; an empty sheet a warning), finds the header below any title and blank rows
(header.find_header: the first of TITLE_ROWS filled rows holding the key column and either the
required columns or, for a spec with `wide`, year columns such as 2020 or 2020年; a column name
is matched after NFKC, without spaces, in any case, in English or Chinese, or both as
指标（indicator）), then gives the rows under it to `body`. Every problem is a Problem at
file:line:col (a sheet's problems also name the cell, 观测值!C5, in their message); past
context.MAX_PROBLEMS problems a file stops with one saying so (Full, caught by read_table). A
spec's row checks live with its body: header.pad (a row Excel wrote short), header.strays (cells
under no column name or beyond the header), cells.year and cells.number (the cell parsers).
`discover` (sniff.py) expands folders to their .csv and .xlsx files, warning of each other
spreadsheet it passes over.

The modules, one job each: spec (a table kind's columns), sniff (which files, what they are),
csvfile (CSV text → rows) and xlsx (a sheet → rows), zipparts (a workbook's zip, bounded),
header (the header and the row helpers every kind shares), context (what reading one file
needs, the problem cap), cells (the one parser of cell texts, also used by polars), rows and wide
(the observations' long and wide layouts), fast (large CSVs through polars), store (the
Observations). The readers are imported when there is a file to read: a command without
observation files does not pay for them.
"""

from __future__ import annotations

import csv
import importlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carbon_cli.errors import Problem, sort_problems
from carbon_cli.models import AreasFile, Indicator

from .sniff import LINE_LIMIT, SUFFIXES, csv_files, discover
from .store import Observations, Replaced

if TYPE_CHECKING:
    from carbon_cli.areas import Areas

    from .cells import Names
    from .context import Context, Reader
    from .header import Header, pad, strays
    from .spec import OBSERVATIONS, Column, TableSpec

__all__ = [
    "OBSERVATIONS",
    "SUFFIXES",
    "Column",
    "Context",
    "Header",
    "Observations",
    "Reader",
    "Replaced",
    "TableSpec",
    "csv_files",
    "discover",
    "pad",
    "read_observations",
    "read_table",
    "strays",
]

Body = Callable[["Context", "Header", "Reader"], None]
# the reading parts, imported when first asked for: a command without files does not pay for them
LAZY = {
    "Context": "context",
    "Reader": "context",
    "Header": "header",
    "pad": "header",
    "strays": "header",
    "OBSERVATIONS": "spec",
    "Column": "spec",
    "TableSpec": "spec",
}


def __getattr__(name: str) -> Any:
    """The reading parts of LAZY, imported on first use."""
    if name in LAZY:
        return getattr(importlib.import_module(f".{LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_table(
    path: Path, spec: TableSpec, ctx: Context, body: Body, sheet: str | None = None
) -> None:
    """Read one .csv or .xlsx file of the kind `spec` describes: its header found, its rows given
    to `body`, every problem and warning added to ctx (sorted by the caller)."""
    from .context import Full

    limit = csv.field_size_limit(LINE_LIMIT)  # process-wide: put it back afterwards
    try:
        if path.suffix.lower() == ".xlsx":
            from .xlsx import read_xlsx

            read_xlsx(path, sheet, ctx, spec, body)
        else:
            from .csvfile import read_csv

            read_csv(path, ctx, spec, body)
    except Full:
        pass
    finally:
        csv.field_size_limit(limit)


def read_observations(
    paths: Iterable[Path],
    indicators: Sequence[Indicator],
    into: Observations | None = None,
    sheet: str | None = None,
    sources: bool = True,
    fast: bool = True,
    areas: AreasFile | None = None,
) -> tuple[Observations, list[Problem]]:
    """Read every file (after csv_files), streaming row by row; return what was read and every
    problem, sorted. An .xlsx file is read from its sheet `sheet`, else its first visible one.
    What was not read although nothing is wrong with it (a spreadsheet in a folder that is not
    read, an empty sheet, a formula without a value) is in the observations' `warnings`, sorted,
    with the warnings about values (a share that may be written as a fraction).

    Area names resolve through `areas` (data/areas.yaml: 揭阳市 and 合计 are 全市); without it any
    area name is taken as written. `sources=False` keeps no source per value (status needs
    none). With `fast`, a large CSV is read by polars when installed (fast.py); should anything
    at all be wrong, every file is read again by the exact reader alone, so the problems are
    always its own.
    """
    found = into if into is not None else Observations(keep_sources=sources)
    paths = list(paths)
    files, problems, warnings = discover(paths)
    if files:
        from carbon_cli.areas import Areas

        from .cells import Names
        from .context import Context
        from .fast import available
        from .rows import Sink
        from .spec import OBSERVATIONS

        names, places = Names(indicators), Areas(areas)
        # a polars block holds no sources, lines or earlier state to roll back: only plain reads
        polars = fast and into is None and not sources and available()
        for path in files:
            if polars and _read_fast(path, names, places, found):
                continue
            ctx = Context(str(path), problems, warnings)
            sink = Sink(found, names, places, ctx.shown)
            read_table(path, OBSERVATIONS, ctx, sink.read, sheet)
    if problems and found._blocks:
        return read_observations(
            paths, indicators, sheet=sheet, sources=sources, fast=False, areas=areas
        )
    found.warnings = sort_problems([*found.warnings, *warnings])
    return found, sort_problems(problems)


def _read_fast(path: Path, names: Names, areas: Areas, found: Observations) -> bool:
    """Read a large, clean file with polars into `found`; False leaves it to the exact reader."""
    from . import fast

    if path.suffix.lower() == ".xlsx":
        return False
    block = fast.read(path, names, areas)
    if block is None:
        return False
    earlier = [(ind, area, year) for (ind, area), s in found._series.items() for year in s]
    if fast.overlaps(block, earlier, found._blocks):
        return False  # the exact reader judges a value given twice, and names both lines
    found._blocks.append(block)
    return True
