"""The terminal: sheets as tables or cards (plain when piped or NO_COLOR), text charts, lines.

Tables are laid out here, not by rich: every cell is wrapped beforehand as Chinese is typeset
(render/wrap.py: no number split, no line starting with ，), the columns of long text (a sheet's
`wide`) share the width the short ones leave, and a sheet whose long text would be squeezed into
slivers, or that asks for them, is drawn as cards: a block of `label：value` lines per row. The
width is the terminal's (rich reads COLUMNS).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from carbon_cli.render.text import cell_text, printable
from carbon_cli.render.wrap import wrap

if TYPE_CHECKING:  # rich is imported only to draw: JSON, CSV and Markdown start faster
    from rich.console import Console
    from rich.text import Text

    from carbon_cli.views import Cell, Sheet, View  # types only: `carbon --help` skips the core

Row = dict[str, "Cell"]

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
# a column of long text narrower than this many cells (10 Chinese characters) reads as slivers;
# one of short text (a name, a department) may be as narrow as SHORT_FLOOR if it then takes at
# most SHORT_LINES lines
WIDE_FLOOR = 20
SHORT_FLOOR = 12
SHORT_LINES = 3
SPACED_SHARE = 4  # rows are spaced apart when at least one in this many wraps
CARD_VALUE_FLOOR = 24  # narrower than this beside its label, a card's value goes below it
EDGE, GAP = "", "  "  # a table's margin, and the space between two columns (a character's)


def console(out: TextIO) -> Console:
    """A console that drops colour when piped or NO_COLOR is set (rich reads both itself)."""
    from rich.console import Console

    con = Console(file=out, highlight=False, emoji=False, soft_wrap=False)
    if con.width < MIN_WIDTH:  # COLUMNS=0 printed nothing, COLUMNS=1 dropped every 2-cell 中
        con.width = FALLBACK_WIDTH
    return con


def cells(text: str) -> int:
    """Terminal cells of a text, as rich counts them (a Chinese character is two)."""
    from rich.cells import cell_len

    return cell_len(text)


def render(view: View, out: TextIO) -> None:
    """Each sheet as a table in blocks (a group of the plan each), or as cards where the sheet
    asks for them or a table would crush its long text; the sheet's closing lines beneath."""
    con = console(out)
    for sheet in view.sheets:
        if sheet.title:
            _say(con, sheet.title, style="bold")
        widths = None if sheet.layout == "cards" else layout(sheet, sheet.rows, con.width)
        blocks: dict[Cell, list[Row]] = {}
        for row in sheet.rows:
            blocks.setdefault(row.get(sheet.section) if sheet.section else None, []).append(row)
        for block, rows in blocks.items() or [(None, [])]:
            title = str(block) if block else None
            if widths is None:
                _cards(con, sheet, rows, title)
            else:
                _table(con, sheet, rows, title, widths)
        if sheet.footer:
            _say(con, sheet.footer)


def _say(con: Console, text: str, style: str = "", indent: int = 0) -> None:
    """Text wrapped to the terminal's width (a long title, note or reason)."""
    from rich.text import Text

    for line in wrap(printable(text), con.width - indent, cells):
        con.print(Text(" " * indent + line, style=style))


