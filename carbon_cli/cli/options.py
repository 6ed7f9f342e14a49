"""The options commands share, declared once with their help."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from carbon_cli.errors import DataError
from carbon_cli.render import Format

Code = TypeVar("Code", bound=StrEnum)

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
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="输出格式：table 表格（默认）、json、csv（数据，供 Excel 和程序）、markdown，"
        "或 xlsx 工作簿（须配 --output）；省略时按 --output 的扩展名 (output format).",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="写入此文件而不输出到终端：整份写入、替换已有文件，不得是本次读取的输入文件；"
        "- 为标准输出 (write to FILE).",
        show_default=False,
    ),
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


def complete_choice(labels: Mapping[Code, str]) -> Callable[[str], list[tuple[str, str]]]:
    """Shell completion of a choice: its English ids and Chinese words, each with the other."""

    def complete(incomplete: str) -> list[tuple[str, str]]:
        pairs = [(c.value, label) for c, label in labels.items()]
        pairs += [(label, c.value) for c, label in labels.items()]
        return [(word, other) for word, other in pairs if word.startswith(incomplete)]

    return complete


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
