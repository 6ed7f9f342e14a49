"""The fill-in template: one row per indicator, values blank, that reads back as observations."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .models import WHOLE_CITY, Indicator

# name, unit and targets are there for the person filling it in; the reader checks them if filled
COLUMNS = ("indicator", "name", "unit", "year", "value", "area", "source", "note", "targets")
WIDTHS = (28, 36, 14, 8, 12, 10, 36, 24, 40)  # xlsx column widths, in characters
SHEET = "观测值"
SUFFIXES = (".csv", ".xlsx")


def rows(
    indicators: Sequence[Indicator], year: int, area: str = WHOLE_CITY
) -> list[list[str | int]]:
    """One row per indicator, in data/targets.yaml's order, with the value left blank."""
    return [
        [ind.id, ind.name, ind.unit, year, "", area, "", "", ", ".join(t.id for t in ind.targets)]
        for ind in indicators
    ]


def write_csv(stream: TextIO, body: Sequence[Sequence[str | int]], end: str = "\r\n") -> None:
    """The template as CSV on an open text stream (CRLF line ends by default, as Excel's)."""
    writer = csv.writer(stream, lineterminator=end)
    writer.writerow(COLUMNS)
    writer.writerows(body)


def write(path: Path, indicators: Sequence[Indicator], year: int, area: str = WHOLE_CITY) -> None:
    """The template at `path`: .xlsx as a workbook, anything else as CSV UTF-8 with a BOM."""
    body = rows(indicators, year, area)
    if path.suffix.lower() == ".xlsx":
        from .excel import write_template

        write_template(path, SHEET, COLUMNS, body, [ind.id for ind in indicators], WIDTHS)
        return
    # the BOM is how Excel knows the file is UTF-8: without it the Chinese comes out garbled
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        write_csv(stream, body)
