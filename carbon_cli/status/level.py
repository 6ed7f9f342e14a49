"""The rules for at_least, at_most, reduce_by and increase_by (CONTRACT, "Status, as of year Y")."""

from __future__ import annotations

from decimal import Decimal

from carbon_cli.methods import Judgement, Point, judge
from carbon_cli.models import RELATIVE_KINDS, Indicator, Kind, Target
from carbon_cli.status.base import (
    ESTIMATED,
    FLAG_LABELS,
    PERCENT,
    PROVISIONAL,
    STATUS_LABELS,
    Assessment,
    Status,
    quantity,
)
from carbon_cli.status.start import Start, Visible, reference, start, target_level

# +1 where a larger measured quantity is better, -1 where a smaller one is
DIRECTION = {Kind.AT_LEAST: 1, Kind.REDUCE_BY: 1, Kind.INCREASE_BY: 1, Kind.AT_MOST: -1}
CHANGE_WORDS = {Kind.REDUCE_BY: "降幅", Kind.INCREASE_BY: "增幅"}


def result(
    indicator: Indicator,
    target: Target,
    status: Status,
    reason: str,
    *,
    year: int,
    seen: Visible | None = None,
    baseline: tuple[int, Decimal] | None = None,
    start: tuple[int, Decimal] | None = None,
    measured: Decimal | None = None,
    expected: Decimal | None = None,
    progress: Decimal | None = None,
    required: Decimal | None = None,
    judgement: Judgement | None = None,
) -> Assessment:
    """An Assessment: o, its flag and data lag from `seen`; every figure not given left null."""
    o = None if seen is None else seen.observed_year
    return Assessment(
        indicator=indicator,
        target=target,
        status=status,
        observed_value=None if seen is None or o is None else seen.values[o],
        observed_year=o,
        observed_flag=None if seen is None or o is None else seen.flag(o),
        data_lag=None if o is None else year - o,
        baseline_value=None if baseline is None else baseline[1],
        baseline_year=None if baseline is None else baseline[0],
        start_year=None if start is None else start[0],
        start_value=None if start is None else start[1],
        measured_value=measured,
        expected_value=expected,
        progress=progress,
        required_annual_change=required,
        reason=reason,
        year=year,
        break_year=None if seen is None else seen.break_year,
        judgement=judgement,
    )


def assess_level(
    indicator: Indicator,
    target: Target,
    seen: Visible,
    *,
    year: int,
    area: str,
    tolerance: Decimal,
    reference_year: int,
) -> Assessment:
    """The rules for at_least, at_most, reduce_by and increase_by."""
    deadline, o = target.year, seen.observed_year
    if target.value is None:
        return result(indicator, target, Status.NOT_SET, "目标值待省下达", year=year, seen=seen)
    if o is None:
        reason = "尚无观测数据" if not seen.values else f"尚无{deadline}年及以前的观测数据"
        return result(indicator, target, Status.NO_DATA, reason, year=year)
    v, value, kind = seen.values[o], target.value, target.kind
    missing = f"缺{deadline}年数据；" if deadline is not None and o < deadline <= year else ""
    first = start(indicator, target, seen, area, reference_year)
    r = reference(target, reference_year)
    base = None if first is None or first.year != r else (first.year, first.value)
    if kind in RELATIVE_KINDS:
        trouble = _relative_trouble(target, seen, first)
        if trouble is not None:
            insufficient = Status.INSUFFICIENT_DATA
            return result(indicator, target, insufficient, missing + trouble, year=year, seen=seen)
        assert first is not None  # _relative_trouble says why there is no b
        b = first.value
        q = (b - v) * 100 / b if kind is Kind.REDUCE_BY else (v - b) * 100 / b
        unit = PERCENT
    else:
        q, unit = v, indicator.unit
    said = _said(indicator, target, seen, q)
    direction = DIRECTION[kind]
    slack = tolerance * abs(value) if target.approx else Decimal(0)
    met = direction * (q - value) + slack >= 0
    if met or deadline is None or o >= deadline:
        if kind is Kind.AT_MOST:
            verdict = "未超过" if met else "超过"
        else:
            verdict = "已达到" if met else "未达到"
        status = Status.ACHIEVED if met else Status.MISSED
        reason = f"{said}，{verdict}{_goal(target, value, unit)}"
        return result(
            indicator, target, status, reason, year=year, seen=seen, baseline=base, measured=q
        )

    # not met before the deadline: compare with a straight line from the start to the target
    if first is None:  # only an absolute kind can lack a start here: b was checked above
        reason = f"{missing}{said}，尚未达标；{_no_start(r, seen)}，无法计算线性进度"
        insufficient = Status.INSUFFICIENT_DATA
        return result(
            indicator, target, insufficient, reason, year=year, seen=seen, baseline=base, measured=q
        )
    s = first.year
    origin = Decimal(0) if kind in RELATIVE_KINDS else first.value  # q at the start
    span = deadline - s
    expected = origin + (value - origin) * (o - s) / span
    # cross-multiplied so that a point exactly on the line is on_track even when the line's
    # value at o has no finite decimal expansion
    ahead = (q - origin) * span - (value - origin) * (o - s)
    status = Status.ON_TRACK if direction * ahead >= 0 else Status.BEHIND
    verb = {Kind.REDUCE_BY: "下降", Kind.INCREASE_BY: "增长"}.get(kind, "达")
    since = _since(indicator, first, r, seen.break_year)
    should = f"{since}按线性进度应{verb}{quantity(expected, unit)}"
    progress = None if value == origin else (q - origin) / (value - origin)
    level = target_level(target, first.value if kind in RELATIVE_KINDS else None)
    judgement = None
    if level is not None:
        judgement = judge(
            kind,
            Point(s, first.value),
            Point(o, v),
            level,
            deadline,
            linear_status=status.value,
            linear_progress=progress,
        )
    return result(
        indicator,
        target,
        status,
        f"{missing}{said}，{should}，{STATUS_LABELS[status]}",
        year=year,
        seen=seen,
        baseline=base,
        start=(s, origin),
        measured=q,
        expected=expected,
        progress=progress,
        required=(value - q) / (deadline - o),
        judgement=judgement,
    )


