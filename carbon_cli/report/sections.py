"""The report's sections, in order: each a function from the report's data to its blocks.

To add a section, write a function `Report -> Section | None` (None: nothing to say, the section
is left out) and put it in SECTIONS where it belongs; the numbers 一、二、… follow the order, and
every renderer draws it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from carbon_cli import labels
from carbon_cli.report import ledger, verdicts
from carbon_cli.report.blocks import (
    Block,
    BulletList,
    Heading,
    Paragraph,
    Run,
    Section,
    StatusChart,
    Table,
    TrendChart,
    text,
)

if TYPE_CHECKING:
    from carbon_cli.report.model import Report

DATA_NOTES = "docs/data-notes.md"
STATUS_RULES = "CONTRACT.md"

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
# what a section says when it has nothing to show
EMPTY_GROUP = "本报告范围内本组没有量化目标。"
NO_TRENDS = "没有观测值达到两个年份的指标。"
NO_SOURCES = "没有观测值"
NOTES_INTRO = f"方案原文中存疑之处及数据处理方式（摘自 data/targets.yaml，详见 {DATA_NOTES}）："
CHART_NOTE = f"实线为观测值，虚线为从起点到目标的直线进度（规则见 {STATUS_RULES}），◆ 为目标。"


def overview(report: Report) -> Section:
    """一、总体情况: how many targets have each status."""
    counts = report.counts
    return Section(
        "overview",
        "总体情况",
        [Paragraph(text(labels.summary_line(counts))), StatusChart(counts)],
    )


def groups(report: Report) -> Section:
    """二、分组进展: how the verdicts are reached, then every group of the plan, its rows."""
    blocks: list[Block] = [verdicts.methods_note(report)]
    for title, rows in report.groups:
        blocks.append(Heading(title))
        blocks.append(
            Table(GROUP_COLUMNS, rows, kind="group")
            if rows
            else Paragraph(text(EMPTY_GROUP), role="empty")
        )
    return Section("groups", "分组进展", blocks)


def trends(report: Report) -> Section:
    """三、指标趋势: a chart per indicator observed in two years or more."""
    if not report.trends:
        return Section("trends", "指标趋势", [Paragraph(text(NO_TRENDS), role="empty")])
    blocks: list[Block] = [Paragraph(text(CHART_NOTE), role="chart-note")]
    blocks += [TrendChart(tr) for tr in report.trends]
    return Section("trends", "指标趋势", blocks)


def scorecard(report: Report) -> Section:
    """四、部门考核: the departments with the report's targets, their counts by status."""
    card = report.scorecard
    numeric = frozenset(key for key, _ in card.columns[1:])
    return Section(
        "scorecard",
        "部门考核",
        [
            Paragraph(text(card.title or "")),
            Table(card.columns, card.rows, kind="scorecard", numeric=numeric),
        ],
    )


def gaps(report: Report) -> Section:
    """五、数据缺口: the targets still owed a figure, by the lead department that owes it."""
    blocks: list[Block] = [Paragraph(text(report.gap_intro()))]
    if report.gaps:
        blocks.append(Table(GAP_COLUMNS, report.gaps, kind="gaps"))
    return Section("gaps", "数据缺口", blocks)


def notes(report: Report) -> Section:
    """六、数据说明: the data's notes on the report's targets, and where the figures come from."""
    items = [
        text(Run(name, "strong"), "（", Run(key, "code"), "）：", note)
        for key, name, note in report.notes
    ]
    sources = [text(f"{source}（{n} 个数值）") for source, n in report.sources]
    return Section(
        "notes",
        "数据说明",
        [
            Paragraph(text(NOTES_INTRO)),
            BulletList(items, kind="notes"),
            Heading("观测数据来源"),
            BulletList(sources or [text(NO_SOURCES)], kind="sources"),
        ],
    )


SECTIONS: list[Callable[[Report], Section | None]] = [
    overview,
    groups,
    verdicts.older,  # midterm and final: the verdicts on an older year, listed apart
    ledger.section,  # 重点任务进展, with progress records
    trends,
    scorecard,
    gaps,
    notes,
]
