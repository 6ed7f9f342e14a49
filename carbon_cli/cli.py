"""The `carbon` command line: parse, call the core, render; errors become exits in one place."""

from __future__ import annotations

import datetime
import json
import os
import sys
import traceback
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from carbon_cli import __version__, views
from carbon_cli.checks import check_plan
from carbon_cli.errors import DataError, Problem, UsageError
from carbon_cli.loading import Plan, find_data, load_plan
from carbon_cli.models import WHOLE_CITY, DepartmentKind, Kind, Target, all_tasks
from carbon_cli.observations import Observations, read_observations
from carbon_cli.owners import duties, resolve
from carbon_cli.render import Format, lines, render
from carbon_cli.status import STATUS_ORDER, Assessment, Status, assess_all

app = typer.Typer(
    name="carbon",
    help="揭阳市碳达峰实施方案 跟踪工具 — track Jieyang's carbon-peaking plan (揭府〔2023〕35号).",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Folder holding departments.yaml, tasks.yaml and targets.yaml "
        "(default: $CARBON_DATA, else ./data when it holds them, else the packaged copy).",
        show_default=False,
    ),
]
ObservationsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--observations",
        "-o",
        help="A CSV file or a folder of CSV files with observed values; repeat to add more "
        "(the data folder's observations/ is always read).",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format: table, json, csv or markdown."),
]
YearOpt = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        min=1900,
        max=2100,
        help="Assess as of the end of this year (default: the latest year observed in the area).",
        show_default=False,
    ),
]
AreaOpt = Annotated[
    str,
    typer.Option(
        "--area", "-a", help="Area to assess: 全市 or a county/district as written in the CSV."
    ),
]
ToleranceOpt = Annotated[
    float,
    typer.Option(
        "--tolerance",
        min=0,
        max=100,
        help="For 左右 targets: how far short (in % of the target) still counts as met.",
    ),
]
DepartmentOpt = Annotated[
    str | None,
    typer.Option(
        "--department",
        "-d",
        help="Keep what this department is named on (name, alias such as 住建局, or fragment).",
        show_default=False,
    ),
]
TaskOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--task", "-t", help="Keep this task (1–40, S1–S6); repeatable.", show_default=False
    ),
]


