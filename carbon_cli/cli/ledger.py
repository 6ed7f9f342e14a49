"""The progress ledger (任务进展台账): `carbon progress`; --progress read for every command."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from carbon_cli.cli.app import app, show_result
from carbon_cli.cli.options import (
    DataOpt,
    DepartmentOpt,
    FormatOpt,
    OutputOpt,
    ProgressOpt,
    TaskOpt,
    year_option,
)
from carbon_cli.render.text import printable

if TYPE_CHECKING:
    from carbon_cli.plan import Plan
    from carbon_cli.progress import Records


def recorded(plan: Plan, paths: list[Path] | None) -> Records:
    """The progress records of the data folder and of --progress; what was not read although
    nothing is wrong with it (a skipped file) is said on stderr, one line each."""
    from carbon_cli import api

    found = api.read_progress(plan, paths or [])
    for warning in found.warnings:
        typer.echo(printable(str(warning)), err=True)
    return found


@app.command()
def progress(
    data: DataOpt = None,
    records: ProgressOpt = None,
    year: Annotated[
        int | None,
        year_option(
            "截至该年年底的进展（默认：最新一条记录的年份） (as of the end of this year; "
            "default: the year of the latest record)."
        ),
    ] = None,
    department: DepartmentOpt = None,
    task: TaskOpt = None,
    only: Annotated[
        str | None,
        typer.Option(
            metavar="STANDINGS",
            help="只列这些进展，如 逾期未完成,未报送 或 overdue,unreported (show only these "
            "standings).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """任务进展台账：截至某年年底每项分工任务的进展，牵头单位在前 (each annex item's standing)."""
    from carbon_cli import api

    plan = api.load_plan(data)
    found = recorded(plan, records)
    result = api.progress(plan, found, year=year, department=department, task=task, only=only)
    show_result(result, fmt, output, records or [])


def department_workbooks(
    data: Path | None, department: str, output: Path | None, force: bool
) -> None:
    """`carbon template --department D`: write the workbooks, then say on stderr what each holds
    and how to read them back."""
    from carbon_cli import api

    plan = api.load_plan(data)
    done = api.department_workbooks(plan, department, output, overwrite=force)
    for path, found in done.written:
        typer.echo(
            printable(
                f"carbon template: 已写出 {path}：{len(found.indicators)} 个指标、"
                f"{len(found.tasks)} 条任务 (wrote {path})"
            ),
            err=True,
        )
    where = done.written[0][0] if len(done.written) == 1 else done.written[0][0].parent
    typer.echo(
        printable(
            f"填好后交回，用 carbon validate --observations {where} --progress {where} 检查 "
            "(filled in, they read back with --observations and --progress)"
        ),
        err=True,
    )
