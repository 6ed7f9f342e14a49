"""Data made safe for each medium it is written to: one function per medium, used by every writer.

Text from input files (a source cell, an area name, a file name) reaches terminals, CSV files,
Markdown, HTML and workbooks; none of it may drive a terminal, forge a line, start a spreadsheet
formula or become markup.

- terminal, text document: `printable`, control characters (ESC, BEL, CR, …) shown as `\\x1b`
- one line of a log: `one_line`, the same and line breaks shown as `\\n`
- CSV: `csv_cell`, control characters; a formula start gets a `'`
- Markdown: `markdown_cell`, control characters; `\\ | < > & [ ]` cannot become markup
- HTML: `html_text`, control characters; `html.escape`
- xlsx: `xlsx_cell`, control characters; text stays text, never a formula
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from carbon_cli.views import Cell

PLAIN_NUMBER = r"[+-]?(\d+\.?\d*|\.\d+)"  # a pattern, compiled on first use (re keeps it)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escapes(codes: Iterable[int]) -> dict[int, str]:
    """A translation table: each character shown as Python writes it in a string (\\x1b, \\t,
    \\u2028). Tables, not regular expressions: one compiled costs every command ~1 ms."""
    return {c: chr(c).encode("unicode_escape").decode("ascii") for c in codes}


_C0, _C1 = [*range(0x00, 0x20), 0x7F], range(0x80, 0xA0)
# Unicode's control characters (category Cc: C0, DEL, C1) but the line feed
_CONTROL = _escapes(c for c in (*_C0, *_C1) if c != 0x0A)
# ... and every character that ends a line somewhere (a terminal, an editor, a log viewer)
_BREAK = _escapes([*_C0, *_C1, 0x2028, 0x2029])
# ... but the tab and the line ends a spreadsheet cell may hold
_IN_CELL = {c: e for c, e in _CONTROL.items() if chr(c) not in "\t\r"}
# Markdown: what could open a tag, an entity, a link or a table cell; `\` first, as it escapes
_MARKDOWN = str.maketrans(
    {"\\": "\\\\", "|": "\\|", "[": "\\[", "]": "\\]", "<": "&lt;", ">": "&gt;", "&": "&amp;"}
)


def printable(text: str) -> str:
    """Terminal: control characters shown as \\x1b, so data cannot drive the terminal."""
    return text.translate(_CONTROL)


def one_line(text: str) -> str:
    """One line of a log or a listing: control characters and line breaks shown as \\x1b, \\n."""
    return text.translate(_BREAK)


def cell_text(value: Cell) -> str:
    """A cell as people read it on a terminal."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return printable(str(value))


def csv_cell(value: Cell) -> Cell:
    """CSV: control characters but tab and line ends shown as \\x1b, formulas defused."""
    if isinstance(value, str) and not value.isprintable():
        value = value.translate(_IN_CELL)
    return spreadsheet_safe(value)


def spreadsheet_safe(value: Cell) -> Cell:
    """OWASP CSV injection: a text cell that would start a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return value if re.fullmatch(PLAIN_NUMBER, value) else "'" + value
    return value


def markdown_cell(value: Cell) -> str:
    """Markdown: a value as the text of a table cell or a line; nothing in it becomes markup.

    `<`, `>` and `&` become entities, so no HTML tag (`<script>`, `<img onerror=…>`) or autolink
    (`<javascript:…>`) can form; `[` and `]` are escaped, so no link or image can form around
    the text, and a `(` at the start is escaped, so the text cannot be the `(javascript:…)` of a
    writer's own `[…]`. `|` cannot end a table cell, a line break is `<br>`.
    """
    text = cell_text(value).translate(_MARKDOWN).replace("\n", "<br>")
    return "\\" + text if text.startswith("(") else text


def html_text(value: Cell) -> str:
    """HTML: control characters shown as \\x1b, then html.escape (quotes too, for attributes)."""
    from html import escape  # here, not at the top: `carbon --help` stays quick

    return escape(cell_text(value), quote=True)


def xlsx_text(text: str) -> str:
    """Text a workbook can hold: XML 1.0 has no control characters but tab and line ends."""
    return text.translate(_IN_CELL)


def xlsx_cell(cell: Any, value: Cell) -> None:
    """xlsx: put `value` in an openpyxl cell; text stays text, even `=HYPERLINK(…)`.

    openpyxl stores a string starting with `=` as a formula: the cell is typed text instead,
    and a formula-like start also gets Excel's quote prefix, so that editing the cell in Excel
    does not turn it into a formula either.
    """
    if not isinstance(value, str):
        cell.value = value
        return
    cell.value = xlsx_text(value)
    cell.data_type = "s"
    if value.startswith(FORMULA_START) and not re.fullmatch(PLAIN_NUMBER, value):
        cell.quotePrefix = True
