"""Commands that show the curated plan and check it: `targets`, `tasks`, `departments`,
`validate`, `schema`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from carbon_cli.choices import DepartmentKind, Kind
from carbon_cli.cli.app import app, show_result
from carbon_cli.cli.options import (
    DataOpt,
    DepartmentOpt,
    FormatOpt,
    ObservationsOpt,
    ProgressOpt,
    SheetOpt,
    TaskOpt,
)
from carbon_cli.errors import DataError, Problem, UsageError
from carbon_cli.render import Format
from carbon_cli.render.problems import lines
from carbon_cli.render.text import printable


@app.command()
def targets(
    data: DataOpt = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", "-y", metavar="YEAR", help="Keep targets due this year.", show_default=False
        ),
    ] = None,
    task: TaskOpt = None,
    kind: Annotated[
        Kind | None, typer.Option(help="Keep targets of this kind.", show_default=False)
    ] = None,
    department: DepartmentOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """量化目标 — every quantitative target of the plan, with its quote."""
    from carbon_cli import api

    plan = api.load_plan(data)
    show_result(api.targets(plan, year=year, tasks=task, kind=kind, department=department), fmt)


@app.command()
def tasks(
    data: DataOpt = None,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            "-g",
            metavar="GROUP",
            help="Keep one group: 4, 四 or （四）.",
            show_default=False,
        ),
    ] = None,
    department: DepartmentOpt = None,
    task: TaskOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """重点任务与保障措施 — the plan's tasks and the departments on each item."""
    from carbon_cli import api

    plan = api.load_plan(data)
    show_result(api.tasks(plan, group=group, department=department, tasks=task), fmt)


@app.command()
def departments(
    data: DataOpt = None,
    kind: Annotated[
        DepartmentKind | None,
        typer.Option(help="Keep departments of this kind.", show_default=False),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """责任部门 — every body named in the annex, with aliases and duty counts."""
    from carbon_cli import api

    show_result(api.departments(api.load_plan(data), kind=kind), fmt)


@app.command()
def validate(
    data: DataOpt = None,
    observations: ObservationsOpt = None,
    progress: ProgressOpt = None,
    sheet: SheetOpt = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="text (one line per problem), json, or github (annotations)."
        ),
    ] = "text",
) -> None:
    """检查数据 — check the data files (and observation and progress files); exit 1 if anything
    is wrong."""
    if fmt not in {"text", "json", "github"}:
        raise UsageError(f"--format: '{fmt}' is not one of text, json, github")
    from carbon_cli import api
    from carbon_cli.render import problems as shown

    result = api.validate(data, observations or [], sheet=sheet, progress=progress or [])
    source = result.source.describe()
    if fmt == "json":
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        raise typer.Exit(0 if result.ok else 1)
    if fmt == "github":
        for line in [*shown.github(result.problems), *shown.github(result.warnings, "warning")]:
            typer.echo(line)
    else:
        # the problems, then one line per warning: what was not read, which fails nothing
        lines([*result.problems, *result.warnings], sys.stderr)
    if not result.ok:
        typer.echo(
            f"carbon validate: {len(result.problems)} 个问题 (problems) — 数据来源 {source}",
            err=True,
        )
        raise typer.Exit(1)
    counts = result.counts
    typer.echo(
        f"carbon validate: 没有问题 (no problems) — 数据来源 {source}："
        f"{counts['targets']} 项目标、{counts['tasks']} 项任务、"
        f"{counts['departments']} 个部门、{counts['observations']} 个观测值"
        + (f"、{counts['records']} 条进展记录" if counts["records"] else "")
        + (f"；{len(result.warnings)} 条提醒见上 (warnings above)" if result.warnings else "")
    )


@app.command()
def schema(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="departments, tasks or targets (default: all three).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write NAME.schema.json files into this folder instead of printing.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """数据文件的 JSON Schema — the YAML files' schemas, from the models, for editors and CI."""
    from carbon_cli import schema as schemas  # only this command needs it

    if name is not None and name not in schemas.MODELS:
        raise UsageError(
            f"no data file '{name}'", f"choose from {', '.join(schemas.MODELS)}, or give none"
        )
    names = [name] if name is not None else list(schemas.MODELS)
    if output is None:
        payload = schemas.schema(names[0]) if name else {n: schemas.schema(n) for n in names}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    try:
        written = schemas.write(output, names)
    except OSError as e:
        raise DataError(
            [Problem(str(output), None, None, "cannot-write", f"cannot write: {e.strerror or e}")]
        ) from None
    for path in written:
        typer.echo(printable(f"carbon schema: wrote {path}"), err=True)
