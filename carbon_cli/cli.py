"""The `carbon` command line: parse, call the core, render; errors become exits in one place."""

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from carbon_cli import __version__
from carbon_cli.choices import WHOLE_CITY, DepartmentKind, Kind, ReportFormat, Stage
from carbon_cli.errors import DataError, Problem, UsageError
from carbon_cli.render import Format, render
from carbon_cli.render.problems import lines
from carbon_cli.render.text import printable

# The core (pydantic models, YAML, the CSV readers, the report) is imported inside the commands
# that use it: importing it all here cost `carbon --help` about 60 ms and every command ~20 ms.
if TYPE_CHECKING:
    from carbon_cli.loading import Plan
    from carbon_cli.models import Target
    from carbon_cli.observations import Observations
    from carbon_cli.status import Assessment, Status

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
        metavar="DIR",
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
        metavar="PATH",
        help="A CSV or Excel (.xlsx) file, or a folder of them, with observed values; repeat to "
        "add more (the data folder's observations/ is always read).",
        show_default=False,
    ),
]
SheetOpt = Annotated[
    str | None,
    typer.Option(
        "--sheet",
        metavar="SHEET",
        help="The sheet of each .xlsx file to read (default: its first visible sheet).",
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
        metavar="YEAR",
        min=1900,
        max=2100,
        help="Assess as of the end of this year (default: the latest year observed in the area).",
        show_default=False,
    ),
]
AreaOpt = Annotated[
    str,
    typer.Option(
        "--area",
        "-a",
        metavar="AREA",
        help="Area to assess: 全市 or a county/district as written in the CSV.",
    ),
]
ToleranceOpt = Annotated[
    float,
    typer.Option(
        "--tolerance",
        metavar="PCT",
        min=0,
        max=100,
        help="For 左右 targets: how far short (in % of the target) still counts as met.",
    ),
]


def _complete_department(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: department names and aliases starting with what was typed (typer keeps
    only those), each alias with its department's name as help."""
    from carbon_cli.loading import FILES, find_data, load_file
    from carbon_cli.models import DepartmentsFile

    data = ctx.params.get("data")
    source = find_data(data if isinstance(data, Path) else None)
    try:
        found, _ = load_file(
            source.path / FILES["departments"], FILES["departments"], DepartmentsFile
        )
    except DataError:  # a broken data folder: no completions, and no noise in the shell
        return []
    return [
        (name, "" if name == dept.name else dept.name)
        for dept in found.departments
        for name in (dept.name, *dept.aliases)
        if name.startswith(incomplete)
    ]


DepartmentOpt = Annotated[
    str | None,
    typer.Option(
        "--department",
        "-d",
        metavar="DEPT",
        help="Keep what this department is named on (name, alias such as 住建局, or fragment).",
        show_default=False,
        autocompletion=_complete_department,
    ),
]
TaskOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--task",
        "-t",
        metavar="TASK",
        help="Keep this task (1–40, S1–S6); repeatable.",
        show_default=False,
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


def _plan(data: Path | None) -> "Plan":
    """The curated plan from the chosen data folder."""
    from carbon_cli.loading import find_data, load_plan

    return load_plan(find_data(data))


def _observations(
    plan: "Plan", extra: list[Path] | None, sheet: str | None = None, sources: bool = False
) -> "Observations":
    """Observations of the data folder plus --observations; any problem stops the command.

    Each value's source is kept only when `sources` (the report lists them): without, a large
    file is read by polars when the `fast` extra is installed.
    """
    from carbon_cli.observations import read_observations

    paths = [*(_shipped(plan)), *(extra or [])]
    found, problems = read_observations(
        paths, plan.targets.indicators, sheet=sheet, sources=sources
    )
    if problems:
        raise DataError(problems)
    return found


def _shipped(plan: "Plan") -> list[Path]:
    """The data folder's observations/ when it holds CSV or .xlsx files."""
    from carbon_cli.observations import SUFFIXES

    folder = plan.source.path / "observations"
    held = folder.is_dir() and any(
        p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$"))
        for p in folder.iterdir()
    )
    return [folder] if held else []


def _year(year: int | None, observed: "Observations", area: str) -> int:
    """The year asked for, else the latest observed in the area, else this year (with a note)."""
    if year is not None:
        return year
    latest = observed.latest_year(area)
    if latest is not None:
        return latest
    import datetime

    this_year = datetime.date.today().year
    typer.echo(
        printable(
            f"carbon: {area}没有观测数据，按{this_year}年评估；"
            f"用 --observations 文件.csv 添加观测值"
            f" (no observations for {area}; add some with --observations FILE.csv)"
        ),
        err=True,
    )
    return this_year


def _task_ids(plan: "Plan", department: str | None, tasks: list[str] | None) -> set[str] | None:
    """Task ids kept by --department and --task (None: keep all)."""
    from carbon_cli.models import all_tasks
    from carbon_cli.owners import duties, resolve

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
    plan: "Plan", observed: "Observations", year: int, area: str, tolerance: float
) -> list["Assessment"]:
    """Every target's status for the year and area."""
    from decimal import Decimal

    from carbon_cli.status import assess_all

    return assess_all(
        plan.targets.indicators,
        observed.for_area(area),
        year=year,
        area=area,
        tolerance=Decimal(str(tolerance)) / 100,
    )


