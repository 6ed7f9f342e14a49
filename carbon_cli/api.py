"""The use cases of carbon, one function each: what every command does, for any Python caller.

Each function takes plain arguments and returns a result object; `result.to_dict()` is exactly what
the command prints with `--format json`. The rules of a use case live here and nowhere else: which
observation files a data folder contributes, the default year, the filters. Nothing here prints,
exits or imports typer or rich; a problem in the data raises `DataError`, a name or option that
means nothing raises `UsageError` (with the closest names as its hint).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from carbon_cli.choices import WHOLE_CITY, DepartmentKind, Kind, Stage
from carbon_cli.errors import DataError, Problem, UsageError

if TYPE_CHECKING:
    from carbon_cli.models import Department, Indicator, Target
    from carbon_cli.observations import Observations
    from carbon_cli.owners import Duty
    from carbon_cli.plan import DataSource, Plan
    from carbon_cli.report import Report
    from carbon_cli.status import Assessment, Status
    from carbon_cli.trend import Trend
    from carbon_cli.views import View

PathLike = str | Path
DEFAULT_TOLERANCE = Decimal(2)  # percent of a 左右 target's value


# ------------------------------------------------------------------------------ plan and data


def load_plan(data: PathLike | None = None) -> Plan:
    """The curated plan: `data`, else $CARBON_DATA, else ./data holding the files, else packaged."""
    from carbon_cli import loading

    return loading.load_plan(loading.find_data(None if data is None else Path(data)))


def data_observations(plan: Plan) -> list[Path]:
    """The data folder's own observations: its observations/ folder when it holds any file."""
    from carbon_cli.observations import SUFFIXES

    folder = plan.source.path / "observations"
    held = folder.is_dir() and any(
        p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$"))
        for p in folder.iterdir()
    )
    return [folder] if held else []


def read_observations(
    plan: Plan,
    paths: Iterable[PathLike] = (),
    *,
    sheet: str | None = None,
    sources: bool = False,
) -> Observations:
    """The data folder's observations plus those in `paths` (files or folders of CSV and .xlsx).

    Any problem in any file raises DataError with every problem found. `sources` keeps each value's
    source (the report lists them); without, a large file may be read column-wise by polars.
    """
    from carbon_cli import observations

    found, problems = observations.read_observations(
        [*data_observations(plan), *(Path(p) for p in paths)],
        plan.targets.indicators,
        sheet=sheet,
        sources=sources,
    )
    if problems:
        raise DataError(problems)
    return found


def as_of(observed: Observations, area: str, year: int | None) -> tuple[int, list[str]]:
    """The year to assess: the one asked for, else the latest observed in the area, else this year
    (with a notice saying so)."""
    if year is not None:
        return year, []
    latest = observed.latest_year(area)
    if latest is not None:
        return latest, []
    this_year = datetime.date.today().year
    notice = (
        f"carbon: {area}没有观测数据，按{this_year}年评估；用 --observations 文件.csv 添加观测值"
        f" (no observations for {area}; add some with --observations FILE.csv)"
    )
    return this_year, [notice]


# ------------------------------------------------------------------------------------ filters


def task_ids(
    plan: Plan, department: str | None = None, tasks: Iterable[str] | None = None
) -> set[str] | None:
    """Task ids kept by a department (its duties) and by task ids; None keeps every task."""
    from carbon_cli.owners import duties, resolve

    keep: set[str] | None = None
    if department is not None:
        dept = resolve(department, plan.departments)
        keep = {d.task.id for d in duties(dept, plan.departments, plan.tasks, plan.targets)}
    wanted = {t.strip().upper() for t in tasks or ()}
    if wanted:
        unknown = sorted(wanted - set(plan.task_order))
        if unknown:
            raise UsageError(f"没有任务 {'、'.join(unknown)}", "任务编号为 1–40 和 S1–S6")
        keep = wanted if keep is None else keep & wanted
    return keep


