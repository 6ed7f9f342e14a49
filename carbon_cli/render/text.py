"""Data made safe for each medium it is written to: one function per medium, used by every writer.

Text from input files (a source cell, an area name) reaches terminals, CSV files, Markdown and HTML;
none of it may drive a terminal, start a spreadsheet formula or become markup.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carbon_cli.views import Cell

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