def _statuses(text: str | None, option: str) -> set["Status"]:
    """A comma-separated list of statuses, e.g. behind,missed."""
    from carbon_cli.status import STATUS_ORDER, Status

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
    sheet: SheetOpt = None,
    year: YearOpt = None,
    area: AreaOpt = WHOLE_CITY,
    department: DepartmentOpt = None,
    task: TaskOpt = None,
    only: Annotated[
        str | None,
        typer.Option(
            metavar="STATUSES",
            help="Show only these statuses, e.g. behind,missed.",
            show_default=False,
        ),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="LEVEL",
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
    from carbon_cli import views
    from carbon_cli.status import Status

    if fail_on not in {None, "behind", "missed"}:
        raise UsageError(
            f"--fail-on: '{fail_on}' is not behind or missed", "use --fail-on behind or missed"
        )
    plan = _plan(data)
    observed = _observations(plan, observations, sheet)
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
            metavar="NAME",
            help="Department: full name, alias (住建局, 发改局) or a unique fragment.",
            show_default=False,
            autocompletion=_complete_department,
        ),
    ] = None,
    all_departments: Annotated[
        bool, typer.Option("--all", help="A scorecard: one row per department, for the 考核.")
    ] = False,
    data: DataOpt = None,
    observations: ObservationsOpt = None,
    sheet: SheetOpt = None,
    year: YearOpt = None,
    area: AreaOpt = WHOLE_CITY,
    tolerance: ToleranceOpt = 2.0,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """部门职责 — a department's duties (牵头 then 配合) and how its targets stand."""
    from carbon_cli import views
    from carbon_cli.owners import duties, resolve

    if name is None and not all_departments:
        raise UsageError("请给出部门名称或 --all", "例如：carbon owners 市住房城乡建设局")
    plan = _plan(data)
    observed = _observations(plan, observations, sheet)
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


def _targets_of(plan: "Plan") -> list["Target"]:
    return [t for ind in plan.targets.indicators for t in ind.targets]


