"""The options commands share, declared once with their help."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from carbon_cli.choices import FIRST_YEAR, LAST_YEAR
from carbon_cli.errors import DataError
from carbon_cli.render import Format

Code = TypeVar("Code", bound=StrEnum)

DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        metavar="DIR",
        help="数据文件夹，内有 departments.yaml、tasks.yaml 和 targets.yaml（默认：$CARBON_DATA，"
        "其次是含有这三个文件的 ./data，再次是随程序安装的数据）(the data folder).",
        show_default=False,
    ),
]
ObservationsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--observations",
        metavar="PATH",
        help="观测值文件：CSV 或 Excel（.xlsx），或放这些文件的文件夹；可重复使用以添加多个"
        "（数据文件夹的 observations/ 总会读取）(observation files).",
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
        help="读取每个 .xlsx 文件的哪个工作表（默认：第一个可见的工作表）(the sheet to read).",
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


def year_option(help: str, bounded: bool = True) -> Any:
    """--year/-y with its help; `bounded`: a year carbon can assess (FIRST_YEAR–LAST_YEAR)."""
    return typer.Option(
        "--year",
        "-y",
        metavar="YEAR",
        min=FIRST_YEAR if bounded else None,
        max=LAST_YEAR if bounded else None,
        help=help,
        show_default=False,
    )


YearOpt = Annotated[
    int | None,
    year_option("评估截至这一年年末（默认：该地区最近有观测值的年份）(assess as of this year)."),
]
AreaOpt = Annotated[
    str,
    typer.Option(
        "--area",
        "-a",
        metavar="AREA",
        help="评估的地区：全市，或观测值文件中写的县（市、区）(the area to assess).",
    ),
]
ToleranceOpt = Annotated[
    float,
    typer.Option(
        "--tolerance",
        metavar="PCT",
        min=0,
        max=100,
        help="“左右”目标的容差：差距不超过目标值的百分之几仍算达到 (tolerance for 左右 targets).",
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
        help="只列出这个部门负责的内容：全称、别名（如住建局）或部分名称 (keep a department's).",
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
        help="只列出这项任务（1–40，保障措施 S1–S6），可重复使用 (keep this task).",
        show_default=False,
    ),
]
