"""The plan's 年度监测分析, 中期评估 and 总结评估: a report model, then Markdown or HTML."""

from __future__ import annotations

import io
import re
import warnings
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from carbon_cli import __version__, labels, views
from carbon_cli.choices import ReportFormat as ReportFormat  # re-exported
from carbon_cli.choices import Stage as Stage
from carbon_cli.errors import UsageError
from carbon_cli.loading import Plan
from carbon_cli.models import RELATIVE_KINDS, WHOLE_CITY, Indicator, Kind, Target
from carbon_cli.observations import Observations
from carbon_cli.owners import lead_of, pick
from carbon_cli.status import STATUS_ORDER, Assessment, Status, assess_all, plain, summary

Series = Mapping[int, Decimal]
Cell = views.Cell

PLAN_TITLE = "揭阳市碳达峰实施方案"
DATA_NOTES = "docs/data-notes.md"
MIDTERM_YEAR = 2025
FINAL_YEAR = 2030
# statuses that mean someone still owes a figure: an observation, a base-year value, the number
DATA_GAPS = (Status.NO_DATA, Status.INSUFFICIENT_DATA, Status.NOT_SET)
# the colours of the status chart and badges; the label and symbol always go with them
STATUS_COLOURS = {
    Status.ACHIEVED: "#2e7d32",
    Status.ON_TRACK: "#00838f",
    Status.BEHIND: "#ef6c00",
    Status.MISSED: "#c62828",
    Status.NO_DATA: "#9e9e9e",
    Status.INSUFFICIENT_DATA: "#b0a48a",
    Status.NOT_SET: "#90a4ae",
}
# matplotlib lays text out with the first of these it finds; the browser picks its own from the
# same list, since the SVG keeps text as <text>
CJK_FONTS = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "DejaVu Sans",
    "sans-serif",
]


STAGE_TITLES = {
    Stage.ANNUAL: "年度监测分析报告",
    Stage.MIDTERM: "中期评估报告",
    Stage.FINAL: "总结评估报告",
}
STAGE_YEARS = {Stage.MIDTERM: MIDTERM_YEAR, Stage.FINAL: FINAL_YEAR}


def stage_year(stage: Stage, year: int | None) -> int | None:
    """The year a stage fixes (midterm 2025, final 2030); a different --year is a usage error."""
    fixed = STAGE_YEARS.get(stage)
    if fixed is not None and year is not None and year != fixed:
        raise UsageError(
            f"--stage {stage.value} 评估截至 {fixed} 年，与 --year {year} 不符",
            f"去掉 --year，或用 --stage annual --year {year}",
        )
    return fixed if fixed is not None else year


def in_stage(target: Target, stage: Stage) -> bool:
    """Midterm: the 2025 targets; final: the 2030 and standing targets; annual: every target."""
    if stage is Stage.MIDTERM:
        return target.year == MIDTERM_YEAR
    if stage is Stage.FINAL:
        return target.year in {FINAL_YEAR, None}
    return True


def find_indicator(query: str, indicators: Sequence[Indicator]) -> Indicator:
    """The indicator an id, Chinese name or unique fragment of a name means; else UsageError."""
    names = {key: ind for ind in indicators for key in (ind.id, ind.name)}
    return pick(query, names, lambda ind: ind.name, "指标", "carbon targets")


# ------------------------------------------------------------------------------------- trends


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


def _level(target: Target, base: Decimal | None) -> Decimal | None:
    """The target in the indicator's own unit: a relative target needs its base-year value."""
    if target.value is None or target.kind is Kind.PEAK:
        return None
    if target.kind is Kind.REDUCE_BY:
        return None if base is None else base * (100 - target.value) / 100
    if target.kind is Kind.INCREASE_BY:
        return None if base is None else base * (100 + target.value) / 100
    return target.value


