"""The options commands share, declared once with their help."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from carbon_cli.errors import DataError
from carbon_cli.render import Format

DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        metavar="DIR",
        help="Folder holding departments.yaml, tasks.yaml and targets.yaml "
        "(default: $CARBON_DATA, else ./data when it holds them, else the packaged copy).",
        show_default=False,
    ),
]
ObservationsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--observations",
        metavar="PATH",
        help="A CSV or Excel (.xlsx) file, or a folder of them, with observed values; repeat to "
        "add more (the data folder's observations/ is always read).",
        show_default=False,
    ),
]
ProgressOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--progress",
        metavar="PATH",
        help="任务进展记录：CSV 或 Excel（.xlsx）文件，或存放它们的文件夹，可重复；数据文件夹的 "
        "progress/ 总会读取 (progress records: a CSV or .xlsx file, or a folder of them; "
        "repeatable; the data folder's progress/ is always read).",
        show_default=False,
    ),
]
SheetOpt = Annotated[
    str | None,
    typer.Option(
        "--sheet",
        metavar="SHEET",
        help="The sheet of each .xlsx file to read (default: its first visible sheet).",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format: table, json, csv or markdown."),
]
YearOpt = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        metavar="YEAR",
        min=1900,
        max=2100,
        help="Assess as of the end of this year (default: the latest year observed in the area).",
        show_default=False,
    ),
]
AreaOpt = Annotated[
    str,
    typer.Option(
        "--area",
        "-a",
        metavar="AREA",
        help="Area to assess: 全市 or a county/district as written in the CSV.",
    ),
]
ToleranceOpt = Annotated[
    float,
    typer.Option(
        "--tolerance",
        metavar="PCT",
        min=0,
        max=100,
        help="For 左右 targets: how far short (in % of the target) still counts as met.",
    ),
]


def complete_department(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: department names and aliases starting with what was typed (typer keeps
    only those), each alias with its department's name as help."""
    from carbon_cli.loading import FILES, find_data, load_file
    from carbon_cli.models import DepartmentsFile

    data = ctx.params.get("data")
    source = find_data(data if isinstance(data, Path) else None)
    try:
        found, _ = load_file(
            source.path / FILES["departments"], FILES["departments"], DepartmentsFile
        )
    except DataError:  # a broken data folder: no completions, and no noise in the shell
        return []
    return [
        (name, "" if name == dept.name else dept.name)
        for dept in found.departments
        for name in (dept.name, *dept.aliases)
        if name.startswith(incomplete)
    ]


DepartmentOpt = Annotated[
    str | None,
    typer.Option(
        "--department",
        "-d",
        metavar="DEPT",
        help="Keep what this department is named on (name, alias such as 住建局, or fragment).",
        show_default=False,
        autocompletion=complete_department,
    ),
]
TaskOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--task",
        "-t",
        metavar="TASK",
        help="Keep this task (1–40, S1–S6); repeatable.",
        show_default=False,
    ),
]
