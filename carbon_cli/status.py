"""Each target's status as of the end of a year: the pure rules of CONTRACT.md."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

from carbon_cli.models import RELATIVE_KINDS, WHOLE_CITY, Indicator, Kind, Target
from carbon_cli.numbers import figure
from carbon_cli.numbers import plain as plain  # where callers found it before numbers.py


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

Series = Mapping[int, Decimal]  # year -> observed value, one indicator, one area

# enough digits that sums, products and percent changes of any figure in a CSV or YAML file are
# exact: in floats (3 − 2.58)/3 × 100 misses a "reduce by 14 %" target
_PRECISION = 60
_PERCENT = "%"

# +1 where a larger measured quantity is better, -1 where a smaller one is
_DIRECTION = {Kind.AT_LEAST: 1, Kind.REDUCE_BY: 1, Kind.INCREASE_BY: 1, Kind.AT_MOST: -1}


@dataclass(frozen=True)
class Assessment:
    """One target's status as of year Y, with the figures it rests on."""

    indicator: Indicator
    target: Target
    status: Status
    observed_value: Decimal | None
    observed_year: int | None
    baseline_value: Decimal | None  # relative kinds: b; absolute kinds: the trajectory's start
    baseline_year: int | None
    measured_value: Decimal | None  # q
    expected_value: Decimal | None
    progress: Decimal | None
    required_annual_change: Decimal | None
    reason: str  # one Chinese sentence


def assess(
    indicator: Indicator,
    target: Target,
    series: Series,
    *,
    year: int,
    area: str = WHOLE_CITY,
    tolerance: Decimal = Decimal("0.02"),
) -> Assessment:
    """One target's status as of the end of `year`, from its indicator's series in `area`."""
    visible = {y: v for y, v in series.items() if y <= year}
    if target.kind is Kind.MILESTONE:
        # judged from progress records (CONTRACT, "Progress records"), never from observations
        return _result(indicator, target, Status.NO_DATA, "尚无任务进展记录")
    with localcontext(prec=_PRECISION):
        if target.kind is Kind.PEAK:
            return _assess_peak(indicator, target, visible)
        return _assess_level(indicator, target, visible, area, tolerance)


def assess_all(
    indicators: Sequence[Indicator],
    series_by_indicator: Mapping[str, Series],
    *,
    year: int,
    area: str = WHOLE_CITY,
    tolerance: Decimal = Decimal("0.02"),
) -> list[Assessment]:
    """Every target of every indicator, in file order; an unmapped indicator has no observations."""
    return [
        assess(
            indicator,
            target,
            series_by_indicator.get(indicator.id, {}),
            year=year,
            area=area,
            tolerance=tolerance,
        )
        for indicator in indicators
        for target in indicator.targets
    ]


