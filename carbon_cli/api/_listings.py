"""The curated plan as it is: `carbon targets`, `tasks`, `departments`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from carbon_cli.api._common import (
    Result,
    task_ids,
)
from carbon_cli.choices import (
    DEPARTMENT_KIND_LABELS,
    KIND_LABELS,
    DepartmentKind,
    Kind,
    choice,
)
from carbon_cli.errors import UsageError

if TYPE_CHECKING:
    from carbon_cli.models import Department, Indicator, Target
    from carbon_cli.plan import Plan


@dataclass(frozen=True, eq=False)
class TargetsResult(Result):
    """Targets of the plan, in file order."""

    VIEW = "targets"
    targets: list[tuple[Indicator, Target]] = field(default_factory=list)


def targets(
    plan: Plan,
    *,
    year: int | None = None,
    tasks: Iterable[str] | None = None,
    kind: Kind | str | None = None,
    department: str | None = None,
) -> TargetsResult:
    """`carbon targets`: every target of the plan, or those due in `year`, of `kind` (at_least
    or 不低于, …), …"""
    keep = task_ids(plan, department, tasks)
    kind = None if kind is None else choice(kind, KIND_LABELS, "--kind")
    selected = [
        (ind, t)
        for ind, t in plan.all_targets
        if (year is None or t.year == year)
        and (kind is None or t.kind == kind)
        and (keep is None or t.task in keep)
    ]
    return TargetsResult(plan, selected)


NUMERALS = "一二三四五六七八九十"


def group_number(text: str) -> str:
    """Accept 4, ４, 四, (四) or （四） for the fourth group."""
    bare = text.strip().strip("()（）")
    # isdecimal, not isdigit: '²' and '①' are digits that int() cannot read; and two digits at
    # most, as int() refuses a number of over 4300
    if bare.isdecimal() and len(bare) <= 2 and 1 <= int(bare) <= 13:
        n = int(bare)
        bare = NUMERALS[n - 1] if n <= 10 else "十" + NUMERALS[n - 11]
    return f"（{bare}）"


@dataclass(frozen=True, eq=False)
class TasksResult(Result):
    """Tasks of the plan with their items, in the plan's order (all when `selected` is None)."""

    VIEW = "tasks"
    selected: list[str] | None = None


def tasks(
    plan: Plan,
    *,
    group: str | None = None,
    department: str | None = None,
    tasks: Iterable[str] | None = None,
) -> TasksResult:
    """`carbon tasks`: the plan's tasks, or one group's, a department's, or those named."""
    keep = task_ids(plan, department, tasks)
    if group is not None:
        number = group_number(group)
        match = [g for g in plan.tasks.groups if g.number == number]
        if not match:
            raise UsageError(f"没有分组“{group}”", "分组为 1–13，例如 --group 4 或 --group （四）")
        in_group = {t.id for t in match[0].tasks}
        keep = in_group if keep is None else keep & in_group
    return TasksResult(plan, None if keep is None else sorted(keep))


@dataclass(frozen=True, eq=False)
class DepartmentsResult(Result):
    """Departments of the annex with their duty counts."""

    VIEW = "departments"
    departments: list[Department] = field(default_factory=list)


def departments(plan: Plan, *, kind: DepartmentKind | str | None = None) -> DepartmentsResult:
    """`carbon departments`: every body named in the annex, or those of one kind (party_organ
    or 市委机关, …)."""
    kind = None if kind is None else choice(kind, DEPARTMENT_KIND_LABELS, "--kind")
    selected = [d for d in plan.departments.departments if kind is None or d.kind == kind]
    return DepartmentsResult(plan, selected)
