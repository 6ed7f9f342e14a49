"""Observed values from CSV files as Excel and WPS write them, and from .xlsx sheets (excel.py),
and every problem found in them."""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from . import fastcsv
from .errors import Problem, sort_problems
from .excel import WorkbookError, column_letter, sheet_rows
from .models import WHOLE_CITY, Indicator

if TYPE_CHECKING:
    from typing import Protocol

    class Reader(Protocol):
        """What the row checks need: rows of cell texts, and the line (or sheet row) last read."""

        @property
        def line_num(self) -> int: ...

        def __iter__(self) -> Iterator[list[str]]: ...

        def __next__(self) -> list[str]: ...


COLUMNS = ("indicator", "year", "value", "area", "source", "note", "name", "unit", "targets")
REQUIRED = COLUMNS[:3]
SUFFIXES = (".csv", ".xlsx")
FIRST_YEAR, LAST_YEAR = 1900, 2100
MAX_PROBLEMS = 1000  # per file: enough to see the pattern, and a broken 1 GB file stops early
LINE_LIMIT = 1 << 20  # characters in one line or one cell; observation rows are short
CHUNK = 1 << 16  # bytes looked at to recognise binary files and the encoding
CACHE_LIMIT = 10_000  # distinct cell texts remembered per lookup table

SAVE_AS = "in Excel use 另存为 CSV UTF-8"
HEADER_HINT = "start it with a header line such as indicator,year,value,area,source"
ALLOWED = "allowed columns: " + ", ".join(COLUMNS)
NOT_A_NUMBER = (
    "write a plain number such as 23.1 "
    "(a % sign, thousands separators and full-width digits are accepted)"
)
# What a file that is not text starts with, and what to call it.
MAGIC = (
    (b"PK\x03\x04", "an Excel workbook (.xlsx, a zip file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF-", "a PDF document"),
    (b"\xff\xfe", "UTF-16 text (Excel's 'Unicode text')"),
    (b"\xfe\xff", "UTF-16 text"),
)
SEPARATORS = (("\t", "tabs"), (";", "semicolons"))
ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030"))
NOT_FINITE = frozenset({"nan", "snan", "qnan", "inf", "infinity"})
TARGET_SEPARATORS = re.compile(r"[\s,;、，；]+")
# thousands separators only in whole groups of three ("1,234.5"): "1,2,3" is refused, not guessed
NUMBER = re.compile(
    r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
)
WHOLE_YEAR = re.compile(r"([0-9]{4})(?:\.0*|年)")

Series = dict[int, Decimal]