def summary(assessments: Iterable[Assessment]) -> dict[Status, int]:
    """How many targets have each status; every status present, in STATUS_ORDER."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for assessment in assessments:
        counts[assessment.status] += 1
    return counts


def _result(
    indicator: Indicator,
    target: Target,
    status: Status,
    reason: str,
    *,
    observed: tuple[int, Decimal] | None = None,
    baseline: tuple[int, Decimal] | None = None,
    measured: Decimal | None = None,
    expected: Decimal | None = None,
    progress: Decimal | None = None,
    required: Decimal | None = None,
) -> Assessment:
    """An Assessment with every figure not given left null."""
    return Assessment(
        indicator=indicator,
        target=target,
        status=status,
        observed_value=None if observed is None else observed[1],
        observed_year=None if observed is None else observed[0],
        baseline_value=None if baseline is None else baseline[1],
        baseline_year=None if baseline is None else baseline[0],
        measured_value=measured,
        expected_value=expected,
        progress=progress,
        required_annual_change=required,
        reason=reason,
    )


def _assess_level(
    indicator: Indicator,
    target: Target,
    visible: dict[int, Decimal],
    area: str,
    tolerance: Decimal,
) -> Assessment:
    """The rules for at_least, at_most, reduce_by and increase_by."""
    deadline = target.year
    o = max((y for y in visible if deadline is None or y <= deadline), default=None)
    observed = None if o is None else (o, visible[o])
    if target.value is None:
        return _result(indicator, target, Status.NOT_SET, "目标值待省下达", observed=observed)
    if o is None:
        reason = "尚无观测数据" if not visible else f"尚无{deadline}年及以前的观测数据"
        return _result(indicator, target, Status.NO_DATA, reason)
    v = visible[o]
    value = target.value
    kind = target.kind
    unit = indicator.unit

    baseline: tuple[int, Decimal] | None = None
    if kind in RELATIVE_KINDS:
        change = "降幅" if kind is Kind.REDUCE_BY else "增幅"
        base_year = target.base_year
        b = base_value(indicator, target, visible, area)
        if base_year is None or o < base_year or b is None or b == 0:
            if base_year is None:
                reason = f"未给出基期年份，无法计算{change}"
            elif o < base_year:
                # a change since the base year cannot be measured before the base year
                reason = f"观测年份{o}年早于基期{base_year}年，无法计算{change}"
            elif b is None:
                reason = f"缺少{base_year}年基期数据，无法计算{change}"
            else:
                reason = f"{base_year}年基期值为0，无法计算{change}"
            return _result(indicator, target, Status.INSUFFICIENT_DATA, reason, observed=observed)
        baseline = (base_year, b)
        q = (b - v) * 100 / b if kind is Kind.REDUCE_BY else (v - b) * 100 / b
        unit = _PERCENT
    else:
        q = v
    said = _said(indicator, target, o, v, q)
    goal = _goal(target, value, unit)
    direction = _DIRECTION[kind]
    slack = tolerance * abs(value) if target.approx else Decimal(0)
    met = direction * (q - value) + slack >= 0
    if met or deadline is None or o >= deadline:
        if kind is Kind.AT_MOST:
            verdict = "未超过" if met else "超过"
        else:
            verdict = "已达到" if met else "未达到"
        return _result(
            indicator,
            target,
            Status.ACHIEVED if met else Status.MISSED,
            f"{said}，{verdict}{goal}",
            observed=observed,
            baseline=baseline,
            measured=q,
        )

    # not met before the deadline: compare with a straight line from the start to the target
    line = trajectory(indicator, target, visible, area)
    if line is None:  # only an absolute kind can lack a start here: b was checked above
        reason = f"{said}，尚未达标，缺少{o}年以前的数据，无法计算线性进度"
        insufficient = Status.INSUFFICIENT_DATA
        return _result(indicator, target, insufficient, reason, observed=observed, measured=q)
    start_year = line.start_year
    if baseline is not None:
        start = Decimal(0)  # q is the change since b, so the line starts at no change
    else:
        start = line.start
        baseline = (start_year, start)
    span = deadline - start_year
    expected = start + (value - start) * (o - start_year) / span
    # cross-multiplied so that a point exactly on the line is on_track even when the line's
    # value at o has no finite decimal expansion
    ahead = (q - start) * span - (value - start) * (o - start_year)
    status = Status.ON_TRACK if direction * ahead >= 0 else Status.BEHIND
    verb = {Kind.REDUCE_BY: "下降", Kind.INCREASE_BY: "增长"}.get(kind, "达")
    should = f"按线性进度应{verb}{_number(expected, unit)}"
    return _result(
        indicator,
        target,
        status,
        f"{said}，{should}，{STATUS_LABELS[status]}",
        observed=observed,
        baseline=baseline,
        measured=q,
        expected=expected,
        progress=None if value == start else (q - start) / (value - start),
        required=(value - q) / (deadline - o),
    )


@dataclass(frozen=True)
class Trajectory:
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


def base_value(indicator: Indicator, target: Target, series: Series, area: str) -> Decimal | None:
    """A relative target's base-year value b: that year's observation, else its baseline."""
    if target.base_year is None:
        return None
    recorded = {b.year: b.value for b in indicator.baselines if b.area == area}
    return series.get(target.base_year, recorded.get(target.base_year))


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


def trajectory(
    indicator: Indicator, target: Target, series: Series, area: str
) -> Trajectory | None:
    """CONTRACT.md's straight line (start → (deadline, value)) in the indicator's unit, or None.

    The one place the start is chosen. Relative kinds start at (base year, b) and end at b less or
    more the percentage: the contract's line in percent, scaled back. Absolute kinds start at the
    earliest baseline or observation before the latest observation o up to the deadline (an
    observation wins over a baseline of the same year). None where the contract draws no line:
    no deadline or value, a peak, no b, no o, or nothing before o.
    """
    deadline = target.year
    if deadline is None or target.value is None or target.kind is Kind.PEAK:
        return None
    if target.kind in RELATIVE_KINDS:
        b = base_value(indicator, target, series, area)
        level = target_level(target, b)
        if b is None or level is None or target.base_year is None or target.base_year >= deadline:
            return None
        return Trajectory(target, target.base_year, b, deadline, level)
    o = max((y for y in series if y <= deadline), default=None)
    if o is None:
        return None
    recorded = {b.year: b.value for b in indicator.baselines if b.area == area}
    earlier = {y: v for y, v in recorded.items() if y < o}
    earlier |= {y: v for y, v in series.items() if y < o}  # an observation wins over a baseline
    if not earlier:
        return None
    start = min(earlier)
    return Trajectory(target, start, earlier[start], deadline, target.value)


def _assess_peak(indicator: Indicator, target: Target, visible: dict[int, Decimal]) -> Assessment:
    """The rules for peak: the series peaks no later than the deadline."""
    if not visible:
        return _result(indicator, target, Status.NO_DATA, "尚无观测数据")
    unit = indicator.unit
    o = max(visible)
    v = visible[o]
    observed = (o, v)
    top = max(visible.values())
    m = min(y for y, x in visible.items() if x == top)
    deadline = target.year
    if deadline is not None and o >= deadline:
        peaked = f"峰值出现在{m}年（{_number(top, unit)}）"
        if m > deadline:
            status, reason = Status.MISSED, f"{peaked}，晚于{deadline}年"
        elif m < o:
            status, reason = Status.ACHIEVED, f"{peaked}，未晚于{deadline}年"
        else:
            status = Status.INSUFFICIENT_DATA
            reason = f"{o}年{indicator.name}{_number(v, unit)}为观测最高值，尚不能确认已达峰"
        return _result(indicator, target, status, reason, observed=observed)
    if o - 1 not in visible or o - 2 not in visible:
        reason = f"缺少{o - 2}至{o}年连续三年数据，无法判断达峰趋势"
        return _result(indicator, target, Status.INSUFFICIENT_DATA, reason, observed=observed)
    delta1 = v - visible[o - 1]
    delta0 = visible[o - 1] - visible[o - 2]
    said = f"{o}年{indicator.name}{_number(v, unit)}"
    if delta1 < 0:
        status, reason = Status.ON_TRACK, f"{said}，较上年下降{_number(-delta1, unit)}，呈回落态势"
    elif delta1 < delta0:
        status = Status.ON_TRACK
        reason = (
            f"{said}，较上年增加{_number(delta1, unit)}，"
            f"小于上一年的增加{_number(delta0, unit)}，增长放缓"
        )
    else:
        status = Status.BEHIND
        reason = (
            f"{said}，较上年增加{_number(delta1, unit)}，"
            f"不小于上一年的变化{_number(delta0, unit)}，增长未放缓"
        )
    return _result(indicator, target, status, reason, observed=observed)


def _said(indicator: Indicator, target: Target, o: int, v: Decimal, q: Decimal) -> str:
    """What was observed at o: the value itself, or its change since the base year."""
    if target.kind not in RELATIVE_KINDS:
        return f"{o}年{indicator.name}{_number(v, indicator.unit)}"
    if target.kind is Kind.REDUCE_BY:
        verb = "下降" if q >= 0 else "上升"
    else:
        verb = "增长" if q >= 0 else "下降"
    return f"{o}年{indicator.name}较{target.base_year}年{verb}{_number(abs(q), _PERCENT)}"


def _goal(target: Target, value: Decimal, unit: str) -> str:
    """The target in words, e.g. 目标23.1% or 下降14%的目标."""
    number = _number(value, unit) + ("左右" if target.approx else "")
    return {
        Kind.AT_LEAST: f"目标{number}",
        Kind.AT_MOST: f"上限{number}",
        Kind.REDUCE_BY: f"下降{number}的目标",
        Kind.INCREASE_BY: f"增长{number}的目标",
    }[target.kind]


def _number(number: Decimal, unit: str) -> str:
    """A number for people (as entered, or rounded where computed: numbers.figure), its unit."""
    return figure(number) + unit
