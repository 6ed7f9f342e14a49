"""Commands that write documents: `report`, `template`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from carbon_cli.choices import WHOLE_CITY, ReportFormat, Stage
from carbon_cli.cli.app import app, observe
from carbon_cli.cli.options import (
    AreaOpt,
    DataOpt,
    ObservationsOpt,
    SheetOpt,
    ToleranceOpt,
    YearOpt,
)
from carbon_cli.errors import DataError, Problem, UsageError
from carbon_cli.render import render_report
from carbon_cli.render.text import printable

REPORT_EXTRA = 'pip install "carbon-cli[report]"'


@app.command()
def report(
    data: DataOpt = None,
    observations: ObservationsOpt = None,
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
            help="File to write, replaced if it exists (default or -: stdout).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="html (one self-contained file that prints on A4; its charts need "
            f"{REPORT_EXTRA}) or markdown (default: markdown for an --output ending .md, "
            "else html).",
            show_default=False,
        ),
    ] = None,
    tolerance: ToleranceOpt = 2.0,
) -> None:
    """监测分析报告 — the 年度监测分析, 中期评估 or 总结评估 report, as HTML or Markdown."""
    import importlib.util

    if fmt is None:
        markdown = output is not None and output.suffix.lower() in {".md", ".markdown"}
        fmt = ReportFormat.MARKDOWN if markdown else ReportFormat.HTML
    if fmt is ReportFormat.HTML and importlib.util.find_spec("matplotlib") is None:
        typer.echo(
            f"carbon: HTML 报告的图表需要 matplotlib：{REPORT_EXTRA}（或用 --format markdown）"
            f" (the HTML report's charts need matplotlib: {REPORT_EXTRA})",
            err=True,
        )
        raise typer.Exit(1)
    from carbon_cli import api

    plan = api.load_plan(data)
    if output is not None and str(output) != "-":
        api.refuse_output_on_inputs(output, plan, observations or [])
    observed = observe(plan, observations, sheet, sources=True)
    built = api.report(plan, observed, stage=stage, year=year, area=area, tolerance=tolerance)
    text = printable(render_report(built, fmt))  # a source cell's ESC must not reach a terminal
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    from carbon_cli.files import write_atomic

    try:
        write_atomic(output, text)  # a full disk leaves the old file, not half a report
    except OSError as e:
        problem = Problem(
            str(output), None, None, "cannot-write", f"cannot write: {e.strerror or e}"
        )
        raise DataError([problem]) from None
    from carbon_cli.labels import summary_line

    wrote = f"carbon report: 已写入 {output} — {built.title}；{summary_line(built.counts)}"
    typer.echo(printable(wrote), err=True)


@app.command()
def template(
    data: DataOpt = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            metavar="YEAR",
            min=1900,
            max=2100,
            help="The year to fill in on every row (default: last calendar year).",
            show_default=False,
        ),
    ] = None,
    area: Annotated[
        str, typer.Option("--area", "-a", metavar="AREA", help="The area to fill in on every row.")
    ] = WHOLE_CITY,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The file to write: .csv (UTF-8 with BOM, for Excel) or .xlsx; - prints CSV "
            "(default: observations-YEAR.csv).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the output file if it exists.")
    ] = False,
) -> None:
    """观测值填报模板 — a fill-in file: one row per indicator, the values left blank."""
    import datetime

    from carbon_cli import api
    from carbon_cli import template as fill_in  # only this command needs it

    when = year if year is not None else datetime.date.today().year - 1
    indicators = api.load_plan(data).observable_indicators
    if output is not None and str(output) == "-":
        fill_in.write_csv(sys.stdout, fill_in.rows(indicators, when, area), end="\n")
        return
    path = output if output is not None else Path(f"observations-{when}.csv")
    if path.suffix.lower() not in fill_in.SUFFIXES:
        raise UsageError(
            f"--output: '{path}' is not a .csv or .xlsx file", "end the name in .csv or .xlsx"
        )
    if path.exists() and not force:
        raise UsageError(
            f"{path} already exists (it may hold filled-in values)",
            "give another --output, or --force to overwrite it",
        )
    try:
        fill_in.write(path, indicators, when, area)
    except OSError as e:
        raise DataError(
            [Problem(str(path), None, None, "cannot-write", f"cannot write: {e.strerror or e}")]
        ) from None
    wrote = (
        f"carbon template: 已写出 {path}：{len(indicators)} 个指标，{when}年，{area} "
        f"(wrote {len(indicators)} rows; fill in the value column, then "
        f"carbon validate --observations {path})"
    )
    typer.echo(printable(wrote), err=True)
