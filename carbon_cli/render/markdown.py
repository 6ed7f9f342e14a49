"""Markdown: the one writer of tables and cells, for listings (`--format markdown`) and reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from carbon_cli.render.text import markdown_cell

if TYPE_CHECKING:
    from carbon_cli.report import Report
    from carbon_cli.views import Cell, View


def cell(value: Cell) -> str:
    """A value as the text of a Markdown table cell or line: nothing in it becomes markup."""
    return markdown_cell(value)


def table(columns: Sequence[tuple[str, str]], rows: Sequence[Mapping[str, Cell]]) -> str:
    """A Markdown table: a header row of the columns' labels, then a row per mapping."""
    out = ["| " + " | ".join(cell(label) for _, label in columns) + " |"]
    out.append("|" + "|".join("---" for _ in columns) + "|")
    out += ["| " + " | ".join(cell(row.get(key)) for key, _ in columns) + " |" for row in rows]
    return "\n".join(out) + "\n"


def render(view: View, out: TextIO) -> None:
    """Each sheet as Markdown tables, a heading per block."""
    for sheet in view.sheets:
        if sheet.title:
            out.write(f"### {cell(sheet.title)}\n\n")
        blocks: list[tuple[Cell, list[Mapping[str, Cell]]]] = []
        for row in sheet.rows:
            block = row.get(sheet.section) if sheet.section else None
            if not blocks or blocks[-1][0] != block:
                blocks.append((block, []))
            blocks[-1][1].append(row)
        for block, rows in blocks:
            if block:
                out.write(f"\n**{cell(block)}**\n\n")
            out.write(table(sheet.columns, rows))
        if not sheet.rows:
            out.write(table(sheet.columns, []))
        if sheet.footer:
            out.write(f"\n{cell(sheet.footer)}\n")
        out.write("\n")


# the report's first table: where the HTML draws a bar chart, Markdown draws bars of text
HEADLINE_COLUMNS = [("status", "状态"), ("count", "目标数"), ("share", "占比"), ("bar", "分布")]


def render_report(report: Report) -> str:
    """The report as one Markdown document: tables where the HTML has charts."""
    # here, not at the top: listings drawn in Markdown need neither the report nor its trends
    from carbon_cli import report as r
    from carbon_cli.labels import summary_line
    from carbon_cli.trend import trend_sheet

    out = [f"# {cell(report.title)}\n", f"{cell(report.scope())}\n"]
    out.append(f"## {r.SECTIONS[0]}\n")
    out.append(f"{summary_line(report.counts)}\n")
    out.append(table(HEADLINE_COLUMNS, _headline(report)))
    out.append(f"## {r.SECTIONS[1]}\n")
    for title, rows in report.groups:
        out.append(f"### {cell(title)}\n")
        out.append(table(r.GROUP_COLUMNS, rows) if rows else f"{r.EMPTY_GROUP}\n")
    out.append(f"## {r.SECTIONS[2]}\n")
    if not report.trends:
        out.append(f"{r.NO_TRENDS}\n")
    for tr in report.trends:
        sheet = trend_sheet(tr)
        out.append(f"### {cell(tr.indicator.name)}（{cell(tr.indicator.unit)}）\n")
        out.append(table(sheet.columns, sheet.rows))
        if sheet.footer:
            out.append(f"\n{cell(sheet.footer)}\n")
    out.append(f"## {r.SECTIONS[3]}\n")
    out.append(f"{cell(report.scorecard.title)}\n")
    out.append(table(report.scorecard.columns, report.scorecard.rows))
    out.append(f"## {r.SECTIONS[4]}\n")
    out.append(f"{cell(report.gap_intro())}\n")
    if report.gaps:
        out.append(table(r.GAP_COLUMNS, report.gaps))
    out.append(f"## {r.SECTIONS[5]}\n")
    out.append(f"{cell(r.NOTES_INTRO)}\n")
    out += [
        f"- **{cell(name)}**（`{cell(key)}`）：{cell(note)}" for key, name, note in report.notes
    ]
    out.append("\n### 观测数据来源\n")
    out += [f"- {cell(source)}（{n} 个数值）" for source, n in report.sources] or [
        f"- {r.NO_SOURCES}"
    ]
    out.append(f"\n---\n\n{cell(r.COLOPHON)}\n")
    return "\n".join(out)


def _headline(report: Report) -> list[dict[str, Cell]]:
    """The status counts as rows, with a text bar where the HTML has a chart."""
    from carbon_cli.labels import status_label
    from carbon_cli.status import STATUS_ORDER

    counts = report.counts
    total = max(1, sum(counts.values()))
    return [
        {
            "status": status_label(s),
            "count": counts[s],
            "share": f"{round(100 * counts[s] / total)}%",
            "bar": "█" * round(20 * counts[s] / total),
        }
        for s in STATUS_ORDER
    ]
