"""Who does what: `carbon owners NAME`, the scorecard of `owners --all`."""

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
from carbon_cli.api._status import StatusResult
from carbon_cli.choices import WHOLE_CITY

if TYPE_CHECKING:
    from carbon_cli.models import Department
    from carbon_cli.observations import Observations
    from carbon_cli.owners import Duty
    from carbon_cli.plan import Plan
    from carbon_cli.status import Assessment


@dataclass(frozen=True)
class OwnersResult(Result):
    """A department's duties (牵头 then 配合) and, with observations, how its targets stand."""

    VIEW = "owners"
    department: Department
    duties: list[Duty] = field(default_factory=list)
    status: StatusResult | None = None
    notices: list[str] = field(default_factory=list)


def owners(
    plan: Plan,
    observed: Observations,
    name: str,
    *,
    year: int | None = None,
    area: str = WHOLE_CITY,
    tolerance: Decimal | float | int = DEFAULT_TOLERANCE,
) -> OwnersResult:
    """`carbon owners NAME`: the duties of the department a name, alias or fragment means."""
    from carbon_cli.owners import duties, resolve

    dept = resolve(name, plan.departments)
    area = resolve_area(plan, area)
    found = duties(dept, plan.departments, plan.tasks, plan.targets)
    if not len(observed) and year is None:
        return OwnersResult(plan, dept, found)
    when, notices = as_of(observed, area, year)
    tasks = {d.task.id for d in found}
    assessed = [
        a for a in assess_targets(plan, observed, when, area, tolerance) if a.target.task in tasks
    ]
    return OwnersResult(plan, dept, found, StatusResult(plan, when, area, assessed), notices)


@dataclass(frozen=True)
class ScorecardRow:
    """One department of the 考核 scorecard: its duties and the targets of the tasks it is on."""

    department: Department
    duties: list[Duty]
    assessments: list[Assessment]


@dataclass(frozen=True)
class ScorecardResult(Result):
    """`carbon owners --all`: one row per department, for the 定期考核."""

    VIEW = "scorecard"
    year: int
    area: str
    rows: list[ScorecardRow] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def scorecard_rows(
    plan: Plan, assessed: Sequence[Assessment], *, only_with_targets: bool = False
) -> list[ScorecardRow]:
    """Every department with its duties and the assessed targets of the tasks it is on."""
    from carbon_cli.owners import duties

    rows = []
    for dept in plan.departments.departments:
        found = duties(dept, plan.departments, plan.tasks, plan.targets)
        tasks = {d.task.id for d in found}
        mine = [a for a in assessed if a.target.task in tasks]
        if mine or not only_with_targets:
            rows.append(ScorecardRow(dept, found, mine))
    return rows


def scorecard(
    plan: Plan,
    observed: Observations,
    *,
    year: int | None = None,
    area: str = WHOLE_CITY,
    tolerance: Decimal | float | int = DEFAULT_TOLERANCE,
) -> ScorecardResult:
    """`carbon owners --all`: every department's duty counts and its targets' statuses."""
    area = resolve_area(plan, area)
    when, notices = as_of(observed, area, year)
    assessed = assess_targets(plan, observed, when, area, tolerance)
    return ScorecardResult(plan, when, area, scorecard_rows(plan, assessed), notices)
