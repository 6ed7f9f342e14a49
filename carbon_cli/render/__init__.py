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
# (html, markdown) or as the bytes of a file (docx)
REPORT_RENDERERS: dict[ReportFormat, str] = {
    ReportFormat.HTML: "html:render_report",
    ReportFormat.MARKDOWN: "markdown:render_report",
    ReportFormat.DOCX: "docx:render_report",
}
# what each report format needs beyond carbon's own dependencies: modules and the extra with them
REPORT_EXTRAS: dict[ReportFormat, tuple[tuple[str, ...], str]] = {
    ReportFormat.HTML: (("matplotlib",), "report"),
    ReportFormat.DOCX: (("docx", "matplotlib"), "docx"),
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


def render_report(report: Report, fmt: ReportFormat) -> str | bytes:
    """The report in the chosen format: text (html, markdown) or a file's bytes (docx)."""
    drawn: str | bytes = _load(REPORT_RENDERERS[fmt])(report)
    return drawn


def missing_for(fmt: ReportFormat) -> str | None:
    """The extra to install when a module `fmt` needs is missing (e.g. "docx"), else None."""
    import importlib.util

    modules, extra = REPORT_EXTRAS.get(fmt, ((), ""))
    return extra if any(importlib.util.find_spec(m) is None for m in modules) else None
