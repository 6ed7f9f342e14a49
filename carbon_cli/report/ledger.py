"""重点任务进展: the report's section on the progress ledger (任务进展台账) — each item's standing
by group, the overdue and unreported items by department, the milestones with their status.

Left out of a report made without progress records: there, every item would read 未报送.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from carbon_cli import labels, views
from carbon_cli.models import Kind
from carbon_cli.progress import Record
from carbon_cli.report.blocks import Block, Heading, Paragraph, Section, Table, text
from carbon_cli.standings import Standing, standings, summary
from carbon_cli.views._progress import ITEM_COLUMNS

if TYPE_CHECKING:
    from carbon_cli.plan import Plan
    from carbon_cli.report.model import Report
    from carbon_cli.status import Assessment

Cell = views.Cell

OWED_COLUMNS = [
    ("department", "责任单位"),
    ("overdue", "逾期未完成"),
    ("unreported", "未报送"),
]
MILESTONE_COLUMNS = [
    ("name", "里程碑"),
    ("deadline", "期限"),
    ("lead", "牵头单位"),
    ("status", "状态"),
    ("reason", "说明"),
]
RULES = (
    "事项的进展取牵头单位截至{year}年底的最新记录（规则见 CONTRACT.md“Progress records”）；"
    "逾期未完成、未报送按各责任单位自己的记录列出，牵头、配合单位都在内。"
)
NOTHING_OWED = "没有逾期未完成或未报送的事项。"


@dataclass(frozen=True)
class Ledger:
    """What the report says of the items: their rows by group, what each department owes, the
    milestones."""

    year: int
    counts: dict[Standing, int]
    groups: list[tuple[str, list[dict[str, Cell]]]]
    owed: list[dict[str, Cell]]
    milestones: list[dict[str, Cell]]


def gather(
    plan: Plan, records: Sequence[Record], assessed: Sequence[Assessment], year: int
) -> Ledger | None:
    """The ledger as of `year` (None without records); `assessed` gives the milestones."""
    if not records:
        return None
    found = standings(plan, records, year)
    sheet = views.progress_sheet(plan, found, year)
    groups: dict[str, list[dict[str, Cell]]] = {}
    for row in sheet.rows:
        groups.setdefault(str(row["group"]), []).append(row)
    owed: dict[str, dict[Standing, list[str]]] = {}
    for p in found:
        for part in p.standing.departments:
            if part.standing in (Standing.OVERDUE, Standing.UNREPORTED):
                mine = owed.setdefault(part.department, {})
                mine.setdefault(part.standing, []).append(p.item.id)
    order = {d.name: n for n, d in enumerate(plan.departments.departments)}
    return Ledger(
        year,
        summary(p.standing.standing for p in found),
        list(groups.items()),
        [
            {
                "department": name,
                "overdue": "、".join(owed[name].get(Standing.OVERDUE, [])),
                "unreported": "、".join(owed[name].get(Standing.UNREPORTED, [])),
            }
            for name in sorted(owed, key=lambda n: order.get(n, len(order)))
        ],
        [
            {
                "id": a.target.id,
                "name": a.indicator.name,
                "deadline": labels.deadline(a.target),
                "lead": plan.lead_of(a.target) or "—",
                "status": labels.status_label(a.status),
                "status_code": a.status.value,
                "reason": a.reason,
            }
            for a in assessed
            if a.target.kind is Kind.MILESTONE
        ],
    )


def section(report: Report) -> Section | None:
    """重点任务进展: left out without progress records."""
    found = report.progress
    if found is None:
        return None
    blocks: list[Block] = [
        Paragraph(text(views.standing_line(found.counts))),
        Paragraph(text(RULES.format(year=found.year))),
    ]
    for title, rows in found.groups:
        blocks += [Heading(title), Table(ITEM_COLUMNS, rows, kind="items")]
    blocks.append(Heading("逾期未完成和未报送的事项（按责任单位）"))
    blocks.append(
        Table(OWED_COLUMNS, found.owed, kind="owed")
        if found.owed
        else Paragraph(text(NOTHING_OWED), role="empty")
    )
    if found.milestones:
        blocks += [
            Heading("里程碑（有期限的定性目标）"),
            Table(MILESTONE_COLUMNS, found.milestones, kind="milestones"),
        ]
    return Section("ledger", "重点任务进展", blocks)
