"""Contract-shaped rows: the JSON payload of each command and the sheets people read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from carbon_cli.labels import (
    DEPARTMENT_KIND_LABELS,
    JSON,
    deadline,
    human,
    number,
    progress_bar,
    status_label,
    summary_line,
    target_value_text,
)
from carbon_cli.models import Department, Indicator, Kind, Target
from carbon_cli.owners import ROLE_LABELS, Role, duties
from carbon_cli.plan import KEY_TASKS, SAFEGUARDS, Plan
from carbon_cli.status import STATUS_LABELS, STATUS_ORDER, Assessment, summary

if TYPE_CHECKING:
    from carbon_cli import api

Cell = str | int | float | bool | None


@dataclass(frozen=True)
class Sheet:
    """A table for people: columns (key, Chinese header), rows, an optional closing line."""

    columns: list[tuple[str, str]]
    rows: list[dict[str, Cell]]
    title: str | None = None
    section: str | None = None  # key whose change starts a new block (a column in CSV)
    footer: str | None = None
    wide: frozenset[str] = field(default_factory=frozenset)  # columns of long text that wrap
    keys: list[tuple[str, str]] = field(default_factory=list)  # id columns for CSV, not tables


@dataclass(frozen=True)
class View:
    """What a command shows: the JSON payload and the same content as sheets."""

    payload: Any
    sheets: list[Sheet]


class TargetFields(TypedDict):
    """What `carbon targets` and `carbon status` both say of a target."""

    id: str
    indicator: str
    name: str
    unit: str
    kind: str
    value: JSON
    year: int | None
    base_year: int | None
    strive: bool
    approx: bool
    lead: str | None


class TargetRow(TargetFields):
    """One row of `carbon targets --format json`."""

    task: str
    quote: str


def target_fields(plan: Plan, indicator: Indicator, target: Target) -> TargetFields:
    """The contract's fields of a target shared by every view of it."""
    return TargetFields(
        id=target.id,
        indicator=indicator.id,
        name=indicator.name,
        unit=indicator.unit,
        kind=target.kind.value,
        value=number(target.value),
        year=target.year,
        base_year=target.base_year,
        strive=target.strive,
        approx=target.approx,
        lead=plan.lead_of(target),
    )


def target_rows(plan: Plan, selected: Sequence[Target] | None = None) -> list[TargetRow]:
    """Targets in file order (only `selected` when given) in the contract's shape."""
    keep = None if selected is None else {t.id for t in selected}
    return [
        TargetRow(**target_fields(plan, ind, t), task=t.task, quote=t.quote)
        for ind in plan.targets.indicators
        for t in ind.targets
        if keep is None or t.id in keep
    ]


def targets(result: api.TargetsResult) -> View:
    """`carbon targets`."""
    plan = result.plan
    rows = target_rows(plan, [t for _, t in result.targets])
    by_id = {t.id: t for _, t in plan.all_targets}
    order = plan.task_order
    sheet = Sheet(
        columns=[
            ("name", "指标"),
            ("target", "目标"),
            ("year", "期限"),
            ("task", "任务"),
            ("lead", "牵头单位"),
            ("quote", "原文"),
        ],
        rows=[
            {
                "group": plan.group_title(r["task"]),
                "id": r["id"],
                "name": r["name"],
                "target": target_value_text(by_id[r["id"]], r["unit"]),
                "year": deadline(by_id[r["id"]]),
                "task": r["task"],
                "lead": r["lead"],
                "quote": r["quote"],
            }
            for r in sorted(rows, key=lambda r: order.get(r["task"], len(order)))
        ],
        section="group",
        footer=f"共 {len(rows)} 项目标",
        wide=frozenset({"quote", "name"}),
        keys=[("id", "编号")],
    )
    return View(rows, [sheet])


class ItemRow(TypedDict):
    """One annex item of a task."""

    id: str
    text: str
    departments: list[str]
    due: int | None


