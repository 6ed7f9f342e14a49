"""Views and reports → text, one module per output, chosen by name from one registry.

Importing this package is cheap (the command line needs `Format` for its options): each renderer's
module, and rich with the terminal's or matplotlib with the HTML report's, is imported only when
that format is drawn.
"""

from __future__ import annotations

import importlib
import io
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO

from carbon_cli.choices import ReportFormat

if TYPE_CHECKING:
    from carbon_cli.report import Report
    from carbon_cli.views import View


class Format(StrEnum):
    """Output formats every listing command takes."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    XLSX = "xlsx"  # a file only (--output): a workbook is not text


# an --output's suffix → the format written when --format is not given
SUFFIX_FORMATS = {
    ".xlsx": Format.XLSX,
    ".csv": Format.CSV,
    ".json": Format.JSON,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".txt": Format.TABLE,
}


# text format → "module:function" of this package, imported on first use (xlsx: to_bytes)
RENDERERS: dict[Format, str] = {
    Format.TABLE: "table:render",
    Format.JSON: "data:render_json",
    Format.CSV: "data:render_csv",
    Format.MARKDOWN: "markdown:render",
}


# report format → "module:function" of this package: the function returns the report as text
REPORT_RENDERERS: dict[ReportFormat, str] = {
    ReportFormat.HTML: "html:render_report",
    ReportFormat.MARKDOWN: "markdown:render_report",
}


def _load(where: str) -> Any:
    """The function a registry entry names, its module imported now."""
    module, function = where.split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)


def renderer(fmt: Format) -> Any:
    """The function that draws a view in `fmt`."""
    return _load(RENDERERS[fmt])


def render(view: View, fmt: Format, out: TextIO | None = None) -> None:
    """Write a view in the chosen text format to stdout (or `out`)."""
    renderer(fmt)(view, out or sys.stdout)


def to_bytes(view: View, fmt: Format) -> bytes:
    """A view as the bytes of a file in `fmt`: a workbook, or the text (CSV with Excel's BOM)."""
    if fmt is Format.XLSX:
        data: bytes = _load("xlsx:render")(view)
        return data
    text = io.StringIO()
    renderer(fmt)(view, text)
    bom = "\ufeff" if fmt is Format.CSV else ""  # Excel reads UTF-8 CSV as Chinese only with it
    return (bom + text.getvalue()).encode("utf-8")


def render_report(report: Report, fmt: ReportFormat) -> str:
    """The report as text in the chosen format (html, markdown)."""
    text: str = _load(REPORT_RENDERERS[fmt])(report)
    return text
