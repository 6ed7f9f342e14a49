"""Large observation CSVs through polars (the `fast` extra): whole-column checks, values on demand.

Only a file that passes every check is taken here; anything else (a problem, a form the checks
are not sure of, another encoding, a line past the exact reader's limit) returns None and the
exact reader (csvfile.py) reads the file, so results and errors are the same with or without
polars. Cell texts are judged by cells.py, the exact reader's own parser, once per distinct text.
"""

from __future__ import annotations

import mmap
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carbon_cli.choices import FIRST_YEAR, LAST_YEAR

from .cells import Fault, Names, number, year
from .sniff import LINE_LIMIT

if TYPE_CHECKING:
    import polars as pl

    from carbon_cli.areas import Areas

SWITCH = "CARBON_FASTCSV"  # 0 or off: always the exact reader (benchmarks compare the two)
MIN_BYTES = 5_000_000  # below this the pure-Python reader is as fast as importing polars
TAKEN = ("indicator", "year", "value", "area", "source", "note")  # columns handled here
# a value in a form checked here: a number Decimal() reads exactly as is (23.1), the same with a
# % sign (23.1%, for an indicator in %), or with thousands separators (1,234.5); up to 250
# characters, well inside the 1e±300 range; one regex, so one pass of the regex engine
SIMPLE = r"^[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)%?|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?)$"
YEAR = r"^[0-9]{4}$"
# characters csv and polars may split or keep differently: a cell holding one goes to csv
UNSURE = ('"', "\r", "\n", "\0")
LONGEST = LINE_LIMIT - 8  # bytes from one line end to the next: fewer characters than the limit
LONE_CR = re.compile(rb"\r[^\n]")  # a \r that does not end a line as Windows ends it
EXACT = 15  # characters of a value that a float compares exactly with a bound (15 digits)


def available() -> bool:
    """Whether polars is installed (without importing it) and not switched off."""
    import importlib.util

    if os.environ.get(SWITCH, "").strip().lower() in {"0", "off", "no"}:
        return False
    return importlib.util.find_spec("polars") is not None


@dataclass
class Block:
    """One file's checked rows: indicator id, area, year and value text, no key twice."""

    frame: pl.DataFrame
    settled: set[str] = field(default_factory=set)  # areas already turned into series

    def areas(self) -> set[str]:
        """Every area in the file."""
        return set(self.frame.get_column("area").unique().to_list())

    def keys(self) -> pl.DataFrame:
        """(indicator, area, year) of every row."""
        return self.frame.select("indicator", "area", "year")

    def unsettled(self) -> int:
        """Rows of areas not yet turned into series."""
        import polars as pl

        if not self.settled:
            return self.frame.height
        return self.frame.filter(~pl.col("area").is_in(list(self.settled))).height

    def settle(self, area: str, into: dict[tuple[str, str], dict[int, Decimal]]) -> None:
        """Add the area's values to `into` as series (once)."""
        import polars as pl

        if area in self.settled:
            return
        self.settled.add(area)
        rows = self.frame.filter(pl.col("area") == area)
        for ind, when, text in zip(
            rows.get_column("indicator").to_list(),
            rows.get_column("year").to_list(),
            rows.get_column("value").to_list(),
            strict=True,
        ):
            series = into.get((ind, area))
            if series is None:
                series = into[(ind, area)] = {}
            # separators and a % sign come off here, for the rows of one area, not in a pass
            # over every row of the file: "1,234.5" and "23.1%" as Decimal reads them
            value = Decimal(text.replace(",", "").removesuffix("%"))
            series[when] = value if value else value.copy_abs()  # -0 is 0, as the exact reader


