"""The rows of an observations table under its header, checked (by the cell parsers of cells.py)
and stored, each problem at its line and column: the long layout here (a year and a value per
row), the wide layout (a column per year) in wide.py, both through one Sink.

The work per row is bounded by the row itself: under a header of 16,384 columns a short row
costs its own cells, and a row of a million cells a pass over them at C speed, never a Python
loop per column on every row.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from carbon_cli.choices import WHOLE_CITY
from carbon_cli.errors import Problem
from carbon_cli.models import Indicator

from .cells import CACHE_LIMIT, CACHED_TEXT, Fault, Names, normal, number, show, year
from .context import Context, Reader
from .header import Header, filled, pad, strays
from .store import Observations

TARGET_SEPARATORS = re.compile(r"[\s,;、，；]+")


class Sink:
    """Where one file's observations go: the store, the indicator lookup, and the file's number
    in the store (where each value was read: file << 32 | line)."""

    def __init__(self, found: Observations, names: Names, shown: str) -> None:
        self.found, self.names = found, names
        self.fileno = found._file(shown)
        self.texts: dict[str, str] = {}  # one copy of each area and source text, not one per row

    def read(self, ctx: Context, header: Header, reader: Reader) -> None:
        """Every row under the header, in its layout."""
        if header.years:
            from .wide import store_wide

            store_wide(self, ctx, header, reader)
        else:
            store(self, ctx, header, reader)

    def put(
        self,
        ctx: Context,
        key: tuple[str, str],
        when: int,
        value: Decimal,
        source: str,
        line: int,
        col: int | None,
    ) -> Problem | None:
        """Store a value; a different value already there for the key and year is a conflict."""
        found = self.found
        values = found.series.get(key)
        if values is None:
            values = found.series[key] = {}
        old = values.get(when)
        place = (key[0], self.texts.setdefault(key[1], key[1]), when)
        if old is None:
            values[when] = value
            found._origins.setdefault(key, {})[when] = self.fileno + line
            if source and found.keep_sources:
                found.sources[place] = self.texts.setdefault(source, source)
            return None
        if old == value:  # the same figure twice is fine
            if source and found.keep_sources:
                found.sources.setdefault(place, source)
            return None
        return _conflict(found, ctx, line, col, key, when, old, value)


def store(sink: Sink, ctx: Context, header: Header, reader: Reader) -> None:
    """Check and store every row after the header (long layout); ctx.line is the last line read,
    also when a row raises. The loop is kept lean: dict lookups and one Decimal() for a
    well-formed row."""
    found, names, shown = sink.found, sink.names, ctx.shown
    columns = header.columns
    i_ind, i_year, i_value = columns["indicator"], columns["year"], columns["value"]
    i_area = columns.get("area")
    i_source = columns.get("source") if found.keep_sources else None
    width, need, runs = header.width, header.need, header.runs
    exact, percent = names.exact, names.percent
    check_names = any(n in columns for n in ("name", "unit", "targets"))
    years: dict[str, int] = {}
    texts: dict[str, str] = {}
    # .series settles the values polars read: a value given again here is a conflict with them
    series, origins, sources = found.series, found._origins, found.sources
    fileno, line = sink.fileno, ctx.line
    try:
        for row in reader:
            line, start = reader.line_num, line + 1
            n = len(row)
            if n != width:
                if not row:
                    continue  # an empty line
                if n < need:  # Excel leaves out trailing empty cells
                    row = pad(row, header)
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
                bad.extend(mismatches(row, ind, header, shown, start))
            if n > width or runs:
                bad.extend(strays(row, n, header, shown, start))

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
                bad.append(_conflict(found, ctx, start, None, key, when, old, value))

            bad.sort(key=lambda p: p.col or 0)
            for problem in bad:
                ctx.add(problem)
    finally:
        ctx.line = line


def _conflict(
    found: Observations,
    ctx: Context,
    line: int,
    col: int | None,
    key: tuple[str, str],
    when: int,
    old: Decimal,
    value: Decimal,
) -> Problem:
    """Two rows giving different values for the same indicator, year and area."""
    return Problem(
        ctx.shown,
        line,
        col,
        "conflicting-values",
        f"conflicts with {found._where(key, when, ctx.shown)}: "
        f"{key[0]} {when} {key[1]} is {old} there and {value} here",
        "keep one value",
    )


def mismatches(
    row: list[str], ind: Indicator, header: Header, shown: str, line: int
) -> list[Problem]:
    """A filled name, unit or targets cell that is not the indicator's (they let a template read
    back)."""
    bad = []
    i = header.get("targets")
    if i is not None and (cell := row[i].strip()):
        known = {t.id for t in ind.targets}
        listed = [t for t in TARGET_SEPARATORS.split(normal(cell)) if t]
        wrong = [t for t in listed if t not in known]
        if wrong:
            whose = ", ".join(sorted(known)) if known else "none"
            bad.append(
                Problem(
                    shown,
                    line,
                    i + 1,
                    "targets-mismatch",
                    f"targets {show(', '.join(wrong))} are not targets of indicator {ind.id}, "
                    f"whose targets are {whose}",
                    "correct them or leave the targets blank (they are not read as data)",
                )
            )
    for what, expected in (("name", ind.name), ("unit", ind.unit)):
        i = header.get(what)
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
