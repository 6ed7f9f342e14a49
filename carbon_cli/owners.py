"""Who does what: department names resolved as people type them, and each one's duties."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from carbon_cli.errors import UsageError
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


class Role(StrEnum):
    """A department's part in an item: the first named leads (牵头), the others support (配合)."""

    LEAD = "lead"
    SUPPORT = "support"


ROLE_LABELS = {Role.LEAD: "牵头", Role.SUPPORT: "配合"}
T = TypeVar("T")


@dataclass(frozen=True)
class Duty:
    """One annex item a department is named on."""

    group: Group | None
    task: Task
    item_index: int
    text: str
    role: Role
    partners: tuple[str, ...]  # the other departments on the item, canonical, in the annex's order
    targets: tuple[str, ...]  # ids of the task's targets


def _fold(text: str) -> str:
    """Compare names as people type them: no spaces, full-width and half-width alike."""
    return unicodedata.normalize("NFKC", squash(text))


def pick(
    query: str, names: Mapping[str, T], label: Callable[[T], str], what: str, listing: str
) -> T:
    """The one thing a name, alias or unique fragment means; else UsageError with the closest names.

    `names` maps every accepted spelling to its thing; `what` is 部门 or 指标; `listing` is the
    command that lists them all.
    """
    wanted = _fold(query)
    if not wanted:
        raise UsageError(f"{what}名称为空", f"用 {listing} 查看全部{what}")
    folded = {_fold(name): thing for name, thing in names.items()}
    if wanted in folded:
        return folded[wanted]
    matches = {label(thing): thing for key, thing in folded.items() if wanted in key}
    if len(matches) == 1:
        return next(iter(matches.values()))
    if matches:
        raise UsageError(f"“{query}”可指多个{what}：{'、'.join(matches)}", "请写出完整名称")
    close = difflib.get_close_matches(wanted, list(folded), n=3, cutoff=0.4)
    suggestions = list(dict.fromkeys(label(folded[c]) for c in close))
    hint = (
        f"您是不是要找：{'、'.join(suggestions)}？"
        if suggestions
        else f"用 {listing} 查看全部{what}"
    )
    raise UsageError(f"没有找到{what}“{query}”", hint)


def resolve(query: str, departments: DepartmentsFile) -> Department:
    """The one department a name, alias or unique fragment means; else UsageError with hints."""
    names = {name: dept for dept in departments.departments for name in (dept.name, *dept.aliases)}
    return pick(query, names, lambda dept: dept.name, "部门", "carbon departments")


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


def lead_of(target: Target, tasks: TasksFile, departments: DepartmentsFile) -> str | None:
    """The lead department of the item holding a target's quote, else of its task's first item."""
    index = department_index(departments)
    task = next((t for _, t in all_tasks(tasks) if t.id == target.task), None)
    if task is None or not task.items:
        return None
    first = task.items[quoting_items(task, target)[0]].departments[0]
    return index[squash(first)].name if squash(first) in index else first
