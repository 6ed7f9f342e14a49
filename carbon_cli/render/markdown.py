"""Markdown: the one writer of tables and cells, for listings (`--format markdown`) and reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from carbon_cli.render.text import markdown_cell

if TYPE_CHECKING:
    from carbon_cli.report import Block, Report, Text
    from carbon_cli.status import Status
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
    """The report as one Markdown document: each section's blocks, tables where HTML has charts."""
    out = [f"# {cell(report.title)}\n", f"{cell(report.scope())}\n"]
    for section in report.sections():
        out.append(f"## {cell(section.heading)}\n")
        for block in section.blocks:
            out += _block(block)
    out.append(f"---\n\n{cell(report.colophon)}\n")
    return "\n".join(out)


def _block(block: Block) -> list[str]:
    """A block as Markdown chunks, each ending in a line break (joined by a blank line)."""
    # here, not at the top: listings drawn in Markdown need neither the report nor its trends
    from carbon_cli import report as r
    from carbon_cli.trend import trend_sheet

    match block:
        case r.Heading(text=title, level=level):
            return [f"{'#' * (level + 1)} {cell(title)}\n"]
        case r.Paragraph(text=runs, role=role):
            return [] if role == "chart-note" else [f"{_runs(runs)}\n"]
        case r.Table(columns=columns, rows=rows, footer=footer):
            return [table(columns, rows), *([f"\n{cell(footer)}\n"] if footer else [])]
        case r.StatusChart(counts=counts):
            return [table(HEADLINE_COLUMNS, _headline(counts))]
        case r.TrendChart(trend=tr):
            sheet = trend_sheet(tr)
            return _block(r.Heading(block.caption)) + _block(
                r.Table(sheet.columns, sheet.rows, footer=sheet.footer)
            )
        case r.BulletList(items=items):
            return ["".join(f"- {_runs(item)}\n" for item in items)]
        case r.Placeholder(label=label, prompt=prompt):
            return [f"**{cell(label)}**：（{cell(prompt)}）\n"]
    raise TypeError(block)  # pragma: no cover: every kind of block is drawn above


def _runs(runs: Text) -> str:
    """Runs as Markdown: strong as **…**, code as `…`, each piece's markup neutralised."""
    marks = {"": "", "strong": "**", "code": "`"}
    return "".join(f"{marks[r.style]}{cell(r.text)}{marks[r.style]}" for r in runs)


def _headline(counts: Mapping[Status, int]) -> list[dict[str, Cell]]:
    """The status counts as rows, with a text bar where the HTML has a chart."""
    from carbon_cli.labels import status_label
    from carbon_cli.status import STATUS_ORDER

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