def read(path: Path, names: Names, areas: Areas) -> Block | None:
    """The file's rows when every one of them is valid and in a form checked here, else None.

    One look at the bytes, one parse, then one parallel pass gathering the distinct texts that
    cells.py judges, then one pass building the columns.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size < max(MIN_BYTES, 1):
            return None
        if not _plain(path):
            return None
        import polars  # noqa: F401
    except (OSError, ValueError, ImportError):
        return None
    try:
        return _read(path, names, areas)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # malformed, ragged, not UTF-8, and polars' PanicException (a Rust
        return None  # panic), which is no Exception: the exact reader says where


def _plain(path: Path) -> bool:
    """Whether polars will split the file into the rows and cells csv finds: no line of
    LINE_LIMIT bytes or more (so none of that many characters, which csv refuses) and no \\r but
    in \\r\\n (csv ends a line at a lone \\r; polars drops it before a comma: "2025\\r,58.8" was
    one row to it, two to csv). A NUL byte sends the file to the exact reader at once, which
    refuses binary data. memchr, rfind jumps and one regex pass: some 50 ms for 70 MB."""
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if data.find(b"\0") >= 0 or (data.find(b"\r") >= 0 and LONE_CR.search(data)):
            return False
        last = -1  # the line end before the line looked at
        while len(data) - last > LONGEST:
            last = data.rfind(b"\n", last + 1, last + 1 + LONGEST)
            if last < 0:
                return False
    return True


def _read(path: Path, names: Names, areas: Areas) -> Block | None:
    """read(), once the bytes are known to be safe for polars."""
    import polars as pl

    frame = pl.read_csv(
        path, infer_schema=False, encoding="utf8", raise_if_empty=True, low_memory=False
    )
    columns = _columns(frame.columns)
    if columns is None or frame.height == 0:
        return None
    rows = frame.lazy().rename(columns).select(pl.all().fill_null(""))
    if "area" not in columns.values():
        rows = rows.with_columns(area=pl.lit(""))
    value, year_text = pl.col("value"), pl.col("year")
    short = value.str.len_chars() <= 250
    simple = value.str.contains(SIMPLE) & short
    with_percent = simple & value.str.ends_with("%")  # only the 23.1% form of SIMPLE ends so
    plain_year = year_text.str.contains(YEAR)
    # a quote or line break inside a cell: csv and polars might have read it differently (a
    # quoted cell over many lines is capped at 1 MiB by csv, not by polars); in the indicator,
    # year and value columns _sure refuses such a cell before cells.py judges it
    loose = [c for c in ("area", "source", "note") if c in columns.values()]
    odd = pl.any_horizontal(pl.col(loose).str.contains_any(list(UNSURE))).any()
    whole = year_text.cast(pl.Int64, strict=False)
    found = pl.collect_all(
        [
            rows.select(
                odd.alias("odd"), ((whole < FIRST_YEAR) | (whole > LAST_YEAR)).any().alias("far")
            ),
            rows.select(pl.col("indicator").unique()),
            rows.select(pl.col("area").unique()),
            rows.filter(~plain_year).select("indicator", "year").unique(),
            rows.filter(~simple).select("indicator", "value").unique(),
            rows.filter(with_percent).select(pl.col("indicator").unique()),
        ]
    )
    flags, indicators, places_found, years, values, percents = found
    if flags.item(0, "odd") or flags.item(0, "far"):
        return None
    ids = _indicators(rows, indicators.to_series().to_list(), names)
    if ids is None or any(ids.get(t) not in names.percent for t in percents.to_series().to_list()):
        return None  # an unknown indicator, or a % sign on one not measured in %
    dated = _years(years.rows(), ids)
    fixed = _values(values.rows(), ids, names)
    if dated is None or fixed is None:
        return None
    # polars computes every branch of a when/then on every row: the rare forms' branches only
    # when the file has some (their texts were gathered above; none: every kept row is simple,
    # and Block.settle reads it as Decimal does)
    digits = value
    if fixed:
        text = pl.concat_str(pl.col("indicator"), pl.lit("\0"), value)
        rare = text.replace_strict(fixed, default=None, return_dtype=pl.String)
        digits = pl.when(simple).then(value).otherwise(rare)
    when = whole
    if dated:
        when = (
            pl.when(plain_year)
            .then(whole)
            .otherwise(year_text.replace_strict(dated, default=None, return_dtype=pl.Int64))
        )
    places = _places(places_found.to_series().to_list(), areas)
    if places is None:
        return None  # an area not in data/areas.yaml: the exact reader says which
    # (indicator, area, year) as one integer, numbering ids and areas as read: a key given twice
    # is found by counting integers instead of hashing rows (years are 1900–2100, checked above)
    id_number = {i: n for n, i in enumerate(dict.fromkeys(ids.values()))}
    place_number = {p: n for n, p in enumerate(dict.fromkeys(places.values()))}
    key = (
        pl.col("indicator").replace_strict(
            {t: id_number[i] for t, i in ids.items()}, return_dtype=pl.Int64
        )
        * len(place_number)
        + pl.col("area").replace_strict(
            {t: place_number[p] for t, p in places.items()}, return_dtype=pl.Int64
        )
    ) * (LAST_YEAR - FIRST_YEAR + 1) + (when - FIRST_YEAR)
    checked = (
        rows.filter(pl.col("indicator").is_in(list(ids)))  # without Excel's blank rows
        .select(
            pl.col("indicator").replace_strict(ids, return_dtype=pl.String),
            pl.col("area").replace_strict(places, return_dtype=pl.String),
            when.alias("year"),
            digits.alias("value"),
            key.alias("key"),
        )
        .filter(pl.col("value").is_not_null())  # a blank value is no observation
        .collect()
    )
    # the same key twice (even with the same value) is left to the exact reader to judge
    if checked.get_column("key").n_unique() != checked.height:
        return None
    if names.bounds and not _plausible(checked, ids, fixed, names):
        return None
    return Block(checked.drop("key"))


def _places(texts: list[str], areas: Areas) -> dict[str, str] | None:
    """Area cell text → canonical name (全市 for a blank one); None when one is not an area."""
    places: dict[str, str] = {}
    for text in texts:
        name = areas.canonical(text) if _sure(text) else None
        if name is None:
            return None
        places[text] = name
    return places


def _ranges(checked: pl.DataFrame) -> list[pl.DataFrame]:
    """Per indicator, the least and greatest value as floats and whether one lies between 0 and
    1; and the values too long for a float to compare exactly."""
    import polars as pl

    value = pl.col("value")
    plain = value.cast(pl.Float64, strict=False)
    # 1,234.5 and 23.1% do not cast: they are a few, and a when/then costs less than a second
    # pass over the rows
    marked = value.str.replace_all(",", "", literal=True).str.strip_suffix("%")
    number = pl.when(plain.is_null()).then(marked.cast(pl.Float64, strict=False)).otherwise(plain)
    rows = checked.lazy()
    return pl.collect_all(
        [
            rows.select("indicator", number.alias("number"))
            .group_by("indicator")
            .agg(*_extremes(pl.col("number"))),
            rows.filter(value.str.len_chars() > EXACT).select("indicator", "value").unique(),
        ]
    )


def _extremes(number: pl.Expr) -> list[pl.Expr]:
    """min, max, and whether a value lies strictly between 0 and 1."""
    return [
        number.min().alias("low"),
        number.max().alias("high"),
        ((number > 0) & (number < 1)).any().alias("small"),
    ]


def _plausible(
    checked: pl.DataFrame, ids: dict[str, str], fixed: dict[str, str | None], names: Names
) -> bool:
    """Whether every value is inside its indicator's range and none is a share that may be
    written as a fraction (else the exact reader says where, and warns).

    A decimal of at most 15 significant digits becomes the nearest float, and distinct ones
    distinct floats, in the same order: the float of a value written in EXACT characters or
    fewer compares with the float of a bound (a short decimal too) as the decimals do. Longer
    values and the rare forms (cells.py parsed them) are judged as Decimals, one by one.
    """
    bounds = names.bounds
    extremes, long = _ranges(checked)
    for ind, low, high, small in extremes.iter_rows():
        limits = bounds.get(ind)
        if limits is None or low is None:
            continue  # a blank row, an indicator without a range, or only rare forms
        least, most, share = limits
        # float against float: both short decimals, so in the order of the decimals
        if (least is not None and low < float(least)) or (most is not None and high > float(most)):
            return False
        if share and small:
            return False
    values: list[tuple[str | None, str]] = list(long.iter_rows())
    values += [(ids.get(k.split("\0")[0]), v) for k, v in fixed.items() if v is not None]
    for ind, text in values:
        limits = bounds.get(ind) if ind is not None else None
        if limits is None:
            continue
        least, most, share = limits
        value = Decimal(text.replace(",", "").removesuffix("%"))
        if (least is not None and value < least) or (most is not None and value > most):
            return False
        if share and 0 < value < 1:
            return False
    return True


def _columns(header: list[str]) -> dict[str, str] | None:
    """Header cell → column name when every cell names a column handled here, once."""
    if any(c in cell for cell in header for c in UNSURE):
        return None  # polars keeps "year\r" whole where csv ends the line: let csv read it
    names = [
        unicodedata.normalize("NFKC", c.strip().strip("\ufeff").strip()).strip().lower()
        for c in header
    ]
    if len(set(names)) != len(names) or not set(names) <= set(TAKEN):
        return None
    if not {"indicator", "year", "value"} <= set(names):
        return None
    return dict(zip(header, names, strict=True))


def _sure(text: str) -> bool:
    """Whether csv and polars surely read a cell's text alike."""
    return not any(c in text for c in UNSURE)


