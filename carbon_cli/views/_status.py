"""`carbon status` (and `--by-area`): a target's status in the contract's shape."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from carbon_cli.areas import area_note
from carbon_cli.labels import (
    JSON,
    deadline,
    human,
    number,
    progress_bar,
    status_label,
    summary_line,
    target_value_text,
)
from carbon_cli.models import Kind
from carbon_cli.plan import Plan
from carbon_cli.status import STATUS_ORDER, Assessment, summary

if TYPE_CHECKING:
    from carbon_cli import api

from carbon_cli.views._base import Cell, Sheet, View
from carbon_cli.views._listings import TargetFields, target_fields


class StatusRow(TargetFields):
    """One target of `carbon status --format json`."""

    status: str
    observed_value: JSON
    observed_year: int | None
    baseline_value: JSON
    baseline_year: int | None
    measured_value: JSON
    expected_value: JSON
    progress: JSON
    required_annual_change: JSON
    reason: str


def status_row(plan: Plan, a: Assessment) -> StatusRow:
    """One assessment in the contract's shape."""
    return StatusRow(
        **target_fields(plan, a.indicator, a.target),
        status=a.status.value,
        observed_value=number(a.observed_value),
        observed_year=a.observed_year,
        baseline_value=number(a.baseline_value),
        baseline_year=a.baseline_year,
        measured_value=number(a.measured_value),
        expected_value=number(a.expected_value),
        progress=number(a.progress),
        required_annual_change=number(a.required_annual_change),
        reason=a.reason,
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


def status_sheet(plan: Plan, assessments: Sequence[Assessment], year: int, area: str) -> Sheet:
    """The status table people read: one row per target, grouped by the plan's groups."""
    rows: list[dict[str, Cell]] = []
    order = plan.task_order
    for a in sorted(assessments, key=lambda a: order.get(a.target.task, len(order))):
        unit = a.indicator.unit
        relative = a.target.kind in {Kind.REDUCE_BY, Kind.INCREASE_BY}
        points = "个百分点" if relative or unit == "%" else unit
        observed = (
            f"{human(a.observed_value, '%' if unit == '%' else '')}（{a.observed_year}）"
            if a.observed_year is not None
            else "—"
        )
        change = a.required_annual_change
        rows.append(
            {
                "group": plan.group_title(a.target.task),
                "id": a.target.id,
                "status_code": a.status.value,
                "name": a.indicator.name + ("" if unit in {"%", "—"} else f"（{unit}）"),
                "status": status_label(a.status),
                "progress": progress_bar(a.progress),
                "observed": observed,
                "target": target_value_text(a.target, unit),
                "deadline": deadline(a.target),
                "required": f"{'+' if change > 0 else ''}{human(change, points)}/年"
                if change is not None
                else "",
                "reason": a.reason,
            }
        )
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
        footer=summary_line(summary(assessments)),
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