def statuses(wanted: str | Iterable[str] | None, option: str = "--only") -> set[Status]:
    """Statuses named by id (behind) or by their Chinese label (滞后), comma-separated or listed."""
    from carbon_cli.status import STATUS_LABELS, STATUS_ORDER, Status

    if wanted is None:
        return set()
    words = wanted.split(",") if isinstance(wanted, str) else list(wanted)
    names = {s.value: s for s in Status} | {label: s for s, label in STATUS_LABELS.items()}
    found: set[Status] = set()
    bad = []
    for word in (w.strip() for w in words):
        if word in names:
            found.add(names[word])
        elif word:
            bad.append(word)
    if bad:
        choices = ", ".join(s.value for s in STATUS_ORDER)
        raise UsageError(f"{option}: unknown status {', '.join(bad)}", f"choose from {choices}")
    return found


def _tolerance(tolerance: Decimal | float | int) -> Decimal:
    """A tolerance in percent as the fraction the status rules take."""
    return Decimal(str(tolerance)) / 100


def _assess(
    plan: Plan, observed: Observations, year: int, area: str, tolerance: Decimal | float | int
) -> list[Assessment]:
    """Every target's status for the year and area."""
    from carbon_cli.status import assess_all

    return assess_all(
        plan.targets.indicators,
        observed.for_area(area),
        year=year,
        area=area,
        tolerance=_tolerance(tolerance),
    )


@dataclass(frozen=True)
class Result:
    """What a use case found: `view()` is what the command shows, `to_dict()` its JSON."""

    VIEW: ClassVar[str]  # the function of views.py that shows it
    plan: Plan = field(repr=False)

    def view(self) -> View:
        """The result as the command shows it (JSON payload and tables)."""
        from carbon_cli import views

        view: View = getattr(views, self.VIEW)(self)
        return view

    def to_dict(self) -> Any:
        """Exactly what the command prints with --format json."""
        return self.view().payload


# ------------------------------------------------------------------------------------- status


@dataclass(frozen=True)
class StatusResult(Result):
    """Every target's status as of the end of a year, in one area."""

    VIEW = "status"
    year: int = 0
    area: str = WHOLE_CITY
    assessments: list[Assessment] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def fails(self, level: str | None) -> bool:
        """Whether a --fail-on level (behind or missed) is met: a target at or past it."""
        from carbon_cli.status import Status

        if level is None:
            return False
        failing = {Status.MISSED} | ({Status.BEHIND} if level == "behind" else set())
        return any(a.status in failing for a in self.assessments)


def check_fail_on(level: str | None) -> None:
    """--fail-on takes behind or missed."""
    if level not in {None, "behind", "missed"}:
        raise UsageError(
            f"--fail-on: '{level}' is not behind or missed", "use --fail-on behind or missed"
        )


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
) -> StatusResult:
    """`carbon status`: each target's status as of the end of `year` (default: latest observed)."""
    keep = task_ids(plan, department, tasks)
    shown = statuses(only)
    when, notices = as_of(observed, area, year)
    assessed = [
        a
        for a in _assess(plan, observed, when, area, tolerance)
        if (keep is None or a.target.task in keep) and (not shown or a.status in shown)
    ]
    return StatusResult(plan, when, area, assessed, notices)


@dataclass(frozen=True)
class ByAreaResult(Result):
    """Every observed area's statuses side by side, for one year."""

    VIEW = "by_area"
    year: int = 0
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
    tolerance: Decimal | float | int = DEFAULT_TOLERANCE,
) -> ByAreaResult:
    """`carbon status --by-area`: one status column per observed area (`area` when none)."""
    keep = task_ids(plan, department, tasks)
    areas = observed.areas() or [area]
    when, notices = as_of(observed, areas[0], year)
    columns = {
        place: [
            a
            for a in _assess(plan, observed, when, place, tolerance)
            if keep is None or a.target.task in keep
        ]
        for place in areas
    }
    return ByAreaResult(plan, when, columns, notices)


# ------------------------------------------------------------------------------------- owners


