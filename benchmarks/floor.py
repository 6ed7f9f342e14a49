"""A typer app with `carbon status`'s fourteen options that does nothing: the floor any typer
CLI pays.

typer ≥ 0.20 builds a pydantic TypeAdapter per option when it parses a command line, so this
costs more than importing typer and pydantic.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Format(StrEnum):
    """As carbon's."""

    TABLE = "table"
    JSON = "json"


app = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)


@app.callback()
def root(version: Annotated[bool, typer.Option("--version")] = False) -> None:
    """Nothing (carbon's root takes --version)."""


@app.command()
def status(
    data: Annotated[Path | None, typer.Option()] = None,
    observations: Annotated[list[Path] | None, typer.Option()] = None,
    progress: Annotated[list[Path] | None, typer.Option()] = None,
    sheet: Annotated[str | None, typer.Option()] = None,
    year: Annotated[int | None, typer.Option(min=1900, max=2100)] = None,
    area: Annotated[str, typer.Option()] = "全市",
    department: Annotated[str | None, typer.Option()] = None,
    task: Annotated[list[str] | None, typer.Option()] = None,
    only: Annotated[str | None, typer.Option()] = None,
    fail_on: Annotated[str | None, typer.Option()] = None,
    by_area: Annotated[bool, typer.Option()] = False,
    tolerance: Annotated[float, typer.Option(min=0, max=100)] = 2.0,
    fmt: Annotated[Format | None, typer.Option("--format", "-f")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """Print an empty object."""
    print("{}")


if __name__ == "__main__":
    app(args=["status", "--year", "2025", "--format", "json"], standalone_mode=False)