@dataclass
class Observations:
    """Observed values by (indicator id, area) → {year: value}.

    Values of a large file read by fastcsv.py stay in its columns until an area is asked for;
    `series` turns them all into dicts, the methods only the areas they need.
    """

    _series: dict[tuple[str, str], Series] = field(default_factory=dict)
    sources: dict[tuple[str, str, int], str] = field(default_factory=dict)
    keep_sources: bool = field(default=True, repr=False, compare=False)
    # where each value was read, to name both lines when a later row disagrees
    _origins: dict[tuple[str, str], dict[int, int]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _files: list[str] = field(default_factory=list, init=False, repr=False, compare=False)
    _blocks: list[fastcsv.Block] = field(
        default_factory=list, init=False, repr=False, compare=False
    )

    def __init__(
        self,
        series: dict[tuple[str, str], Series] | None = None,
        sources: dict[tuple[str, str, int], str] | None = None,
        keep_sources: bool = True,
    ) -> None:
        self._series = series if series is not None else {}
        self.sources = sources if sources is not None else {}
        self.keep_sources = keep_sources
        self._origins, self._files, self._blocks = {}, [], []

    @property
    def series(self) -> dict[tuple[str, str], Series]:
        """Every series (a file read by fastcsv.py is turned into dicts now, whole)."""
        for area in self._block_areas():
            self._settle(area)
        return self._series

    def _block_areas(self) -> set[str]:
        """Areas in fastcsv blocks not yet turned into series."""
        return {a for b in self._blocks for a in b.areas() - b.settled}

    def _settle(self, area: str) -> None:
        """Turn the area's values in fastcsv blocks into series."""
        for block in self._blocks:
            block.settle(area, self._series)

    def get(self, indicator: str, area: str) -> Series:
        """The series of one indicator in one area (a copy; empty if none)."""
        self._settle(area)
        return dict(self._series.get((indicator, area), {}))

    def for_area(self, area: str) -> dict[str, Series]:
        """Indicator id → series, for one area."""
        self._settle(area)
        return {ind: dict(s) for (ind, where), s in self._series.items() if where == area}

    def areas(self) -> list[str]:
        """Every area observed, sorted, 全市 first."""
        found = {area for _, area in self._series} | self._block_areas()
        return sorted(found, key=lambda a: (a != WHOLE_CITY, a))

    def latest_year(self, area: str) -> int | None:
        """The latest year among the area's observations, None without any."""
        self._settle(area)
        years = [max(s) for (_, where), s in self._series.items() if where == area and s]
        return max(years, default=None)

    def __len__(self) -> int:
        """The number of (indicator, area, year) values."""
        return sum(map(len, self._series.values())) + sum(b.unsettled() for b in self._blocks)


class _Stop(Exception):
    """The rest of a file cannot be read as CSV text."""

    def __init__(self, code: str, message: str, hint: str | None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


class _Names:
    """Indicator lookup by id or Chinese name, remembering every cell text already resolved."""

    def __init__(self, indicators: Sequence[Indicator]) -> None:
        self.exact: dict[str, Indicator] = {}
        self.normal: dict[str, Indicator] = {}
        for ind in indicators:
            for text in (ind.id, ind.name):
                self.exact[text] = ind
                self.normal[_normal(text)] = ind
        self.percent = {ind.id for ind in indicators if _normal(ind.unit) == "%"}
        self.first = indicators[0] if indicators else None
        self.hints: dict[str, str] = {}

    def resolve(self, cell: str) -> Indicator | None:
        """The indicator a cell names after trimming and NFKC (full-width ASCII), or None."""
        ind = self.normal.get(_normal(cell))
        if ind is not None and len(self.exact) < CACHE_LIMIT:
            self.exact[cell] = ind
        return ind

    def example(self, cell: str) -> str:
        """The fix for an unknown or empty indicator cell, naming the closest indicator."""
        if cell not in self.hints and len(self.hints) < CACHE_LIMIT:
            self.hints[cell] = self._example(cell)
        return self.hints.get(cell) or self._example(cell)

    def _example(self, cell: str) -> str:
        """The fix for an unknown or empty indicator cell, worked out with difflib."""
        close = difflib.get_close_matches(_normal(cell), list(self.normal), n=1, cutoff=0)
        ind = self.normal[close[0]] if close and cell.strip() else self.first
        if ind is None:
            return "data/targets.yaml defines no indicators"
        return (
            "use an indicator id or Chinese name from data/targets.yaml, "
            f"e.g. {ind.id} or {ind.name}"
        )


def _normal(text: str) -> str:
    """Text with full-width letters, digits and signs made ASCII, trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def _show(cell: str) -> str:
    """A cell quoted for a one-line message: control characters escaped, long text cut."""
    return repr(cell if len(cell) <= 40 else cell[:40] + "…")


def csv_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders to their *.csv and *.xlsx files (sorted); a missing path, an unreadable
    one, a folder with neither is a Problem."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for path in paths:
        shown = str(path)
        try:
            if stat.S_ISDIR(path.stat().st_mode):
                # dot files are editor and macOS leftovers (._obs.csv is binary), not data, and
                # ~$obs.xlsx is the lock file Excel keeps beside a workbook it has open
                found = sorted(
                    p
                    for p in path.iterdir()
                    if p.suffix.lower() in SUFFIXES
                    and not p.name.startswith((".", "~$"))
                    and p.is_file()
                )
                if not found:
                    problems.append(
                        Problem(
                            shown,
                            None,
                            None,
                            "empty-folder",
                            "the folder has no .csv or .xlsx files",
                            "put .csv or .xlsx files in it or give a file's path",
                        )
                    )
            else:
                with path.open("rb"):
                    found = [path]
        except FileNotFoundError:
            problems.append(
                Problem(
                    shown, None, None, "no-such-file", "no such file or folder", "check the path"
                )
            )
            continue
        except OSError as err:
            problems.append(
                Problem(shown, None, None, "cannot-read", f"cannot read: {err.strerror or err}")
            )
            continue
        for p in found:
            real = os.path.realpath(p)  # the same file named twice is read once
            if real not in seen:
                seen.add(real)
                files.append(p)
    return files, problems


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

    `sources=False` keeps no source per value (status needs none). With `fast`, a large CSV is
    read by polars when installed (fastcsv.py); should anything at all be wrong, every file is
    read again by the exact reader alone, so the problems are always its own.
    """
    found = into if into is not None else Observations(keep_sources=sources)
    files, problems = csv_files(paths)
    names = _Names(indicators)
    # a fastcsv block holds no sources, lines or earlier state to roll back: only plain reads
    fast = fast and into is None and not sources and fastcsv.available()
    limit = csv.field_size_limit(LINE_LIMIT)  # a process-wide setting: put it back afterwards
    try:
        for path in files:
            if path.suffix.lower() == ".xlsx":
                _read_workbook(path, sheet, names, found, problems)
            elif not (fast and _read_fast(path, names, found)):
                _read_file(path, names, found, problems)
    finally:
        csv.field_size_limit(limit)
    if problems and found._blocks:
        return read_observations(paths, indicators, sheet=sheet, sources=sources, fast=False)
    return found, sort_problems(problems)


def _read_fast(path: Path, names: _Names, found: Observations) -> bool:
    """Read a large, clean file with polars into `found`; False leaves it to the exact reader."""
    block = fastcsv.read(path, names.exact, names.resolve, names.percent, _year, _number)
    if block is None:
        return False
    earlier = [(ind, area, year) for (ind, area), s in found._series.items() for year in s]
    if fastcsv.overlaps(block, earlier, found._blocks):
        return False  # the exact reader judges a value given twice, and names both lines
    found._blocks.append(block)
    return True


def _read_file(path: Path, names: _Names, found: Observations, problems: list[Problem]) -> None:
    """Read one file into `found`, adding its problems; never raises for what the file holds."""
    shown = str(path)
    try:
        with io.FileIO(path) as file, io.BufferedReader(file, CHUNK) as raw:
            head = raw.peek(CHUNK)[:CHUNK]
            if not head:
                problems.append(
                    Problem(shown, None, None, "empty-file", "the file is empty", HEADER_HINT)
                )
                return
            what = next((name for magic, name in MAGIC if head.startswith(magic)), None)
            if what is None and b"\0" in head:
                what = "binary data (it has NUL bytes)"
            if what is not None:
                problems.append(
                    Problem(shown, None, None, "not-csv", f"this is {what}, not CSV", SAVE_AS)
                )
                return
            encoding = _encoding(raw, head)
            if encoding is None:
                problems.append(
                    Problem(
                        shown,
                        None,
                        None,
                        "unknown-encoding",
                        "not UTF-8 or GB18030 text",
                        "save it as CSV UTF-8 from Excel",
                    )
                )
                return
            text = io.TextIOWrapper(raw, encoding=encoding, newline="")
            try:
                # strict: an unclosed quote is an error, not data
                rows = csv.reader(_lines(text), strict=True)
                bad_line = _read_rows(rows, shown, names, found, problems)
            finally:
                text.detach()  # `raw` stays open for the with block (and a second look)
            if bad_line is not None:
                if raw.seekable():
                    bad_line = _undecodable_line(raw, encoding)
                problems.append(
                    Problem(
                        shown,
                        bad_line,
                        None,
                        "mixed-encoding",
                        f"not {dict(ENCODINGS)[encoding]} text like the lines before it",
                        "save the whole file as CSV UTF-8 from Excel",
                    )
                )
    except OSError as err:
        problems.append(
            Problem(shown, None, None, "cannot-read", f"cannot read: {err.strerror or err}")
        )


def _encoding(raw: io.BufferedReader[io.FileIO], head: bytes) -> str | None:
    """UTF-8 (BOM or not) or GB18030, judged on the first bytes that are not ASCII."""
    sample = head
    if head.isascii() and raw.seekable():
        # a GB18030 file may start with pages of plain ASCII: look on to the first other byte
        while chunk := raw.read(CHUNK):
            if not chunk.isascii():
                sample = chunk
                break
        raw.seek(0)
    for encoding, _ in ENCODINGS:
        try:
            codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def _undecodable_line(raw: io.BufferedReader[io.FileIO], encoding: str) -> int:
    """The line (counting \\n, \\r\\n and \\r ends) of the first bytes the encoding cannot read."""
    raw.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    # line-end bytes never occur inside a UTF-8 or GB18030 character, so they can be counted raw
    while piece := raw.readline(LINE_LIMIT):
        try:
            decoder.decode(piece)
        except UnicodeDecodeError as err:
            piece = piece[: max(err.start, 0)]
            return line + piece.count(b"\n") + piece.count(b"\r") - piece.count(b"\r\n")
        line += piece.count(b"\n") + piece.count(b"\r") - piece.count(b"\r\n")
    return line


def _lines(text: io.TextIOWrapper) -> Iterator[str]:
    """The file's lines as csv wants them; a NUL or a huge line stops the file with _Stop."""
    readline = text.readline
    while line := readline(LINE_LIMIT):
        if len(line) >= LINE_LIMIT:
            raise _Stop(
                "line-too-long",
                f"the line is {LINE_LIMIT} characters or longer",
                "is this an observations CSV?",
            )
        if "\0" in line:
            raise _Stop("nul-byte", "the line has a NUL byte: binary data, not CSV text", SAVE_AS)
        yield line


def _columns(
    header: list[str], line: int, shown: str, problems: list[Problem]
) -> tuple[dict[str, int] | None, list[int]]:
    """Column name → index (None when rows cannot be read), and the columns with no name."""
    cells = [c.strip().strip("\ufeff").strip() for c in header]
    names = [_normal(c).lower() for c in cells]
    if not set(names) & set(COLUMNS):
        joined = "".join(header)
        sep = next((name for s, name in SEPARATORS if s in joined), None)
        hint = (
            f"the cells are separated by {sep}; save the file as CSV (comma separated)"
            if sep
            else HEADER_HINT
        )
        listed = ", ".join(_show(c) for c in cells[:3] if c) + (", …" if len(cells) > 3 else "")
        problems.append(
            Problem(
                shown,
                line,
                None,
                "no-header",
                f"no header line: none of {listed} is a column name",
                hint,
            )
        )
        return None, []
    columns: dict[str, int] = {}
    unnamed: list[int] = []
    for i, name in enumerate(names):
        if not name:
            unnamed.append(i)  # Excel writes trailing empty columns of a once-used range
        elif name not in COLUMNS:
            problems.append(
                Problem(
                    shown,
                    line,
                    i + 1,
                    "unknown-column",
                    f"unknown column {_show(cells[i])}",
                    ALLOWED,
                )
            )
        elif name in columns:
            problems.append(
                Problem(
                    shown,
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
        problems.append(
            Problem(
                shown,
                line,
                None,
                "missing-column",
                f"missing required column '{name}'",
                f"the header needs indicator, year and value; {ALLOWED}",
            )
        )
    return (None if missing else columns), unnamed


def _read_workbook(
    path: Path, sheet: str | None, names: _Names, found: Observations, problems: list[Problem]
) -> None:
    """Read a sheet of an .xlsx file through the same checks as a CSV file.

    Problems keep the path and give the sheet row as line and the column number as col; the
    message starts with the cell as Excel names it (观测值!C5), or the row or the sheet.
    """
    shown = str(path)
    before = len(problems)
    try:
        with sheet_rows(path, sheet) as (title, rows):
            _read_rows(_SheetRows(rows), shown, names, found, problems)
    except WorkbookError as err:
        problems.append(Problem(shown, None, None, "unreadable-workbook", err.message, err.hint))
        return
    for i in range(before, len(problems)):
        p = problems[i]
        if p.col is not None and p.line is not None:
            where = f"{title}!{column_letter(p.col)}{p.line}"
        else:
            where = f"{title} row {p.line}" if p.line is not None else f"sheet {title}"
        problems[i] = Problem(p.path, p.line, p.col, p.code, f"{where}: {p.message}", p.hint)


class _SheetRows:
    """A sheet's rows as the csv module's reader gives them, with the sheet row as line_num."""

    def __init__(self, rows: Iterator[tuple[int, list[str]]]) -> None:
        self.rows = rows
        self.line_num = 0

    def __iter__(self) -> _SheetRows:
        return self

    def __next__(self) -> list[str]:
        try:
            self.line_num, cells = next(self.rows)
        except WorkbookError as err:  # a damaged sheet: what was read so far stands
            raise _Stop("unreadable-workbook", err.message, err.hint) from None
        return cells


def _read_rows(
    reader: Reader,
    shown: str,
    names: _Names,
    found: Observations,
    problems: list[Problem],
) -> int | None:
    """Check and store every row of a CSV file or a sheet; the line where decoding failed, None
    when it did not."""
    line = 0
    try:
        for header in reader:
            line, start = reader.line_num, line + 1
            if any(c.strip() for c in header):
                break
        else:
            problems.append(
                Problem(shown, None, None, "no-header", "the file has no header line", HEADER_HINT)
            )
            return None
        before = len(problems)
        columns, unnamed = _columns(header, start, shown, problems)
        if columns is not None:
            budget = MAX_PROBLEMS - (len(problems) - before)
            _store_rows(
                reader, columns, unnamed, len(header), shown, names, found, problems, budget
            )
    except _Stop as stop:
        problems.append(
            Problem(shown, reader.line_num + 1, None, stop.code, stop.message, stop.hint)
        )
    except csv.Error as err:
        problems.append(_malformed(err, shown, line + 1))
    except UnicodeDecodeError:
        return reader.line_num + 1
    return None


def _store_rows(
    reader: Reader,
    columns: dict[str, int],
    unnamed: list[int],
    width: int,
    shown: str,
    names: _Names,
    found: Observations,
    problems: list[Problem],
    budget: int,
) -> None:
    """The per-row loop, kept lean: dict lookups and one Decimal() for a well-formed row."""
    i_ind, i_year, i_value = columns["indicator"], columns["year"], columns["value"]
    i_area = columns.get("area")
    i_source = columns.get("source") if found.keep_sources else None
    i_name, i_unit, i_targets = columns.get("name"), columns.get("unit"), columns.get("targets")
    exact, percent = names.exact, names.percent
    check_names = i_name is not None or i_unit is not None or i_targets is not None
    years: dict[str, int] = {}
    texts: dict[str, str] = {}
    series, origins, sources = found.series, found._origins, found.sources
    # where a value was read, as one int per value: file number << 32 | line
    fileno = len(found._files) << 32
    found._files.append(shown)
    line = reader.line_num
    while True:  # a malformed row is a problem, and reading goes on after it
        try:
            for row in reader:
                line, start = reader.line_num, line + 1
                if len(row) != width:
                    if not row:
                        continue  # an empty line
                    if len(row) < width:
                        row += [""] * (width - len(row))
                bad: list[Problem] = []

                cell = row[i_ind]
                ind = exact.get(cell)
                if ind is None:
                    if not cell.strip() and not any(c.strip() for c in row):
                        continue  # a blank row, as Excel writes for an empty line
                    ind = names.resolve(cell)
                    if ind is None:
                        code, what = (
                            ("unknown-indicator", f"unknown indicator {_show(cell)}")
                            if cell.strip()
                            else ("empty-indicator", "indicator is empty")
                        )
                        bad.append(
                            Problem(shown, start, i_ind + 1, code, what, names.example(cell))
                        )

                cell = row[i_year]
                year = years.get(cell)
                if year is None:
                    parsed = _year(cell)
                    if isinstance(parsed, int):
                        year = parsed
                        if len(years) < CACHE_LIMIT:
                            years[cell] = year
                    else:
                        bad.append(Problem(shown, start, i_year + 1, "bad-year", *parsed))

                cell = row[i_value]
                value: Decimal | tuple[str, str] | None = None
                if cell.isascii() and "_" not in cell and cell:  # the fast path: a plain number
                    try:
                        value = Decimal(cell)  # on its own it would also take NaN, inf and 1_000
                    except InvalidOperation:
                        pass
                    else:
                        if not (value.is_finite() and -300 <= value.adjusted() < 300 and value):
                            value = None  # let _number say why, or turn -0 into 0
                if value is None:
                    value = _number(cell, None if ind is None or ind.id in percent else ind)
                    if isinstance(value, tuple):
                        bad.append(Problem(shown, start, i_value + 1, "bad-value", *value))

                if check_names and ind is not None:
                    bad.extend(_mismatches(row, ind, i_name, i_unit, i_targets, shown, start))
                if len(row) > width or unnamed:
                    bad.extend(_stray_cells(row, width, unnamed, shown, start))

                if not bad:
                    if value is None or isinstance(value, tuple) or ind is None or year is None:
                        continue  # a blank value is no observation: a filled-in template has blanks
                    area = (row[i_area].strip() or WHOLE_CITY) if i_area is not None else WHOLE_CITY
                    key = (ind.id, area)
                    values = series.get(key)
                    if values is None:
                        values = series[key] = {}
                    old = values.get(year)
                    if old is None:
                        values[year] = value
                        lines = origins.get(key)
                        if lines is None:
                            lines = origins[key] = {}
                        lines[year] = start if not fileno else fileno + start
                        if i_source is not None and (source := row[i_source].strip()):
                            # one copy of each area and source text, not one per row
                            area = texts.setdefault(area, area)
                            sources[(ind.id, area, year)] = texts.setdefault(source, source)
                        continue
                    if old == value:  # the same figure twice is fine
                        if i_source is not None and (source := row[i_source].strip()):
                            sources.setdefault((ind.id, area, year), source)
                        continue
                    bad.append(_conflict(found, shown, start, key, year, old, value))

                bad.sort(key=lambda p: p.col or 0)
                if len(bad) > budget:
                    problems.extend(bad[:budget])
                    problems.append(_too_many(shown, bad[budget].line, bad[budget].col))
                    return
                problems.extend(bad)
                budget -= len(bad)
            return
        except csv.Error as err:
            if budget <= 0:
                problems.append(_too_many(shown, line + 1, None))
                return
            problems.append(_malformed(err, shown, line + 1))
            budget -= 1
            line = reader.line_num
            if "field limit" in str(err):
                return  # the rest of an over-long cell would read as rows of junk


def _too_many(shown: str, line: int | None, col: int | None) -> Problem:
    """The last problem listed for a file, where the first one not shown is."""
    return Problem(
        shown, line, col, "too-many-problems", "… more problems not shown", "fix these first"
    )


def _malformed(err: csv.Error, shown: str, line: int) -> Problem:
    """A row the csv module cannot read, worded for someone with a text editor."""
    text = str(err)
    if "end of data" in text:
        return Problem(
            shown,
            line,
            None,
            "unclosed-quote",
            "a double quote opened on this line is never closed",
            'close it, and write "" for a double quote inside a quoted cell',
        )
    if "expected after" in text:
        return Problem(
            shown,
            line,
            None,
            "text-after-quote",
            "text follows the closing double quote of a cell",
            'quote the whole cell, and write "" for a double quote inside it',
        )
    if "field limit" in text:
        return Problem(
            shown,
            line,
            None,
            "cell-too-long",
            f"a cell is {LINE_LIMIT} characters or longer",
            "is a double quote left open above it?",
        )
    return Problem(shown, line, None, "malformed-csv", f"not readable as CSV: {text}")


def _conflict(
    found: Observations,
    shown: str,
    line: int,
    key: tuple[str, str],
    year: int,
    old: Decimal,
    value: Decimal,
) -> Problem:
    """Two rows giving different values for the same indicator, year and area."""
    origin = found._origins.get(key, {}).get(year)
    if origin is None:
        there = "an observation read earlier"
    elif found._files[origin >> 32] == shown:
        there = f"line {origin & 0xFFFFFFFF}"
    else:
        there = f"{found._files[origin >> 32]} line {origin & 0xFFFFFFFF}"
    return Problem(
        shown,
        line,
        None,
        "conflicting-values",
        f"conflicts with {there}: {key[0]} {year} {key[1]} is {old} there and {value} here",
        "keep one value",
    )


def _mismatches(
    row: list[str],
    ind: Indicator,
    i_name: int | None,
    i_unit: int | None,
    i_targets: int | None,
    shown: str,
    line: int,
) -> list[Problem]:
    """A filled name, unit or targets cell that is not the indicator's (they let a template read
    back)."""
    bad = []
    if i_targets is not None and (cell := row[i_targets].strip()):
        known = {t.id for t in ind.targets}
        listed = [t for t in TARGET_SEPARATORS.split(_normal(cell)) if t]
        wrong = [t for t in listed if t not in known]
        if wrong:
            whose = ", ".join(sorted(known)) if known else "none"
            bad.append(
                Problem(
                    shown,
                    line,
                    i_targets + 1,
                    "targets-mismatch",
                    f"targets {_show(', '.join(wrong))} are not targets of indicator {ind.id}, "
                    f"whose targets are {whose}",
                    "correct them or leave the targets blank (they are not read as data)",
                )
            )
    for i, what, expected in ((i_name, "name", ind.name), (i_unit, "unit", ind.unit)):
        if i is None or not (cell := row[i].strip()) or cell == expected:
            continue
        if _normal(cell) != _normal(expected):
            bad.append(
                Problem(
                    shown,
                    line,
                    i + 1,
                    "column-mismatch",
                    f"{what} {_show(cell)} does not match indicator {ind.id}, "
                    f"whose {what} is {expected}",
                    f"correct the {what} or the indicator, or leave the {what} blank",
                )
            )
    return bad


def _stray_cells(
    row: list[str], width: int, unnamed: list[int], shown: str, line: int
) -> list[Problem]:
    """Filled cells beyond the header or under a column with no name."""
    bad = [
        Problem(
            shown,
            line,
            i + 1,
            "unnamed-column-cell",
            f"cell {_show(row[i])} is in a column with no name in the header",
            "name the column (e.g. note) or clear the cell",
        )
        for i in unnamed
        if row[i].strip()
    ]
    extra = next((i for i in range(width, len(row)) if row[i].strip()), None)
    if extra is not None:
        bad.append(
            Problem(
                shown,
                line,
                extra + 1,
                "cell-beyond-header",
                f"cell {_show(row[extra])} is beyond the header's {width} columns",
                'put a cell that holds a comma in double quotes ("a, b"), or remove the cell',
            )
        )
    return bad


def _year(cell: str) -> int | tuple[str, str | None]:
    """A whole year from 1900 to 2100 (full-width digits too), or the message and fix."""
    text = _normal(cell)
    if not text:
        return "year is empty", "write the year of the figure, such as 2025"
    if text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR:
        return int(text)
    whole = WHOLE_YEAR.fullmatch(text)
    return (
        f"year {_show(cell)} is not a whole number from {FIRST_YEAR} to {LAST_YEAR}",
        f"write {whole[1]}" if whole and FIRST_YEAR <= int(whole[1]) <= LAST_YEAR else None,
    )


def _number(cell: str, refuses_percent: Indicator | None) -> Decimal | tuple[str, str] | None:
    """A finite Decimal from the cell's text, None for a blank cell, else the message and fix.

    Accepted: surrounding spaces, a leading + or - (also − and full-width), full-width digits and
    punctuation (NFKC), an exponent (1.2E+5, as Excel writes big numbers), a trailing % unless
    `refuses_percent` names the indicator (its unit is not %), and thousands separators only in
    whole groups of three after a first group of one to three digits ("1,234,567.8"); "1,2,3" and
    "1234,5" are refused rather than guessed at. The size must be from 1e-300 to below 1e300 (or
    zero), so the value is also a finite float.
    """
    if cell.isascii() and "_" not in cell and cell:  # Decimal() alone would accept 1_000
        try:
            value = Decimal(cell)
        except InvalidOperation:
            pass
        else:
            if value.is_finite() and -300 <= value.adjusted() < 300:
                return value if value else value.copy_abs()  # -0.0 is 0
    text = _normal(cell).replace("\u2212", "-")
    if not text:
        return None
    if text.endswith("%"):
        if refuses_percent is not None:
            return (
                f"value {_show(cell)} has a % sign but {refuses_percent.id} is measured in "
                f"{refuses_percent.unit}",
                "write the number without %",
            )
        text = text[:-1].rstrip()
    if NUMBER.fullmatch(text) is None:
        if text.lstrip("+-").lower() in NOT_FINITE:
            return (
                f"value {_show(cell)} is not a finite number",
                "write a plain number such as 23.1",
            )
        return f"value {_show(cell)} is not a number", NOT_A_NUMBER
    value = Decimal(text.replace(",", ""))
    if not value:
        return value.copy_abs()
    if not -300 <= value.adjusted() < 300:
        return (
            f"value {_show(cell)} is out of range (its size must be from 1e-300 to below 1e300)",
            "write the value in the indicator's unit, such as 23.1",
        )
    return value
