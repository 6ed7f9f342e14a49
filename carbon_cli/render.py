"""Views → text: a rich table for people, JSON for machines, CSV for Excel, Markdown for reports."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:  # rich is imported only to draw a table: JSON, CSV and Markdown start faster
    from rich.console import Console
    from rich.table import Table

    from carbon_cli.views import Cell, Sheet, View  # types only: `carbon --help` skips the core


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


def csv_cell(value: Cell) -> Cell:
    """A CSV cell: control characters but tab and line ends shown as \\x1b, formulas defused."""
    if isinstance(value, str) and not value.isprintable():
        value = "".join(
            c if c in "\t\r\n" or unicodedata.category(c) != "Cc" else printable(c) for c in value
        )
    return spreadsheet_safe(value)


def spreadsheet_safe(value: Cell) -> Cell:
    """OWASP CSV injection: a text cell that would start a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return value if PLAIN_NUMBER.fullmatch(value) else "'" + value
    return value


def render_json(view: View, out: TextIO) -> None:
    """The payload alone on stdout, Chinese kept as it is."""
    json.dump(view.payload, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _new_utf8_file(out: TextIO) -> bool:
    """Output redirected into an empty regular file, in UTF-8 (not a terminal, not a pipe)."""
    try:
        info = os.fstat(out.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        return False
    encoding = (getattr(out, "encoding", None) or "").replace("-", "").lower()
    return stat.S_ISREG(info.st_mode) and info.st_size == 0 and encoding == "utf8"


def render_csv(view: View, out: TextIO) -> None:
    """The main sheet as CSV, its block key as the first column."""
    sheet = view.sheets[0]
    columns = ([(sheet.section, "分组")] if sheet.section else []) + sheet.keys + sheet.columns
    if _new_utf8_file(out):
        out.write("\ufeff")  # `> 进展.csv`: Excel reads a UTF-8 file as Chinese only with a BOM
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(label) for _, label in columns])  # --by-area: areas from data
    for row in sheet.rows:
        writer.writerow([csv_cell(row.get(key)) for key, _ in columns])


def _markdown_cell(value: Cell) -> str:
    return cell_text(value).replace("|", "\\|").replace("\n", "<br>")


def render_markdown(view: View, out: TextIO) -> None:
    """Each sheet as a Markdown table, a heading per block."""
    for sheet in view.sheets:
        if sheet.title:
            out.write(f"### {_markdown_cell(sheet.title)}\n\n")
        header = "| " + " | ".join(_markdown_cell(label) for _, label in sheet.columns) + " |\n"
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
    from rich.console import Console

    return Console(file=out, highlight=False, emoji=False, soft_wrap=False)


def _table(sheet: Sheet, rows: list[dict[str, Cell]], title: str | None) -> Table:
    """One rich table of a sheet's rows."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(printable(title), style="bold") if title else None,
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        title_justify="left",
    )
    for key, label in sheet.columns:
        # a Text header: an area name from a CSV (--by-area) is shown, not read as [markup]
        header = Text(cell_text(label))
        table.add_column(header, overflow="fold", min_width=8 if key in sheet.wide else None)
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
    from rich.text import Text

    con = console(out)
    for sheet in view.sheets:
        if sheet.title:
            con.print(Text(printable(sheet.title), style="bold"))
        blocks: dict[Cell, list[dict[str, Cell]]] = {}
        for row in sheet.rows:
            blocks.setdefault(row.get(sheet.section) if sheet.section else None, []).append(row)
        for block, rows in blocks.items() or [(None, [])]:
            table = _table(sheet, rows, str(block) if block else None)
            if _fits(table, con.width):
                con.print(table)
            else:  # rich would crop the columns that do not fit: one cell a line instead
                _stacked(con, sheet, rows, str(block) if block else None)
        if sheet.footer:
            con.print(Text(printable(sheet.footer)))


def _fits(table: Table, width: int) -> bool:
    """Whether the table is drawn within `width` columns (rich crops what does not fit)."""
    from rich.cells import cell_len
    from rich.console import Console

    probe = Console(file=io.StringIO(), width=width, color_system=None, soft_wrap=False)
    with probe.capture() as captured:
        probe.print(table, crop=False)
    return max(map(cell_len, captured.get().splitlines()), default=0) <= width


def _stacked(con: Console, sheet: Sheet, rows: list[dict[str, Cell]], title: str | None) -> None:
    """Rows as `label：value` lines, for a terminal too narrow for the table (COLUMNS=40)."""
    from rich.text import Text

    if title:
        con.print(Text(printable(title), style="bold"))
    for row in rows:
        con.print()
        for key, label in sheet.columns:
            if text := cell_text(row.get(key)):
                line = Text(f"{cell_text(label)}：{text}")
                if key == "status":
                    line.stylize(STATUS_STYLES.get(str(row.get("status_code")), ""))
                con.print(line)
    con.print()


CHART_STYLES = {
    "●": "bold cyan",
    "·": "bright_black",
    "◆": "bold yellow",
    "┄": "red",
    "┊": "magenta",
}


def render_chart(chart: list[str], out: TextIO | None = None) -> None:
    """A text chart (report.text_chart), its marks coloured; plain when piped or NO_COLOR."""
    from rich.text import Text

    con = console(out or sys.stdout)
    for line in chart:
        text = Text(printable(line))
        for i, char in enumerate(line):
            if char in CHART_STYLES:
                text.stylize(CHART_STYLES[char], i, i + 1)
        con.print(text, crop=False, overflow="ignore")


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
