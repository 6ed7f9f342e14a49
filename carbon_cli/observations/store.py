"""Observed values by (indicator id, area) → {year: value}, with the notes of reading them."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from carbon_cli.choices import WHOLE_CITY
from carbon_cli.errors import Problem

if TYPE_CHECKING:
    from .fast import Block

Series = dict[int, Decimal]


class Replaced(NamedTuple):
    """A value a more final figure of the same (indicator, year, area) replaced: P or E by A or
    B, E by P (CONTRACT, "Observations CSV": revisions). `carbon explain` lists it."""

    value: Decimal
    flag: str
    source: str | None


class Observations:
    """Observed values by (indicator id, area) → {year: value}, their sources (when kept), and the
    warnings of reading them: what was not read and why (a skipped file, an empty sheet, a
    formula without a value), for the command to say on stderr.

    Values of a large file read by polars (fast.py) stay in its columns until an area is asked
    for; `series` turns them all into dicts, the methods only the areas they need.
    """

    def __init__(
        self,
        series: dict[tuple[str, str], Series] | None = None,
        sources: dict[tuple[str, str, int], str] | None = None,
        keep_sources: bool = True,
    ) -> None:
        self._series = series if series is not None else {}
        self.sources = sources if sources is not None else {}
        self.keep_sources = keep_sources
        self.warnings: list[Problem] = []
        # the SDMX observation status of each value that has one other than A (P 初步, E 估算,
        # F 预测, B 口径调整), and the values a more final figure replaced
        self._flags: dict[tuple[str, str], dict[int, str]] = {}
        self._replaced: dict[tuple[str, str], dict[int, list[Replaced]]] = {}
        # the readers' bookkeeping: where each value was read (file << 32 | line), to name both
        # lines when a later row disagrees; the files by number; the blocks polars read
        self._origins: dict[tuple[str, str], dict[int, int]] = {}
        self._files: list[str] = []
        self._blocks: list[Block] = []

    @property
    def series(self) -> dict[tuple[str, str], Series]:
        """Every series (a file read by polars is turned into dicts now, whole)."""
        for area in self._block_areas():
            self._settle(area)
        return self._series

    def get(self, indicator: str, area: str) -> Series:
        """The series of one indicator in one area (a copy; empty if none)."""
        self._settle(area)
        return dict(self._series.get((indicator, area), {}))

    def for_area(self, area: str) -> dict[str, Series]:
        """Indicator id → series, for one area."""
        self._settle(area)
        return {ind: dict(s) for (ind, where), s in self._series.items() if where == area}

    def flags(self, indicator: str, area: str) -> dict[int, str]:
        """Year → the flag of the indicator's value in the area: P, E, F or B (A is absent)."""
        return dict(self._flags.get((indicator, area), {}))

    def flags_for_area(self, area: str) -> dict[str, dict[int, str]]:
        """Indicator id → {year: flag}, for one area (only the flagged values)."""
        return {ind: dict(f) for (ind, where), f in self._flags.items() if where == area}

    def replaced(self, indicator: str, area: str) -> dict[int, list[Replaced]]:
        """Year → the values of the indicator in the area that a more final figure replaced."""
        return {y: list(r) for y, r in self._replaced.get((indicator, area), {}).items()}

    def source(self, indicator: str, area: str, year: int) -> str | None:
        """Where the value came from, as its `source` cell says (kept when sources are read)."""
        return self.sources.get((indicator, area, year))

    def areas(self) -> list[str]:
        """Every area observed, sorted, 全市 first."""
        found = {area for _, area in self._series} | self._block_areas()
        return sorted(found, key=lambda a: (a != WHOLE_CITY, a))

    def latest_year(self, area: str) -> int | None:
        """The latest year among the area's observations, None without any; a forecast (F) is
        no observation of its year, so it never sets the year assessed."""
        self._settle(area)
        years = [
            max((y for y in s if flags.get(y) != "F"), default=None)
            for (ind, where), s in self._series.items()
            if where == area and s
            for flags in (self._flags.get((ind, where), {}),)
        ]
        return max((y for y in years if y is not None), default=None)

    def __len__(self) -> int:
        """The number of (indicator, area, year) values."""
        return sum(map(len, self._series.values())) + sum(b.unsettled() for b in self._blocks)

    def _block_areas(self) -> set[str]:
        """Areas in polars blocks not yet turned into series."""
        return {a for b in self._blocks for a in b.areas() - b.settled}

    def _settle(self, area: str) -> None:
        """Turn the area's values in polars blocks into series."""
        for block in self._blocks:
            block.settle(area, self._series)

    def _file(self, shown: str) -> int:
        """A number for a file about to be read, shifted to sit above the line numbers."""
        self._files.append(shown)
        return (len(self._files) - 1) << 32

    def _where(self, key: tuple[str, str], year: int, shown: str) -> str:
        """Where the value of (indicator, area) in `year` was read, as a problem in `shown` says."""
        origin = self._origins.get(key, {}).get(year)
        if origin is None:
            return "前面读到的观测值"
        if self._files[origin >> 32] == shown:
            return f"第 {origin & 0xFFFFFFFF} 行"
        return f"{self._files[origin >> 32]} 第 {origin & 0xFFFFFFFF} 行"
