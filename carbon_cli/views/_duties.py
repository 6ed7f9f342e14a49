"""`carbon owners`: a department's duties; `owners --all`: the scorecard."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from carbon_cli.labels import (
    DEPARTMENT_KIND_LABELS,
    deadline,
)
from carbon_cli.owners import ROLE_LABELS, Role
from carbon_cli.plan import Plan
from carbon_cli.status import STATUS_LABELS, STATUS_ORDER, summary

if TYPE_CHECKING:
    from carbon_cli import api

from carbon_cli.views._base import Cell, Sheet, View
from carbon_cli.views._status import status_payload, status_sheet


def owners(result: api.OwnersResult) -> View:
    """`carbon owners NAME`: the department's duties and how its targets stand."""
    plan, dept, found = result.plan, result.department, result.duties
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
        layout="cards",
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

    return trends.show_view(result.plan, result.trend, result.assessments, result.year)
