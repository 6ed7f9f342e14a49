"""The rule for peak: the series peaks no later than the deadline (CONTRACT, "Status")."""

from __future__ import annotations

from carbon_cli.models import Indicator, Target
from carbon_cli.status.base import Assessment, Status, quantity
from carbon_cli.status.level import result
from carbon_cli.status.start import Visible


def assess_peak(indicator: Indicator, target: Target, seen: Visible, *, year: int) -> Assessment:
    """The rules for peak: every visible value (from a break on) is the series."""
    values, o = seen.values, seen.observed_year
    if o is None:
        return result(indicator, target, Status.NO_DATA, "尚无观测数据", year=year)
    unit = indicator.unit
    v = values[o]
    top = max(values.values())
    m = min(y for y, x in values.items() if x == top)
    deadline = target.year
    cut = f"；{seen.break_year}年起统计口径调整，只用此后的数据" if seen.break_year else ""
    if deadline is not None and o >= deadline:
        peaked = f"峰值出现在{m}年（{quantity(top, unit)}）"
        if m > deadline:
            status, reason = Status.MISSED, f"{peaked}，晚于{deadline}年"
        elif m < o:
            status, reason = Status.ACHIEVED, f"{peaked}，未晚于{deadline}年"
        else:
            status = Status.INSUFFICIENT_DATA
            reason = f"{o}年{indicator.name}{quantity(v, unit)}为观测最高值，尚不能确认已达峰"
        return result(indicator, target, status, reason + cut, year=year, seen=seen)
    missing = f"缺{deadline}年数据；" if deadline is not None and deadline <= year else ""
    if o - 1 not in values or o - 2 not in values:
        reason = f"{missing}缺少{o - 2}至{o}年连续三年数据，无法判断达峰趋势{cut}"
        return result(indicator, target, Status.INSUFFICIENT_DATA, reason, year=year, seen=seen)
    delta1 = v - values[o - 1]
    delta0 = values[o - 1] - values[o - 2]
    said = f"{missing}{o}年{indicator.name}{quantity(v, unit)}"
    if delta1 < 0:
        status, reason = Status.ON_TRACK, f"{said}，较上年下降{quantity(-delta1, unit)}，呈回落态势"
    elif delta1 < delta0:
        status = Status.ON_TRACK
        reason = (
            f"{said}，较上年增加{quantity(delta1, unit)}，"
            f"小于上一年的增加{quantity(delta0, unit)}，增长放缓"
        )
    else:
        status = Status.BEHIND
        reason = (
            f"{said}，较上年增加{quantity(delta1, unit)}，"
            f"不小于上一年的变化{quantity(delta0, unit)}，增长未放缓"
        )
    return result(indicator, target, status, reason + cut, year=year, seen=seen)
