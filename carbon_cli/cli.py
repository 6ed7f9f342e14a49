"""The `carbon` command line: parse, call the core, render; errors become exits in one place."""

import errno
import io
import json
import os
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from carbon_cli import __version__
from carbon_cli.choices import WHOLE_CITY, DepartmentKind, Kind, ReportFormat, Stage
from carbon_cli.errors import DataError, Problem, UsageError
from carbon_cli.render import Format, render, render_report
from carbon_cli.render.problems import lines
from carbon_cli.render.text import printable

# The library (carbon_cli.api and all below it: pydantic, YAML, the readers, the report) is
# imported inside the commands: importing it here cost `carbon --help` ~60 ms, every command ~20.
if TYPE_CHECKING:
    from carbon_cli import api

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


def _api() -> "types.ModuleType":
    """The library of use cases (imported on first use, see above)."""
    from carbon_cli import api

    return api


def _show(result: "api.Result", fmt: Format, notices: list[str] | None = None) -> None:
    """Notices on stderr, then the result in the chosen format on stdout."""
    for notice in result.notices if notices is None else notices:  # type: ignore[attr-defined]
        typer.echo(printable(notice), err=True)
    render(result.view(), fmt)


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
    api = _api()
    api.check_fail_on(fail_on)
    plan = api.load_plan(data)
    observed = api.read_observations(plan, observations or [], sheet=sheet)
    if by_area:
        result = api.status_by_area(
            plan, observed, year=year, area=area, department=department, tasks=task,
            tolerance=tolerance,
        )  # fmt: skip
    else:
        result = api.status(
            plan, observed, year=year, area=area, department=department, tasks=task, only=only,
            tolerance=tolerance,
        )  # fmt: skip
    _show(result, fmt)
    if result.fails(fail_on):
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
    if name is None and not all_departments:
        raise UsageError("请给出部门名称或 --all", "例如：carbon owners 市住房城乡建设局")
    api = _api()
    plan = api.load_plan(data)
    observed = api.read_observations(plan, observations or [], sheet=sheet)
    if all_departments:
        _show(api.scorecard(plan, observed, year=year, area=area, tolerance=tolerance), fmt)
    else:
        assert name is not None
        _show(api.owners(plan, observed, name, year=year, area=area, tolerance=tolerance), fmt)


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
    api = _api()
    plan = api.load_plan(data)
    _show(api.targets(plan, year=year, tasks=task, kind=kind, department=department), fmt, [])


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
    api = _api()
    plan = api.load_plan(data)
    _show(api.tasks(plan, group=group, department=department, tasks=task), fmt, [])


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
    api = _api()
    _show(api.departments(api.load_plan(data), kind=kind), fmt, [])


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
    api = _api()
    plan = api.load_plan(data)
    if output is not None and str(output) != "-":
        api.refuse_output_on_inputs(output, plan, observations or [])
    observed = api.read_observations(plan, observations or [], sheet=sheet, sources=True)
    built = api.report(plan, observed, stage=stage, year=year, area=area, tolerance=tolerance)
    text = printable(render_report(built, fmt))  # a source cell's ESC must not reach a terminal
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    from carbon_cli.files import write_atomic

    try:
        write_atomic(output, text)  # a full disk leaves the old file, not half a report
    except OSError as e:
        problem = Problem(
            str(output), None, None, "cannot-write", f"cannot write: {e.strerror or e}"
        )
        raise DataError([problem]) from None
    from carbon_cli.labels import summary_line

    wrote = f"carbon report: 已写入 {output} — {built.title}；{summary_line(built.counts)}"
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
    api = _api()
    plan = api.load_plan(data)
    observed = api.read_observations(plan, observations or [], sheet=sheet)
    result = api.show(plan, observed, indicator, year=year, area=area, tolerance=tolerance)
    if fmt is Format.TABLE:
        from carbon_cli.render.table import render_chart
        from carbon_cli.trend import text_chart

        render_chart(text_chart(result.trend))
    _show(result, fmt)


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
    from carbon_cli.render import problems as shown

    result = _api().validate(data, observations or [], sheet=sheet)
    source = result.source.describe()
    if fmt == "json":
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        raise typer.Exit(0 if result.ok else 1)
    if fmt == "github":
        for line in shown.github(result.problems):
            typer.echo(line)
    else:
        lines(result.problems, sys.stderr)
    if not result.ok:
        typer.echo(
            f"carbon validate: {len(result.problems)} 个问题 (problems) — 数据来源 {source}",
            err=True,
        )
        raise typer.Exit(1)
    counts = result.counts
    typer.echo(
        f"carbon validate: 没有问题 (no problems) — 数据来源 {source}："
        f"{counts['targets']} 项目标、{counts['tasks']} 项任务、"
        f"{counts['departments']} 个部门、{counts['observations']} 个观测值"
    )


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
    from carbon_cli.excel import WorkbookError

    when = year if year is not None else datetime.date.today().year - 1
    indicators = _api().load_plan(data).observable_indicators
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
# simplified characters the output is full of, which Big5, Shift_JIS and EUC-KR cannot encode
SIMPLIFIED = "中碳达峰实施进展状态滞后标"
WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF, errno.EROFS}


