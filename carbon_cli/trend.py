"""One indicator's trend: its series, targets and trajectories; `carbon show` and its text chart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from carbon_cli import labels, views
from carbon_cli.areas import area_note
from carbon_cli.models import RELATIVE_KINDS, Indicator, Kind, Target
from carbon_cli.names import pick
from carbon_cli.numbers import plain
from carbon_cli.status import (
    FORECAST,
    Status,
    Trajectory,
    base_value,
    target_level,
    trajectory,
)

if TYPE_CHECKING:
    from carbon_cli.loading import Plan
    from carbon_cli.status import Assessment

Series = Mapping[int, Decimal]
Cell = views.Cell


def find_indicator(query: str, indicators: Sequence[Indicator]) -> Indicator:
    """The indicator an id, Chinese name, alias (单位GDP能耗) or unique fragment of one means;
    else UsageError."""
    names = {key: ind for ind in indicators for key in (ind.id, ind.name, *ind.aliases)}
    return pick(query, names, lambda ind: ind.name, "指标", "carbon targets")


@dataclass(frozen=True)
class Goal:
    """A target drawn on a trend: its level in the indicator's unit (None: a peak or not set)."""

    target: Target
    level: Decimal | None


@dataclass(frozen=True)
class Trend:
    """One indicator in one area: its observed series, its targets and their trajectories."""

    indicator: Indicator
    area: str
    series: dict[int, Decimal]
    goals: list[Goal]
    lines: list[Trajectory]
    flags: dict[int, str] = field(default_factory=dict)  # P, E, B of the values shown

    def places(self) -> int:
        """Decimals to show: one more than the data's own, at least two, at most four."""
        figures = [*self.series.values(), *(v for t in self.lines for v in (t.start, t.end))]
        own = max((-int(v.normalize().as_tuple().exponent) for v in figures), default=0)
        return min(4, max(2, own + 1))

    def years(self) -> list[int]:
        """Every year from the first point (observed or start) to the last deadline."""
        points = [*self.series, *(t.start_year for t in self.lines)]
        points += [g.target.year for g in self.goals if g.target.year is not None]
        return list(range(min(points), max(points) + 1)) if points else []


def trend(
    indicator: Indicator,
    targets: Sequence[Target],
    series: Series,
    area: str,
    *,
    reference_year: int,
    flags: Mapping[int, str] | None = None,
) -> Trend:
    """An indicator's series (as of its latest year; forecasts, flagged F, left out) with the
    given targets' points and lines (status.trajectory, from `reference_year` on)."""
    flags = flags or {}
    shown = {y: v for y, v in sorted(series.items()) if flags.get(y) != FORECAST}
    goals = [Goal(t, target_level(t, base_value(indicator, t, shown, area))) for t in targets]
    lines = [
        line
        for t in targets
        if (
            line := trajectory(
                indicator, t, series, area, reference_year=reference_year, flags=flags
            )
        )
        is not None
    ]
    kept = {y: flags[y] for y in shown if y in flags}
    return Trend(indicator, area, shown, goals, lines, kept)


def _fixed(value: Decimal, places: int, unit: str) -> str:
    """A number rounded half up to `places` decimals, trailing zeros dropped, then its unit."""
    return plain(value, places) + unit


def trend_sheet(tr: Trend) -> views.Sheet:
    """A trend's numbers, one row per year: observed, each trajectory's value, the targets due."""
    unit = tr.indicator.unit
    shown = "%" if unit == "%" else ""
    places = tr.places()
    columns = [("year", "年份"), ("observed", f"观测值（{unit}）")]
    columns += [(f"line:{t.target.id}", f"线性进度（{t.target.year}年目标）") for t in tr.lines]
    columns.append(("goal", "目标"))
    rows: list[dict[str, Cell]] = []
    for year in tr.years():
        due = [g for g in tr.goals if g.target.year == year]
        row: dict[str, Cell] = {
            "year": year,
            "observed": _observed(tr, year, places, shown),
            "goal": "；".join(_goal_text(g, tr.indicator, places) for g in due),
        }
        for line in tr.lines:
            inside = line.start_year <= year <= line.end_year
            row[f"line:{line.target.id}"] = _fixed(line.at(year), places, shown) if inside else ""
        rows.append(row)
    standing = [g for g in tr.goals if g.target.year is None]
    footer = "；".join(f"长期：{_goal_text(g, tr.indicator, places)}" for g in standing) or None
    return views.Sheet(columns=columns, rows=rows, footer=footer)


