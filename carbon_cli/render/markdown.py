"""Markdown: the one writer of tables and cells, for listings (`--format markdown`) and reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from carbon_cli.render.text import markdown_cell

if TYPE_CHECKING:
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