@dataclass(frozen=True)
class OwnersResult(Result):
    """A department's duties (牵头 then 配合) and, with observations, how its targets stand."""

    VIEW = "owners"
    department: Department | None = None
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
    found = duties(dept, plan.departments, plan.tasks, plan.targets)
    if not len(observed) and year is None:
        return OwnersResult(plan, dept, found)
    when, notices = as_of(observed, area, year)
    tasks = {d.task.id for d in found}
    assessed = [a for a in _assess(plan, observed, when, area, tolerance) if a.target.task in tasks]
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
    year: int = 0
    area: str = WHOLE_CITY
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
    when, notices = as_of(observed, area, year)
    assessed = _assess(plan, observed, when, area, tolerance)
    return ScorecardResult(plan, when, area, scorecard_rows(plan, assessed), notices)


# ------------------------------------------------------------------------- the curated plan


@dataclass(frozen=True)
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
    """`carbon targets`: every target of the plan, or those due in `year`, of `kind`, …"""
    keep = task_ids(plan, department, tasks)
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
    """Accept 4, 四, (四) or （四） for the fourth group."""
    bare = text.strip().strip("()（）")
    if bare.isascii() and bare.isdecimal() and 1 <= int(bare) <= 13:
        n = int(bare)
        bare = NUMERALS[n - 1] if n <= 10 else "十" + NUMERALS[n - 11]
    return f"（{bare}）"


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class DepartmentsResult(Result):
    """Departments of the annex with their duty counts."""

    VIEW = "departments"
    departments: list[Department] = field(default_factory=list)


def departments(plan: Plan, *, kind: DepartmentKind | str | None = None) -> DepartmentsResult:
    """`carbon departments`: every body named in the annex, or those of one kind."""
    selected = [d for d in plan.departments.departments if kind is None or d.kind == kind]
    return DepartmentsResult(plan, selected)


# ----------------------------------------------------------------------------- show and report


@dataclass(frozen=True)
class ShowResult(Result):
    """One indicator's series, trajectories and targets, as of a year."""

    VIEW = "show"
    year: int = 0
    trend: Trend | None = None
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
    when, notices = as_of(observed, area, year)
    series = {y: v for y, v in observed.get(found.id, area).items() if y <= when}
    drawn = trends.trend(found, found.targets, series, area)
    assessed = [
        a for a in _assess(plan, observed, when, area, tolerance) if a.indicator.id == found.id
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
) -> Report:
    """`carbon report`: the 年度监测分析, 中期评估 or 总结评估 as a report model."""
    from carbon_cli import report as reporting
    from carbon_cli.stages import stage_year

    stage = Stage(stage)
    fixed = stage_year(stage, year)
    when = fixed if fixed is not None else as_of(observed, area, None)[0]
    return reporting.build_report(
        plan, observed, stage=stage, year=when, area=area, tolerance=_tolerance(tolerance)
    )


# ----------------------------------------------------------------------------------- validate


@dataclass(frozen=True)
class Validation:
    """What `carbon validate` found: every problem, where the data came from, what was checked."""

    source: DataSource
    problems: list[Problem]
    counts: dict[str, int]  # targets, tasks, departments, observations (empty when unreadable)

    @property
    def ok(self) -> bool:
        """No problem found."""
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """Exactly what `carbon validate --format json` prints."""
        return {
            "source": self.source.describe(),
            "ok": self.ok,
            "problems": [p.to_dict() for p in self.problems],
        }


def validate(
    data: PathLike | None = None,
    observations: Iterable[PathLike] = (),
    *,
    sheet: str | None = None,
) -> Validation:
    """`carbon validate`: every problem in the data folder and in the observation files."""
    from carbon_cli import loading
    from carbon_cli import observations as readers
    from carbon_cli.checks import check_plan

    source = loading.find_data(None if data is None else Path(data))
    problems: list[Problem] = []
    counts: dict[str, int] = {}
    try:
        plan = loading.load_plan(source)
        problems += check_plan(plan)
        found, obs_problems = readers.read_observations(
            [*data_observations(plan), *(Path(p) for p in observations)],
            plan.targets.indicators,
            sheet=sheet,
            sources=False,
        )
        problems += obs_problems
        counts = {
            "targets": len(plan.all_targets),
            "tasks": len(plan.ordered_tasks),
            "departments": len(plan.departments.departments),
            "observations": len(found),
        }
    except DataError as e:
        problems += e.problems
    return Validation(source, problems, counts)
