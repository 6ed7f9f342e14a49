"""Views → text, one module per output, chosen by name from one registry.

Importing this package is cheap (the command line needs `Format` for its options): each renderer's
module, and rich with the terminal's, is imported only when that format is drawn.
"""

from __future__ import annotations

import importlib
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from carbon_cli.views import View


class Format(StrEnum):
    """Output formats every listing command takes."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


# format → "module:function" of this package, imported on first use
RENDERERS: dict[Format, str] = {
    Format.TABLE: "table:render",
    Format.JSON: "data:render_json",
    Format.CSV: "data:render_csv",
    Format.MARKDOWN: "markdown:render",
}


def renderer(fmt: Format) -> Any:
    """The function that draws a view in `fmt`."""
    module, function = RENDERERS[fmt].split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)


def render(view: View, fmt: Format, out: TextIO | None = None) -> None:
    """Write a view in the chosen format to stdout (or `out`)."""
    renderer(fmt)(view, out or sys.stdout)
