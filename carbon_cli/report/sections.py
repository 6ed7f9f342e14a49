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
    Placeholder,
    Run,
    Section,
    StatusChart,
    Table,
    TrendChart,
    text,
)

if TYPE_CHECKING:
    from carbon_cli.report.model import Report

STATUS_RULES = "docs/status-rules.md"  # the rules in Chinese, with worked examples
TARGETS_FILE = "data/targets.yaml"

GROUP_COLUMNS = [
    ("name", "指标"),
    ("target", "目标"),
    ("deadline", "期限"),
    ("observed", "观测值"),
    ("expected", "线性进度值"),
    ("status", "状态"),
    ("change", "较上年变化"),
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
NO_NOTES = "本报告中有观测值的目标，口径均按方案原文，没有需要另作说明之处。"
CHART_NOTE = f"实线为观测值，虚线为从起点到目标的直线进度（规则见 {STATUS_RULES}），◆ 为目标。"
SUGGESTIONS = "问题与建议"
SUGGESTIONS_PROMPT = "请牵头单位填写本组工作存在的主要问题、原因分析和下一步工作建议。"


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
    before = report.year - 1
    blocks: list[Block] = [
        verdicts.methods_note(report),
        Paragraph(
            text(
                f"“较上年变化”与截至{before}年底的状态相比：“—”为状态未变，“新增数据”为"
                f"{before}年尚无数据。各组之后的“{SUGGESTIONS}”由牵头单位填写。"
            )
        ),
    ]
    for title, rows in report.groups:
        blocks.append(Heading(title))
        blocks.append(
            Table(GROUP_COLUMNS, rows, kind="group")
            if rows
            else Paragraph(text(EMPTY_GROUP), role="empty")
        )
        blocks.append(Placeholder(SUGGESTIONS, SUGGESTIONS_PROMPT))
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
            Paragraph(
                text(
                    "“牵头”“配合”为该部门牵头、配合的任务分工条目数；其后各列为该部门参与的任务"
                    "所含目标按状态的个数，一个目标计入该任务的每个责任部门。"
                )
            ),
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
    """六、数据说明: where the figures come from, and how the plan's wording was read."""
    sources = [text(f"{source}（{n} 个数值）") for source, n in report.sources]
    blocks: list[Block] = [
        Heading("（一）数据来源"),
        BulletList(sources or [text(NO_SOURCES)], kind="sources"),
        Heading("（二）口径说明"),
    ]
    if report.notes:
        blocks.append(
            Paragraph(text("本报告中有观测值的目标，其口径和数据处理方式如下：")),
        )
        items = [text(Run(whose, "strong"), "：", note) for whose, note in report.notes]
        blocks.append(BulletList(items, kind="notes"))
    else:
        blocks.append(Paragraph(text(NO_NOTES)))
    if report.notes_left_out:
        blocks.append(
            Paragraph(
                text(
                    f"另有 {report.notes_left_out} 条说明涉及尚无观测值的目标，录入数据前请查阅 ",
                    Run(TARGETS_FILE, "code"),
                    " 中各目标的说明。",
                )
            )
        )
    return Section("notes", "数据说明", blocks)


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
