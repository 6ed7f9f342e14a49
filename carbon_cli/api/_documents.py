"""One indicator as a trend (`carbon show`) and the report (`carbon report`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from carbon_cli.api._common import (
    DEFAULT_TOLERANCE,
    Result,
    as_of,
    assess_targets,
    resolve_area,
)
from carbon_cli.choices import STAGE_ALIASES, STAGE_LABELS, WHOLE_CITY, Stage, choice

if TYPE_CHECKING:
    from carbon_cli.observations import Observations
    from carbon_cli.plan import Plan
    from carbon_cli.progress import Record
    from carbon_cli.report import Report
    from carbon_cli.status import Assessment
    from carbon_cli.trend import Trend


@dataclass(frozen=True, eq=False)
class ShowResult(Result):
    """One indicator's series, trajectories and targets, as of a year."""

    VIEW = "show"
    year: int
    trend: Trend
    assessments: list[Assessment] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def show(
    plan: Plan,
    observed: Observations,
    indicator: str,
    *,
    year: int | None = None,
    area: str = WHOLE_CITY,
    tolerance: Decimal | float | int = DEFAULT_TOLERANCE,
) -> ShowResult:
    """`carbon show`: the indicator an id, Chinese name or unique fragment means, as a trend."""
    from carbon_cli import trend as trends

    found = trends.find_indicator(indicator, plan.targets.indicators)
    area = resolve_area(plan, area)
    when, notices = as_of(observed, area, year)
    series = {y: v for y, v in observed.get(found.id, area).items() if y <= when}
    drawn = trends.trend(
        found,
        found.targets,
        series,
        area,
        reference_year=plan.targets.reference_year,
        flags=observed.flags(found.id, area),
    )
    assessed = [
        a
        for a in assess_targets(plan, observed, when, area, tolerance)
        if a.indicator.id == found.id
    ]
    return ShowResult(plan, when, drawn, assessed, notices)


def report(
    plan: Plan,
    observed: Observations,
    *,
    stage: Stage | str = Stage.ANNUAL,
    year: int | None = None,
    area: str = WHOLE_CITY,
    tolerance: Decimal | float | int = DEFAULT_TOLERANCE,
    records: Sequence[Record] = (),
) -> Report:
    """`carbon report`: the 年度监测分析, 中期评估 or 总结评估 as a report model; with progress
    `records`, the milestones' status and 重点任务进展 (the year, when not asked or fixed by the
    stage: the later of the latest observed and the latest reported)."""
    from carbon_cli import report as reporting
    from carbon_cli.api._progress import as_of_both
    from carbon_cli.stages import stage_year

    stage = choice(stage, STAGE_LABELS, "--stage", STAGE_ALIASES)  # midterm or 中期评估
    area = resolve_area(plan, area)
    fixed = stage_year(stage, year)
    when = fixed if fixed is not None else as_of_both(observed, records, area, None)[0]
    return reporting.build_report(
        plan,
        observed,
        stage=stage,
        year=when,
        area=area,
        now=assess_targets(plan, observed, when, area, tolerance, records),
        before=assess_targets(plan, observed, when - 1, area, tolerance, records),
        records=records,
    )
