"""What every status rule shares: the statuses, the Assessment, numbers for people."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from carbon_cli.models import RELATIVE_KINDS, Indicator, Kind, Target
from carbon_cli.numbers import figure
from carbon_cli.numbers import plain as plain  # where callers found it before numbers.py

if TYPE_CHECKING:
    from carbon_cli.methods import Judgement


class Status(StrEnum):
    """A target's standing as of year Y; the values are the contract's strings."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    MISSED = "missed"
    NO_DATA = "no_data"
    INSUFFICIENT_DATA = "insufficient_data"
    NOT_SET = "not_set"


# best to worst, for --fail-on and --only; then the statuses that say nothing about progress
STATUS_ORDER: tuple[Status, ...] = (
    Status.ACHIEVED,
    Status.ON_TRACK,
    Status.BEHIND,
    Status.MISSED,
    Status.NO_DATA,
    Status.INSUFFICIENT_DATA,
    Status.NOT_SET,
)

STATUS_LABELS: dict[Status, str] = {
    Status.ACHIEVED: "达标",
    Status.ON_TRACK: "进度正常",
    Status.BEHIND: "滞后",
    Status.MISSED: "未达标",
    Status.NO_DATA: "无数据",
    Status.INSUFFICIENT_DATA: "数据不足",
    Status.NOT_SET: "待下达",
}

# the SDMX observation status of a value (CONTRACT, "Observations CSV"); A when none is given
FINAL = "A"
PROVISIONAL = "P"
ESTIMATED = "E"
FORECAST = "F"
BREAK = "B"
FLAG_LABELS = {
    FINAL: "正常",
    PROVISIONAL: "初步",
    ESTIMATED: "估算",
    FORECAST: "预测",
    BREAK: "口径调整",
}

# enough digits that sums, products and percent changes of any figure in a CSV or YAML file are
# exact: in floats (3 − 2.58)/3 × 100 misses a "reduce by 14 %" target
PRECISION = 60
PERCENT = "%"
TRAJECTORY_STATUSES = frozenset({Status.ON_TRACK, Status.BEHIND})


class Assessment(NamedTuple):
    """One target's status as of year Y, with the figures it rests on."""

    indicator: Indicator
    target: Target
    status: Status
    observed_value: Decimal | None
    observed_year: int | None  # o
    observed_flag: str | None  # the flag of o's value: A, P, E or B; None without o
    data_lag: int | None  # Y − o
    baseline_value: Decimal | None  # the base year's figure: b, or R's for the other kinds
    baseline_year: int | None
    start_year: int | None  # the trajectory's start, in q's unit (0 for relative kinds)
    start_value: Decimal | None
    measured_value: Decimal | None  # q
    expected_value: Decimal | None
    progress: Decimal | None
    required_annual_change: Decimal | None
    reason: str  # one Chinese sentence
    year: int  # Y, the year assessed
    break_year: int | None = None  # k: the latest B flag at or before o
    # every method's view (methods.py) of an on_track or behind target with a trajectory
    judgement: Judgement | None = None

    @property
    def fragile(self) -> bool | None:
        """Whether the methods disagree on being on track; None where no method applies."""
        return None if self.judgement is None else self.judgement.fragile

    @property
    def line_start(self) -> tuple[int, Decimal] | None:
        """(s, vs): where the drawn trajectory starts in the series' own unit (b for relative
        kinds, whose start in q's unit is 0); None where no trajectory is drawn."""
        if self.start_year is None or self.start_value is None:
            return None
        if self.target.kind in RELATIVE_KINDS:
            assert self.baseline_value is not None  # a relative line starts at b
            return self.start_year, self.baseline_value
        return self.start_year, self.start_value

    @property
    def judged_on(self) -> int | None:
        """o, where the verdict rests on a year before the latest it could rest on (Y, or the
        deadline when earlier; a peak looks past its deadline): tables say 截至{o}年."""
        o, due = self.observed_year, self.target.year
        if o is None or self.status is Status.NOT_SET:  # not set: no data is judged
            return None
        latest = self.year if due is None or self.target.kind is Kind.PEAK else min(due, self.year)
        return o if o < latest else None

    @property
    def deadline_missing(self) -> bool:
        """The deadline has come (Y ≥ d) but its figure is not in: judged on o < d instead."""
        due, o = self.target.year, self.observed_year
        return due is not None and o is not None and o < due <= self.year


def quantity(number: Decimal, unit: str) -> str:
    """A number for people (as entered, or rounded where computed: numbers.figure), its unit."""
    return figure(number) + unit
