"""Commands that write documents: `report`, `template`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from carbon_cli.choices import WHOLE_CITY, ReportFormat, Stage
from carbon_cli.cli.app import app, cannot_write, observe
from carbon_cli.cli.ledger import department_workbooks, recorded
from carbon_cli.cli.options import (
    AreaOpt,
    DataOpt,
    ObservationsOpt,
    ProgressOpt,
    SheetOpt,
    ToleranceOpt,
    YearOpt,
    complete_department,
)
from carbon_cli.errors import DataError, UsageError
from carbon_cli.render import missing_for, render_report
from carbon_cli.render.text import printable

REPORT_EXTRA = 'pip install "carbon-cli[report]"'
# the format an --output's suffix asks for, when --format is not given
REPORT_SUFFIXES = {
    ".md": ReportFormat.MARKDOWN,
    ".markdown": ReportFormat.MARKDOWN,
    ".docx": ReportFormat.DOCX,
}
# what is missing, said in one line: the format's extra, and the format that needs none
NEEDS = {
    ReportFormat.HTML: "HTML 报告的图表需要 matplotlib",
    ReportFormat.DOCX: "Word 报告需要 python-docx 和 matplotlib",
}


@app.command()
def report(
    data: DataOpt = None,
    observations: ObservationsOpt = None,
    progress: ProgressOpt = None,
    sheet: SheetOpt = None,
    year: YearOpt = None,
    stage: Annotated[
        str,
        typer.Option(
            "--stage",
            metavar="STAGE",
            help="年度（annual，默认）：年度监测分析，截至 --year 的全部目标（默认最近观测年份）；"
            "中期评估（midterm）：2025年到期的目标，截至2025年；总结评估（final）：2030年到期"
            "及长期目标，截至2030年 (which evaluation).",
            show_default=False,
        ),
    ] = Stage.ANNUAL,
    area: AreaOpt = WHOLE_CITY,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="写入此文件，已有则替换（默认或 -：输出到终端）(the file to write).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="报告格式：html，一个自带图表、可按 A4 打印的网页（需 "
            f"{REPORT_EXTRA}）；markdown；docx：公文格式的 Word 文档（需 "
            'pip install "carbon-cli[docx]"，须加 --output）。默认按 --output 的后缀：.md 为 '
            "markdown，.docx 为 docx，其余为 html (html, markdown or docx; default: by the "
            "--output suffix, else html).",
            show_default=False,
        ),
    ] = None,
    tolerance: ToleranceOpt = 2.0,
) -> None:
    """监测分析报告：年度监测分析、中期评估或总结评估，HTML、Markdown 或 Word (the report)."""
    to_stdout = output is None or str(output) == "-"
    if fmt is None:
        suffix = "" if output is None else output.suffix.lower()
        fmt = REPORT_SUFFIXES.get(suffix, ReportFormat.HTML)
    extra = missing_for(fmt)
    if extra is not None:
        install = f'pip install "carbon-cli[{extra}]"'
        typer.echo(f"carbon: {NEEDS[fmt]}：{install}（或用 --format markdown）", err=True)
        raise typer.Exit(1)
    if fmt is ReportFormat.DOCX and to_stdout:
        raise UsageError("Word 报告是一个文件，不能写到终端", "加 --output 报告.docx")
    from carbon_cli import api

    plan = api.load_plan(data)
    if output is not None and str(output) != "-":
        api.refuse_output_on_inputs(output, plan, [*(observations or []), *(progress or [])])
    observed = observe(plan, observations, sheet, sources=True)
    records = recorded(plan, progress)
    built = api.report(
        plan, observed, stage=stage, year=year, area=area, tolerance=tolerance, records=records
    )
    drawn = render_report(built, fmt)
    if isinstance(drawn, str):
        drawn = printable(drawn)  # a source cell's ESC must not reach a terminal
    if output is None or str(output) == "-":
        assert isinstance(drawn, str)  # docx was refused above
        sys.stdout.write(drawn)
        return
    from carbon_cli.files import write_atomic

    try:
        write_atomic(output, drawn)  # a full disk leaves the old file, not half a report
    except OSError as e:
        raise DataError([cannot_write(output, e)]) from None
    from carbon_cli.labels import summary_line

    wrote = f"carbon report: 已写入 {output} — {built.title}；{summary_line(built.counts)}"
    typer.echo(printable(wrote), err=True)


@app.command()
def template(
    data: DataOpt = None,
    area: Annotated[
        str,
        typer.Option(
            "--area",
            "-a",
            metavar="AREA",
            help="每行填入的地区：全市或 data/areas.yaml 中的县（市、区），可写简称或别名 "
            "(the area on every row).",
        ),
    ] = WHOLE_CITY,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="要写出的文件：.csv（带 BOM 的 UTF-8，Excel 可直接打开）或 .xlsx；- 输出 CSV "
            "到终端（默认：observations-template.csv）(the file to write).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="输出文件已存在时覆盖 (overwrite the output file).")
    ] = False,
    department: Annotated[
        str | None,
        typer.Option(
            "--department",
            "-d",
            metavar="DEPT",
            help="部门填报工作簿（.xlsx）：该部门牵头目标的指标（每年一列）和它承担的具体任务"
            "（进展状态为下拉选项）；all 为每个部门各写一个，写入 --output 文件夹 (a department's "
            "workbook of its indicators and items; all: one per department, into a folder).",
            show_default=False,
            autocompletion=complete_department,
        ),
    ] = None,
) -> None:
    """观测值填报模板：每个指标一行、每年一列、数值留空；加 --department 时为一个部门的指标和任务
    工作簿 (a fill-in file, a column per year; with --department, a department's workbook)."""
    if department is not None:
        department_workbooks(data, department, output, force)
        return
    from carbon_cli import api
    from carbon_cli import template as fill_in  # only this command needs it

    plan = api.load_plan(data)
    place = api.resolve_area(plan, area)
    indicators = plan.observable_indicators
    years = fill_in.years(plan)
    if output is not None and str(output) == "-":
        head, body = fill_in.header(years), fill_in.indicator_rows(indicators, years, place)
        fill_in.write_csv(sys.stdout, head, body)
        return
    path = output if output is not None else Path("observations-template.csv")
    if path.suffix.lower() not in fill_in.SUFFIXES:
        raise UsageError(
            f"--output：“{path}”不是 .csv 或 .xlsx 文件 (not a .csv or .xlsx file)",
            "文件名请以 .csv 或 .xlsx 结尾",
        )
    try:
        fill_in.write(path, fill_in.render(plan, indicators, place, path), overwrite=force)
    except FileExistsError:
        raise UsageError(
            f"{path} 已存在，其中可能有已填的数值 (already exists)",
            "请换一个 --output，或加 --force 覆盖",
        ) from None
    except OSError as e:
        raise DataError([cannot_write(path, e)]) from None
    wrote = (
        f"carbon template: 已写出 {path}：{len(indicators)} 个指标，{years[0]}—{years[-1]}年，"
        f"{place}；填好数值后运行 carbon validate --observations {path} "
        f"(wrote {len(indicators)} rows, a column per year)"
    )
    typer.echo(printable(wrote), err=True)
