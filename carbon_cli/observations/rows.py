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

from carbon_cli.areas import Areas
from carbon_cli.choices import WHOLE_CITY
from carbon_cli.errors import Problem
from carbon_cli.models import Indicator
from carbon_cli.names import fold

from .cells import (
    CACHE_LIMIT,
    CACHED_TEXT,
    Fault,
    Names,
    fraction,
    implausible,
    normal,
    number,
    show,
    year,
)
from .context import Context, Reader
from .header import Header, filled, pad, strays
from .store import Observations, Replaced

TARGET_SEPARATORS = re.compile(r"[\s,;、，；]+")
# the SDMX OBS_STATUS codes the contract takes, and their Chinese words
FLAGS = {
    "a": "A",
    "正常": "A",
    "p": "P",
    "初步": "P",
    "初步核算": "P",
    "e": "E",
    "估算": "E",
    "f": "F",
    "预测": "F",
    "b": "B",
    "口径调整": "B",
}
# how final a figure is: a more final one replaces a less final one of another value (A or B
# replaces P or E, P replaces E); F (a forecast) is never replaced nor replaces
FINAL = {"A": 2, "B": 2, "P": 1, "E": 0}


class Sink:
    """Where one file's observations go: the store, the indicator and area lookups, and the file's
    number in the store (where each value was read: file << 32 | line)."""

    def __init__(self, found: Observations, names: Names, areas: Areas, shown: str) -> None:
        self.found, self.names, self.areas = found, names, areas
        self.fileno = found._file(shown)
        self.texts: dict[str, str] = {}  # one copy of each area and source text, not one per row

    def read(self, ctx: Context, header: Header, reader: Reader) -> None:
        """Every row under the header, in its layout."""
        if header.years:
            from .wide import store_wide

            store_wide(self, ctx, header, reader)
        else:
            store(self, ctx, header, reader)

    def area(self, ctx: Context, row: list[str], i: int | None, line: int) -> str | Problem:
        """The canonical area of a row (全市 without an area column or cell), or the problem."""
        if i is None:
            return WHOLE_CITY
        cell = row[i]
        area = self.areas.canonical(cell)
        if area is not None:
            return area
        return Problem(
            ctx.shown,
            line,
            i + 1,
            "unknown-area",
            f"未知的地区 {show(cell)} (unknown area)",
            self.areas.closest(cell),
        )

    def check(
        self, ctx: Context, ind: Indicator, value: Decimal, line: int, col: int
    ) -> Problem | None:
        """A value outside its indicator's range (a problem); a share written as a fraction (a
        warning, the value is kept)."""
        limits = self.names.bounds.get(ind.id)
        if limits is None:
            return None
        low, high, share = limits
        if (low is not None and value < low) or (high is not None and value > high):
            return Problem(ctx.shown, line, col, *implausible(value, ind, low, high))
        if share and 0 < value < 1:
            ctx.warn(Problem(ctx.shown, line, col, *fraction(value, ind)))
        return None

    def put(
        self,
        ctx: Context,
        key: tuple[str, str],
        when: int,
        value: Decimal,
        flag: str,
        source: str,
        line: int,
        col: int | None,
    ) -> Problem | None:
        """Store a value; a value already there for the key and year is judged by again()."""
        found = self.found
        values = found.series.get(key)
        if values is None:
            values = found.series[key] = {}
        if when in values:
            return self.again(ctx, key, when, value, flag, source, line, col)
        values[when] = value
        found._origins.setdefault(key, {})[when] = self.fileno + line
        if flag != "A":
            found._flags.setdefault(key, {})[when] = flag
        if source and found.keep_sources:
            texts = self.texts
            area = texts.setdefault(key[1], key[1])
            found.sources[(key[0], area, when)] = texts.setdefault(source, source)
        return None

    def again(
        self,
        ctx: Context,
        key: tuple[str, str],
        when: int,
        value: Decimal,
        flag: str,
        source: str,
        line: int,
        col: int | None,
    ) -> Problem | None:
        """A second value for the same indicator, area and year: the same figure is fine (the
        more final flag is kept), a revision replaces the less final figure (CONTRACT,
        "Observations CSV"), anything else is a conflict."""
        found = self.found
        old = found._series[key][when]
        flags = found._flags.setdefault(key, {})
        was = flags.get(when, "A")
        place = (key[0], key[1], when)
        keep = found.keep_sources
        if old == value:
            # a break said once holds; else the more final flag
            better = "B" if "B" in (was, flag) else max(was, flag, key=lambda f: FINAL.get(f, -1))
            self._flag(flags, when, better)
            if source and keep:
                found.sources.setdefault(place, source)
            return None
        ranks = FINAL.get(was), FINAL.get(flag)
        if ranks[0] is None or ranks[1] is None or ranks[0] == ranks[1]:
            return self.conflict(ctx, line, col, key, when, (old, was), (value, flag))
        if ranks[1] > ranks[0]:  # this row's figure is the more final one: it replaces
            gone = Replaced(old, was, found.sources.get(place))
            found._series[key][when] = value
            found._origins.setdefault(key, {})[when] = self.fileno + line
            self._flag(flags, when, flag)
            if keep:
                if source:
                    found.sources[place] = source
                else:
                    found.sources.pop(place, None)
        else:
            gone = Replaced(value, flag, (source or None) if keep else None)
        history = found._replaced.setdefault(key, {}).setdefault(when, [])
        if gone not in history:
            history.append(gone)
        return None

    def conflict(
        self,
        ctx: Context,
        line: int,
        col: int | None,
        key: tuple[str, str],
        when: int,
        old: tuple[Decimal, str],
        new: tuple[Decimal, str],
    ) -> Problem:
        """Two rows giving different values for the same indicator, year and area, neither a
        revision of the other; the problem names where the first was read."""
        return Problem(
            ctx.shown,
            line,
            col,
            "conflicting-values",
            f"与{_spaced(self.found._where(key, when, ctx.shown))}冲突：{key[0]} {when}年 {key[1]} "
            f"在那里是 "
            f"{_flagged(*old)}，这里是 {_flagged(*new)} (conflicting values)",
            "只保留一个数；若其一是初步核算（P）或估算（E）数，在数据状态列注明，最终数会替换它",
        )

    @staticmethod
    def _flag(flags: dict[int, str], when: int, flag: str) -> None:
        """Record a value's flag (A, the default, is not recorded)."""
        if flag == "A":
            flags.pop(when, None)
        else:
            flags[when] = flag


