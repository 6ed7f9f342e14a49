"""The plan's 年度监测分析, 中期评估 and 总结评估 as a document model: sections of blocks.

model.py gathers what the report says (Report, build_report); sections.py lays it out as numbered
sections of blocks (blocks.py); render/markdown.py, render/html.py and render/docx.py each walk
those blocks, so a section added in sections.py reaches every format.
"""

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
    Text,
    TrendChart,
    plain_text,
    text,
)
from carbon_cli.report.model import COLOPHON, PLAN_TITLE, Report, build_report

__all__ = [
    "COLOPHON",
    "PLAN_TITLE",
    "Block",
    "BulletList",
    "Heading",
    "Paragraph",
    "Placeholder",
    "Report",
    "Run",
    "Section",
    "StatusChart",
    "Table",
    "Text",
    "TrendChart",
    "build_report",
    "plain_text",
    "text",
]
