"""Commands that judge: `status`, `explain`, `owners`, `show`."""

from __future__ import annotations

from typing import Annotated

import typer

from carbon_cli.choices import WHOLE_CITY
from carbon_cli.cli.app import app, observe, show_result
from carbon_cli.cli.ledger import recorded
from carbon_cli.cli.options import (
    AreaOpt,
    DataOpt,
    DepartmentOpt,
    FormatOpt,
    ObservationsOpt,
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
            help="Show only these statuses, e.g. behind,missed.",
            show_default=False,
        ),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="LEVEL",
            help="Exit 1 when any target is at or past this level: behind or missed.",
            show_default=False,
        ),
    ] = None,
    by_area: Annotated[
        bool,
        typer.Option("--by-area", help="Put every observed area side by side (one column each)."),
    ] = False,
    tolerance: ToleranceOpt = 2.0,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """每个目标的进展 — each target's status as of the end of a year."""
    from carbon_cli import api

    api.check_fail_on(fail_on)
    plan = api.load_plan(data)
    observed = observe(plan, observations, sheet)
    records = recorded(plan, progress)
    result: api.StatusResult | api.ByAreaResult
    if by_area:
        result = api.status_by_area(
            plan, observed, year=year, area=area, department=department, tasks=task,
            tolerance=tolerance, records=records,
        )  # fmt: skip
    else:
        result = api.status(
            plan, observed, year=year, area=area, department=department, tasks=task, only=only,
            tolerance=tolerance, records=records,
        )  # fmt: skip
    show_result(result, fmt)
    if result.fails(fail_on):
        raise typer.Exit(1)


@app.command()
def explain(
    target: Annotated[
        str,
        typer.Argument(
            metavar="TARGET",
            help="Target: its id (energy_intensity_2025), or an indicator's name or alias with "
            "the deadline where it has several targets (非化石能源消费占比2030).",
            show_default=False,
        ),
    ],
    data: DataOpt = None,
    observations: ObservationsOpt = None,
    sheet: SheetOpt = None,
    year: YearOpt = None,
    area: AreaOpt = WHOLE_CITY,
    tolerance: ToleranceOpt = 2.0,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """判定依据 — everything behind one target's status: points, start, rule, five methods."""
    from carbon_cli import api

    plan = api.load_plan(data)
    observed = observe(plan, observations, sheet, sources=True)
    show_result(api.explain(plan, observed, target, year=year, area=area, tolerance=tolerance), fmt)


@app.command()
def owners(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="Department: full name, alias (住建局, 发改局) or a unique fragment.",
            show_default=False,
            autocompletion=complete_department,
        ),
    ] = None,
    all_departments: Annotated[
        bool, typer.Option("--all", help="A scorecard: one row per department, for the 考核.")
    ] = False,
    data: DataOpt = None,
    observations: ObservationsOpt = None,
    progress: ProgressOpt = None,
    sheet: SheetOpt = None,
    year: YearOpt = None,
    area: AreaOpt = WHOLE_CITY,
    tolerance: ToleranceOpt = 2.0,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """部门职责 — a department's duties (牵头 then 配合) and how its targets stand."""
    if name is None and not all_departments:
        raise UsageError("请给出部门名称或 --all", "例如：carbon owners 市住房城乡建设局")
    from carbon_cli import api

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
    show_result(result, fmt)


@app.command()
def show(
    indicator: Annotated[
        str,
        typer.Argument(
            metavar="INDICATOR",
            help="Indicator: its id (forest_coverage), Chinese name (森林覆盖率) or a unique part.",
            show_default=False,
        ),
    ],
    data: DataOpt = None,
    observations: ObservationsOpt = None,
    sheet: SheetOpt = None,
    year: YearOpt = None,
    area: AreaOpt = WHOLE_CITY,
    tolerance: ToleranceOpt = 2.0,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """指标走势 — one indicator's series, straight-line trajectory and targets, as a chart."""
    from carbon_cli import api

    plan = api.load_plan(data)
    observed = observe(plan, observations, sheet)
    result = api.show(plan, observed, indicator, year=year, area=area, tolerance=tolerance)
    if fmt is Format.TABLE:
        from carbon_cli.render.table import render_chart
        from carbon_cli.trend import text_chart

        render_chart(text_chart(result.trend))
    show_result(result, fmt)