def flag_of(cell: str) -> str | Fault:
    """The SDMX code a flag cell names (A for a blank one), or why it names none."""
    code = FLAGS.get(fold(cell)) if cell.strip() else "A"
    if code is not None:
        return code
    return Fault(
        "unknown-flag",
        f"数据状态 {show(cell)} 不是 A、P、E、F、B 之一 (unknown flag)",
        "填 A（正常）、P（初步核算）、E（估算）、F（预测）或 B（口径调整）；留空即 A",
    )


def store(sink: Sink, ctx: Context, header: Header, reader: Reader) -> None:
    """Check and store every row after the header (long layout); ctx.line is the last line read,
    also when a row raises. The loop is kept lean: dict lookups and one Decimal() for a
    well-formed row."""
    found, names, shown = sink.found, sink.names, ctx.shown
    columns = header.columns
    i_ind, i_year, i_value = columns["indicator"], columns["year"], columns["value"]
    i_area, i_flag = columns.get("area"), columns.get("flag")
    i_source = columns.get("source") if found.keep_sources else None
    width, need, runs = header.width, header.need, header.runs
    exact, percent, bounds = names.exact, names.percent, names.bounds
    places = sink.areas.known
    check_names = any(n in columns for n in ("name", "unit", "targets"))
    years: dict[str, int] = {}
    flags: dict[str, str | Fault] = {}
    # .series settles the values polars read: a value given again here is judged with them
    series, origins = found.series, found._origins
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
            if ind is not None and ind.id in bounds and isinstance(value, Decimal):
                wrong = sink.check(ctx, ind, value, start, i_value + 1)
                if wrong is not None:
                    bad.append(wrong)

            area: str | Problem = WHOLE_CITY
            if i_area is not None:
                area = places.get(row[i_area]) or sink.area(ctx, row, i_area, start)
                if isinstance(area, Problem):
                    bad.append(area)
            flag = "A"
            if i_flag is not None and (cell := row[i_flag]):
                code = flags.get(cell)
                if code is None:
                    code = flag_of(cell)
                    if len(flags) < CACHE_LIMIT:
                        flags[cell] = code
                if isinstance(code, Fault):
                    bad.append(Problem(shown, start, i_flag + 1, *code))
                else:
                    flag = code

            if check_names and ind is not None:
                bad.extend(mismatches(row, ind, header, shown, start))
            if n > width or runs:
                bad.extend(strays(row, n, header, shown, start))

            if not bad:
                if not isinstance(value, Decimal) or ind is None or when is None:
                    continue  # a blank value is no observation: a filled-in template has blanks
                key = (ind.id, str(area))
                values, lines = series.get(key), origins.get(key)
                if values is not None and lines is not None and when not in values and flag == "A":
                    values[when] = value  # the common case, inline: a new value, unflagged
                    lines[when] = fileno + start
                    if i_source is not None and (source := row[i_source].strip()):
                        texts = sink.texts
                        found.sources[(key[0], texts.setdefault(key[1], key[1]), when)] = (
                            texts.setdefault(source, source)
                        )
                    continue
                source = row[i_source].strip() if i_source is not None else ""
                wrong = sink.put(ctx, key, when, value, flag, source, start, None)
                if wrong is None:
                    continue
                bad.append(wrong)

            bad.sort(key=lambda p: p.col or 0)
            for problem in bad:
                ctx.add(problem)
    finally:
        ctx.line = line


def _spaced(text: str) -> str:
    """Text after a Chinese word: a space before a file name (与 a.csv 第 2 行), none before 第."""
    return f" {text}" if text[:1].isascii() else text


def _flagged(value: Decimal, flag: str) -> str:
    """A value with its flag when it has one: 58.1（P）."""
    return f"{value}" if flag == "A" else f"{value}（{flag}）"


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
            whose = "、".join(sorted(known)) if known else "无"
            bad.append(
                Problem(
                    shown,
                    line,
                    i + 1,
                    "targets-mismatch",
                    f"{show('、'.join(wrong))} 不是指标 {ind.name}（{ind.id}）的目标，它的目标是 "
                    f"{whose} (not targets of the indicator)",
                    "改正或清空相关目标列（它不作为数据读取）",
                )
            )
    names = {fold(n) for n in (ind.id, ind.name, *ind.aliases)}
    for what, label, expected in (("name", "名称", ind.name), ("unit", "单位", ind.unit)):
        i = header.get(what)
        if i is None or not (cell := row[i].strip()) or cell == expected:
            continue
        if (what == "name" and fold(cell) not in names) or (
            what == "unit" and normal(cell) != normal(expected)
        ):
            bad.append(
                Problem(
                    shown,
                    line,
                    i + 1,
                    f"{what}-mismatch",
                    f"{label} {show(cell)} 与指标 {ind.id} 的{label}“{expected}”不符 "
                    f"({what} does not match the indicator)",
                    f"改正{label}或指标，或清空{label}列",
                )
            )
    return bad
