"""The typer app, its root options, and what every command does last: show a result."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from carbon_cli import __version__
from carbon_cli.render import Format, render
from carbon_cli.render.text import printable

# The library (carbon_cli.api and all below it: pydantic, YAML, the readers, the report) is
# imported inside the commands: importing it here cost `carbon --help` ~60 ms, every command ~20.
if TYPE_CHECKING:
    from pathlib import Path

    from carbon_cli import api
    from carbon_cli.observations import Observations
    from carbon_cli.plan import Plan

app = typer.Typer(
    name="carbon",
    help="揭阳市碳达峰实施方案 跟踪工具 — track Jieyang's carbon-peaking plan (揭府〔2023〕35号).",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    """Print the version and stop."""
    if value:
        typer.echo(f"carbon {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """揭阳市碳达峰实施方案 跟踪工具 — track Jieyang's carbon-peaking plan."""


def observe(
    plan: Plan, paths: list[Path] | None, sheet: str | None, *, sources: bool = False
) -> Observations:
    """The observations of the data folder and of --observations; what was not read although
    nothing is wrong with it (a skipped file, an empty sheet) is said on stderr, one line each."""
    from carbon_cli import api

    found = api.read_observations(plan, paths or [], sheet=sheet, sources=sources)
    for warning in found.warnings:
        typer.echo(printable(str(warning)), err=True)
    return found


def show_result(result: api.Result, fmt: Format) -> None:
    """The result's notices on stderr, then the result in the chosen format on stdout."""
    for notice in getattr(result, "notices", []):
        typer.echo(printable(notice), err=True)
    render(result.view(), fmt)
