"""Cross-file checks for `carbon validate`: what no single schema can see."""

from __future__ import annotations

from collections import Counter

from carbon_cli.errors import Problem, sort_problems
from carbon_cli.loading import Plan
from carbon_cli.models import RELATIVE_KINDS, Kind, all_tasks, department_index, squash


def check_plan(plan: Plan) -> list[Problem]:
    """Every cross-file problem of a loaded plan, sorted by file and line."""
    return sort_problems([*_check_departments(plan), *_check_tasks(plan), *_check_targets(plan)])


def _check_departments(plan: Plan) -> list[Problem]:
    """Names and aliases each belong to one department only."""
    problems = []
    holder: dict[str, str] = {}
    for i, dept in enumerate(plan.departments.departments):
        for j, name in enumerate((dept.name, *dept.aliases)):
            key = squash(name)
            loc: list[str | int] = (
                ["departments", i, "name"] if j == 0 else ["departments", i, "aliases", j - 1]
            )
            if key in holder:
                problems.append(
                    Problem(
                        *plan.position("departments", loc),
                        "duplicate-name",
                        f"department {dept.name}: '{name}' is already used by {holder[key]}",
                        "a name or alias may belong to one department only",
                    )
                )
            else:
                holder[key] = dept.name
    return problems


def _check_tasks(plan: Plan) -> list[Problem]:
    """Task ids are unique and every department an item names is in departments.yaml."""
    problems = []
    index = department_index(plan.departments)
    ids = Counter(t.id for _, t in all_tasks(plan.tasks))
    locs: list[list[str | int]] = []
    for gi, group in enumerate(plan.tasks.groups):
        locs += [["groups", gi, "tasks", ti] for ti in range(len(group.tasks))]
    locs += [["safeguards", si] for si in range(len(plan.tasks.safeguards))]
    reported: set[str] = set()
    for loc, (_, task) in zip(locs, all_tasks(plan.tasks), strict=True):
        if ids[task.id] > 1 and task.id not in reported:
            reported.add(task.id)
            problems.append(
                Problem(
                    *plan.position("tasks", [*loc, "id"]),
                    "duplicate-id",
                    f"task id {task.id} is used {ids[task.id]} times",
                )
            )
        for ii, item in enumerate(task.items):
            for di, name in enumerate(item.departments):
                if squash(name) not in index:
                    problems.append(
                        Problem(
                            *plan.position("tasks", [*loc, "items", ii, "departments", di]),
                            "unknown-department",
                            f"task {task.id} item {ii + 1}: department '{name}' "
                            "is not in departments.yaml",
                            "add it there, or as an alias of the department it means",
                        )
                    )
    return problems


def _check_targets(plan: Plan) -> list[Problem]:
    """Ids unique, tasks exist, quotes verbatim in their task or the goals, years sane."""
    problems = []
    tasks = {t.id: t for _, t in all_tasks(plan.tasks)}
    goals = [squash(g.text) for g in plan.tasks.goals]
    texts_of: dict[str, list[str]] = {}  # task id → its texts squashed, once per task not target
    # id → where it first is; positions are looked up only for a problem, since that parses
    # the YAML again when the plan came from the cache
    seen: dict[str, list[str | int]] = {}
    for ii, indicator in enumerate(plan.targets.indicators):
        base: list[str | int] = ["indicators", ii]
        for ident, loc in [(indicator.id, [*base, "id"])] + [
            (t.id, [*base, "targets", ti, "id"]) for ti, t in enumerate(indicator.targets)
        ]:
            if ident in seen:
                first = plan.position("targets", seen[ident])[1] or 0
                problems.append(
                    Problem(
                        *plan.position("targets", loc),
                        "duplicate-id",
                        f"id '{ident}' is already used at line {first}",
                    )
                )
            else:
                seen[ident] = loc
        areas_years = Counter((b.area, b.year) for b in indicator.baselines)
        for bi, b in enumerate(indicator.baselines):
            if areas_years[(b.area, b.year)] > 1:
                problems.append(
                    Problem(
                        *plan.position("targets", [*base, "baselines", bi]),
                        "duplicate-baseline",
                        f"indicator {indicator.id}: two baselines for {b.area} {b.year}",
                        "keep one",
                    )
                )
        for ti, target in enumerate(indicator.targets):
            loc = [*base, "targets", ti]
            label = f"target {target.id}"
            task = tasks.get(target.task)
            if task is None:
                problems.append(
                    Problem(
                        *plan.position("targets", [*loc, "task"]),
                        "unknown-task",
                        f"{label}: task '{target.task}' does not exist",
                        "use 1–40 or S1–S6 as in tasks.yaml",
                    )
                )
            else:
                quote = squash(target.quote)
                if task.id not in texts_of:
                    texts_of[task.id] = [
                        squash(task.body),
                        *(squash(i.text) for i in task.items),
                        *goals,
                    ]
                texts = texts_of[task.id]
                if not any(quote in t for t in texts):
                    problems.append(
                        Problem(
                            *plan.position("targets", [*loc, "quote"]),
                            "quote-not-found",
                            f"{label}: quote not found in task {task.id} or the goals",
                            "copy the words exactly from the plan",
                        )
                    )
            if target.kind in RELATIVE_KINDS and target.base_year is None:
                problems.append(
                    Problem(
                        *plan.position("targets", loc),
                        "missing-base-year",
                        f"{label}: a {target.kind} target needs base_year",
                        "add `base_year: 2020` (or the year the plan names)",
                    )
                )
            if (
                target.base_year is not None
                and target.year is not None
                and target.base_year >= target.year
            ):
                problems.append(
                    Problem(
                        *plan.position("targets", [*loc, "base_year"]),
                        "base-year-not-before-year",
                        f"{label}: base_year {target.base_year} is not before year {target.year}",
                    )
                )
            if target.kind is Kind.PEAK and target.value is not None:
                problems.append(
                    Problem(
                        *plan.position("targets", [*loc, "value"]),
                        "peak-with-value",
                        f"{label}: a peak target has no value",
                        "write `value: null`",
                    )
                )
    return problems
