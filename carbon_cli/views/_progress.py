"""`carbon progress`: each item's standing (任务进展台账) in the contract's shape."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypedDict

from carbon_cli.owners import Role
from carbon_cli.plan import Plan
from carbon_cli.progress import STATE_LABELS, Record
from carbon_cli.standings import STANDING_LABELS, STANDING_ORDER, Standing, summary

if TYPE_CHECKING:
    from carbon_cli import api

from carbon_cli.views._base import Cell, Sheet, View

# an item's columns, as `carbon progress` and the report's 重点任务进展 show them
ITEM_COLUMNS = [
    ("item", "编号"),
    ("text", "具体任务内容"),
    ("due", "期限"),
    ("lead", "牵头单位"),
    ("standing", "进展"),
    ("latest", "最新报送"),
]


class DepartmentPart(TypedDict):
    """One department's part in an item, as `carbon progress --format json` lists it."""

    department: str
    role: str
    standing: str
    date: str | None
    state: str | None


class ItemStandingRow(TypedDict):
    """One item of `carbon progress --format json`."""

    item: str
    task: str
    text: str
    due: int | None
    lead: str
    standing: str
    date: str | None
    state: str | None
    evidence: str | None
    departments: list[DepartmentPart]


def due_label(due: int | None) -> int | str:
    """An item's due year, or 长期 for a standing duty."""
    return due if due is not None else "长期"


def latest_label(record: Record | None, words: bool = False) -> str:
    """The date and state of a department's latest record (2025-06-30 推进中), with `words` its
    evidence too (…推进中：……); — without a record."""
    if record is None:
        return "—"
    said = f"{record.date.isoformat()} {STATE_LABELS[record.state]}"
    return f"{said}：{record.evidence}" if words and record.evidence else said


def standing_counts(counts: dict[Standing, int]) -> str:
    """按期完成 a，序时推进 b，…: the standings that occur, in STANDING_ORDER."""
    return "，".join(f"{STANDING_LABELS[s]} {counts[s]}" for s in STANDING_ORDER if counts[s])


def standing_line(counts: dict[Standing, int], what: str = "条具体任务") -> str:
    """共 N 条具体任务：按期完成 a，序时推进 b，…"""
    parts = standing_counts(counts)
    return f"共 {sum(counts.values())} {what}：{parts}" if parts else f"没有{what}"


def item_row(found: api.ItemProgress) -> ItemStandingRow:
    """One item and its standing in the contract's shape."""
    standing = found.standing
    latest = standing.latest
    return ItemStandingRow(
        item=found.item.id,
        task=found.task.id,
        text=found.item.text,
        due=found.item.due,
        lead=standing.departments[0].department,
        standing=standing.standing.value,
        date=None if latest is None else latest.date.isoformat(),
        state=None if latest is None else latest.state.value,
        evidence=None if latest is None else latest.evidence or None,
        departments=[
            DepartmentPart(
                department=d.department,
                role=(Role.LEAD if d.lead else Role.SUPPORT).value,
                standing=d.standing.value,
                date=None if d.latest is None else d.latest.date.isoformat(),
                state=None if d.latest is None else d.latest.state.value,
            )
            for d in standing.departments
        ],
    )


def progress_sheet(plan: Plan, items: Sequence[api.ItemProgress], year: int) -> Sheet:
    """The ledger people read: one row per item, lead first, grouped by the plan's groups."""
    rows: list[dict[str, Cell]] = []
    for found in items:
        standing = found.standing
        lead, *support = standing.departments
        rows.append(
            {
                "group": plan.group_title(found.task.id),
                "item": found.item.id,
                "text": found.item.text,
                "due": due_label(found.item.due),
                "lead": lead.department,
                "standing": STANDING_LABELS[standing.standing],
                "standing_code": standing.standing.value,
                "latest": latest_label(standing.latest, words=True),
                "support": "；".join(
                    f"{d.department} {STANDING_LABELS[d.standing]}" for d in support
                ),
            }
        )
    counts = summary(f.standing.standing for f in items)
    return Sheet(
        columns=[*ITEM_COLUMNS, ("support", "配合单位")],
        rows=rows,
        title=f"{year}年 重点任务进展（截至{year}年底；事项的进展取牵头单位的）",
        section="group",
        keys=[("standing_code", "standing")],
        footer=standing_line(counts) + "\n最新报送：牵头单位最新一条记录的日期、进展状态和进展情况",
        wide=frozenset({"text", "latest", "support", "lead"}),
    )


def progress(result: api.ProgressResult) -> View:
    """`carbon progress`."""
    counts = summary(f.standing.standing for f in result.items)
    payload = {
        "year": result.year,
        "summary": {s.value: counts[s] for s in STANDING_ORDER},
        "items": [item_row(f) for f in result.items],
    }
    return View(payload, [progress_sheet(result.plan, result.items, result.year)])