def _can_encode(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


class _ClosedStdout(io.TextIOBase):
    """Stands in for a stdout the shell closed (`carbon … >&-`): writing to it fails."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "标准输出已关闭 (stdout is closed)")


def _utf8_streams() -> None:
    """Output must not crash on a narrow encoding nor lose the Chinese to '?'.

    An encoding that cannot write simplified Chinese (LANG=C, PYTHONIOENCODING=ascii, latin-1,
    big5, cp950, shift_jis, euc_kr): write UTF-8 instead, since '?' in place of a department's
    name is data lost without a word, while UTF-8 reads right in every editor (and the CSV's
    BOM tells Excel). GBK, as a Chinese Windows writes a redirected file: keep it, so the Chinese
    reads right, and let the symbols GBK lacks (✓ █) become '?'. A closed stdout fails at the
    first write, which main() reports; a closed stderr swallows what would go there.
    """
    if sys.stdout is None:
        sys.stdout = _ClosedStdout()
    if sys.stderr is None:
        sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 (the whole run)
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None or _can_encode(SIMPLIFIED + SYMBOLS, encoding):
            continue
        if _can_encode(SIMPLIFIED, encoding):
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
        try:
            lines(e.problems, sys.stderr)
        except OSError:  # stderr is full or closed: the exit code is all that is left
            _discard(sys.stderr)
        return 1
    except UsageError as e:
        return _say(f"carbon: {e}", 2)  # it may echo what was typed
    except typer.Exit as e:
        return e.exit_code
    except (typer.Abort, KeyboardInterrupt):
        return _say("carbon: interrupted", 130)
    except typer.TyperException as e:
        return _say(f"carbon: {e.format_message()}", 2 if e.exit_code == 2 else e.exit_code)
    except BrokenPipeError:
        return _reader_gone()
    except OSError as e:
        if _cwd_gone():
            return _say(
                "carbon: 当前文件夹已被删除，请先 cd 到一个存在的文件夹"
                " (the working folder no longer exists)"
            )
        if e.errno not in WRITE_ERRORS:
            return _internal_error(e)
        _discard(sys.stdout)  # what is still buffered goes nowhere, not to Python's complaint
        return _say(f"carbon: 无法写出输出 (cannot write the output): {e.strerror or e}")
    except SystemExit as e:
        # click (on an EPIPE OSError) and rich (Console.on_broken_pipe) exit 1 when the reader
        # of stdout has gone, both while handling the BrokenPipeError
        if isinstance(e.__context__, BrokenPipeError):
            return _reader_gone()
        raise
    except Exception as e:  # a bug: one line, the traceback only when asked for
        return _internal_error(e)
    if result == 130:  # typer turns Ctrl-C during a command into a silent exit code 130
        return _say("carbon: interrupted", 130)
    return result if isinstance(result, int) else 0


def _internal_error(e: Exception) -> int:
    """A bug: one line, the traceback only when asked for."""
    if os.environ.get("CARBON_DEBUG"):
        import traceback

        traceback.print_exc()
    return _say(
        f"carbon: internal error (a bug, please report it): {type(e).__name__}: {e}"
        " — set CARBON_DEBUG=1 to see the traceback",
        70,
    )


def _say(line: str, code: int = 1) -> int:
    """One line on stderr, if stderr can still take it, and the exit code."""
    try:
        typer.echo(printable(line), err=True)
    except OSError:  # stderr is full or closed too: the exit code is all that is left
        _discard(sys.stderr)
    return code


def _cwd_gone() -> bool:
    """The working folder was deleted under the shell (cd into it, rmdir it, run carbon)."""
    try:
        Path.cwd()
    except OSError:
        return True
    return False


def _reader_gone() -> int:
    """Stdout's reader (e.g. `head -1`) has gone: exit 141 as a process killed by SIGPIPE does,
    quietly, with stdout sent to /dev/null so that Python does not complain again at exit."""
    _discard(sys.stdout)
    return 141


def _discard(stream: TextIO) -> None:
    """Send the stream to /dev/null: what is still buffered must not fail again at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError):  # no file descriptor (a test's captured stdout, >&-)
        pass


if __name__ == "__main__":
    sys.exit(main())
