"""Views → text: a rich table for people, JSON for machines, CSV for Excel, Markdown for reports."""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from carbon_cli.views import Cell, Sheet, View


class Format(StrEnum):
    """Output formats every listing command takes."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


STATUS_STYLES = {
    "achieved": "green",
    "on_track": "cyan",
    "behind": "yellow",
    "missed": "bold red",
    "no_data": "dim",
    "insufficient_data": "dim",
    "not_set": "dim",
}
PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def printable(text: str) -> str:
    """Control characters (terminal escapes) shown as \\x1b, so data cannot drive the terminal."""
    if text.isprintable():
        return text
    return "".join(
        c if c == "\n" or unicodedata.category(c) != "Cc" else c.encode("unicode_escape").decode()
        for c in text
    )


def cell_text(value: Cell) -> str:
    """A cell as people read it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return printable(str(value))


def spreadsheet_safe(value: Cell) -> Cell:
    """OWASP CSV injection: a text cell that would start a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return value if PLAIN_NUMBER.fullmatch(value) else "'" + value
    return value


def render_json(view: View, out: TextIO) -> None:
    """The payload alone on stdout, Chinese kept as it is."""
    json.dump(view.payload, out, ensure_ascii=False, indent=2)
    out.write("\n")


def render_csv(view: View, out: TextIO) -> None:
    """The main sheet as CSV, its block key as the first column."""
    sheet = view.sheets[0]
    columns = ([(sheet.section, "分组")] if sheet.section else []) + sheet.keys + sheet.columns
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([label for _, label in columns])
    for row in sheet.rows:
        writer.writerow([spreadsheet_safe(row.get(key)) for key, _ in columns])


def _markdown_cell(value: Cell) -> str:
    return cell_text(value).replace("|", "\\|").replace("\n", "<br>")


def render_markdown(view: View, out: TextIO) -> None:
    """Each sheet as a Markdown table, a heading per block."""
    for sheet in view.sheets:
        if sheet.title:
            out.write(f"### {_markdown_cell(sheet.title)}\n\n")
        header = "| " + " | ".join(label for _, label in sheet.columns) + " |\n"
        header += "|" + "|".join("---" for _ in sheet.columns) + "|\n"
        previous: object = object()
        for row in sheet.rows:
            block = row.get(sheet.section) if sheet.section else None
            if block != previous:
                if block:
                    out.write(f"\n**{_markdown_cell(block)}**\n\n")
                out.write(header)
                previous = block
            out.write(
                "| " + " | ".join(_markdown_cell(row.get(k)) for k, _ in sheet.columns) + " |\n"
            )
        if not sheet.rows:
            out.write(header)
        if sheet.footer:
            out.write(f"\n{_markdown_cell(sheet.footer)}\n")
        out.write("\n")


def console(out: TextIO) -> Console:
    """A console that drops colour when piped or NO_COLOR is set (rich reads both itself)."""
    return Console(file=out, highlight=False, emoji=False, soft_wrap=False)


def _table(sheet: Sheet, rows: list[dict[str, Cell]], title: str | None) -> Table:
    """One rich table of a sheet's rows."""
    table = Table(
        title=Text(printable(title), style="bold") if title else None,
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        title_justify="left",
    )
    for key, label in sheet.columns:
        table.add_column(label, overflow="fold", min_width=8 if key in sheet.wide else None)
    for row in rows:
        cells = []
        for key, _ in sheet.columns:
            text = Text(cell_text(row.get(key)))
            if key == "status":
                text.stylize(STATUS_STYLES.get(str(row.get("status_code")), ""))
            cells.append(text)
        table.add_row(*cells)
    return table


def render_table(view: View, out: TextIO) -> None:
    """Each sheet as rich tables, one per block (a group of the plan); a summary line beneath."""
    con = console(out)
    for sheet in view.sheets:
        if sheet.title:
            con.print(Text(printable(sheet.title), style="bold"))
        blocks: dict[Cell, list[dict[str, Cell]]] = {}
        for row in sheet.rows:
            blocks.setdefault(row.get(sheet.section) if sheet.section else None, []).append(row)
        for block, rows in blocks.items() or [(None, [])]:
            con.print(_table(sheet, rows, str(block) if block else None))
        if sheet.footer:
            con.print(Text(printable(sheet.footer)))


RENDERERS: dict[Format, Callable[[View, TextIO], None]] = {
    Format.TABLE: render_table,
    Format.JSON: render_json,
    Format.CSV: render_csv,
    Format.MARKDOWN: render_markdown,
}


def render(view: View, fmt: Format, out: TextIO | None = None) -> None:
    """Write a view in the chosen format to stdout (or `out`)."""
    RENDERERS[fmt](view, out or sys.stdout)


def lines(items: list[Any], out: TextIO) -> None:
    """Plain lines, e.g. problems on stderr."""
    for item in items:
        out.write(printable(str(item)) + "\n")