def _version(value: bool) -> None:
    """Print the version and stop."""
    if value:
        typer.echo(f"carbon {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """揭阳市碳达峰实施方案 跟踪工具 — track Jieyang's carbon-peaking plan."""


def _plan(data: Path | None) -> Plan:
    """The curated plan from the chosen data folder."""
    return load_plan(find_data(data))


def _observations(plan: Plan, extra: list[Path] | None) -> Observations:
    """Observations of the data folder plus --observations; any problem stops the command."""
    paths = [*(_shipped(plan)), *(extra or [])]
    found, problems = read_observations(paths, plan.targets.indicators)
    if problems:
        raise DataError(problems)
    return found


def _shipped(plan: Plan) -> list[Path]:
    """The data folder's observations/ when it holds CSV files."""
    folder = plan.source.path / "observations"
    return [folder] if folder.is_dir() and any(folder.glob("*.csv")) else []


def _year(year: int | None, observed: Observations, area: str) -> int:
    """The year asked for, else the latest observed in the area, else this year (with a note)."""
    if year is not None:
        return year
    latest = observed.latest_year(area)
    if latest is not None:
        return latest
    this_year = datetime.date.today().year
    typer.echo(
        f"carbon: {area}没有观测数据，按{this_year}年评估；用 --observations 文件.csv 添加观测值"
        f" (no observations for {area}; add some with --observations FILE.csv)",
        err=True,
    )
    return this_year


def _task_ids(plan: Plan, department: str | None, tasks: list[str] | None) -> set[str] | None:
    """Task ids kept by --department and --task (None: keep all)."""
    keep: set[str] | None = None
    if department is not None:
        dept = resolve(department, plan.departments)
        keep = {d.task.id for d in duties(dept, plan.departments, plan.tasks, plan.targets)}
    if tasks:
        known = {t.id for _, t in all_tasks(plan.tasks)}
        wanted = {t.strip().upper() for t in tasks}
        unknown = sorted(wanted - known)
        if unknown:
            raise UsageError(f"没有任务 {'、'.join(unknown)}", "任务编号为 1–40 和 S1–S6")
        keep = wanted if keep is None else keep & wanted
    return keep


def _assess(
    plan: Plan, observed: Observations, year: int, area: str, tolerance: float
) -> list[Assessment]:
    """Every target's status for the year and area."""
    return assess_all(
        plan.targets.indicators,
        observed.for_area(area),
        year=year,
        area=area,
        tolerance=Decimal(str(tolerance)) / 100,
    )


def _statuses(text: str | None, option: str) -> set[Status]:
    """A comma-separated list of statuses, e.g. behind,missed."""
    if not text:
        return set()
    wanted = {s.strip() for s in text.split(",") if s.strip()}
    bad = sorted(wanted - {s.value for s in Status})
    if bad:
        choices = ", ".join(s.value for s in STATUS_ORDER)
        raise UsageError(f"{option}: unknown status {', '.join(bad)}", f"choose from {choices}")
    return {Status(s) for s in wanted}


@app.command()
def status(
    data: DataOpt = None,
    observations: ObservationsOpt = None,
    year: YearOpt = None,
    area: AreaOpt = WHOLE_CITY,
    department: DepartmentOpt = None,
    task: TaskOpt = None,
    only: Annotated[
        str | None,
        typer.Option(help="Show only these statuses, e.g. behind,missed.", show_default=False),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when any target is at or past this level: behind or missed.",
            show_default=False,
        ),
    ] = None,
    by_area: Annotated[
        bool,
        typer.Option("--by-area", help="Put every observed area side by side (one column each)."),
    ] = False,
    tolerance: ToleranceOpt = 2.0,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """每个目标的进展 — each target's status as of the end of a year."""
    if fail_on not in {None, "behind", "missed"}:
        raise UsageError(
            f"--fail-on: '{fail_on}' is not behind or missed", "use --fail-on behind or missed"
        )
    plan = _plan(data)
    observed = _observations(plan, observations)
    keep = _task_ids(plan, department, task)
    shown = _statuses(only, "--only")
    if by_area:
        areas = observed.areas() or [area]
        when = year if year is not None else _year(None, observed, areas[0])
        columns = {
            place: [
                a
                for a in _assess(plan, observed, when, place, tolerance)
                if keep is None or a.target.task in keep
            ]
            for place in areas
        }
        render(views.by_area(plan, columns, when), fmt)
        assessed = [a for column in columns.values() for a in column]
    else:
        when = _year(year, observed, area)
        assessed = [
            a
            for a in _assess(plan, observed, when, area, tolerance)
            if (keep is None or a.target.task in keep) and (not shown or a.status in shown)
        ]
        render(views.status(plan, assessed, when, area), fmt)
    failing = {Status.MISSED} | ({Status.BEHIND} if fail_on == "behind" else set())
    if fail_on and any(a.status in failing for a in assessed):
        raise typer.Exit(1)


@app.command()
def owners(
    name: Annotated[
        str | None,
        typer.Argument(
            help="Department: full name, alias (住建局, 发改局) or a unique fragment.",
            show_default=False,
        ),
    ] = None,
    all_departments: Annotated[
        bool, typer.Option("--all", help="A scorecard: one row per department, for the 考核.")
    ] = False,
    data: DataOpt = None,
    observations: ObservationsOpt = None,
    year: YearOpt = None,
    area: AreaOpt = WHOLE_CITY,
    tolerance: ToleranceOpt = 2.0,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """部门职责 — a department's duties (牵头 then 配合) and how its targets stand."""
    if name is None and not all_departments:
        raise UsageError("请给出部门名称或 --all", "例如：carbon owners 市住房城乡建设局")
    plan = _plan(data)
    observed = _observations(plan, observations)
    if all_departments:
        when = _year(year, observed, area)
        assessed = _assess(plan, observed, when, area, tolerance)
        rows = []
        for dept in plan.departments.departments:
            found = duties(dept, plan.departments, plan.tasks, plan.targets)
            tasks = {d.task.id for d in found}
            rows.append((dept, found, [a for a in assessed if a.target.task in tasks]))
        render(views.scorecard(plan, rows, when, area), fmt)
        return
    assert name is not None
    dept = resolve(name, plan.departments)
    found = duties(dept, plan.departments, plan.tasks, plan.targets)
    assessed_dept: list[Assessment] | None = None
    as_of: int | None = None
    if len(observed) or year is not None:
        as_of = _year(year, observed, area)
        tasks = {d.task.id for d in found}
        assessed_dept = [
            a for a in _assess(plan, observed, as_of, area, tolerance) if a.target.task in tasks
        ]
    render(views.owners(plan, dept, found, assessed_dept, as_of, area), fmt)


def _targets_of(plan: Plan) -> list[Target]:
    return [t for ind in plan.targets.indicators for t in ind.targets]


@app.command()
def targets(
    data: DataOpt = None,
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", help="Keep targets due this year.", show_default=False),
    ] = None,
    task: TaskOpt = None,
    kind: Annotated[
        Kind | None, typer.Option(help="Keep targets of this kind.", show_default=False)
    ] = None,
    department: DepartmentOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """量化目标 — every quantitative target of the plan, with its quote."""
    plan = _plan(data)
    keep = _task_ids(plan, department, task)
    selected = [
        t
        for t in _targets_of(plan)
        if (year is None or t.year == year)
        and (kind is None or t.kind == kind)
        and (keep is None or t.task in keep)
    ]
    render(views.targets(plan, selected), fmt)


def _group_number(text: str) -> str:
    """Accept 4, 四, (四) or （四） for the fourth group."""
    numerals = "一二三四五六七八九十"
    bare = text.strip().strip("()（）")
    if bare.isdigit() and 1 <= int(bare) <= 13:
        n = int(bare)
        bare = numerals[n - 1] if n <= 10 else "十" + numerals[n - 11]
    return f"（{bare}）"


@app.command()
def tasks(
    data: DataOpt = None,
    group: Annotated[
        str | None,
        typer.Option("--group", "-g", help="Keep one group: 4, 四 or （四）.", show_default=False),
    ] = None,
    department: DepartmentOpt = None,
    task: TaskOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """重点任务与保障措施 — the plan's tasks and the departments on each item."""
    plan = _plan(data)
    keep = _task_ids(plan, department, task)
    if group is not None:
        number = _group_number(group)
        match = [g for g in plan.tasks.groups if g.number == number]
        if not match:
            raise UsageError(f"没有分组“{group}”", "分组为 1–13，例如 --group 4 或 --group （四）")
        in_group = {t.id for t in match[0].tasks}
        keep = in_group if keep is None else keep & in_group
    render(views.tasks(plan, None if keep is None else sorted(keep)), fmt)


@app.command()
def departments(
    data: DataOpt = None,
    kind: Annotated[
        DepartmentKind | None,
        typer.Option(help="Keep departments of this kind.", show_default=False),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """责任部门 — every body named in the annex, with aliases and duty counts."""
    plan = _plan(data)
    selected = [d for d in plan.departments.departments if kind is None or d.kind == kind]
    render(views.departments(plan, selected), fmt)


@app.command()
def validate(
    data: DataOpt = None,
    observations: ObservationsOpt = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="text (one line per problem), json, or github (annotations)."
        ),
    ] = "text",
) -> None:
    """检查数据 — check the data files (and observation CSVs); exit 1 if anything is wrong."""
    if fmt not in {"text", "json", "github"}:
        raise UsageError(f"--format: '{fmt}' is not one of text, json, github")
    source = find_data(data)
    problems: list[Problem] = []
    counts = ""
    try:
        plan = load_plan(source)
        problems += check_plan(plan)
        found, obs_problems = read_observations(
            [*_shipped(plan), *(observations or [])], plan.targets.indicators
        )
        problems += obs_problems
        counts = (
            f"{len(_targets_of(plan))} 项目标、{len(all_tasks(plan.tasks))} 项任务、"
            f"{len(plan.departments.departments)} 个部门、{len(found)} 个观测值"
        )
    except DataError as e:
        problems += e.problems
    _report(problems, source.describe(), counts, fmt)
    if problems:
        raise typer.Exit(1)


def _report(problems: list[Problem], source: str, counts: str, fmt: str) -> None:
    """Problems of `carbon validate` in the chosen format."""
    if fmt == "json":
        payload = {
            "source": source,
            "ok": not problems,
            "problems": [
                {"path": p.path, "line": p.line, "col": p.col, "message": p.message, "hint": p.hint}
                for p in problems
            ],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if fmt == "github":
        for p in problems:
            where = ",".join(
                f"{k}={v}"
                for k, v in (("file", p.path), ("line", p.line), ("col", p.col))
                if v is not None
            )
            message = p.message + (f"; {p.hint}" if p.hint else "")
            typer.echo(f"::error {where}::{message.replace('%', '%25').replace(chr(10), '%0A')}")
    else:
        lines(problems, sys.stderr)
    if problems:
        typer.echo(
            f"carbon validate: {len(problems)} 个问题 (problems) — 数据来源 {source}", err=True
        )
    else:
        typer.echo(f"carbon validate: 没有问题 (no problems) — 数据来源 {source}：{counts}")


def _utf8_streams() -> None:
    """Chinese output must not crash where stdout is ASCII (LANG=C, PYTHONIOENCODING=ascii)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            "中".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8", errors="replace")


def main(argv: list[str] | None = None) -> int:
    """The console script: every error leaves here as one line and an exit code."""
    _utf8_streams()
    try:
        result = app(args=argv, prog_name="carbon", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except DataError as e:
        lines(e.problems, sys.stderr)
        return 1
    except UsageError as e:
        typer.echo(f"carbon: {e}", err=True)
        return 2
    except typer.Exit as e:
        return e.exit_code
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("carbon: interrupted", err=True)
        return 130
    except typer.TyperException as e:
        typer.echo(f"carbon: {e.format_message()}", err=True)
        return 2 if e.exit_code == 2 else e.exit_code
    except BrokenPipeError:
        # the reader (e.g. `head`) has gone: stop quietly, without Python's second complaint
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as e:  # a bug: one line, the traceback only when asked for
        if os.environ.get("CARBON_DEBUG"):
            traceback.print_exc()
        typer.echo(
            f"carbon: internal error (a bug, please report it): {type(e).__name__}: {e}"
            " — set CARBON_DEBUG=1 to see the traceback",
            err=True,
        )
        return 70


if __name__ == "__main__":
    sys.exit(main())