def _indicators(rows: pl.LazyFrame, texts: list[str], names: Names) -> dict[str, str] | None:
    """Indicator cell text → id; None when a cell names none, unless its whole row is blank
    (Excel's empty lines, which the exact reader skips)."""
    import polars as pl

    ids: dict[str, str] = {}
    for text in texts:
        sure = _sure(text)
        ind = (names.exact.get(text) or names.resolve(text)) if sure else None
        if ind is not None:
            ids[text] = ind.id
        elif text.strip() or not sure:
            return None
        else:
            blank = rows.filter(pl.col("indicator") == text).unique().collect()
            if any(cell.strip() for row in blank.iter_rows() for cell in row):
                return None
    return ids


def _years(pairs: list[tuple[str, str]], ids: dict[str, str]) -> dict[str, int] | None:
    """(indicator text, year text) of years other than four ASCII digits → year (full-width
    digits, spaces), by cells.year; None on any that is not a year from 1900 to 2100."""
    years: dict[str, int] = {}
    for ind, text in pairs:
        if ind not in ids:
            continue  # a blank row
        got = year(text) if _sure(text) else None
        if not isinstance(got, int):
            return None
        years[text] = got
    return years


def _values(
    pairs: list[tuple[str, str]], ids: dict[str, str], names: Names
) -> dict[str, str | None] | None:
    """(indicator text, value text) of the rare value forms → the number's plain text (None for
    a blank cell), by cells.number; None when one is not a number."""
    by_id = {ind.id: ind for ind in names.exact.values()}
    fixed: dict[str, str | None] = {}
    for text, cell in pairs:
        ind = ids.get(text)
        if ind is None:
            continue  # a blank row
        if not _sure(cell):
            return None
        got = number(cell, names.refuses_percent(by_id[ind]))
        if isinstance(got, Fault):
            return None
        fixed[f"{text}\0{cell}"] = None if got is None else str(got)
    return fixed


def overlaps(block: Block, keys: list[tuple[str, str, int]], others: list[Block]) -> bool:
    """Whether the block shares an (indicator, area, year) with values already read."""
    import polars as pl

    mine = block.keys()
    frames: list[Any] = [b.keys() for b in others]
    if keys:
        frames.append(
            pl.DataFrame(
                keys,
                schema={"indicator": pl.String, "area": pl.String, "year": pl.Int64},
                orient="row",
            )
        )
    return any(mine.join(f, on=["indicator", "area", "year"], how="semi").height for f in frames)