def _relative_trouble(target: Target, seen: Visible, first: Start | None) -> str | None:
    """Why a relative target's change cannot be measured, or None when it can."""
    change, base_year = CHANGE_WORDS[target.kind], target.base_year
    o, k = seen.observed_year, seen.break_year
    assert o is not None
    if base_year is None:
        return f"未给出基期年份，无法计算{change}"
    if o < base_year:
        # a change since the base year cannot be measured before the base year
        return f"观测年份{o}年早于基期{base_year}年，无法计算{change}"
    if k is not None and base_year < k:
        return f"{k}年起统计口径调整（B），与{base_year}年基期不可比，无法计算{change}"
    if first is None:
        return f"缺少{base_year}年基期数据，无法计算{change}"
    if first.value == 0:
        return f"{base_year}年基期值为0，无法计算{change}"
    return None


def _no_start(r: int, seen: Visible) -> str:
    """Why an absolute target's line has no start."""
    o, k = seen.observed_year, seen.break_year
    assert o is not None
    if r > o:
        return f"观测年份{o}年早于起点年份{r}年"
    if k is not None and k > r:
        return f"{k}年起统计口径调整（B），调整后{o}年以前没有数据"
    years = f"{r}年" if r == o - 1 else f"{r}年至{o - 1}年"
    older = f"，{r}年以前的数据不作起点" if any(y < r for y in seen.values) else ""
    return f"缺少{years}的数据{older}"


def _since(indicator: Indicator, first: Start, r: int, k: int | None) -> str:
    """Where the line starts, in words: 自2020年的17%起, and why when that is not R."""
    text = f"自{first.year}年的{quantity(first.value, indicator.unit)}起"
    if first.year == r:
        return text
    if k is not None and first.year == k:
        return f"{text}（{k}年统计口径调整）"
    return f"{text}（缺{r}年数据）"


def _said(indicator: Indicator, target: Target, seen: Visible, q: Decimal) -> str:
    """What was observed at o: the value itself, or its change since the base year."""
    o = seen.observed_year
    assert o is not None
    flag = seen.flag(o)
    mark = f"（{FLAG_LABELS[flag]}）" if flag in {PROVISIONAL, ESTIMATED} else ""
    if target.kind not in RELATIVE_KINDS:
        return f"{o}年{indicator.name}{quantity(seen.values[o], indicator.unit)}{mark}"
    if target.kind is Kind.REDUCE_BY:
        verb = "下降" if q >= 0 else "上升"
    else:
        verb = "增长" if q >= 0 else "下降"
    return f"{o}年{indicator.name}{mark}较{target.base_year}年{verb}{quantity(abs(q), PERCENT)}"


def _goal(target: Target, value: Decimal, unit: str) -> str:
    """The target in words, e.g. 目标23.1% or 下降14%的目标."""
    number = quantity(value, unit) + ("左右" if target.approx else "")
    return {
        Kind.AT_LEAST: f"目标{number}",
        Kind.AT_MOST: f"上限{number}",
        Kind.REDUCE_BY: f"下降{number}的目标",
        Kind.INCREASE_BY: f"增长{number}的目标",
    }[target.kind]
