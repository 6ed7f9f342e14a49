"""`carbon status` (and `--by-area`): a target's status in the contract's shape."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from carbon_cli.areas import area_note
from carbon_cli.labels import (
    FRAGILE_LEGEND,
    FRAGILE_MARK,
    JSON,
    change_words,
    deadline,
    flag_word,
    human,
    number,
    progress_bar,
    status_label,
    summary_line,
    target_value_text,
)
from carbon_cli.plan import Plan
from carbon_cli.status import STATUS_ORDER, Assessment, Status, summary

if TYPE_CHECKING:
    from carbon_cli import api

from carbon_cli.views._base import Cell, Sheet, View
from carbon_cli.views._target import TargetFields, target_fields


class StatusRow(TargetFields):
    """One target of `carbon status --format json`."""

    status: str
    observed_value: JSON
    observed_year: int | None
    observed_flag: str | None
    data_lag: int | None
    baseline_value: JSON
    baseline_year: int | None
    start_year: int | None
    start_value: JSON
    measured_value: JSON
    expected_value: JSON
    progress: JSON
    required_annual_change: JSON
    reason: str
    fragile: bool | None


def status_row(plan: Plan, a: Assessment) -> StatusRow:
    """One assessment in the contract's shape."""
    return StatusRow(
        **target_fields(plan, a.indicator, a.target),
        status=a.status.value,
        observed_value=number(a.observed_value),
        observed_year=a.observed_year,
        observed_flag=a.observed_flag,
        data_lag=a.data_lag,
        baseline_value=number(a.baseline_value),
        baseline_year=a.baseline_year,
        start_year=a.start_year,
        start_value=number(a.start_value),
        measured_value=number(a.measured_value),
        expected_value=number(a.expected_value),
        progress=number(a.progress),
        required_annual_change=number(a.required_annual_change),
        reason=a.reason,
        fragile=a.fragile,
    )


def status_payload(result: api.StatusResult) -> dict[str, Any]:
    """`carbon status --format json`."""
    counts = summary(result.assessments)
    return {
        "year": result.year,
        "area": result.area,
        "area_note": result.area_note,
        "summary": {s.value: counts[s] for s in STATUS_ORDER},
        "targets": [status_row(result.plan, a) for a in result.assessments],
    }


def status(result: api.StatusResult) -> View:
    """`carbon status`."""
    sheet = status_sheet(result.plan, result.assessments, result.year, result.area)
    if result.area_note is not None:  # said once, under the table
        sheet = replace(sheet, footer=f"{sheet.footer}\n{result.area_note}")
    return View(status_payload(result), [sheet])


def status_cells(a: Assessment) -> dict[str, Cell]:
    """What the status table shows of one target: status with its marks, observed value, the
    change still needed, the reason."""
    unit = a.indicator.unit
    status = status_label(a.status) + (FRAGILE_MARK if a.fragile else "")
    if a.judged_on is not None:
        status += f"\n截至{a.judged_on}年"  # the verdict rests on an older year
    observed = "—"
    if a.observed_year is not None:
        word = flag_word(a.observed_flag)  # 初步, 估算
        when = f"{a.observed_year}，{word}" if word else str(a.observed_year)
        observed = f"{human(a.observed_value, '%' if unit == '%' else '')}（{when}）"
    return {
        "status_code": a.status.value,
        "status": status,
        "progress": progress_bar(a.progress),
        "observed": observed,
        "required": change_words(a.required_annual_change, a.target.kind, unit),
        "reason": a.reason,
    }


def status_footer(assessments: Sequence[Assessment], order: Mapping[str, int]) -> str:
    """Under the table: why each target is 数据不足 or lacks its deadline's figure (the reason,
    a line each: as a column it would be a few characters wide at 80 columns), the counts, and
    the legend of ◇ where a verdict hangs on the method."""
    ordered = sorted(assessments, key=lambda a: order.get(a.target.task, len(order)))
    owed = [a for a in ordered if a.status is Status.INSUFFICIENT_DATA or a.deadline_missing]
    # no space after the number: rich would break the line there
    explained = [
        f"（{n}）{a.indicator.name}（{_due(a)}）：{a.reason}" for n, a in enumerate(owed, start=1)
    ]
    lines = ["说明：", *explained] if explained else []
    lines.append(summary_line(summary(assessments)))
    if any(a.fragile for a in assessments):
        lines.append(FRAGILE_LEGEND)
    return "\n".join(lines)


def _due(a: Assessment) -> str:
    """2030年目标 or 长期目标."""
    return f"{a.target.year}年目标" if a.target.year is not None else "长期目标"


def status_sheet(plan: Plan, assessments: Sequence[Assessment], year: int, area: str) -> Sheet:
    """The status table people read: one row per target, grouped by the plan's groups."""
    order = plan.task_order
    rows: list[dict[str, Cell]] = [
        {
            "group": plan.group_title(a.target.task),
            "id": a.target.id,
            "name": a.indicator.name
            + ("" if a.indicator.unit in {"%", "—"} else f"（{a.indicator.unit}）"),
            "target": target_value_text(a.target, a.indicator.unit),
            "deadline": deadline(a.target),
            **status_cells(a),
        }
        for a in sorted(assessments, key=lambda a: order.get(a.target.task, len(order)))
    ]
    return Sheet(
        columns=[
            ("name", "指标"),
            ("status", "状态"),
            ("progress", "进度"),
            ("observed", "观测值"),
            ("target", "目标"),
            ("deadline", "期限"),
            ("required", "每年还需"),
        ],
        rows=rows,
        title=f"{area} {year}年 碳达峰目标进展",
        section="group",
        keys=[("id", "编号"), ("status_code", "status")],
        footer=status_footer(assessments, order),
        wide=frozenset({"name", "target"}),
    )


def by_area(result: api.ByAreaResult) -> View:
    """`carbon status --by-area`: one row per target, one status column per area."""
    plan, columns, year = result.plan, result.columns, result.year
    areas = list(columns)
    first = columns[areas[0]] if areas else []
    status_of = {(place, a.target.id): a.status for place, col in columns.items() for a in col}
    note = area_note(*areas)
    payload = {
        "year": year,
        "areas": areas,
        "area_note": note,
        "summary": {
            place: {s.value: n for s, n in summary(col).items()} for place, col in columns.items()
        },
        "targets": [
            {
                "id": a.target.id,
                "name": a.indicator.name,
                "statuses": {place: status_of[(place, a.target.id)].value for place in areas},
            }
            for a in first
        ],
    }
    order = plan.task_order
    sheet = Sheet(
        columns=[("name", "指标"), ("deadline", "期限")] + [(f"area:{p}", p) for p in areas],
        rows=[
            {
                "group": plan.group_title(a.target.task),
                "id": a.target.id,
                "name": a.indicator.name,
                "deadline": deadline(a.target),
                **{f"area:{p}": status_label(status_of[(p, a.target.id)]) for p in areas},
            }
            for a in sorted(first, key=lambda a: order.get(a.target.task, len(order)))
        ],
        title=f"{year}年 各地区目标进展对比",
        section="group",
        footer=note,
        keys=[("id", "编号")],
        wide=frozenset({"name"}),
    )
    return View(payload, [sheet])
