"""`carbon owners`: a department's duties; `owners --all`: the scorecard."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from carbon_cli.api._duties import duty_item
from carbon_cli.labels import (
    DEPARTMENT_KIND_LABELS,
    deadline,
)
from carbon_cli.owners import ROLE_LABELS, Role
from carbon_cli.plan import Plan
from carbon_cli.standings import STANDING_LABELS, STANDING_ORDER
from carbon_cli.standings import summary as progress_summary
from carbon_cli.status import STATUS_LABELS, STATUS_ORDER, summary

if TYPE_CHECKING:
    from carbon_cli import api

from carbon_cli.views._base import Cell, Sheet, View
from carbon_cli.views._progress import due_label, latest_label, standing_counts
from carbon_cli.views._status import status_payload, status_sheet


def owners(result: api.OwnersResult) -> View:
    """`carbon owners NAME`: the department's duties (with progress records, its standing on
    each) and how its targets stand."""
    plan, dept, found, mine = result.plan, result.department, result.duties, result.progress
    lead = sum(d.role is Role.LEAD for d in found)
    items = {duty_item(d): d.task.items[d.item_index] for d in found}
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
                "item": duty_item(d),
                "due": items[duty_item(d)].due,
                "text": d.text,
                "role": d.role.value,
                "partners": list(d.partners),
                "targets": list(d.targets),
                "progress": None if mine is None else mine[duty_item(d)].standing.value,
            }
            for d in found
        ],
        "progress": None,
        "status": None,
    }
    target_labels = {t.id: f"{ind.name}（{deadline(t)}）" for ind, t in plan.all_targets}
    progress_columns = []
    footer = f"共 {len(found)} 条具体任务：牵头 {lead}，配合 {len(found) - lead}"
    if mine is not None:
        counts = progress_summary(part.standing for part in mine.values())
        payload["progress"] = {
            "year": result.progress_year,
            "summary": {s.value: counts[s] for s in STANDING_ORDER},
        }
        progress_columns = [("progress", "进展"), ("latest", "最新报送")]
        said = standing_counts(counts) or "无"
        footer += f"\n{result.progress_year}年底进展（本部门自己的记录）：{said}"
    duty_sheet = Sheet(
        columns=[
            ("role", "职责"),
            ("task", "编号"),
            ("text", "具体任务内容"),
            ("due", "期限"),
            *progress_columns,
            ("partners", "协同单位"),
            ("targets", "相关目标"),
        ],
        rows=[
            {
                "role": ROLE_LABELS[d.role],
                "task": f"{duty_item(d)} {d.task.title}",
                "text": d.text,
                "due": due_label(items[duty_item(d)].due),
                "progress": "" if mine is None else STANDING_LABELS[mine[duty_item(d)].standing],
                "latest": "" if mine is None else latest_label(mine[duty_item(d)].latest),
                "partners": "、".join(d.partners),
                "targets": "、".join(target_labels[t] for t in d.targets),
            }
            for d in found
        ],
        title=f"{dept.name}（{DEPARTMENT_KIND_LABELS[dept.kind.value]}）"
        + (f" 别名：{'、'.join(dept.aliases)}" if dept.aliases else ""),
        footer=footer + (f"\n注：{dept.note}" if dept.note else ""),
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
    """One row per department: duty counts, its targets by status, its items by standing."""
    payload = []
    table: list[dict[str, Cell]] = []
    reported = any(row.progress is not None for row in rows)
    for row in rows:
        dept, found, assessed = row.department, row.duties, row.assessments
        lead = sum(d.role is Role.LEAD for d in found)
        counts = summary(assessed)
        standings = row.progress
        payload.append(
            {
                "name": dept.name,
                "kind": dept.kind.value,
                "lead": lead,
                "support": len(found) - lead,
                "targets": {s.value: counts[s] for s in STATUS_ORDER},
                "progress": None
                if standings is None
                else {s.value: standings[s] for s in STANDING_ORDER},
            }
        )
        table.append(
            {
                "name": dept.name,
                "lead": lead,
                "support": len(found) - lead,
                **{s.value: counts[s] or "" for s in STATUS_ORDER},
                **{
                    f"progress_{s.value}": standings[s] or ""
                    for s in STANDING_ORDER
                    if standings is not None
                },
            }
        )
    legend = (
        "说明：牵头、配合 = 该部门在附件任务分工表中牵头、配合的具体任务条数；"
        f"{STATUS_LABELS[STATUS_ORDER[0]]}至{STATUS_LABELS[STATUS_ORDER[-1]]} = "
        "该部门所在任务的量化目标按状态计数（一项目标计入其任务的每个责任部门）"
    )
    if reported:
        legend += (
            f"；{STANDING_LABELS[STANDING_ORDER[0]]}至{STANDING_LABELS[STANDING_ORDER[-1]]} = "
            f"该部门所在的具体任务按本部门截至{year}年底的进展计数"
        )
    sheet = Sheet(
        columns=[("name", "部门"), ("lead", "牵头"), ("support", "配合")]
        + [(s.value, STATUS_LABELS[s]) for s in STATUS_ORDER]
        + (
            [(f"progress_{s.value}", STANDING_LABELS[s]) for s in STANDING_ORDER]
            if reported
            else []
        ),
        rows=table,
        title=f"{area} {year}年 部门考核表（目标按其所在任务计入各责任部门）",
        footer=f"共 {len(rows)} 个部门（单位）\n{legend}。",
        wide=frozenset({"name"}),
    )
    return View({"year": year, "area": area, "departments": payload}, [sheet])


def show(result: api.ShowResult) -> View:
    """`carbon show`: the numbers beneath the chart, and the same as JSON."""
    from carbon_cli import trend as trends

    return trends.show_view(result.plan, result.trend, result.assessments, result.year)
