"""What the report says of its verdicts: how they are reached (the methods, ◇), and, at the
midterm and final stages, the targets judged on an older year than the assessment's, listed apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from carbon_cli.choices import Stage
from carbon_cli.labels import FRAGILE_MARK
from carbon_cli.report.blocks import Paragraph, Run, Section, Table, text

if TYPE_CHECKING:
    from carbon_cli.report.model import Report

STATUS_RULES_ZH = "docs/status-rules.md"
OLDER_COLUMNS = [
    ("name", "指标"),
    ("target", "目标"),
    ("deadline", "期限"),
    ("observed", "观测值"),
    ("status", "状态"),
    ("reason", "说明"),
    ("lead", "牵头单位"),
]


def methods_note(report: Report) -> Paragraph:
    """One short paragraph: the linear rule decides, four other methods check it, ◇ where they
    disagree (how many such targets the report has)."""
    judged = [a for a in report.assessments if a.fragile is not None]
    fragile = sum(bool(a.fragile) for a in judged)
    if not judged:
        agree = "本报告范围内没有需要按进度判断的目标。"
    elif fragile:
        agree = (
            f"本报告有 {fragile} 项目标各方法结论不一致，表中以 {FRAGILE_MARK} 标出：这些目标处在"
            "临界附近，引用时应写明所用方法。"
        )
    else:
        agree = f"本报告中按进度判断的 {len(judged)} 项目标，各方法结论一致。"
    return Paragraph(
        text(
            "判定方法：尚未达标、截止年份未到的目标按线性进度判断，即从起点（2020年，无数据时取其后"
            "最早有数据的年份）到截止年份的目标值连一条直线，实际值在线上或好于线为“进度正常”，否则为"
            "“滞后”。同一组数据另用时序进度（按不变的年均变化率分解目标）、联合国可持续发展目标进展图"
            "（2022年、2023年方法）和 open-sdg 进展度量复核。",
            agree,
            "各方法的数字见 ",
            Run("carbon explain 目标编号", "code"),
            "，规则见 ",
            Run(STATUS_RULES_ZH, "code"),
            "。",
        )
    )


def older(report: Report) -> Section | None:
    """依据较早年份数据的结论: at the midterm and final stages, the targets whose verdict rests
    on a year before the assessment's (or their deadline's) figure, listed apart; None at the
    annual stage or when there is none."""
    if report.stage is Stage.ANNUAL:
        return None
    ids = {a.target.id for a in report.assessments if a.judged_on is not None}
    if not ids:
        return None
    rows = [row for _, group in report.groups for row in group if row.get("id") in ids]
    intro = (
        f"以下 {len(rows)} 项目标尚缺{report.year}年（或其截止年份）的数据，结论依据的是此前"
        "最近一年的观测值（状态后标“截至某年”），只能说明当时的进展；数据补齐后应重新评估。"
    )
    return Section(
        "older",
        "依据较早年份数据的结论",
        [Paragraph(text(intro)), Table(OLDER_COLUMNS, rows, kind="group")],
    )
