"""Cross-file checks for `carbon validate`: what no single schema can see."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from carbon_cli.errors import Problem, sort_problems
from carbon_cli.loading import Plan
from carbon_cli.models import (
    WHOLE_CITY,
    AreaKind,
    Indicator,
    Kind,
    Target,
    all_tasks,
    department_index,
    squash,
)


def check_plan(plan: Plan) -> list[Problem]:
    """Every cross-file problem of a loaded plan, sorted by file and line."""
    return sort_problems(
        [
            *_check_departments(plan),
            *_check_tasks(plan),
            *_check_targets(plan),
            *_check_indicators(plan),
            *_check_areas(plan),
        ]
    )


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
                        f"部门 {dept.name}：“{name}”已用于 {holder[key]} (name used twice)",
                        "一个名称或别名只能属于一个部门",
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
                    f"任务编号 {task.id} 用了 {ids[task.id]} 次 (task id used twice)",
                )
            )
        for ii, item in enumerate(task.items):
            if item.id != f"{task.id}.{ii + 1}":
                problems.append(
                    Problem(
                        *plan.position("tasks", [*loc, "items", ii, "id"]),
                        "item-id-out-of-place",
                        f"任务{task.id}第{ii + 1}条具体任务的编号应为 {task.id}.{ii + 1}，"
                        f"写的是 {item.id} (item id must be {{task}}.{{n}} in place)",
                        f'改为 `id: "{task.id}.{ii + 1}"`；编号是进展台账引用该条任务的依据，'
                        "已用过的编号不要改",
                    )
                )
            for di, name in enumerate(item.departments):
                if squash(name) not in index:
                    problems.append(
                        Problem(
                            *plan.position("tasks", [*loc, "items", ii, "departments", di]),
                            "unknown-department",
                            f"任务 {task.id} 第 {ii + 1} 条：部门“{name}”不在 departments.yaml 中 "
                            "(unknown department)",
                            "请在那里加上它，或作为所指部门的别名",
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
                        f"编号 '{ident}' 已在第 {first} 行用过 (id used twice)",
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
                        f"指标 {indicator.id}：{b.area} {b.year}年有两个基期值 (two baselines)",
                        "只保留一个",
                    )
                )
        for ti, target in enumerate(indicator.targets):
            loc = [*base, "targets", ti]
            label = f"目标 {target.id}"
            task = tasks.get(target.task)
            if task is None:
                problems.append(
                    Problem(
                        *plan.position("targets", [*loc, "task"]),
                        "unknown-task",
                        f"{label}：任务 '{target.task}' 不存在 (no such task)",
                        "请用 tasks.yaml 中的 1–40 或 S1–S6",
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
                            f"{label}：任务 {task.id} 和主要目标中没有这段原文 (quote not found)",
                            "请从方案中逐字复制",
                        )
                    )
            # a relative target without base_year is fine: the plan may not state one, and a
            # base year it does not state is null, never guessed (status: 未给出基期年份)
            if target.kind is Kind.MILESTONE:
                problems += _check_milestone(plan, loc, label, target)
            if (
                target.base_year is not None
                and target.year is not None
                and target.base_year >= target.year
            ):
                problems.append(
                    Problem(
                        *plan.position("targets", [*loc, "base_year"]),
                        "base-year-not-before-year",
                        f"{label}：基期 base_year {target.base_year} 不早于期限 year {target.year} "
                        "(base_year is not before year)",
                    )
                )
            if target.kind is Kind.PEAK and target.value is not None:
                problems.append(
                    Problem(
                        *plan.position("targets", [*loc, "value"]),
                        "peak-with-value",
                        f"{label}：达峰目标没有数值 (a peak target has no value)",
                        "写 `value: null`",
                    )
                )
    return problems


def _check_milestone(plan: Plan, loc: list[str | int], label: str, target: Target) -> list[Problem]:
    """A milestone is dated and has no number: value and base_year null, year set."""
    problems = []
    if target.value is not None:
        problems.append(
            Problem(
                *plan.position("targets", [*loc, "value"]),
                "milestone-with-value",
                f"{label}：里程碑（定性承诺）没有数值 (a milestone has no value)",
                "写 `value: null`；有数值的目标用 at_least、at_most 等类型",
            )
        )
    if target.year is None:
        problems.append(
            Problem(
                *plan.position("targets", loc),
                "milestone-without-year",
                f"{label}：里程碑须有期限 year (a milestone needs its deadline)",
                "写方案原文的年份；没有期限的要求不作为里程碑，见 docs/data-notes.md",
            )
        )
    if target.base_year is not None:
        problems.append(
            Problem(
                *plan.position("targets", [*loc, "base_year"]),
                "milestone-with-base-year",
                f"{label}：里程碑没有基期 (a milestone has no base_year)",
                "写 `base_year: null`",
            )
        )
    return problems


def _check_indicators(plan: Plan) -> list[Problem]:
    """Aliases name one indicator only; min ≤ max; targets and baselines within the range."""
    problems = []
    names = {squash(n): i.id for i in plan.targets.indicators for n in (i.id, i.name)}
    aliases: dict[str, str] = {}
    for ii, indicator in enumerate(plan.targets.indicators):
        base: list[str | int] = ["indicators", ii]
        for ai, alias in enumerate(indicator.aliases):
            key = squash(alias)
            owner = names.get(key) or aliases.get(key)
            if owner is None:
                aliases[key] = indicator.id
                continue
            problems.append(
                Problem(
                    *plan.position("targets", [*base, "aliases", ai]),
                    "duplicate-name",
                    f"指标 {indicator.id} 的别名“{alias}”已是指标 {owner} 的编号、名称或别名 "
                    "(an alias names one indicator only)",
                    "删去它，或改成不会混淆的写法",
                )
            )
        problems += _check_range(plan, base, indicator)
    return problems


def _check_range(plan: Plan, base: list[str | int], indicator: Indicator) -> list[Problem]:
    """min ≤ max, and the plan's own figures (targets of a level, baselines) inside them."""
    low, high = indicator.min, indicator.max
    if low is not None and high is not None and low > high:
        return [
            Problem(
                *plan.position("targets", [*base, "min"]),
                "min-above-max",
                f"指标 {indicator.id}：min {low} 大于 max {high} (min is above max)",
            )
        ]
    problems = []
    shown = f"[{'—' if low is None else low}, {'—' if high is None else high}]"
    figures: list[tuple[list[str | int], Decimal | None, str]] = [
        ([*base, "baselines", bi, "value"], b.value, f"指标 {indicator.id} 的基期值")
        for bi, b in enumerate(indicator.baselines)
    ]
    # a relative target's value is a percent change, not a value of the indicator
    figures += [
        ([*base, "targets", ti, "value"], t.value, f"目标 {t.id} 的目标值")
        for ti, t in enumerate(indicator.targets)
        if t.kind in (Kind.AT_LEAST, Kind.AT_MOST)
    ]
    for loc, value, what in figures:
        if value is not None and (
            (low is not None and value < low) or (high is not None and value > high)
        ):
            problems.append(
                Problem(
                    *plan.position("targets", loc),
                    "value-out-of-range",
                    f"{what} {value} 超出指标的取值范围 {shown} (outside the indicator's range)",
                    "核对这个数，或指标的 min/max",
                )
            )
    return problems


