"""Who does what: department names resolved as people type them, and each one's duties."""

from __future__ import annotations

import difflib
from typing import NamedTuple

from carbon_cli.choices import ROLE_LABELS as ROLE_LABELS
from carbon_cli.choices import Role as Role
from carbon_cli.models import (
    Department,
    DepartmentsFile,
    Group,
    Target,
    TargetsFile,
    Task,
    TasksFile,
    all_tasks,
    department_index,
    squash,
)
from carbon_cli.names import pick as pick  # resolve's rule, also for indicators (trend.py)


class Duty(NamedTuple):
    """One annex item a department is named on."""

    group: Group | None
    task: Task
    item_index: int
    text: str
    role: Role
    partners: tuple[str, ...]  # the other departments on the item, canonical, in the annex's order
    targets: tuple[str, ...]  # ids of the task's targets


CITY_PREFIX = (
    "揭阳市"  # the formal names carry the city: 揭阳市住房和城乡建设局 is 市住房城乡建设局
)


def resolve(query: str, departments: DepartmentsFile) -> Department:
    """The one department a name, alias or unique fragment means; else UsageError with hints.

    A name with the city's prefix, 揭阳市X, is also read as 市X (the annex writes 市X): the formal
    name 揭阳市住房和城乡建设局 is the alias 市住房和城乡建设局 of 市住房城乡建设局.
    """
    names = {name: dept for dept in departments.departments for name in (dept.name, *dept.aliases)}
    # only where 市X is not itself a name: 揭阳市X is then never ambiguous
    prefixed = {
        CITY_PREFIX + name[1:]: dept
        for name, dept in names.items()
        if name.startswith("市") and CITY_PREFIX + name[1:] not in names
    }
    return pick(query, {**prefixed, **names}, lambda dept: dept.name, "部门", "carbon departments")


def targets_by_task(targets: TargetsFile) -> dict[str, list[Target]]:
    """Task id → its targets, in file order."""
    by_task: dict[str, list[Target]] = {}
    for indicator in targets.indicators:
        for target in indicator.targets:
            by_task.setdefault(target.task, []).append(target)
    return by_task


MIN_OVERLAP = 4  # characters a body quote must share with an annex item to be placed on it


def quoting_items(task: Task, target: Target) -> list[int]:
    """Indexes of the items a target belongs to.

    The item that holds its quote; else the one sharing the longest run of words with it (the
    annex often rewords the body, e.g. 虚拟货币“挖矿”活动); else every item of the task.
    """
    quote = squash(target.quote)
    texts = [squash(i.text) for i in task.items]
    exact = [n for n, text in enumerate(texts) if quote in text]
    if exact:
        return exact
    overlaps = [
        difflib.SequenceMatcher(None, quote, text, autojunk=False)
        .find_longest_match(0, len(quote), 0, len(text))
        .size
        for text in texts
    ]
    best = max(overlaps, default=0)
    if best >= MIN_OVERLAP:
        return [overlaps.index(best)]
    return list(range(len(texts)))


def duties(
    dept: Department, departments: DepartmentsFile, tasks: TasksFile, targets: TargetsFile
) -> list[Duty]:
    """Every item naming the department, lead duties first, each in the plan's order."""
    index = department_index(departments)
    by_task = targets_by_task(targets)
    found: list[Duty] = []
    for group, task in all_tasks(tasks):
        for i, item in enumerate(task.items):
            canon = [index[squash(n)].name if squash(n) in index else n for n in item.departments]
            if dept.name not in canon:
                continue
            position = canon.index(dept.name)
            found.append(
                Duty(
                    group=group,
                    task=task,
                    item_index=i,
                    text=item.text,
                    role=Role.LEAD if position == 0 else Role.SUPPORT,
                    partners=tuple(dict.fromkeys(n for n in canon if n != dept.name)),
                    targets=tuple(
                        t.id for t in by_task.get(task.id, []) if i in quoting_items(task, t)
                    ),
                )
            )
    return sorted(found, key=lambda d: d.role is not Role.LEAD)
