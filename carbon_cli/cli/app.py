"""The typer app, its root options, and what every command does last: show a result."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from carbon_cli import __version__
from carbon_cli.cli import helptext
from carbon_cli.errors import DataError, Problem, UsageError
from carbon_cli.render import SUFFIX_FORMATS, Format, render, to_bytes
from carbon_cli.render.text import printable

# The library (carbon_cli.api and all below it: pydantic, YAML, the readers, the report) is
# imported inside the commands: importing it here cost `carbon --help` ~60 ms, every command ~20.
if TYPE_CHECKING:
    from carbon_cli import api
    from carbon_cli.observations import Observations
    from carbon_cli.plan import Plan

helptext.install()  # --help wrapped by terminal cells: Chinese is two cells a character
app = typer.Typer(
    name="carbon",
    help="揭阳市碳达峰实施方案（揭府〔2023〕35号）跟踪工具：目标进展、部门职责、监测分析报告"
    " (track Jieyang's carbon-peaking plan).",
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
            "--version", callback=_version, is_eager=True, help="显示版本号 (show the version)."
        ),
    ] = False,
) -> None:
    """揭阳市碳达峰实施方案跟踪工具 (track Jieyang's carbon-peaking plan)."""


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


def first_run(observed: Observations, area: str) -> None:
    """After the output: how to add observations, when the area has none (a first run)."""
    from carbon_cli import api

    hint = api.first_run_hint(observed, area)
    if hint is not None:
        typer.echo(printable(hint), err=True)


def output_format(fmt: Format | None, output: Path | None) -> Format:
    """The format to write: --format, else the --output's suffix (.xlsx, .csv, …), else table.

    Checked before any work: xlsx needs a file, and a suffix that names no format needs --format.
    """
    to_file = output is not None and str(output) != "-"
    if fmt is None and output is not None and to_file:
        fmt = SUFFIX_FORMATS.get(output.suffix.lower())
        if fmt is None:
            suffixes = "、".join(SUFFIX_FORMATS)
            raise UsageError(
                f"--output：无法从扩展名“{output.suffix}”判断格式 (cannot tell the format)",
                f"请加 --format，或用扩展名 {suffixes}",
            )
    if fmt is Format.XLSX and not to_file:
        raise UsageError(
            "工作簿（--format xlsx）须配 --output 文件.xlsx，不能输出到终端"
            " (xlsx needs --output FILE)",
            "例如：--format xlsx --output 进展.xlsx",
        )
    return fmt or Format.TABLE


def show_result(
    result: api.Result,
    fmt: Format | None,
    output: Path | None = None,
    inputs: Sequence[Path] = (),
) -> None:
    """The result's notices on stderr, then the result in the chosen format: on stdout, or in
    the --output file (written whole or not at all, never onto one of the run's `inputs`)."""
    fmt = output_format(fmt, output)
    for notice in getattr(result, "notices", []):
        typer.echo(printable(notice), err=True)
    if output is None or str(output) == "-":
        render(result.view(), fmt)
        return
    from carbon_cli import api
    from carbon_cli.files import write_atomic

    api.refuse_output_on_inputs(output, result.plan, inputs)
    view = result.view()
    try:
        data = to_bytes(view, fmt)
    except ImportError:  # openpyxl, the `excel` extra
        raise DataError([needs_openpyxl(output)]) from None
    try:
        write_atomic(output, data)  # a full disk leaves the old file, not half of one
    except OSError as e:
        raise DataError([cannot_write(output, e)]) from None
    rows = len(view.records)
    typer.echo(printable(f"carbon: 已写入 {output}：{rows} 行 (wrote {rows} rows)"), err=True)


def needs_openpyxl(path: Path) -> Problem:
    """The problem of writing a workbook without openpyxl installed."""
    return Problem(
        str(path),
        None,
        None,
        "needs-openpyxl",
        "写出 .xlsx 工作簿需要 openpyxl (writing .xlsx needs openpyxl)",
        'pip install "carbon-cli[excel]"',
    )


def cannot_write(path: Path, error: OSError) -> Problem:
    """The problem of a file that could not be written (a full disk, a read-only folder)."""
    from carbon_cli.files import reason

    return Problem(str(path), None, None, "cannot-write", f"无法写入：{reason(error)}")
