"""The loaded plan and the questions every part of the program asks of it.

Which task is where, who leads a target, which department a name means: asked once per row of a
table, so each answer is worked out once per plan and kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from carbon_cli.models import (
    AreasFile,
    Department,
    DepartmentsFile,
    Group,
    Indicator,
    Kind,
    Target,
    TargetsFile,
    Task,
    TasksFile,
    all_tasks,
    department_index,
    squash,
)

if TYPE_CHECKING:
    import yaml

SAFEGUARDS = "保障措施"
KEY_TASKS = "重点任务"


class DataSource(NamedTuple):
    """The data folder in use and why it was chosen."""

    path: Path
    origin: str  # "--data", "CARBON_DATA", "./data" or "packaged"

    def describe(self) -> str:
        """One line for people: which folder, chosen how."""
        return f"{self.path} ({self.origin})"


class Document(NamedTuple):
    """A loaded YAML file: its path as shown to people and its node tree (for positions)."""

    path: str
    root: yaml.Node


@dataclass(frozen=True, eq=False)  # compared by its files' models, not as a whole
class Plan:
    """The curated files, validated, with their texts for cross-file positions."""

    source: DataSource
    departments: DepartmentsFile
    tasks: TasksFile
    targets: TargetsFile
    texts: dict[str, tuple[str, str]]  # name (a key of loading.FILES) → (path as shown, text)
    # node trees, parsed again from `texts` when a position is asked for after a cached load
    documents: dict[str, Document] = field(default_factory=dict, repr=False)
    areas: AreasFile | None = None  # data/areas.yaml, None when the folder has none
    # target id → lead, as worked out when the plan was stored in the cache (see leads)
    stored_leads: Mapping[str, str | None] | None = field(default=None, repr=False)

    def document(self, name: str) -> Document:
        """The node tree of file `name` (a key of loading.FILES)."""
        from carbon_cli import yamlparse  # PyYAML only when a position is asked for

        doc = self.documents.get(name)
        if doc is None:
            shown, text = self.texts[name]
            doc = self.documents[name] = Document(shown, yamlparse.parse_yaml(text, shown)[0])
        return doc

    def position(self, name: str, loc: Sequence[str | int]) -> tuple[str, int | None, int | None]:
        """Path, line and column of the value at `loc` in file `name` (a key of loading.FILES)."""
        from carbon_cli import yamlparse

        doc = self.document(name)
        mark = yamlparse.node_at(doc.root, loc).start_mark
        return doc.path, mark.line + 1, mark.column + 1

    # ---- the plan's structure

    @cached_property
    def ordered_tasks(self) -> list[tuple[Group | None, Task]]:
        """Every key task with its group, then every 保障措施 (group None), in the plan's order."""
        return all_tasks(self.tasks)

    @cached_property
    def task_order(self) -> dict[str, int]:
        """Task id → its position in the plan, to list things group by group."""
        return {task.id: n for n, (_, task) in enumerate(self.ordered_tasks)}

    def task(self, task_id: str) -> Task | None:
        """The task (1–40, S1–S6) with this id."""
        found = self._tasks_by_id.get(task_id)
        return None if found is None else found[1]

    @cached_property
    def _tasks_by_id(self) -> dict[str, tuple[Group | None, Task]]:
        return {task.id: (group, task) for group, task in self.ordered_tasks}

    def group_title(self, task_id: str) -> str:
        """The group a task belongs to, e.g. "（五）城乡建设碳达峰行动", or 保障措施."""
        found = self._tasks_by_id.get(task_id)
        if found is None:
            return ""
        group = found[0]
        return f"{group.number}{group.title}" if group else SAFEGUARDS

    # ---- targets

    @cached_property
    def observable_indicators(self) -> list[Indicator]:
        """Indicators observed as numbers: all but those holding only milestones (a milestone is
        reported as progress, so a fill-in file has no row for it)."""
        return [
            ind
            for ind in self.targets.indicators
            if any(t.kind is not Kind.MILESTONE for t in ind.targets)
        ]

    @cached_property
    def all_targets(self) -> list[tuple[Indicator, Target]]:
        """Every target with its indicator, in file order."""
        return [(ind, t) for ind in self.targets.indicators for t in ind.targets]

    @cached_property
    def targets_by_task(self) -> dict[str, list[Target]]:
        """Task id → its targets, in file order."""
        by_task: dict[str, list[Target]] = {}
        for _, target in self.all_targets:
            by_task.setdefault(target.task, []).append(target)
        return by_task

    @cached_property
    def leads(self) -> Mapping[str, str | None]:
        """Target id → its lead department. Matching a quote to the item holding it takes a few
        milliseconds of difflib, so the cache keeps the answer with the plan (loading.py)."""
        if self.stored_leads is not None:
            return self.stored_leads
        from carbon_cli.owners import quoting_items

        leads: dict[str, str | None] = {}
        for _, target in self.all_targets:
            task = self.task(target.task)
            if task is None or not task.items:
                leads[target.id] = None
                continue
            first = task.items[quoting_items(task, target)[0]].departments[0]
            leads[target.id] = self.canonical(first)
        return leads

    def lead_of(self, target: Target) -> str | None:
        """The lead department of the item quoting a target, else of its task's first item."""
        return self.leads.get(target.id)

    # ---- departments

    @property
    def department_index(self) -> Mapping[str, Department]:
        """Every name and alias (without spaces) → its department."""
        return department_index(self.departments)

    def canonical(self, name: str) -> str:
        """The canonical name of a department named as the annex writes it (else the name)."""
        dept = self.department_index.get(squash(name))
        return dept.name if dept is not None else name