@app.command()
def targets(
    data: DataOpt = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", "-y", metavar="YEAR", help="Keep targets due this year.", show_default=False
        ),
    ] = None,
    task: TaskOpt = None,
    kind: Annotated[
        Kind | None, typer.Option(help="Keep targets of this kind.", show_default=False)
    ] = None,
    department: DepartmentOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """量化目标 — every quantitative target of the plan, with its quote."""
    from carbon_cli import views

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
        typer.Option(
            "--group",
            "-g",
            metavar="GROUP",
            help="Keep one group: 4, 四 or （四）.",
            show_default=False,
        ),
    ] = None,
    department: DepartmentOpt = None,
    task: TaskOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """重点任务与保障措施 — the plan's tasks and the departments on each item."""
    from carbon_cli import views

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
    from carbon_cli import views

    plan = _plan(data)
    selected = [d for d in plan.departments.departments if kind is None or d.kind == kind]
    render(views.departments(plan, selected), fmt)


REPORT_EXTRA = 'pip install "carbon-cli[report]"'


@app.command()
def report(
    data: DataOpt = None,
    observations: ObservationsOpt = None,
    sheet: SheetOpt = None,
    year: YearOpt = None,
    stage: Annotated[
        Stage,
        typer.Option(
            "--stage",
            help="annual: 年度监测分析, every target as of --year (default: the latest year "
            "observed); midterm: 中期评估, the 2025 targets as of 2025; final: 总结评估, the 2030 "
            "and standing targets as of 2030.",
        ),
    ] = Stage.ANNUAL,
    area: AreaOpt = WHOLE_CITY,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            metavar="FILE",
            help="File to write, replaced if it exists (default or -: stdout).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="html (one self-contained file that prints on A4; its charts need "
            f"{REPORT_EXTRA}) or markdown (default: markdown for an --output ending .md, "
            "else html).",
            show_default=False,
        ),
    ] = None,
    tolerance: ToleranceOpt = 2.0,
) -> None:
    """监测分析报告 — the 年度监测分析, 中期评估 or 总结评估 report, as HTML or Markdown."""
    import importlib.util
    from decimal import Decimal

    from carbon_cli import report as reporting
    from carbon_cli import views

    if fmt is None:
        markdown = output is not None and output.suffix.lower() in {".md", ".markdown"}
        fmt = ReportFormat.MARKDOWN if markdown else ReportFormat.HTML
    if fmt is ReportFormat.HTML and importlib.util.find_spec("matplotlib") is None:
        typer.echo(
            f"carbon: HTML 报告的图表需要 matplotlib：{REPORT_EXTRA}（或用 --format markdown）"
            f" (the HTML report's charts need matplotlib: {REPORT_EXTRA})",
            err=True,
        )
        raise typer.Exit(1)
    fixed = reporting.stage_year(stage, year)
    plan = _plan(data)
    observed = _observations(plan, observations, sheet, sources=True)
    built = reporting.build_report(
        plan,
        observed,
        stage=stage,
        year=fixed if fixed is not None else _year(None, observed, area),
        area=area,
        tolerance=Decimal(str(tolerance)) / 100,
    )
    if fmt is ReportFormat.HTML:
        text = reporting.render_html(built)
    else:
        text = reporting.render_markdown(built)
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as e:
        problem = Problem(
            str(output), None, None, "cannot-write", f"cannot write: {e.strerror or e}"
        )
        raise DataError([problem]) from None
    wrote = f"carbon report: 已写入 {output} — {built.title}；{views.summary_line(built.counts)}"
    typer.echo(printable(wrote), err=True)