def _base(indicator: Indicator, target: Target, series: Series, area: str) -> Decimal | None:
    """A relative target's base-year value b, as status.py finds it (observation, else baseline)."""
    if target.base_year is None:
        return None
    recorded = {b.year: b.value for b in indicator.baselines if b.area == area}
    b = series.get(target.base_year, recorded.get(target.base_year))
    return None if b == 0 else b


def trajectory(
    indicator: Indicator, target: Target, series: Series, area: str
) -> Trajectory | None:
    """The straight line of CONTRACT.md (start → (deadline, value)) in the indicator's unit.

    Relative kinds start at (base year, b) and end at b less or more the percentage, which is the
    contract's line in percent scaled back; absolute kinds start at the earliest baseline or
    observation before the observed point. None where the contract draws no line.
    """
    deadline = target.year
    if deadline is None or target.value is None or target.kind is Kind.PEAK:
        return None
    if target.kind in RELATIVE_KINDS:
        b = _base(indicator, target, series, area)
        level = _level(target, b)
        if b is None or level is None or target.base_year is None or target.base_year >= deadline:
            return None
        return Trajectory(target, target.base_year, b, deadline, level)
    o = max((y for y in series if y <= deadline), default=None)
    if o is None:
        return None
    recorded = {b.year: b.value for b in indicator.baselines if b.area == area}
    earlier = {y: v for y, v in recorded.items() if y < o} | {
        y: v for y, v in series.items() if y < o
    }
    if not earlier:
        return None
    start = min(earlier)
    return Trajectory(target, start, earlier[start], deadline, target.value)


def trend(indicator: Indicator, targets: Sequence[Target], series: Series, area: str) -> Trend:
    """An indicator's series with the given targets' points and lines."""
    goals = [Goal(t, _level(t, _base(indicator, t, series, area))) for t in targets]
    lines = [line for t in targets if (line := trajectory(indicator, t, series, area)) is not None]
    return Trend(indicator, area, dict(sorted(series.items())), goals, lines)


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
            "observed": _fixed(tr.series[year], places, shown) if year in tr.series else "",
            "goal": "；".join(_goal_text(g, tr.indicator, places) for g in due),
        }
        for line in tr.lines:
            inside = line.start_year <= year <= line.end_year
            row[f"line:{line.target.id}"] = _fixed(line.at(year), places, shown) if inside else ""
        rows.append(row)
    standing = [g for g in tr.goals if g.target.year is None]
    footer = "；".join(f"长期：{_goal_text(g, tr.indicator, places)}" for g in standing) or None
    return views.Sheet(columns=columns, rows=rows, footer=footer)


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
        "start_value": views.number(line.start),
        "end_year": line.end_year,
        "end_value": views.number(line.end),
    }


