"""Observed values from CSV files as Excel and WPS write them and from .xlsx sheets, every problem
found in them, and a warning for whatever was not read.

The modules, one job each: sniff (which files, what they are), csvfile (CSV text → rows), xlsx (a
sheet → rows) and zipparts (a workbook's zip, bounded), header and rows (the columns and the row
checks CSV and xlsx share), context (what reading one file needs, the problem cap), cells (the
one parser of cell texts, also used by polars), fast (large CSVs through polars), store (the
Observations). The readers are imported when there is a file to read: a command without
observation files does not pay for them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from carbon_cli.errors import Problem, sort_problems
from carbon_cli.models import Indicator

from .sniff import LINE_LIMIT, SUFFIXES, csv_files, discover
from .store import Observations

if TYPE_CHECKING:
    from .cells import Names

__all__ = ["SUFFIXES", "Observations", "csv_files", "read_observations"]


def read_observations(
    paths: Iterable[Path],
    indicators: Sequence[Indicator],
    into: Observations | None = None,
    sheet: str | None = None,
    sources: bool = True,
    fast: bool = True,
) -> tuple[Observations, list[Problem]]:
    """Read every file (after csv_files), streaming row by row; return what was read and every
    problem, sorted. An .xlsx file is read from its sheet `sheet`, else its first visible one.
    What was not read although nothing is wrong with it (a spreadsheet in a folder that is not
    read, an empty sheet, a formula without a value) is in the observations' `warnings`, sorted.

    `sources=False` keeps no source per value (status needs none). With `fast`, a large CSV is
    read by polars when installed (fast.py); should anything at all be wrong, every file is
    read again by the exact reader alone, so the problems are always its own.
    """
    found = into if into is not None else Observations(keep_sources=sources)
    paths = list(paths)
    files, problems, warnings = discover(paths)
    if files:
        from .cells import Names
        from .context import Context
        from .csvfile import read_csv
        from .fast import available

        names = Names(indicators)
        # a polars block holds no sources, lines or earlier state to roll back: only plain reads
        polars = fast and into is None and not sources and available()
        limit = csv.field_size_limit(LINE_LIMIT)  # process-wide: put it back afterwards
        try:
            for path in files:
                ctx = Context(str(path), names, found, problems, warnings)
                if path.suffix.lower() == ".xlsx":
                    from .xlsx import read_xlsx

                    read_xlsx(path, sheet, ctx)
                elif not (polars and _read_fast(path, names, found)):
                    read_csv(path, ctx)
        finally:
            csv.field_size_limit(limit)
    if problems and found._blocks:
        return read_observations(paths, indicators, sheet=sheet, sources=sources, fast=False)
    found.warnings = sort_problems([*found.warnings, *warnings])
    return found, sort_problems(problems)


def _read_fast(path: Path, names: Names, found: Observations) -> bool:
    """Read a large, clean file with polars into `found`; False leaves it to the exact reader."""
    from . import fast

    block = fast.read(path, names)
    if block is None:
        return False
    earlier = [(ind, area, year) for (ind, area), s in found._series.items() for year in s]
    if fast.overlaps(block, earlier, found._blocks):
        return False  # the exact reader judges a value given twice, and names both lines
    found._blocks.append(block)
    return True