def _observed(tr: Trend, year: int, places: int, shown: str) -> str:
    """A year's observed value, marked 初步 or 估算 where flagged so; empty without one."""
    if year not in tr.series:
        return ""
    word = labels.flag_word(tr.flags.get(year))
    return _fixed(tr.series[year], places, shown) + (f"（{word}）" if word else "")


def _goal_text(goal: Goal, indicator: Indicator, places: int) -> str:
    """A target as the plan states it, with its level in the indicator's unit where that differs."""
    text = labels.target_value_text(goal.target, indicator.unit)
    if goal.level is not None and goal.target.kind in RELATIVE_KINDS:
        shown = "%" if indicator.unit == "%" else ""
        text += f"，即 {_fixed(goal.level, places, shown)}"
    return text


def _json_line(line: Trajectory) -> dict[str, labels.JSON]:
    """A trajectory's two ends as JSON."""
    return {
        "start_year": line.start_year,
        "start_value": labels.number(line.start),
        "end_year": line.end_year,
        "end_value": labels.number(line.end),
    }


def show_view(plan: Plan, tr: Trend, assessed: Sequence[Assessment], year: int) -> views.View:
    """`carbon show`: the numbers beneath the chart, and the same as JSON."""
    statuses = {a.target.id: a for a in assessed}
    by_line = {line.target.id: line for line in tr.lines}
    note = area_note(tr.area)  # said once, for an area other than 全市
    rows = [
        {
            "year": y,
            "observed": labels.number(tr.series.get(y)),
            "trajectory": {
                line.target.id: labels.number(line.at(y))
                if line.start_year <= y <= line.end_year
                else None
                for line in tr.lines
            },
        }
        for y in tr.years()
    ]
    payload = {
        "indicator": tr.indicator.id,
        "name": tr.indicator.name,
        "unit": tr.indicator.unit,
        "area": tr.area,
        "area_note": note,
        "year": year,
        "series": [{"year": y, "value": labels.number(v)} for y, v in tr.series.items()],
        "targets": [
            {
                "id": g.target.id,
                "kind": g.target.kind.value,
                "value": labels.number(g.target.value),
                "year": g.target.year,
                "base_year": g.target.base_year,
                "level": labels.number(g.level),
                "lead": plan.lead_of(g.target),
                "status": statuses[g.target.id].status.value,
                "reason": statuses[g.target.id].reason,
                "trajectory": _json_line(by_line[g.target.id]) if g.target.id in by_line else None,
            }
            for g in tr.goals
        ],
        "rows": rows,
    }
    sheet = trend_sheet(tr)
    title = f"{tr.area} {tr.indicator.name}（{tr.indicator.unit}），截至{year}年"
    statuses_text = "\n".join(_status_line(a) for a in assessed)
    footer = "\n".join(part for part in (sheet.footer, statuses_text, note) if part)
    return views.View(
        payload,
        [views.Sheet(columns=sheet.columns, rows=sheet.rows, title=title, footer=footer or None)],
        objects=rows,  # a spreadsheet wants the year rows, not the series
    )


def _status_line(a: Assessment) -> str:
    """2030年目标 滞后 !（截至2024年）, then the reason on a line of its own (a terminal too
    narrow for both would break the status in two); a target not yet set says so once (not
    待下达：待省下达)."""
    label = labels.status_label(a.status) + (labels.FRAGILE_MARK if a.fragile else "")
    if a.judged_on is not None:
        label += f"（截至{a.judged_on}年）"
    due = f"{a.target.year}年目标" if a.target.year is not None else "长期目标"
    return f"{due} {label}" if a.status is Status.NOT_SET else f"{due} {label}\n{a.reason}"


