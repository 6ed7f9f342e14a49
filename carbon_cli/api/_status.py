"""Targets as of a year: `carbon status`, `--by-area` (and `carbon explain`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from carbon_cli.api._common import (
    DEFAULT_TOLERANCE,
    Result,
    as_of,
    assess_targets,
    resolve_area,
    statuses,
    task_ids,
)
from carbon_cli.choices import WHOLE_CITY, choice

if TYPE_CHECKING:
    from carbon_cli.observations import Observations
    from carbon_cli.plan import Plan
    from carbon_cli.progress import Record
    from carbon_cli.status import Assessment


@dataclass(frozen=True, eq=False)
class StatusResult(Result):
    """Every target's status as of the end of a year, in one area."""

    VIEW = "status"
    year: int
    area: str
    assessments: list[Assessment] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def area_note(self) -> str | None:
        """For an area other than 全市, the sentence saying the plan's targets are the city's."""
        from carbon_cli.areas import area_note

        return area_note(self.area)

    def fails(self, level: str | None) -> bool:
        """Whether a --fail-on level (behind or missed) is met: a target at or past it."""
        from carbon_cli.status import Status

        if level is None:
            return False
        failing = {Status.MISSED} | ({Status.BEHIND} if level == "behind" else set())
        return any(a.status in failing for a in self.assessments)


def check_fail_on(level: str | None) -> str | None:
    """--fail-on takes behind or missed, or their Chinese words 滞后, 未达标: the level's id."""
    from carbon_cli.status import STATUS_LABELS, Status

    if level is None:
        return None
    levels = {s: STATUS_LABELS[s] for s in (Status.BEHIND, Status.MISSED)}
    return choice(level, levels, "--fail-on").value


def status(
    plan: Plan,
    observed: Observations,
    *,
    year: int | None = None,
    area: str = WHOLE_CITY,
    department: str | None = None,
    tasks: Iterable[str] | None = None,
    only: str | Iterable[str] | None = None,
    tolerance: Decimal | float | int = DEFAULT_TOLERANCE,
    records: Sequence[Record] = (),
) -> StatusResult:
    """`carbon status`: each target's status as of the end of `year` (default: latest observed)
    in `area` (a name, alias or short form of data/areas.yaml); milestones from the progress
    `records`."""
    area = resolve_area(plan, area)
    keep = task_ids(plan, department, tasks)
    shown = statuses(only)
    when, notices = as_of(observed, area, year)
    kept = _of_tasks(assess_targets(plan, observed, when, area, tolerance, records), keep)
    assessed = [a for a in kept if not shown or a.status in shown]
    return StatusResult(plan, when, area, assessed, notices)


def _of_tasks(assessed: list[Assessment], keep: set[str] | None) -> list[Assessment]:
    """The assessments of targets in the tasks kept (all when `keep` is None)."""
    return [a for a in assessed if keep is None or a.target.task in keep]


@dataclass(frozen=True, eq=False)
class ByAreaResult(Result):
    """Every observed area's statuses side by side, for one year."""

    VIEW = "by_area"
    year: int
    columns: dict[str, list[Assessment]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    def fails(self, level: str | None) -> bool:
        """Whether a --fail-on level is met in any area."""
        return any(
            StatusResult(self.plan, self.year, place, column).fails(level)
            for place, column in self.columns.items()
        )


def status_by_area(
    plan: Plan,
    observed: Observations,
    *,
    year: int | None = None,
    area: str = WHOLE_CITY,
    department: str | None = None,
    tasks: Iterable[str] | None = None,
    only: str | Iterable[str] | None = None,
    tolerance: Decimal | float | int = DEFAULT_TOLERANCE,
    records: Sequence[Record] = (),
) -> ByAreaResult:
    """`carbon status --by-area`: one status column per observed area (`area` when none); with
    `only`, the targets that have one of those statuses in at least one area."""
    keep = task_ids(plan, department, tasks)
    shown = statuses(only)
    areas = _in_list_order(plan, observed.areas()) or [resolve_area(plan, area)]
    when, notices = as_of(observed, areas[0], year)
    columns = {
        place: _of_tasks(assess_targets(plan, observed, when, place, tolerance, records), keep)
        for place in areas
    }
    if shown:
        wanted = {a.target.id for column in columns.values() for a in column if a.status in shown}
        columns = {p: [a for a in column if a.target.id in wanted] for p, column in columns.items()}
    return ByAreaResult(plan, when, columns, notices)


def _in_list_order(plan: Plan, areas: list[str]) -> list[str]:
    """Areas in data/areas.yaml's order (全市, then the counties as listed), others after them."""
    from carbon_cli.areas import Areas

    order = {name: n for n, name in enumerate(Areas(plan.areas).names())}
    return sorted(areas, key=lambda a: (a != WHOLE_CITY, order.get(a, len(order)), a))