def _check_areas(plan: Plan) -> list[Problem]:
    """Names and aliases name one area; 全市 is there; a 管委会 zone says where it is published."""
    if plan.areas is None:
        return []
    problems = []
    holder: dict[str, str] = {}
    for ai, area in enumerate(plan.areas.areas):
        for j, name in enumerate((area.name, *area.aliases)):
            loc: list[str | int] = (
                ["areas", ai, "name"] if j == 0 else ["areas", ai, "aliases", j - 1]
            )
            key = squash(name)
            if key in holder:
                problems.append(
                    Problem(
                        *plan.position("areas", loc),
                        "duplicate-name",
                        f"地区 {area.name}：“{name}”已用于 {holder[key]} "
                        "(a name or alias may belong to one area only)",
                        "删去重复的名称",
                    )
                )
            else:
                holder[key] = area.name
        if area.kind is AreaKind.ZONE and area.source is None:
            problems.append(
                Problem(
                    *plan.position("areas", ["areas", ai]),
                    "zone-without-source",
                    f"地区 {area.name}：功能区须注明公布其名称的来源 source "
                    "(a 管委会 zone needs the source that publishes it)",
                    "写明文件名、文号或网页，如 `source: 《……》（揭府〔……〕……号）`",
                )
            )
    if not any(a.name == WHOLE_CITY and a.kind is AreaKind.CITY for a in plan.areas.areas):
        problems.append(
            Problem(
                *plan.position("areas", ["areas"]),
                "whole-city-missing",
                f"areas.yaml 没有 kind 为 city 的“{WHOLE_CITY}” (the whole city must be listed)",
                f"加上 `- name: {WHOLE_CITY}` 和 `kind: city`：观测值不写地区时即为{WHOLE_CITY}",
            )
        )
    return problems
