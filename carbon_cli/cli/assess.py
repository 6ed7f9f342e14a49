"""Commands that judge: `status`, `explain`, `owners`, `show`."""

from __future__ import annotations

from typing import Annotated

import typer

from carbon_cli.choices import WHOLE_CITY
from carbon_cli.cli.app import app, first_run, observe, output_format, show_result
from carbon_cli.cli.ledger import recorded
from carbon_cli.cli.options import (
    AreaOpt,
    DataOpt,
    DepartmentOpt,
    FormatOpt,
    ObservationsOpt,
    OutputOpt,
    ProgressOpt,
    SheetOpt,
    TaskOpt,
    ToleranceOpt,
    YearOpt,
    complete_department,
)
from carbon_cli.errors import UsageError
from carbon_cli.render import Format


@app.command()
def status(
    data: DataOpt = None,
    observations: ObservationsOpt = None,
    progress: ProgressOpt = None,
    sheet: SheetOpt = None,
    year: YearOpt = None,
    area: AreaOpt = WHOLE_CITY,
    department: DepartmentOpt = None,
    task: TaskOpt = None,
    only: Annotated[
        str | None,
        typer.Option(
            metavar="STATUSES",
            help="只列出这些状态，逗号分隔，中文或英文：滞后,未达标 或 behind,missed "
            "(show only these statuses).",
            show_default=False,
        ),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="LEVEL",
            help="有目标处于此级别或更差时以退出码 1 结束：滞后（behind，含未达标）或未达标"
            "（missed）(exit 1 when any target is at or past this level).",
            show_default=False,
        ),
    ] = None,
    by_area: Annotated[
        bool,
        typer.Option(
            "--by-area", help="各地区并列对比，每个有观测值的地区一列 (areas side by side)."
        ),
    ] = False,
    tolerance: ToleranceOpt = 2.0,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """每个目标的进展：截至某年年末各目标的状态 (each target's status as of the end of a year)."""
    from carbon_cli import api

    fmt = output_format(fmt, output)
    fail_on = api.check_fail_on(fail_on)
    plan = api.load_plan(data)
    observed = observe(plan, observations, sheet)
    records = recorded(plan, progress)
    result: api.StatusResult | api.ByAreaResult
    if by_area:
        result = api.status_by_area(
            plan, observed, year=year, area=area, department=department, tasks=task, only=only,
            tolerance=tolerance, records=records,
        )  # fmt: skip
    else:
        result = api.status(
            plan, observed, year=year, area=area, department=department, tasks=task, only=only,
            tolerance=tolerance, records=records,
        )  # fmt: skip
    show_result(result, fmt, output, [*(observations or []), *(progress or [])])
    if isinstance(result, api.StatusResult):
        first_run(observed, result.area)
    if result.fails(fail_on):
        raise typer.Exit(1)


@app.command()
def explain(
    target: Annotated[
        str,
        typer.Argument(
            metavar="TARGET",
            help="目标：目标编号（energy_intensity_2025），或指标名称、别名；指标有多个目标时"
            "加上期限年份（非化石能源消费占比2030）(the target: its id, or an indicator's name).",
            show_default=False,
        ),
    ],
    data: DataOpt = None,
    observations: ObservationsOpt = None,
    sheet: SheetOpt = None,
    year: YearOpt = None,
    area: AreaOpt = WHOLE_CITY,
    tolerance: ToleranceOpt = 2.0,
    progress: ProgressOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """判定依据：一个目标的观测点、起点、判定规则和五种方法的结论 (why a target has its status)."""
    from carbon_cli import api

    plan = api.load_plan(data)
    observed = observe(plan, observations, sheet, sources=True)
    records = recorded(plan, progress)
    result = api.explain(
        plan, observed, target, year=year, area=area, tolerance=tolerance, records=records
    )
    show_result(result, fmt, output, [*(observations or []), *(progress or [])])


@app.command()
def owners(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="部门：全称、别名（住建局、发改局）或能唯一确定的部分 (department name).",
            show_default=False,
            autocompletion=complete_department,
        ),
    ] = None,
    all_departments: Annotated[
        bool,
        typer.Option(
            "--all", help="部门考核表：每个部门一行 (a scorecard, one row per department)."
        ),
    ] = False,
    data: DataOpt = None,
    observations: ObservationsOpt = None,
    progress: ProgressOpt = None,
    sheet: SheetOpt = None,
    year: YearOpt = None,
    area: AreaOpt = WHOLE_CITY,
    tolerance: ToleranceOpt = 2.0,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """部门职责：一个部门牵头和配合的具体任务及其目标进展 (a department's duties)."""
    if name is None and not all_departments:
        raise UsageError("请给出部门名称或 --all", "例如：carbon owners 市住房城乡建设局")
    from carbon_cli import api

    fmt = output_format(fmt, output)

    plan = api.load_plan(data)
    observed = observe(plan, observations, sheet)
    records = recorded(plan, progress)
    result: api.ScorecardResult | api.OwnersResult
    if all_departments:
        result = api.scorecard(
            plan, observed, year=year, area=area, tolerance=tolerance, records=records
        )
    else:
        assert name is not None
        result = api.owners(
            plan, observed, name, year=year, area=area, tolerance=tolerance, records=records
        )
    show_result(result, fmt, output, [*(observations or []), *(progress or [])])
    if isinstance(result, api.ScorecardResult):
        first_run(observed, result.area)


@app.command()
def show(
    indicator: Annotated[
        str,
        typer.Argument(
            metavar="INDICATOR",
            help="指标：编号（forest_coverage）、中文名称（森林覆盖率）或能唯一确定的部分 "
            "(indicator).",
            show_default=False,
        ),
    ],
    data: DataOpt = None,
    observations: ObservationsOpt = None,
    sheet: SheetOpt = None,
    year: YearOpt = None,
    area: AreaOpt = WHOLE_CITY,
    tolerance: ToleranceOpt = 2.0,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """指标走势：一个指标的观测值、线性进度和目标，附文字图 (one indicator's trend)."""
    from carbon_cli import api

    fmt = output_format(fmt, output)

    plan = api.load_plan(data)
    observed = observe(plan, observations, sheet)
    result = api.show(plan, observed, indicator, year=year, area=area, tolerance=tolerance)
    if fmt is Format.TABLE and output is None:
        from carbon_cli.render.table import render_chart
        from carbon_cli.trend import text_chart

        render_chart(text_chart(result.trend))
    show_result(result, fmt, output, observations or [])
    first_run(observed, result.trend.area)