class TaskRow(TypedDict):
    """One row of `carbon tasks --format json`."""

    id: str
    section: str
    group: str | None
    title: str
    body: str
    items: list[ItemRow]


def tasks(result: api.TasksResult) -> View:
    """`carbon tasks` (only the task ids in `selected` when given)."""
    plan, selected = result.plan, result.selected
    rows = [
        TaskRow(
            id=task.id,
            section=KEY_TASKS if group else SAFEGUARDS,
            group=f"{group.number}{group.title}" if group else None,
            title=task.title,
            body=task.body,
            items=[
                ItemRow(
                    id=i.id,
                    text=i.text,
                    departments=[plan.canonical(d) for d in i.departments],
                    due=i.due,
                )
                for i in task.items
            ],
        )
        for group, task in plan.ordered_tasks
        if selected is None or task.id in selected
    ]
    sheet = Sheet(
        columns=[
            ("id", "序号"),
            ("title", "措施"),
            ("item", "具体任务内容"),
            ("lead", "牵头单位"),
            ("support", "配合单位"),
        ],
        rows=[
            {
                "group": r["group"] or SAFEGUARDS,
                "id": r["id"] if n == 0 else "",
                "title": r["title"] if n == 0 else "",
                "item": item["text"],
                "lead": item["departments"][0],
                "support": "、".join(item["departments"][1:]),
            }
            for r in rows
            for n, item in enumerate(r["items"])
        ],
        section="group",
        footer=f"共 {len(rows)} 项任务、{sum(len(r['items']) for r in rows)} 条具体任务",
        wide=frozenset({"item", "support", "title"}),
    )
    return View(rows, [sheet])


class DepartmentRow(TypedDict):
    """One row of `carbon departments --format json`."""

    name: str
    aliases: list[str]
    kind: str
    lead: int
    support: int


def department_rows(plan: Plan, selected: Sequence[Department]) -> list[DepartmentRow]:
    """Departments with their duty counts."""
    rows = []
    for dept in selected:
        found = duties(dept, plan.departments, plan.tasks, plan.targets)
        rows.append(
            DepartmentRow(
                name=dept.name,
                aliases=list(dept.aliases),
                kind=dept.kind.value,
                lead=sum(d.role is Role.LEAD for d in found),
                support=sum(d.role is Role.SUPPORT for d in found),
            )
        )
    return rows


def departments(result: api.DepartmentsResult) -> View:
    """`carbon departments`."""
    rows = department_rows(result.plan, result.departments)
    sheet = Sheet(
        columns=[
            ("name", "部门"),
            ("kind", "类别"),
            ("lead", "牵头"),
            ("support", "配合"),
            ("aliases", "别名"),
        ],
        rows=[
            {
                "name": r["name"],
                "kind": DEPARTMENT_KIND_LABELS[r["kind"]],
                "lead": r["lead"],
                "support": r["support"],
                "aliases": "、".join(r["aliases"]),
            }
            for r in rows
        ],
        footer=f"共 {len(rows)} 个部门（单位）",
        wide=frozenset({"aliases", "name"}),
    )
    return View(rows, [sheet])


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
        "summary": {s.value: counts[s] for s in STATUS_ORDER},
        "targets": [status_row(result.plan, a) for a in result.assessments],
    }


def status(result: api.StatusResult) -> View:
    """`carbon status`."""
    sheet = status_sheet(result.plan, result.assessments, result.year, result.area)
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
    payload = {
        "year": year,
        "areas": areas,
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
        keys=[("id", "编号")],
        wide=frozenset({"name"}),
    )
    return View(payload, [sheet])