CHART_MARKS = {"observed": "●", "line": "·", "goal": "◆", "standing": "┄", "deadline": "┊"}


def text_chart(tr: Trend, width: int = 56, height: int = 12) -> list[str]:
    """The trend as lines of text: ● observed, · trajectory, ◆ target, ┄ standing, ┊ peak year."""
    years = tr.years()
    levels = [*tr.series.values(), *(g.level for g in tr.goals if g.level is not None)]
    levels += [v for line in tr.lines for v in (line.start, line.end)]
    if not years or not levels:
        return ["（没有可绘制的数据）"]
    x0, x1 = years[0], years[-1]
    low, high = min(levels), max(levels)
    if low == high:
        low, high = low - 1, high + 1
    grid = [[" "] * width for _ in range(height)]

    def col(year: Decimal | int) -> int:
        return 0 if x1 == x0 else round((Decimal(year) - x0) * (width - 1) / (x1 - x0))

    def row(value: Decimal) -> int:
        return round((high - value) * (height - 1) / (high - low))

    for g in tr.goals:
        if g.target.year is None and g.level is not None:
            grid[row(g.level)] = [CHART_MARKS["standing"]] * width
        elif g.target.kind is Kind.PEAK and g.target.year is not None:
            for r in range(height):
                grid[r][col(g.target.year)] = CHART_MARKS["deadline"]
    for line in tr.lines:
        for c in range(col(line.start_year), col(line.end_year) + 1):
            at = Decimal(x0) + Decimal(c) * (x1 - x0) / (width - 1) if width > 1 else Decimal(x0)
            span = line.end_year - line.start_year
            value = line.start + (line.end - line.start) * (at - line.start_year) / span
            grid[row(value)][c] = CHART_MARKS["line"]
    for g in tr.goals:
        if g.target.year is not None and g.level is not None:
            grid[row(g.level)][col(g.target.year)] = CHART_MARKS["goal"]
    for y, v in tr.series.items():
        grid[row(v)][col(y)] = CHART_MARKS["observed"]
    shown = "%" if tr.indicator.unit == "%" else ""
    ticks = {0: labels.human(high, shown), height - 1: labels.human(low, shown)}
    ticks[(height - 1) // 2] = labels.human((high + low) / 2, shown)
    pad = max(map(len, ticks.values()))
    out = [f"{tr.indicator.name}（{tr.indicator.unit}）· {tr.area}"]
    out += [f"{ticks.get(r, ''):>{pad}} ┤{''.join(cells)}".rstrip() for r, cells in enumerate(grid)]
    out.append(" " * pad + " └" + "─" * width)
    axis = [" "] * (width + 6)
    # the ends and deadlines first, then every other year where it fits
    first = [x0, x1, *(g.target.year for g in tr.goals if g.target.year)]
    for year in dict.fromkeys([*first, *years]):
        text = str(year)
        start = min(col(year), width + 2 - len(text))
        if all(ch == " " for ch in axis[max(0, start - 1) : start + len(text) + 1]):
            axis[start : start + len(text)] = text
    out.append(" " * (pad + 2) + "".join(axis).rstrip())
    legend = [f"{CHART_MARKS['observed']} 观测值"]
    if tr.lines:
        legend.append(f"{CHART_MARKS['line']} 线性进度")
    if any(g.target.year is not None and g.level is not None for g in tr.goals):
        legend.append(f"{CHART_MARKS['goal']} 目标")
    if any(g.target.year is None and g.level is not None for g in tr.goals):
        legend.append(f"{CHART_MARKS['standing']} 长期约束")
    if any(g.target.kind is Kind.PEAK for g in tr.goals):
        legend.append(f"{CHART_MARKS['deadline']} 达峰期限")
    out.append(" " * (pad + 2) + "  ".join(legend))
    return out
