"""The progress ledger (任务进展台账): `carbon progress` and the year it is judged as of; the
department workbooks. The records every command reads are _common's."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from carbon_cli.api._common import PathLike, Result, as_of, refuse_output_on_inputs
from carbon_cli.errors import DataError, Problem, UsageError
from carbon_cli.standings import ItemProgress, standings

if TYPE_CHECKING:
    from carbon_cli.observations import Observations
    from carbon_cli.packet import Packet
    from carbon_cli.plan import Plan
    from carbon_cli.progress import Record
    from carbon_cli.standings import Standing


# ------------------------------------------------------------------------------ the records


def latest_record_year(records: Iterable[Record]) -> int | None:
    """The year of the latest record, None without records."""
    return max((r.date.year for r in records), default=None)


def progress_year(records: Sequence[Record], year: int | None) -> tuple[int, list[str]]:
    """The year to judge items as of: the one asked for, else the latest record's, else this
    year (with a notice saying so)."""
    if year is not None:
        return year, []
    latest = latest_record_year(records)
    if latest is not None:
        return latest, []
    this_year = datetime.date.today().year
    notice = (
        f"carbon: 没有任务进展记录，按{this_year}年评估；用 --progress 文件.csv 添加进展记录"
        f" (no progress records; add some with --progress FILE.csv)"
    )
    return this_year, [notice]


def as_of_both(
    observed: Observations, records: Sequence[Record], area: str, year: int | None
) -> tuple[int, list[str]]:
    """One year for a command showing targets and items (owners, the scorecard, the report):
    the one asked for, else the later of the latest observed and the latest reported."""
    if year is not None or not records:
        return as_of(observed, area, year)
    found = [y for y in (observed.latest_year(area), latest_record_year(records)) if y]
    return max(found), []


# ---------------------------------------------------------------------------- the standings


def standing_names(wanted: str | Iterable[str] | None) -> set[Standing]:
    """Standings named by id (overdue) or Chinese word (逾期未完成), comma-separated or listed."""
    from carbon_cli.standings import STANDING_LABELS, STANDING_ORDER, Standing

    if wanted is None:
        return set()
    words = wanted.split(",") if isinstance(wanted, str) else list(wanted)
    names = {s.value: s for s in Standing} | {label: s for s, label in STANDING_LABELS.items()}
    found = {names[w.strip()] for w in words if w.strip() in names}
    bad = [w.strip() for w in words if w.strip() and w.strip() not in names]
    if bad:
        choices = "、".join(f"{STANDING_LABELS[s]}（{s.value}）" for s in STANDING_ORDER)
        raise UsageError(f"--only：没有进展状态 {'、'.join(bad)}", f"可选：{choices}")
    return found


@dataclass(frozen=True, eq=False)
class ProgressResult(Result):
    """Every item's standing as of the end of a year (those the filters keep), in plan order."""

    VIEW = "progress"
    year: int
    items: list[ItemProgress] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def progress(
    plan: Plan,
    records: Sequence[Record],
    *,
    year: int | None = None,
    department: str | None = None,
    task: str | Iterable[str] | None = None,
    only: str | Iterable[str] | None = None,
) -> ProgressResult:
    """`carbon progress`: each item's standing as of the end of `year` (default: the latest year
    of any record), kept by the department it names, its task and its standing."""
    from carbon_cli.api._common import task_ids
    from carbon_cli.owners import resolve

    tasks = task_ids(plan, None, [task] if isinstance(task, str) else task)
    name = None if department is None else resolve(department, plan.departments).name
    wanted = standing_names(only)
    when, notices = progress_year(records, year)
    kept = [
        p
        for p in standings(plan, records, when)
        if (tasks is None or p.task.id in tasks)
        and (name is None or any(d.department == name for d in p.standing.departments))
        and (not wanted or p.standing.standing in wanted)
    ]
    return ProgressResult(plan, when, kept, notices)


# --------------------------------------------------------------------- department workbooks

ALL = ("all", "全部")
FOLDER = "填报工作簿"  # where `--department all` writes, without --output


@dataclass(frozen=True)
class Workbooks:
    """The department workbooks written (`carbon template --department`), each with its packet."""

    written: list[tuple[Path, Packet]]


def department_workbooks(
    plan: Plan, department: str, output: PathLike | None = None, *, overwrite: bool = False
) -> Workbooks:
    """`carbon template --department D`: D's workbook (default ./D-填报.xlsx); with `all`, one for
    every department with duties or led indicators, in the folder `output` (default 填报工作簿/).
    An existing workbook (it may hold what a department filled in) is replaced only with
    `overwrite`; nothing is written when one is in the way."""
    from carbon_cli import packet
    from carbon_cli.owners import resolve

    if department.strip().lower() in ALL:
        folder = Path(output) if output is not None else Path(FOLDER)
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"--output：{folder} 不是文件夹", "--department all 写入一个文件夹")
        planned = [(folder / packet.file_name(p.department), p) for p in packet.packets(plan)]
    else:
        found = packet.packet(plan, resolve(department, plan.departments))
        path = Path(output) if output is not None else Path(packet.file_name(found.department))
        if path.suffix.lower() != ".xlsx":
            raise UsageError(f"--output：{path} 不是 .xlsx 文件", "文件名以 .xlsx 结尾")
        planned = [(path, found)]
    for path, _ in planned:  # never onto the data folder's files, observations or records
        refuse_output_on_inputs(path, plan, [])
    taken = [str(p) for p, _ in planned if p.exists() or p.is_symlink()]
    if taken and not overwrite:
        raise UsageError(
            f"{'、'.join(taken[:3])}{' 等' if len(taken) > 3 else ''}已存在（可能已填写）",
            "换一个 --output，或加 --force 覆盖",
        )
    for path, found in planned:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            packet.write(path, found, overwrite=overwrite)
        except OSError as e:
            problem = Problem(
                str(path), None, None, "cannot-write", f"无法写入 (cannot write): {e.strerror or e}"
            )
            raise DataError([problem]) from None
    return Workbooks(planned)
