"""Which observations a rule sees, and where a target's trajectory starts: the one place for both.

CONTRACT.md, "Status, as of year Y": a rule sees the values of year ≤ Y that are not forecasts
(F); where one of them at or before the observed point o is flagged B (a break), only the values
from that year k on. A relative target's line starts at its base year (b); any other target's at
R, its base year or else the file's `reference_year`: the observation of R, else a baseline
recorded for R, else the earliest observation or recorded baseline after R and before o.
Nothing before R (or before k) ever starts a line, so adding older rows changes no verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

from carbon_cli.models import RELATIVE_KINDS, Indicator, Kind, Target
from carbon_cli.status.base import BREAK, FINAL, FORECAST

Series = Mapping[int, Decimal]  # year -> observed value, one indicator, one area
Flags = Mapping[int, str]  # year -> P, E, F or B (A is absent)


class Visible(NamedTuple):
    """The values a rule sees for one target, its observed point o, and the break k if any."""

    values: dict[int, Decimal]  # year ≤ Y, not F, from k on
    flags: dict[int, str]  # of those values, those not A
    observed_year: int | None  # o
    break_year: int | None  # k ≤ o
    cut: tuple[int, ...]  # the years before k that are no longer used

    def flag(self, year: int) -> str:
        """A value's flag, A when none was given."""
        return self.flags.get(year, FINAL)


def visible(
    series: Series, flags: Flags | None, *, year: int, deadline: int | None = None
) -> Visible:
    """What a rule sees as of `year`; o is the latest value up to `deadline` (None: any)."""
    flags = flags or {}
    seen = {y: v for y, v in series.items() if y <= year and flags.get(y) != FORECAST}
    o = max((y for y in seen if deadline is None or y <= deadline), default=None)
    breaks = [y for y in seen if flags.get(y) == BREAK and o is not None and y <= o]
    k = max(breaks, default=None)
    cut = tuple(sorted(y for y in seen if k is not None and y < k))
    kept = {y: v for y, v in sorted(seen.items()) if k is None or y >= k}
    kept_flags = {y: flags[y] for y in kept if y in flags and flags[y] != FINAL}
    return Visible(kept, kept_flags, o, k, cut)


class Start(NamedTuple):
    """Where a line starts, in the indicator's own unit, and what the value is."""

    year: int
    value: Decimal
    recorded: bool  # a baseline of targets.yaml, not an observation


def reference(target: Target, reference_year: int) -> int:
    """R: the year a target's line should start, its base year or else the file's."""
    return target.base_year if target.base_year is not None else reference_year


def recorded_baselines(indicator: Indicator, area: str) -> dict[int, Decimal]:
    """The base-year figures targets.yaml records for the indicator in the area."""
    return {b.year: b.value for b in indicator.baselines if b.area == area}


def base_value(indicator: Indicator, target: Target, series: Series, area: str) -> Decimal | None:
    """A relative target's base-year value b: that year's observation, else its baseline."""
    if target.base_year is None:
        return None
    return series.get(target.base_year, recorded_baselines(indicator, area).get(target.base_year))


def start(
    indicator: Indicator, target: Target, seen: Visible, area: str, reference_year: int
) -> Start | None:
    """The contract's start of a line at or before o; None where there is none.

    Relative kinds: (base year, b), b after any break. Other kinds: R's observation, else R's
    recorded baseline, else the earliest observation or baseline with R < year < o (the
    observation wins in a year that has both); recorded baselines before a break are not used.
    """
    o, k = seen.observed_year, seen.break_year
    if o is None:
        return None
    r = reference(target, reference_year)
    if r > o or (k is not None and r < k and target.kind in RELATIVE_KINDS):
        return None
    recorded = {y: v for y, v in recorded_baselines(indicator, area).items() if k is None or y >= k}
    if target.kind in RELATIVE_KINDS:
        if r in seen.values:
            return Start(r, seen.values[r], False)
        return None if r not in recorded else Start(r, recorded[r], True)
    if r in seen.values:
        return Start(r, seen.values[r], False)
    if r in recorded:
        return Start(r, recorded[r], True)
    later = {y: Start(y, v, True) for y, v in recorded.items() if r < y < o}
    later |= {y: Start(y, v, False) for y, v in seen.values.items() if r < y < o}
    return later[min(later)] if later else None


def target_level(target: Target, base: Decimal | None) -> Decimal | None:
    """The target in the indicator's own unit: a relative target needs a non-zero base value b."""
    if target.value is None or target.kind is Kind.PEAK:
        return None
    if target.kind not in RELATIVE_KINDS:
        return target.value
    if base is None or base == 0:
        return None
    if target.kind is Kind.REDUCE_BY:
        return base * (100 - target.value) / 100
    return base * (100 + target.value) / 100


class Trajectory(NamedTuple):
    """The contract's straight line from a target's start to its target, in the indicator's unit."""

    target: Target
    start_year: int
    start: Decimal
    end_year: int
    end: Decimal

    def at(self, year: int) -> Decimal:
        """The line's value in `year`."""
        span = self.end_year - self.start_year
        return self.start + (self.end - self.start) * (year - self.start_year) / span


def trajectory(
    indicator: Indicator,
    target: Target,
    series: Series,
    area: str,
    *,
    reference_year: int,
    flags: Flags | None = None,
) -> Trajectory | None:
    """CONTRACT.md's straight line (start → (deadline, level)) in the indicator's unit, or None.

    `series` is what is known as of the year shown (its latest year is Y). Relative kinds run
    from (base year, b) to b less or more the percentage: the contract's line in percent, scaled
    back. None where the contract draws no line: no deadline or value, a peak, no start, a start
    at or after the deadline, or b = 0.
    """
    deadline = target.year
    if deadline is None or target.value is None or target.kind in {Kind.PEAK, Kind.MILESTONE}:
        return None
    seen = visible(series, flags, year=max(series, default=deadline), deadline=deadline)
    first = start(indicator, target, seen, area, reference_year)
    if first is None or first.year >= deadline:
        return None
    level = target_level(target, first.value if target.kind in RELATIVE_KINDS else None)
    if level is None:
        return None
    return Trajectory(target, first.year, first.value, deadline, level)
