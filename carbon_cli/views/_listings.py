"""`carbon targets`, `tasks`, `departments`: the curated plan as rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypedDict

from carbon_cli.choices import Role
from carbon_cli.labels import (
    DEPARTMENT_KIND_LABELS,
    deadline,
    target_value_text,
)
from carbon_cli.models import Department, Target
from carbon_cli.plan import KEY_TASKS, SAFEGUARDS, Plan

if TYPE_CHECKING:
    from carbon_cli import api

from carbon_cli.views._base import Sheet, View
from carbon_cli.views._target import TargetFields, target_fields


class TargetRow(TargetFields):
    """One row of `carbon targets --format json`."""

    task: str
    quote: str


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
        wide=frozenset({"quote", "name", "target", "lead"}),
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
            ("id", "编号"),
            ("title", "措施"),
            ("item", "具体任务内容"),
            ("due", "期限"),
            ("lead", "牵头单位"),
            ("support", "配合单位"),
        ],
        rows=[
            {
                "group": r["group"] or SAFEGUARDS,
                "id": item["id"],
                "title": r["title"] if n == 0 else "",
                "item": item["text"],
                "due": item["due"] if item["due"] is not None else "长期",
                "lead": item["departments"][0],
                "support": "、".join(item["departments"][1:]),
            }
            for r in rows
            for n, item in enumerate(r["items"])
        ],
        section="group",
        footer=f"共 {len(rows)} 项任务、{sum(len(r['items']) for r in rows)} 条具体任务",
        wide=frozenset({"item", "support", "title", "lead"}),
    )
    return View(rows, [sheet], objects=task_items(rows))


def task_items(rows: Sequence[TaskRow]) -> list[dict[str, object]]:
    """Tasks as a spreadsheet wants them: one row per item, with its task's id, group and title."""
    return [
        {
            "id": r["id"],
            "section": r["section"],
            "group": r["group"],
            "title": r["title"],
            "item": dict(item),
        }
        for r in rows
        for item in r["items"]
    ]


class DepartmentRow(TypedDict):
    """One row of `carbon departments --format json`."""

    name: str
    aliases: list[str]
    kind: str
    lead: int
    support: int


def department_rows(plan: Plan, selected: Sequence[Department]) -> list[DepartmentRow]:
    """Departments with their duty counts."""
    from carbon_cli.owners import duties  # not imported for `carbon status` (target_fields)

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