@app.command()
def show(
    indicator: Annotated[
        str,
        typer.Argument(
            metavar="INDICATOR",
            help="Indicator: its id (forest_coverage), Chinese name (森林覆盖率) or a unique part.",
            show_default=False,
        ),
    ],
    data: DataOpt = None,
    observations: ObservationsOpt = None,
    sheet: SheetOpt = None,
    year: YearOpt = None,
    area: AreaOpt = WHOLE_CITY,
    tolerance: ToleranceOpt = 2.0,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """指标走势 — one indicator's series, straight-line trajectory and targets, as a chart."""
    from carbon_cli import report as reporting
    from carbon_cli.render.table import render_chart

    plan = _plan(data)
    found = reporting.find_indicator(indicator, plan.targets.indicators)
    observed = _observations(plan, observations, sheet)
    when = _year(year, observed, area)
    series = {y: v for y, v in observed.get(found.id, area).items() if y <= when}
    trend = reporting.trend(found, found.targets, series, area)
    assessed = [
        a for a in _assess(plan, observed, when, area, tolerance) if a.indicator.id == found.id
    ]
    if fmt is Format.TABLE:
        render_chart(reporting.text_chart(trend))
    render(reporting.show_view(plan, trend, assessed, when), fmt)


@app.command()
def validate(
    data: DataOpt = None,
    observations: ObservationsOpt = None,
    sheet: SheetOpt = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="text (one line per problem), json, or github (annotations)."
        ),
    ] = "text",
) -> None:
    """检查数据 — check the data files (and observation files); exit 1 if anything is wrong."""
    if fmt not in {"text", "json", "github"}:
        raise UsageError(f"--format: '{fmt}' is not one of text, json, github")
    from carbon_cli.checks import check_plan
    from carbon_cli.loading import find_data, load_plan
    from carbon_cli.models import all_tasks
    from carbon_cli.observations import read_observations

    source = find_data(data)
    problems: list[Problem] = []
    counts = ""
    try:
        plan = load_plan(source)
        problems += check_plan(plan)
        found, obs_problems = read_observations(
            [*_shipped(plan), *(observations or [])],
            plan.targets.indicators,
            sheet=sheet,
            sources=False,
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
    from carbon_cli.render import problems as shown

    if fmt == "json":
        typer.echo(shown.as_json(problems, source))
        return
    if fmt == "github":
        for line in shown.github(problems):
            typer.echo(line)
    else:
        lines(problems, sys.stderr)
    if problems:
        typer.echo(
            f"carbon validate: {len(problems)} 个问题 (problems) — 数据来源 {source}", err=True
        )
    else:
        typer.echo(f"carbon validate: 没有问题 (no problems) — 数据来源 {source}：{counts}")


@app.command()
def template(
    data: DataOpt = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            metavar="YEAR",
            min=1900,
            max=2100,
            help="The year to fill in on every row (default: last calendar year).",
            show_default=False,
        ),
    ] = None,
    area: Annotated[
        str, typer.Option("--area", "-a", metavar="AREA", help="The area to fill in on every row.")
    ] = WHOLE_CITY,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            metavar="FILE",
            help="The file to write: .csv (UTF-8 with BOM, for Excel) or .xlsx; - prints CSV "
            "(default: observations-YEAR.csv).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the output file if it exists.")
    ] = False,
) -> None:
    """观测值填报模板 — a fill-in file: one row per indicator, the values left blank."""
    import datetime

    from carbon_cli import template as fill_in  # only this command needs it
    from carbon_cli.observations.xlsx import WorkbookError

    when = year if year is not None else datetime.date.today().year - 1
    plan = _plan(data)
    indicators = plan.targets.indicators
    if output is not None and str(output) == "-":
        fill_in.write_csv(sys.stdout, fill_in.rows(indicators, when, area), end="\n")
        return
    path = output if output is not None else Path(f"observations-{when}.csv")
    if path.suffix.lower() not in fill_in.SUFFIXES:
        raise UsageError(
            f"--output: '{path}' is not a .csv or .xlsx file", "end the name in .csv or .xlsx"
        )
    if path.exists() and not force:
        raise UsageError(
            f"{path} already exists (it may hold filled-in values)",
            "give another --output, or --force to overwrite it",
        )
    try:
        fill_in.write(path, indicators, when, area)
    except OSError as e:
        raise DataError(
            [Problem(str(path), None, None, "cannot-write", f"cannot write: {e.strerror or e}")]
        ) from None
    except WorkbookError as e:
        raise DataError(
            [Problem(str(path), None, None, "unreadable-workbook", e.message, e.hint)]
        ) from None
    wrote = (
        f"carbon template: 已写出 {path}：{len(indicators)} 个指标，{when}年，{area} "
        f"(wrote {len(indicators)} rows; fill in the value column, then "
        f"carbon validate --observations {path})"
    )
    typer.echo(printable(wrote), err=True)


