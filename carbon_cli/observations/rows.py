"""The rows of a CSV file or a sheet under its header, checked (by the cell parsers of cells.py)
and stored, each problem at its line and column.

The work per row is bounded by the row itself: under a header of 16,384 columns a short row
costs its own cells, and a row of a million cells a pass over them at C speed, never a Python
loop per column on every row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from itertools import compress
from typing import SupportsIndex, overload

from carbon_cli.choices import WHOLE_CITY
from carbon_cli.errors import Problem
from carbon_cli.models import Indicator

from .cells import CACHE_LIMIT, CACHED_TEXT, Fault, normal, number, show, year
from .context import Context, Reader, Sparse
from .header import Layout, filled

TARGET_SEPARATORS = re.compile(r"[\s,;、，；]+")
PAD = [""] * 64  # a row this many cells short is padded; a shorter one reads "" past its end


class _Short(list[str]):
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


def store(ctx: Context, shape: Layout, reader: Reader) -> None:
    """Check and store every row after the header; ctx.line is the last line read, also when a
    row raises. The loop is kept lean: dict lookups and one Decimal() for a well-formed row."""
    found, names, shown = ctx.found, ctx.names, ctx.shown
    i_ind, i_year, i_value, i_area = shape.indicator, shape.year, shape.value, shape.area
    i_source = shape.source if found.keep_sources else None
    width, need, runs = shape.width, shape.need, shape.runs
    exact, percent = names.exact, names.percent
    check_names = shape.name is not None or shape.unit is not None or shape.targets is not None
    years: dict[str, int] = {}
    texts: dict[str, str] = {}
    # .series settles the values polars read: a value given again here is a conflict with them
    series, origins, sources = found.series, found._origins, found.sources
    fileno, line = ctx.fileno, ctx.line
    try:
        for row in reader:
            line, start = reader.line_num, line + 1
            n = len(row)
            if n != width:
                if not row:
                    continue  # an empty line
                if n < need:  # Excel leaves out trailing empty cells
                    if need - n <= len(PAD):
                        row += PAD[: need - n]
                    else:
                        row = _Short(row)
            bad: list[Problem] = []

            cell = row[i_ind]
            ind = exact.get(cell)
            if ind is None:
                if not cell.strip() and not filled(row):
                    continue  # a blank row, as Excel writes for an empty line
                judged = names.judge(cell)
                if isinstance(judged, Fault):
                    bad.append(Problem(shown, start, i_ind + 1, *judged))
                else:
                    ind = judged

            cell = row[i_year]
            when = years.get(cell)
            if when is None:
                got = year(cell)
                if isinstance(got, Fault):
                    bad.append(Problem(shown, start, i_year + 1, *got))
                else:
                    when = got
                    if len(years) < CACHE_LIMIT and len(cell) <= CACHED_TEXT:
                        years[cell] = when

            cell = row[i_value]
            value: Decimal | Fault | None = None
            # cells.number's first step, inlined: one call less for the plain number of most rows
            if cell.isascii() and "_" not in cell and cell:
                try:
                    value = Decimal(cell)  # on its own it would also take NaN, inf and 1_000
                except InvalidOperation:
                    pass
                else:
                    if not (value.is_finite() and -300 <= value.adjusted() < 300 and value):
                        value = None  # let number() say why, or turn -0 into 0
            if value is None:
                value = number(cell, None if ind is None or ind.id in percent else ind)
                if isinstance(value, Fault):
                    bad.append(Problem(shown, start, i_value + 1, *value))

            if check_names and ind is not None:
                bad.extend(_mismatches(row, ind, shape, shown, start))
            if n > width or runs:
                bad.extend(_strays(row, n, shape, shown, start))

            if not bad:
                if not isinstance(value, Decimal) or ind is None or when is None:
                    continue  # a blank value is no observation: a filled-in template has blanks
                area = (row[i_area].strip() or WHOLE_CITY) if i_area is not None else WHOLE_CITY
                key = (ind.id, area)
                values = series.get(key)
                if values is None:
                    values = series[key] = {}
                old = values.get(when)
                if old is None:
                    values[when] = value
                    lines = origins.get(key)
                    if lines is None:
                        lines = origins[key] = {}
                    lines[when] = fileno + start
                    if i_source is not None and (source := row[i_source].strip()):
                        # one copy of each area and source text, not one per row
                        area = texts.setdefault(area, area)
                        sources[(ind.id, area, when)] = texts.setdefault(source, source)
                    continue
                if old == value:  # the same figure twice is fine
                    if i_source is not None and (source := row[i_source].strip()):
                        sources.setdefault((ind.id, area, when), source)
                    continue
                bad.append(_conflict(ctx, start, key, when, old, value))

            bad.sort(key=lambda p: p.col or 0)
            for problem in bad:
                ctx.add(problem)
    finally:
        ctx.line = line


def _conflict(
    ctx: Context, line: int, key: tuple[str, str], when: int, old: Decimal, value: Decimal
) -> Problem:
    """Two rows giving different values for the same indicator, year and area."""
    return Problem(
        ctx.shown,
        line,
        None,
        "conflicting-values",
        f"conflicts with {ctx.found._where(key, when, ctx.shown)}: "
        f"{key[0]} {when} {key[1]} is {old} there and {value} here",
        "keep one value",
    )


def _mismatches(
    row: list[str], ind: Indicator, shape: Layout, shown: str, line: int
) -> list[Problem]:
    """A filled name, unit or targets cell that is not the indicator's (they let a template read
    back)."""
    bad = []
    if shape.targets is not None and (cell := row[shape.targets].strip()):
        known = {t.id for t in ind.targets}
        listed = [t for t in TARGET_SEPARATORS.split(normal(cell)) if t]
        wrong = [t for t in listed if t not in known]
        if wrong:
            whose = ", ".join(sorted(known)) if known else "none"
            bad.append(
                Problem(
                    shown,
                    line,
                    shape.targets + 1,
                    "targets-mismatch",
                    f"targets {show(', '.join(wrong))} are not targets of indicator {ind.id}, "
                    f"whose targets are {whose}",
                    "correct them or leave the targets blank (they are not read as data)",
                )
            )
    for i, what, expected in ((shape.name, "name", ind.name), (shape.unit, "unit", ind.unit)):
        if i is None or not (cell := row[i].strip()) or cell == expected:
            continue
        if normal(cell) != normal(expected):
            bad.append(
                Problem(
                    shown,
                    line,
                    i + 1,
                    f"{what}-mismatch",
                    f"{what} {show(cell)} does not match indicator {ind.id}, "
                    f"whose {what} is {expected}",
                    f"correct the {what} or the indicator, or leave the {what} blank",
                )
            )
    return bad


def _strays(row: list[str], n: int, shape: Layout, shown: str, line: int) -> list[Problem]:
    """Filled cells among the row's first `n` (the rest is padding) under a column with no name,
    and the first one beyond the header; only non-empty cells are looked at one by one (the
    others are passed over at C speed, or not at all in a sheet's row)."""
    width = shape.width
    beyond: Iterable[int]
    if isinstance(row, Sparse):
        unnamed = [i for i in row.present if i < width and i in shape.unnamed]
        beyond = [i for i in row.present if width <= i < n]
    else:
        unnamed = [
            i
            for a, b in shape.runs
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
            f"cell {show(row[i])} is in a column with no name in the header",
            "name the column (e.g. note) or clear the cell",
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
                f"cell {show(row[extra])} is beyond the header's {width} columns",
                'put a cell that holds a comma in double quotes ("a, b"), or remove the cell',
            )
        )
    return bad
