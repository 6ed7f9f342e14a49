"""Output for machines and spreadsheets: JSON alone on stdout, CSV for Excel."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from carbon_cli.render.text import csv_cell

if TYPE_CHECKING:
    from carbon_cli.views import Cell, View
    from carbon_cli.views._base import Record


def render_json(view: View, out: TextIO) -> None:
    """The payload alone on stdout, Chinese kept as it is."""
    # one write: json.dump writes each token apart (thousands of calls on a status)
    out.write(json.dumps(view.payload, ensure_ascii=False, indent=2) + "\n")


def _new_utf8_file(out: TextIO) -> bool:
    """Output redirected into an empty regular file, in UTF-8 (not a terminal, not a pipe)."""
    try:
        info = os.fstat(out.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        return False
    encoding = (getattr(out, "encoding", None) or "").replace("-", "").lower()
    return stat.S_ISREG(info.st_mode) and info.st_size == 0 and encoding == "utf8"


def columns(records: Sequence[Record]) -> list[str]:
    """Every key of the records, in the order first seen (records may differ: a method's extras)."""
    return list(dict.fromkeys(key for record in records for key in record))


def csv_value(value: Cell) -> Cell:
    """A value as a CSV cell: numbers as they are, true/false as JSON writes them, text defused."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return csv_cell(value)


def render_csv(view: View, out: TextIO) -> None:
    """The view's records as CSV: the JSON keys as the header, one row per object, plain values."""
    records = view.records
    if _new_utf8_file(out):
        out.write("\ufeff")  # `> 进展.csv`: Excel reads a UTF-8 file as Chinese only with a BOM
    keys = columns(records)
    if not keys:
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(key) for key in keys])  # keys hold area names (statuses.全市)
    for record in records:
        writer.writerow([csv_value(record.get(key)) for key in keys])
