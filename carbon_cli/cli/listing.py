"""Commands that show the curated plan and check it: `targets`, `tasks`, `departments`,
`validate`, `schema`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from carbon_cli.choices import DEPARTMENT_KIND_LABELS, KIND_LABELS, listed
from carbon_cli.cli.app import app, cannot_write, output_format, show_result
from carbon_cli.cli.options import (
    DataOpt,
    DepartmentOpt,
    FormatOpt,
    ObservationsOpt,
    OutputOpt,
    ProgressOpt,
    SheetOpt,
    TaskOpt,
    complete_choice,
    year_option,
)
from carbon_cli.errors import DataError, UsageError
from carbon_cli.render.text import printable


@app.command()
def targets(
    data: DataOpt = None,
    year: Annotated[
        int | None,
        year_option("只列出期限为这一年的目标 (keep targets due this year).", bounded=False),
    ] = None,
    task: TaskOpt = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar="KIND",
            help=f"只列出这一类目标，中文或英文：{listed(KIND_LABELS)} (keep targets of a kind).",
            show_default=False,
            autocompletion=complete_choice(KIND_LABELS),
        ),
    ] = None,
    department: DepartmentOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """目标：方案的全部量化目标和里程碑及其原文 (every target of the plan, with its quote)."""
    from carbon_cli import api

    fmt = output_format(fmt, output)
    plan = api.load_plan(data)
    result = api.targets(plan, year=year, tasks=task, kind=kind, department=department)
    show_result(result, fmt, output)


@app.command()
def tasks(
    data: DataOpt = None,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            "-g",
            metavar="GROUP",
            help="只列出一个分组：4、四 或 （四） (keep one group).",
            show_default=False,
        ),
    ] = None,
    department: DepartmentOpt = None,
    task: TaskOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """重点任务与保障措施：方案的任务及每条具体任务的责任单位 (the plan's tasks)."""
    from carbon_cli import api

    fmt = output_format(fmt, output)
    plan = api.load_plan(data)
    result = api.tasks(plan, group=group, department=department, tasks=task)
    show_result(result, fmt, output)


@app.command()
def departments(
    data: DataOpt = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar="KIND",
            help=f"只列出这一类单位，中文或英文：{listed(DEPARTMENT_KIND_LABELS)} "
            "(keep departments of this kind).",
            show_default=False,
            autocompletion=complete_choice(DEPARTMENT_KIND_LABELS),
        ),
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """责任部门：附件点名的全部单位，及其别名和牵头、配合的任务数 (every responsible body)."""
    from carbon_cli import api

    fmt = output_format(fmt, output)
    show_result(api.departments(api.load_plan(data), kind=kind), fmt, output)


@app.command()
def validate(
    data: DataOpt = None,
    observations: ObservationsOpt = None,
    progress: ProgressOpt = None,
    sheet: SheetOpt = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：text 每个问题一行（默认）、json，或 github（拉取请求中的逐行批注）"
            " (text, json or github annotations).",
        ),
    ] = "text",
) -> None:
    """检查数据：检查数据文件、观测值和进展记录文件，有问题时以退出码 1 结束 (check the data)."""
    if fmt not in {"text", "json", "github"}:
        raise UsageError(
            f"--format：没有“{fmt}”这一项 (unknown choice)", "可选：text、json、github"
        )
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
        from carbon_cli.render.problems import lines

        # the problems, then one line per warning: what was not read, which fails nothing
        lines([*result.problems, *result.warnings], sys.stderr)
    if not result.ok:
        typer.echo(
            f"carbon validate: {len(result.problems)} 个问题 — 数据来源 {source}"
            f" ({len(result.problems)} problem{'s' if len(result.problems) > 1 else ''})",
            err=True,
        )
        raise typer.Exit(1)
    counts = result.counts
    typer.echo(
        f"carbon validate: 没有问题 — 数据来源 {source}："
        f"{counts['targets']} 项目标、{counts['tasks']} 项任务、"
        f"{counts['departments']} 个部门、{counts['observations']} 个观测值"
        + (f"、{counts['records']} 条进展记录" if counts["records"] else "")
        + (f"；{len(result.warnings)} 条提醒见上" if result.warnings else "")
        + (
            f" (no problems; {len(result.warnings)} warning"
            f"{'s' if len(result.warnings) > 1 else ''} above)"
            if result.warnings
            else " (no problems)"
        )
    )


@app.command()
def schema(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="数据文件：departments、tasks、targets 或 areas（省略时全部输出）"
            "(which data file).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="写入此文件夹（每个数据文件一个 NAME.schema.json），而不输出到终端"
            " (write into this folder).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """数据文件的 JSON Schema：供编辑器和持续集成检查 YAML 文件 (the data files' schemas)."""
    from carbon_cli import schema as schemas  # only this command needs it

    if name is not None and name not in schemas.MODELS:
        raise UsageError(
            f"没有数据文件“{name}” (no such data file)",
            f"可选：{'、'.join(schemas.MODELS)}，或省略",
        )
    names = [name] if name is not None else list(schemas.MODELS)
    if output is None:
        payload = schemas.schema(names[0]) if name else {n: schemas.schema(n) for n in names}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    try:
        written = schemas.write(output, names)
    except OSError as e:
        raise DataError([cannot_write(output, e)]) from None
    for path in written:
        typer.echo(printable(f"carbon schema: 已写入 {path} (wrote)"), err=True)