def show_view(plan: Plan, tr: Trend, assessed: Sequence[Assessment], year: int) -> views.View:
    """`carbon show`: the numbers beneath the chart, and the same as JSON."""
    statuses = {a.target.id: a for a in assessed}
    by_line = {line.target.id: line for line in tr.lines}
    payload = {
        "indicator": tr.indicator.id,
        "name": tr.indicator.name,
        "unit": tr.indicator.unit,
        "area": tr.area,
        "year": year,
        "series": [{"year": y, "value": views.number(v)} for y, v in tr.series.items()],
        "targets": [
            {
                "id": g.target.id,
                "kind": g.target.kind.value,
                "value": views.number(g.target.value),
                "year": g.target.year,
                "base_year": g.target.base_year,
                "level": views.number(g.level),
                "lead": lead_of(g.target, plan.tasks, plan.departments),
                "status": statuses[g.target.id].status.value,
                "reason": statuses[g.target.id].reason,
                "trajectory": _json_line(by_line[g.target.id]) if g.target.id in by_line else None,
            }
            for g in tr.goals
        ],
        "rows": [
            {
                "year": y,
                "observed": views.number(tr.series.get(y)),
                "trajectory": {
                    line.target.id: views.number(line.at(y))
                    if line.start_year <= y <= line.end_year
                    else None
                    for line in tr.lines
                },
            }
            for y in tr.years()
        ],
    }
    sheet = trend_sheet(tr)
    title = f"{tr.area} {tr.indicator.name}（{tr.indicator.unit}），截至{year}年"
    statuses_text = "\n".join(
        f"{a.target.year or '长期'}年目标 {views.status_label(a.status)}：{a.reason}"
        for a in assessed
    )
    footer = "\n".join(part for part in (sheet.footer, statuses_text) if part)
    return views.View(
        payload,
        [views.Sheet(columns=sheet.columns, rows=sheet.rows, title=title, footer=footer or None)],
    )


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
    labels = {0: views.human(high, shown), height - 1: views.human(low, shown)}
    labels[(height - 1) // 2] = views.human((high + low) / 2, shown)
    pad = max(map(len, labels.values()))
    out = [f"{tr.indicator.name}（{tr.indicator.unit}）· {tr.area}"]
    out += [
        f"{labels.get(r, ''):>{pad}} ┤{''.join(cells)}".rstrip() for r, cells in enumerate(grid)
    ]
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


# ------------------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Report:
    """Everything a report says, before it is drawn."""

    stage: Stage
    year: int
    area: str
    assessments: list[Assessment]
    groups: list[tuple[str, list[dict[str, Cell]]]]  # every group of the plan, its target rows
    trends: list[Trend]  # indicators with two or more observations
    scorecard: views.Sheet
    gaps: list[dict[str, Cell]]  # targets still owed a figure, by lead department
    notes: list[tuple[str, str, str]]  # (id, indicator name, the data's note)
    sources: list[tuple[str, int]]  # where the observations come from, how many values each

    @property
    def title(self) -> str:
        """E.g. 揭阳市碳达峰实施方案 2025年度监测分析报告（全市）."""
        if self.stage is Stage.ANNUAL:
            return f"{PLAN_TITLE} {self.year}年度监测分析报告（{self.area}）"
        return f"{PLAN_TITLE} {STAGE_TITLES[self.stage]}（{self.year}年，{self.area}）"

    @property
    def counts(self) -> dict[Status, int]:
        """How many targets have each status."""
        return summary(self.assessments)

    def scope(self) -> str:
        """One line saying what is assessed."""
        which = {
            Stage.ANNUAL: "方案全部量化目标",
            Stage.MIDTERM: f"期限为{MIDTERM_YEAR}年的目标",
            Stage.FINAL: f"期限为{FINAL_YEAR}年的目标及长期约束性目标",
        }[self.stage]
        n = len(self.assessments)
        return f"评估截至{self.year}年底；地区：{self.area}；范围：{which}，共 {n} 项"


def build_report(
    plan: Plan,
    observed: Observations,
    *,
    stage: Stage,
    year: int,
    area: str = WHOLE_CITY,
    tolerance: Decimal = Decimal("0.02"),
) -> Report:
    """Assess the stage's targets as of `year` and gather every section of the report."""
    by_indicator = observed.for_area(area)
    assessed = [
        a
        for a in assess_all(
            plan.targets.indicators, by_indicator, year=year, area=area, tolerance=tolerance
        )
        if in_stage(a.target, stage)
    ]
    visible = {
        ind: {y: v for y, v in series.items() if y <= year} for ind, series in by_indicator.items()
    }
    return Report(
        stage=stage,
        year=year,
        area=area,
        assessments=assessed,
        groups=_groups(plan, assessed, year, area),
        trends=_trends(assessed, visible, area),
        scorecard=_scorecard(plan, assessed, year, area),
        gaps=_gaps(plan, assessed),
        notes=_notes(assessed),
        sources=_sources(observed, assessed, year, area),
    )


def _groups(
    plan: Plan, assessed: Sequence[Assessment], year: int, area: str
) -> list[tuple[str, list[dict[str, Cell]]]]:
    """The status rows of views.status_sheet, with trajectory value and lead, under every group."""
    by_id = {a.target.id: a for a in assessed}
    rows: dict[str, list[dict[str, Cell]]] = {}
    for row in views.status_sheet(plan, assessed, year, area).rows:
        a = by_id[str(row["id"])]
        unit = a.indicator.unit
        shown = "%" if unit == "%" else ""
        relative = a.target.kind in RELATIVE_KINDS
        change = "降幅" if a.target.kind is Kind.REDUCE_BY else "增幅"
        observed = str(row["observed"])
        if relative and a.measured_value is not None:
            observed += f"，{change} {views.human(a.measured_value, '%')}"
        expected = ""
        if a.expected_value is not None:
            expected = (
                f"{change} {views.human(a.expected_value, '%')}"
                if relative
                else views.human(a.expected_value, shown)
            )
        rows.setdefault(str(row["group"]), []).append(
            row | {"observed": observed, "expected": expected, "lead": _lead(plan, a.target)}
        )
    titles = [f"{g.number}{g.title}" for g in plan.tasks.groups]
    if views.SAFEGUARDS in rows:
        titles.append(views.SAFEGUARDS)
    return [(title, rows.get(title, [])) for title in titles]


def _lead(plan: Plan, target: Target) -> str:
    """The lead department, the one who owes the target's data."""
    return lead_of(target, plan.tasks, plan.departments) or "—"


def _trends(
    assessed: Sequence[Assessment], visible: Mapping[str, Series], area: str
) -> list[Trend]:
    """A trend for each indicator of the report with at least two observations."""
    targets: dict[str, tuple[Indicator, list[Target]]] = {}
    for a in assessed:
        targets.setdefault(a.indicator.id, (a.indicator, []))[1].append(a.target)
    return [
        trend(indicator, chosen, visible[ind_id], area)
        for ind_id, (indicator, chosen) in targets.items()
        if len(visible.get(ind_id, {})) >= 2
    ]


def _scorecard(plan: Plan, assessed: Sequence[Assessment], year: int, area: str) -> views.Sheet:
    """views.scorecard for the departments with at least one of the report's targets."""
    from carbon_cli.api import scorecard_rows

    rows = scorecard_rows(plan, assessed, only_with_targets=True)
    return views.scorecard_sheet(plan, rows, year, area)


def _gaps(plan: Plan, assessed: Sequence[Assessment]) -> list[dict[str, Cell]]:
    """Targets still owed a figure, grouped by the lead department that owes it."""
    order = views.plan_order(plan)
    owed = sorted(
        (a for a in assessed if a.status in DATA_GAPS),
        key=lambda a: (_lead(plan, a.target), order.get(a.target.task, len(order))),
    )
    return [
        {
            "lead": _lead(plan, a.target),
            "id": a.target.id,
            "name": a.indicator.name,
            "target": labels.target_value_text(a.target, a.indicator.unit),
            "deadline": a.target.year if a.target.year is not None else "长期",
            "status": views.status_label(a.status),
            "status_code": a.status.value,
            "reason": a.reason,
        }
        for a in owed
    ]


def _notes(assessed: Sequence[Assessment]) -> list[tuple[str, str, str]]:
    """The data's notes on the report's indicators and targets, in file order."""
    notes: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for a in assessed:
        ind = a.indicator
        if ind.note and ind.id not in seen:
            notes.append((ind.id, ind.name, ind.note))
        seen.add(ind.id)
        if a.target.note:
            notes.append((a.target.id, ind.name, a.target.note))
    return notes


def _sources(
    observed: Observations, assessed: Sequence[Assessment], year: int, area: str
) -> list[tuple[str, int]]:
    """Each source named in the observations the report uses, with how many values it gave."""
    used = {a.indicator.id for a in assessed}
    counts = Counter(
        source
        for (ind, where, y), source in observed.sources.items()
        if ind in used and where == area and y <= year
    )
    values = sum(
        1
        for (ind, where), series in observed.series.items()
        if ind in used and where == area
        for y in series
        if y <= year
    )
    unnamed = values - sum(counts.values())
    listed = counts.most_common()
    return listed + ([("（未注明出处）", unnamed)] if unnamed else [])


# ----------------------------------------------------------------------------------- Markdown

GROUP_COLUMNS = [
    ("name", "指标"),
    ("target", "目标"),
    ("deadline", "期限"),
    ("observed", "观测值"),
    ("expected", "线性进度值"),
    ("status", "状态"),
    ("reason", "说明"),
    ("lead", "牵头单位"),
]
GAP_COLUMNS = [
    ("lead", "牵头单位（应报送）"),
    ("name", "指标"),
    ("target", "目标"),
    ("deadline", "期限"),
    ("status", "状态"),
    ("reason", "缺少什么"),
]
SECTIONS = (
    "一、总体情况",
    "二、分组进展",
    "三、指标趋势",
    "四、部门考核",
    "五、数据缺口",
    "六、数据说明",
)


def _md(value: Cell) -> str:
    """A Markdown table cell."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _md_table(columns: Sequence[tuple[str, str]], rows: Sequence[Mapping[str, Cell]]) -> str:
    """A Markdown table."""
    out = ["| " + " | ".join(label for _, label in columns) + " |"]
    out.append("|" + "|".join("---" for _ in columns) + "|")
    out += ["| " + " | ".join(_md(row.get(key)) for key, _ in columns) + " |" for row in rows]
    return "\n".join(out) + "\n"


def _headline(report: Report) -> list[dict[str, Cell]]:
    """The status counts as rows, with a text bar for Markdown."""
    counts = report.counts
    total = max(1, sum(counts.values()))
    return [
        {
            "status": views.status_label(s),
            "count": counts[s],
            "share": f"{round(100 * counts[s] / total)}%",
            "bar": "█" * round(20 * counts[s] / total),
        }
        for s in STATUS_ORDER
    ]


def render_markdown(report: Report) -> str:
    """The report as one Markdown document: tables where the HTML has charts."""
    out = [f"# {_md(report.title)}\n", f"{_md(report.scope())}\n"]
    out.append(f"## {SECTIONS[0]}\n")
    out.append(f"{views.summary_line(report.counts)}\n")
    out.append(
        _md_table(
            [("status", "状态"), ("count", "目标数"), ("share", "占比"), ("bar", "分布")],
            _headline(report),
        )
    )
    out.append(f"## {SECTIONS[1]}\n")
    for title, rows in report.groups:
        out.append(f"### {_md(title)}\n")
        out.append(_md_table(GROUP_COLUMNS, rows) if rows else "本报告范围内本组没有量化目标。\n")
    out.append(f"## {SECTIONS[2]}\n")
    if not report.trends:
        out.append("没有观测值达到两个年份的指标。\n")
    for tr in report.trends:
        sheet = trend_sheet(tr)
        out.append(f"### {_md(tr.indicator.name)}（{_md(tr.indicator.unit)}）\n")
        out.append(_md_table(sheet.columns, sheet.rows))
        if sheet.footer:
            out.append(f"\n{_md(sheet.footer)}\n")
    out.append(f"## {SECTIONS[3]}\n")
    out.append(f"{_md(report.scorecard.title)}\n")
    out.append(_md_table(report.scorecard.columns, report.scorecard.rows))
    out.append(f"## {SECTIONS[4]}\n")
    out.append(_gap_intro(report) + "\n")
    if report.gaps:
        out.append(_md_table(GAP_COLUMNS, report.gaps))
    out.append(f"## {SECTIONS[5]}\n")
    out.append(_notes_intro() + "\n")
    out += [f"- **{_md(name)}**（`{_md(key)}`）：{_md(note)}" for key, name, note in report.notes]
    out.append("\n### 观测数据来源\n")
    out += [f"- {_md(source)}（{n} 个数值）" for source, n in report.sources] or ["- 没有观测值"]
    out.append(f"\n---\n\n{_md(_colophon())}\n")
    return "\n".join(out)


def _gap_intro(report: Report) -> str:
    """What the data-gap section lists."""
    if not report.gaps:
        return "本报告范围内的目标都有数据。"
    return (
        f"共 {len(report.gaps)} 项目标缺少数据（无观测值、缺基期数据或目标值待省下达），"
        "按牵头单位排列：由牵头单位负责报送。"
    )


def _notes_intro() -> str:
    return f"方案原文中存疑之处及数据处理方式（摘自 data/targets.yaml，详见 {DATA_NOTES}）："


def _colophon() -> str:
    return f"由 carbon {__version__} 生成；状态规则见 CONTRACT.md，目标原文见 data/targets.yaml。"


# --------------------------------------------------------------------------------------- HTML

CSS = """
:root { --ink: #1f2328; --muted: #5b6470; --rule: #d0d7de; --band: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px 32px; color: var(--ink);
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
  "SimHei", "WenQuanYi Micro Hei", sans-serif; font-size: 14px; line-height: 1.55; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
.scope, .muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
.card { border: 1px solid var(--rule); border-left: 6px solid var(--c); border-radius: 4px;
  padding: 6px 12px; min-width: 110px; }
.card b { display: block; font-size: 22px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 12.5px; }
th, td { border: 1px solid var(--rule); padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
.c-lead, .c-deadline { white-space: nowrap; }
.c-name { min-width: 8em; } .c-target, .c-observed { min-width: 6.5em; }
.c-expected { min-width: 4.5em; } .c-reason { min-width: 12em; }
.badge { white-space: nowrap; font-weight: 600; color: var(--c); }
.empty { color: var(--muted); font-style: italic; }
.trends { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 12px; }
figure { margin: 0; border: 1px solid var(--rule); border-radius: 4px; padding: 8px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart * { stroke-linejoin: round; stroke-linecap: butt; }
.status-chart { max-width: 640px; }
ul.notes li { margin-bottom: 4px; }
code { font-size: 12px; background: var(--band); padding: 0 3px; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px;
  border-top: 1px solid var(--rule); }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-before: page; break-after: avoid; }
  section:first-of-type h2 { break-before: auto; }
  h3, figcaption { break-after: avoid; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr, figure, .cards { break-inside: avoid; }
  .trends { grid-template-columns: 1fr 1fr; }
  .trends figure { border: none; padding: 0; }
}
"""


def _e(value: Cell) -> str:
    """Any data as HTML text."""
    from html import escape  # here, not at the top: `carbon --help` stays quick

    return escape("" if value is None else str(value))


def _html_table(
    columns: Sequence[tuple[str, str]],
    rows: Sequence[Mapping[str, Cell]],
    numeric: frozenset[str] = frozenset(),
) -> str:
    """An HTML table, cells classed by column; a status keeps its label beside its colour."""
    head = "".join(f'<th class="c-{_e(key)}">{_e(label)}</th>' for key, label in columns)
    body = []
    for row in rows:
        cells = []
        for key, _ in columns:
            value = row.get(key)
            kind = "num" if key in numeric or isinstance(value, int | float) else f"c-{_e(key)}"
            text = _e(value)
            if key == "status" and row.get("status_code"):
                colour = STATUS_COLOURS[Status(str(row["status_code"]))]
                text = f'<span class="badge" style="--c:{colour}">{text}</span>'
            cells.append(f'<td class="{kind}">{text}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_html(report: Report) -> str:
    """The report as one self-contained HTML file: inline CSS and SVG, nothing fetched."""
    charts = Charts()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(report.title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{_e(report.title)}</h1><p class='scope'>{_e(report.scope())}</p></header>",
    ]
    counts = report.counts
    cards = "".join(
        f'<div class="card" style="--c:{STATUS_COLOURS[s]}"><b>{counts[s]}</b>'
        f"{_e(views.status_label(s))}</div>"
        for s in STATUS_ORDER
    )
    parts.append(
        f"<section><h2>{SECTIONS[0]}</h2><p>{_e(views.summary_line(counts))}</p>"
        f'<div class="cards">{cards}</div>'
        f'<figure class="status-chart"><figcaption>各状态目标数</figcaption>'
        f"{charts.status(counts)}</figure></section>"
    )
    groups = [f"<section><h2>{SECTIONS[1]}</h2>"]
    for title, rows in report.groups:
        groups.append(f"<h3>{_e(title)}</h3>")
        groups.append(
            _html_table(GROUP_COLUMNS, rows)
            if rows
            else '<p class="empty">本报告范围内本组没有量化目标。</p>'
        )
    parts.append("".join(groups) + "</section>")
    trends = [f"<section><h2>{SECTIONS[2]}</h2>"]
    if report.trends:
        trends.append(
            '<p class="muted">实线为观测值，虚线为从起点到目标的直线进度（规则见 CONTRACT.md），'
            "◆ 为目标。</p>"
            '<div class="trends">'
        )
        for tr in report.trends:
            trends.append(
                f'<figure class="trend" data-indicator="{_e(tr.indicator.id)}">'
                f"<figcaption>{_e(tr.indicator.name)}（{_e(tr.indicator.unit)}）</figcaption>"
                f"{charts.trend(tr)}</figure>"
            )
        trends.append("</div>")
    else:
        trends.append('<p class="empty">没有观测值达到两个年份的指标。</p>')
    parts.append("".join(trends) + "</section>")
    card = report.scorecard
    parts.append(
        f"<section><h2>{SECTIONS[3]}</h2><p>{_e(card.title)}</p>"
        f"{_html_table(card.columns, card.rows, frozenset(k for k, _ in card.columns[1:]))}"
        "</section>"
    )
    gaps = _html_table(GAP_COLUMNS, report.gaps) if report.gaps else ""
    parts.append(f"<section><h2>{SECTIONS[4]}</h2><p>{_e(_gap_intro(report))}</p>{gaps}</section>")
    notes = "".join(
        f"<li><b>{_e(name)}</b>（<code>{_e(key)}</code>）：{_e(note)}</li>"
        for key, name, note in report.notes
    )
    sources = "".join(f"<li>{_e(source)}（{n} 个数值）</li>" for source, n in report.sources)
    parts.append(
        f"<section><h2>{SECTIONS[5]}</h2><p>{_e(_notes_intro())}</p>"
        f'<ul class="notes">{notes}</ul><h3>观测数据来源</h3>'
        f"<ul>{sources or '<li>没有观测值</li>'}</ul></section>"
    )
    parts.append(f"<footer><p>{_e(_colophon())}</p></footer></body></html>\n")
    return "\n".join(parts)


class Charts:
    """Charts as inline SVG drawn by matplotlib, imported here only: other commands stay quick."""

    def __init__(self) -> None:
        self.count = 0

    def status(self, counts: Mapping[Status, int]) -> str:
        """A horizontal bar per status, its count at the end."""
        with _pyplot() as plt:
            fig, ax = plt.subplots(figsize=(6.4, 2.5))
            labels = [views.status_label(s) for s in STATUS_ORDER]
            values = [counts[s] for s in STATUS_ORDER]
            bars = ax.barh(labels, values, color=[STATUS_COLOURS[s] for s in STATUS_ORDER])
            ax.bar_label(bars, padding=3, fontsize=9)
            ax.invert_yaxis()
            ax.set_xlabel("目标数")
            ax.set_xlim(0, max([*values, 1]) * 1.12)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            return self._svg(plt, fig, "各状态目标数")

    def trend(self, tr: Trend) -> str:
        """Observed series, each straight-line trajectory, each target point."""
        unit = tr.indicator.unit
        shown = "%" if unit == "%" else ""
        with _pyplot() as plt:
            fig, ax = plt.subplots(figsize=(5.6, 3.1))
            ax.plot(
                list(tr.series),
                [float(v) for v in tr.series.values()],
                marker="o",
                color="#1565c0",
                linewidth=2,
                label="观测值",
                zorder=3,
            )
            for n, line in enumerate(tr.lines):
                ax.plot(
                    [line.start_year, line.end_year],
                    [float(line.start), float(line.end)],
                    linestyle="--" if n == 0 else ":",
                    color="#6e7781",
                    linewidth=1.3,
                    label=f"线性进度（{line.end_year}年目标）",
                )
            for g in tr.goals:
                if g.level is None:
                    if g.target.kind is Kind.PEAK and g.target.year is not None:
                        ax.axvline(
                            g.target.year,
                            color="#8250df",
                            linestyle=":",
                            label=f"达峰期限 {g.target.year}年",
                        )
                    continue
                level = float(g.level)
                if g.target.year is None:
                    ax.axhline(
                        level, color="#c62828", linestyle="-.", linewidth=1, label="长期约束"
                    )
                    continue
                ax.plot(
                    [g.target.year],
                    [level],
                    marker="D",
                    markersize=7,
                    color="#ef6c00",
                    linestyle="none",
                    label=f"目标（{g.target.year}年）{views.human(g.level, shown)}",
                    zorder=4,
                )
            from matplotlib.ticker import MaxNLocator

            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_ylabel(unit)
            ax.margins(x=0.06, y=0.18)
            ax.grid(axis="y", color="#d0d7de", linewidth=0.6)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            ax.legend(
                loc="upper center",
                bbox_to_anchor=(0.5, -0.14),
                ncol=2,
                frameon=False,
                fontsize=8,
            )
            return self._svg(plt, fig, f"{tr.indicator.name}趋势")

    def _svg(self, plt: Any, fig: Any, label: str) -> str:
        """The figure as an <svg> element fit to sit inline in HTML."""
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        plt.close(fig)
        self.count += 1
        return inline_svg(buffer.getvalue(), f"c{self.count}", label)


@contextmanager
def _pyplot() -> Iterator[Any]:
    """matplotlib.pyplot set up for Chinese SVG text, its font warnings kept out of the output."""
    import logging

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    style: Any = {
        "svg.fonttype": "none",  # text stays <text>: the browser renders the Chinese
        "svg.hashsalt": "carbon",  # the same ids every run, so reports diff cleanly
        "font.family": "sans-serif",
        "font.sans-serif": CJK_FONTS,
        "axes.unicode_minus": False,
        "font.size": 9,
        "text.parse_math": False,  # a $ in a name is text, not TeX
    }
    with warnings.catch_warnings(), matplotlib.rc_context(style):
        # without a CJK font installed matplotlib warns about missing glyphs; the browser draws
        # the text with its own fonts, so only the layout is approximate
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph.*missing")
        warnings.filterwarnings("ignore", message=r".*findfont")
        logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
        yield plt


def inline_svg(svg: str, prefix: str, label: str) -> str:
    """matplotlib's SVG document as an inline element: no prolog, namespaces or metadata (they
    name web addresses), ids made unique per chart, sized by CSS."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(?::\w+)?="[^"]*"', "", svg)
    svg = re.sub(r'id="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r'(url\(#|href="#)([^)"]+)', rf"\1{prefix}-\2", svg)
    opening = re.match(r"<svg[^>]*>", svg)
    assert opening is not None  # matplotlib always writes one
    tag = re.sub(r'\s(?:width|height)="[^"]*"', "", opening.group())
    tag = tag[:-1] + f' class="chart" role="img" aria-label="{_e(label)}">'
    return tag + svg[opening.end() :]
