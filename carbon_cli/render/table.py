"""The terminal: sheets as rich tables (plain when piped or NO_COLOR), text charts, lines."""

from __future__ import annotations

import io
import sys
from typing import TYPE_CHECKING, TextIO

from carbon_cli.render.text import cell_text, printable

if TYPE_CHECKING:  # rich is imported only to draw a table: JSON, CSV and Markdown start faster
    from rich.console import Console
    from rich.table import Table

    from carbon_cli.views import Cell, Sheet, View  # types only: `carbon --help` skips the core


STATUS_STYLES = {
    "achieved": "green",
    "on_track": "cyan",
    "behind": "yellow",
    "missed": "bold red",
    "no_data": "dim",
    "insufficient_data": "dim",
    "not_set": "dim",
}


MIN_WIDTH = 20  # below this (COLUMNS=0 or 1) no table or Chinese label fits: a width is made up
FALLBACK_WIDTH = 80  # what rich assumes when it cannot tell


def console(out: TextIO) -> Console:
    """A console that drops colour when piped or NO_COLOR is set (rich reads both itself)."""
    from rich.console import Console

    con = Console(file=out, highlight=False, emoji=False, soft_wrap=False)
    if con.width < MIN_WIDTH:  # COLUMNS=0 printed nothing, COLUMNS=1 dropped every 2-cell 中
        con.width = FALLBACK_WIDTH
    return con


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


def render(view: View, out: TextIO) -> None:
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