def owners(result: api.OwnersResult) -> View:
    """`carbon owners NAME`: the department's duties and how its targets stand."""
    plan, dept, found = result.plan, result.department, result.duties
    assert dept is not None  # an OwnersResult always names its department
    lead = sum(d.role is Role.LEAD for d in found)
    payload: dict[str, Any] = {
        "department": dept.name,
        "aliases": list(dept.aliases),
        "kind": dept.kind.value,
        "note": dept.note,
        "summary": {"items": len(found), "lead": lead, "support": len(found) - lead},
        "duties": [
            {
                "task": d.task.id,
                "title": d.task.title,
                "item": d.item_index + 1,
                "text": d.text,
                "role": d.role.value,
                "partners": list(d.partners),
                "targets": list(d.targets),
            }
            for d in found
        ],
        "status": None,
    }
    target_labels = {t.id: f"{ind.name}（{deadline(t)}）" for ind, t in plan.all_targets}
    duty_sheet = Sheet(
        columns=[
            ("role", "职责"),
            ("task", "任务"),
            ("text", "具体任务内容"),
            ("partners", "协同单位"),
            ("targets", "相关目标"),
        ],
        rows=[
            {
                "role": ROLE_LABELS[d.role],
                "task": f"{d.task.id} {d.task.title}",
                "text": d.text,
                "partners": "、".join(d.partners),
                "targets": "、".join(target_labels[t] for t in d.targets),
            }
            for d in found
        ],
        title=f"{dept.name}（{DEPARTMENT_KIND_LABELS[dept.kind.value]}）"
        + (f" 别名：{'、'.join(dept.aliases)}" if dept.aliases else ""),
        footer=f"共 {len(found)} 条具体任务：牵头 {lead}，配合 {len(found) - lead}"
        + (f"\n注：{dept.note}" if dept.note else ""),
        wide=frozenset({"text", "partners", "task", "targets"}),
    )
    sheets = [duty_sheet]
    standing = result.status
    if standing is not None:
        payload["status"] = status_payload(standing)
        sheets.append(status_sheet(plan, standing.assessments, standing.year, standing.area))
    return View(payload, sheets)


def scorecard(result: api.ScorecardResult) -> View:
    """`carbon owners --all`: one row per department, for the 定期考核."""
    return scorecard_view(result.plan, result.rows, result.year, result.area)


def scorecard_sheet(plan: Plan, rows: Sequence[api.ScorecardRow], year: int, area: str) -> Sheet:
    """The scorecard people read (the report shows it too)."""
    return scorecard_view(plan, rows, year, area).sheets[0]


def scorecard_view(plan: Plan, rows: Sequence[api.ScorecardRow], year: int, area: str) -> View:
    """One row per department: duty counts, then its targets by status."""
    payload = []
    table: list[dict[str, Cell]] = []
    for row in rows:
        dept, found, assessed = row.department, row.duties, row.assessments
        lead = sum(d.role is Role.LEAD for d in found)
        counts = summary(assessed)
        payload.append(
            {
                "name": dept.name,
                "kind": dept.kind.value,
                "lead": lead,
                "support": len(found) - lead,
                "targets": {s.value: counts[s] for s in STATUS_ORDER},
            }
        )
        table.append(
            {
                "name": dept.name,
                "lead": lead,
                "support": len(found) - lead,
                **{s.value: counts[s] or "" for s in STATUS_ORDER},
            }
        )
    sheet = Sheet(
        columns=[("name", "部门"), ("lead", "牵头"), ("support", "配合")]
        + [(s.value, STATUS_LABELS[s]) for s in STATUS_ORDER],
        rows=table,
        title=f"{area} {year}年 部门考核表（目标按其所在任务计入各责任部门）",
        footer=f"共 {len(rows)} 个部门（单位）",
        wide=frozenset({"name"}),
    )
    return View({"year": year, "area": area, "departments": payload}, [sheet])


def show(result: api.ShowResult) -> View:
    """`carbon show`: the numbers beneath the chart, and the same as JSON."""
    from carbon_cli import trend as trends

    assert result.trend is not None  # a ShowResult always holds its trend
    return trends.show_view(result.plan, result.trend, result.assessments, result.year)
