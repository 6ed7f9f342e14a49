"""Who does what: `carbon owners NAME`, the scorecard of `owners --all`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from carbon_cli.api._common import (
    DEFAULT_TOLERANCE,
    Result,
    assess_targets,
    resolve_area,
)
from carbon_cli.api._progress import as_of_both
from carbon_cli.api._status import StatusResult
from carbon_cli.choices import WHOLE_CITY
from carbon_cli.standings import standings

if TYPE_CHECKING:
    from carbon_cli.models import Department
    from carbon_cli.observations import Observations
    from carbon_cli.owners import Duty
    from carbon_cli.plan import Plan
    from carbon_cli.progress import Record
    from carbon_cli.standings import DepartmentStanding, Standing
    from carbon_cli.status import Assessment


def duty_item(duty: Duty) -> str:
    """The id of the annex item a duty is (14.2)."""
    return duty.task.items[duty.item_index].id


def parts(
    plan: Plan, records: Sequence[Record], year: int
) -> dict[str, dict[str, DepartmentStanding]]:
    """Every item's departments' standings as of `year`, by item id and department."""
    return {
        p.item.id: {d.department: d for d in p.standing.departments}
        for p in standings(plan, records, year)
    }


@dataclass(frozen=True, eq=False)
class OwnersResult(Result):
    """A department's duties (牵头 then 配合), with progress records each one's standing for it,
    and with observations how its targets stand."""

    VIEW = "owners"
    department: Department
    duties: list[Duty] = field(default_factory=list)
    status: StatusResult | None = None
    notices: list[str] = field(default_factory=list)
    progress: dict[str, DepartmentStanding] | None = None  # item id → the department's part
    progress_year: int | None = None


def owners(
    plan: Plan,
    observed: Observations,
    name: str,
    *,
    year: int | None = None,
    area: str = WHOLE_CITY,
    tolerance: Decimal | float | int = DEFAULT_TOLERANCE,
    records: Sequence[Record] = (),
) -> OwnersResult:
    """`carbon owners NAME`: the duties of the department a name, alias or fragment means.

    The year (asked, else the later of the latest observed and the latest reported) judges both
    its targets (with observations or --year) and its items (with progress records).
    """
    from carbon_cli.owners import duties, resolve

    dept = resolve(name, plan.departments)
    area = resolve_area(plan, area)
    found = duties(dept, plan.departments, plan.tasks, plan.targets)
    if not len(observed) and not records and year is None:
        return OwnersResult(plan, dept, found)
    when, notices = as_of_both(observed, records, area, year)
    mine: dict[str, DepartmentStanding] | None = None
    if records:
        every = parts(plan, records, when)
        mine = {duty_item(d): every[duty_item(d)][dept.name] for d in found}
    status = None
    if len(observed) or year is not None:
        tasks = {d.task.id for d in found}
        assessed = [
            a
            for a in assess_targets(plan, observed, when, area, tolerance, records)
            if a.target.task in tasks
        ]
        status = StatusResult(plan, when, area, assessed)
    return OwnersResult(plan, dept, found, status, notices, mine, when if records else None)


@dataclass(frozen=True)
class ScorecardRow:
    """One department of the 考核 scorecard: its duties, the targets of the tasks it is on and,
    with progress records, its items by its own standing on each."""

    department: Department
    duties: list[Duty]
    assessments: list[Assessment]
    progress: dict[Standing, int] | None = None


@dataclass(frozen=True, eq=False)
class ScorecardResult(Result):
    """`carbon owners --all`: one row per department, for the 定期考核."""

    VIEW = "scorecard"
    year: int
    area: str
    rows: list[ScorecardRow] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def scorecard_rows(
    plan: Plan,
    assessed: Sequence[Assessment],
    *,
    only_with_targets: bool = False,
    records: Sequence[Record] = (),
    year: int | None = None,
) -> list[ScorecardRow]:
    """Every department with its duties, the assessed targets of the tasks it is on and, with
    progress records (and the year they are judged as of), its items counted by standing."""
    from carbon_cli.owners import duties
    from carbon_cli.standings import summary

    every = parts(plan, records, year) if records and year is not None else None
    rows = []
    for dept in plan.departments.departments:
        found = duties(dept, plan.departments, plan.tasks, plan.targets)
        tasks = {d.task.id for d in found}
        mine = [a for a in assessed if a.target.task in tasks]
        counts = (
            None
            if every is None
            else summary(every[duty_item(d)][dept.name].standing for d in found)
        )
        if mine or not only_with_targets:
            rows.append(ScorecardRow(dept, found, mine, counts))
    return rows


def scorecard(
    plan: Plan,
    observed: Observations,
    *,
    year: int | None = None,
    area: str = WHOLE_CITY,
    tolerance: Decimal | float | int = DEFAULT_TOLERANCE,
    records: Sequence[Record] = (),
) -> ScorecardResult:
    """`carbon owners --all`: every department's duty counts, its targets' statuses and, with
    progress records, its items' standings; as of `year` (else the later of the latest observed
    and the latest reported)."""
    area = resolve_area(plan, area)
    when, notices = as_of_both(observed, records, area, year)
    assessed = assess_targets(plan, observed, when, area, tolerance, records)
    rows = scorecard_rows(plan, assessed, records=records, year=when)
    return ScorecardResult(plan, when, area, rows, notices)