@app.command()
def schema(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="departments, tasks or targets (default: all three).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            metavar="FILE",
            help="Write NAME.schema.json files into this folder instead of printing.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """数据文件的 JSON Schema — the YAML files' schemas, from the models, for editors and CI."""
    from carbon_cli import schema as schemas  # only this command needs it

    if name is not None and name not in schemas.MODELS:
        raise UsageError(
            f"no data file '{name}'", f"choose from {', '.join(schemas.MODELS)}, or give none"
        )
    names = [name] if name is not None else list(schemas.MODELS)
    if output is None:
        payload = schemas.schema(names[0]) if name else {n: schemas.schema(n) for n in names}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    try:
        written = schemas.write(output, names)
    except OSError as e:
        raise DataError(
            [Problem(str(output), None, None, "cannot-write", f"cannot write: {e.strerror or e}")]
        ) from None
    for path in written:
        typer.echo(printable(f"carbon schema: wrote {path}"), err=True)


SYMBOLS = "✓✗↗…·█░—"  # what tables draw beside the Chinese labels


def _can_encode(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _utf8_streams() -> None:
    """Output must not crash on a narrow encoding.

    ASCII (LANG=C, PYTHONIOENCODING=ascii): write UTF-8. GBK, as a Chinese Windows writes a
    redirected file: keep it, so the Chinese reads right, and let symbols GBK lacks become '?'.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None or _can_encode("中" + SYMBOLS, encoding):
            continue
        if _can_encode("中", encoding):
            reconfigure(errors="replace")
        else:
            reconfigure(encoding="utf-8", errors="replace")


def main(argv: list[str] | None = None) -> int:
    """The console script: every error leaves here as one line and an exit code."""
    _utf8_streams()
    try:
        result = app(args=argv, prog_name="carbon", standalone_mode=False)
        sys.stdout.flush()  # a reader gone early shows here, not as Python's complaint at exit
    except DataError as e:
        lines(e.problems, sys.stderr)
        return 1
    except UsageError as e:
        typer.echo(printable(f"carbon: {e}"), err=True)  # it may echo what was typed
        return 2
    except typer.Exit as e:
        return e.exit_code
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("carbon: interrupted", err=True)
        return 130
    except typer.TyperException as e:
        typer.echo(printable(f"carbon: {e.format_message()}"), err=True)
        return 2 if e.exit_code == 2 else e.exit_code
    except BrokenPipeError:
        return _reader_gone()
    except SystemExit as e:
        # click (on an EPIPE OSError) and rich (Console.on_broken_pipe) exit 1 when the reader
        # of stdout has gone, both while handling the BrokenPipeError
        if isinstance(e.__context__, BrokenPipeError):
            return _reader_gone()
        raise
    except Exception as e:  # a bug: one line, the traceback only when asked for
        if os.environ.get("CARBON_DEBUG"):
            import traceback

            traceback.print_exc()
        typer.echo(
            f"carbon: internal error (a bug, please report it): {type(e).__name__}: {e}"
            " — set CARBON_DEBUG=1 to see the traceback",
            err=True,
        )
        return 70
    if result == 130:  # typer turns Ctrl-C during a command into a silent exit code 130
        typer.echo("carbon: interrupted", err=True)
    return result if isinstance(result, int) else 0


def _reader_gone() -> int:
    """Stdout's reader (e.g. `head -1`) has gone: exit 141 as a process killed by SIGPIPE does,
    quietly, with stdout sent to /dev/null so that Python does not complain again at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor (a test's captured stdout)
        pass
    return 141


if __name__ == "__main__":
    sys.exit(main())
