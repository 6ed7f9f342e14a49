"""Output for machines and spreadsheets: JSON alone on stdout, CSV for Excel."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from typing import TYPE_CHECKING, TextIO

from carbon_cli.render.text import csv_cell

if TYPE_CHECKING:
    from carbon_cli.views import View


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