def layout(sheet: Sheet, rows: list[Row], width: int) -> list[int] | None:
    """The width of each column of a table of `rows` within `width` cells, or None when the
    table cannot give each `wide` column WIDE_FLOOR cells (a short one: SHORT_LINES lines of at
    least SHORT_FLOOR cells; any: all it needs, if less).

    Short columns (statuses, numbers, years) keep their whole width and never wrap; the wide
    ones share what is left, the narrower ones first getting all they need, so that a long
    reason or quote takes the rest.
    """
    keys = [key for key, _ in sheet.columns]
    natural = []
    for key, label in sheet.columns:
        texts = [cell_text(label), *(cell_text(row.get(key)) for row in rows)]
        natural.append(max(cells(line) for text in texts for line in text.split("\n")))
    wide = [key in sheet.wide for key in keys]
    floor = [
        min(n, WIDE_FLOOR, max(SHORT_FLOOR, -(-n // SHORT_LINES))) if w else n
        for w, n in zip(wide, natural, strict=True)
    ]
    room = width - 2 * len(EDGE) - len(GAP) * (len(keys) - 1)
    if sum(natural) <= room:
        return natural
    if sum(floor) > room:
        return None
    widths = list(floor)
    spare = room - sum(floor)
    wanting = sorted((i for i in range(len(keys)) if wide[i]), key=natural.__getitem__)
    for n, i in enumerate(wanting):
        give = min(natural[i] - floor[i], spare // (len(wanting) - n))
        widths[i] += give
        spare -= give
    return widths


def _table(
    con: Console, sheet: Sheet, rows: list[Row], title: str | None, widths: list[int]
) -> None:
    """A table of rows: a bold header, a rule, the rows (a blank line between them where many
    wrap), and under each row its note (`sheet.note`) across the table."""
    from rich.text import Text

    if title:
        _say(con, title, style="bold")
    con.print()
    header = {key: wrap(cell_text(label), w, cells) for (key, label), w in _zip(sheet, widths)}
    for line in _lines(sheet, header, widths, {}):
        line.stylize("bold")
        con.print(line)
    con.print(Text(EDGE + "─" * (sum(widths) + len(GAP) * (len(widths) - 1))))
    wrapped = [
        {key: wrap(cell_text(row.get(key)), w, cells) for (key, _), w in _zip(sheet, widths)}
        for row in rows
    ]
    # a blank line between rows where many wrap (a lone long name does not space out a table)
    tall = sum(any(len(lines) > 1 for lines in cell.values()) for cell in wrapped)
    spaced = sheet.note is not None or tall * SPACED_SHARE >= len(rows) > 0
    for n, (row, cell_lines) in enumerate(zip(rows, wrapped, strict=True)):
        if spaced and n:
            con.print()
        styles = {"status": STATUS_STYLES.get(str(row.get("status_code")), "")}
        for line in _lines(sheet, cell_lines, widths, styles):
            con.print(line)
        if sheet.note is not None and (note := cell_text(row.get(sheet.note[0]))):
            _say(con, f"{sheet.note[1]}：{note}", style="dim", indent=len(EDGE) + 2)
    con.print()


def _zip(sheet: Sheet, widths: list[int]) -> list[tuple[tuple[str, str], int]]:
    """Each column with its width."""
    return list(zip(sheet.columns, widths, strict=True))


def _lines(
    sheet: Sheet, cell_lines: dict[str, list[str]], widths: list[int], styles: dict[str, str]
) -> list[Text]:
    """One table row as lines of text, each cell padded to its column's width."""
    from rich.text import Text

    height = max((len(v) for v in cell_lines.values()), default=1)
    out = []
    for i in range(height):
        line = Text(EDGE)
        for n, ((key, _), w) in enumerate(_zip(sheet, widths)):
            part = cell_lines[key][i] if i < len(cell_lines[key]) else ""
            line.append((GAP if n else "") + part, style=styles.get(key, ""))
            line.append(" " * (w - cells(part)))
        line.rstrip()
        out.append(line)
    return out


def _cards(con: Console, sheet: Sheet, rows: list[Row], title: str | None) -> None:
    """Each row as a block of `label：value` lines, the values aligned and wrapped to the width;
    for rows of long text (a department's duties) and terminals too narrow for a table."""
    from rich.text import Text

    if title:
        _say(con, title, style="bold")
    columns = [*sheet.columns, *([sheet.note] if sheet.note else [])]
    labels = {key: f"{cell_text(label)}：" for key, label in columns}
    indent = max(map(cells, labels.values()), default=0)
    beside = con.width - indent >= CARD_VALUE_FLOOR
    for row in rows:
        con.print()
        for n, (key, _) in enumerate(columns):
            value = cell_text(row.get(key))
            if not value:
                continue
            style = "bold" if n == 0 else ""
            if key == "status":
                style = STATUS_STYLES.get(str(row.get("status_code")), "")
            label = labels[key]
            if beside:
                lines = wrap(value, con.width - indent, cells)
                con.print(Text(label + " " * (indent - cells(label))) + Text(lines[0], style=style))
                for line in lines[1:]:
                    con.print(Text(" " * indent) + Text(line, style=style))
            else:  # a terminal too narrow for both: the value beneath its label
                con.print(Text(label))
                _say(con, value, style=style, indent=2)
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
