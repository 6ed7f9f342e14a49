"""A department's workbook (部门填报工作簿) for the yearly cycle: what it leads and what it is on.

Two sheets: 指标 (the indicators of the targets it leads, one row each, a column per year from
`reference_year` to the latest deadline: the wide layout the observation reader accepts) and 任务
(the items it is on and the milestones it leads, with the date, state, evidence and link to fill
in; the state a drop-down of the Chinese states). Returned, filled in or not, the workbook reads
back unchanged by `--observations` (its first sheet, 指标) and `--progress` (its sheet 任务).
openpyxl is imported only to write: it is an optional extra.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from carbon_cli.models import WHOLE_CITY, Department, Indicator, Kind
from carbon_cli.owners import ROLE_LABELS, Role, duties
from carbon_cli.plan import Plan
from carbon_cli.progress import STATE_LABELS

INDICATOR_SHEET = "指标"
TASK_SHEET = "任务"
# the 任务 sheet's columns: (header, width); the first five are filled in by carbon
TASK_COLUMNS = (
    ("事项编号", 12),
    ("具体任务内容", 60),
    ("期限", 8),
    ("职责", 8),
    ("填报单位", 20),
    ("日期", 14),
    ("进展状态", 12),
    ("进展情况", 48),
    ("佐证材料", 30),
)
FILLED = 5  # columns carbon fills in; the rest are the department's
STATE_CHOICES = tuple(STATE_LABELS.values())


@dataclass(frozen=True)
class Task:
    """One row of the 任务 sheet: an item the department is on, or a milestone it leads."""

    id: str
    text: str
    due: int | None
    role: str  # 牵头 or 配合


@dataclass(frozen=True)
class Packet:
    """What a department's workbook holds."""

    department: Department
    indicators: list[Indicator]  # of the targets it leads, in targets.yaml's order
    years: list[int]  # the year columns of the 指标 sheet
    tasks: list[Task]


def packets(plan: Plan) -> list[Packet]:
    """A packet for every department with something in it (各县（市、区）人民政府 is on no item)."""
    every = (packet(plan, dept) for dept in plan.departments.departments)
    return [found for found in every if found.tasks or found.indicators]


def packet(plan: Plan, dept: Department) -> Packet:
    """The department's indicators (of the targets it leads) and its items, lead duties first."""
    led = [(ind, t) for ind, t in plan.all_targets if plan.lead_of(t) == dept.name]
    indicators = list({ind.id: ind for ind, t in led if t.kind is not Kind.MILESTONE}.values())
    deadlines = [t.year for _, t in plan.all_targets if t.year is not None]
    first = plan.targets.reference_year
    years = list(range(first, max(deadlines, default=first) + 1))
    found = duties(dept, plan.departments, plan.tasks, plan.targets)
    tasks = [
        Task(
            d.task.items[d.item_index].id,
            d.text,
            d.task.items[d.item_index].due,
            ROLE_LABELS[d.role],
        )
        for d in found
    ]
    tasks += [
        Task(t.id, t.quote, t.year, ROLE_LABELS[Role.LEAD])
        for _, t in led
        if t.kind is Kind.MILESTONE
    ]
    return Packet(dept, indicators, years, tasks)


def file_name(dept: Department) -> str:
    """The workbook's name in a folder of them: 市林业局-填报.xlsx."""
    return f"{dept.name}-填报.xlsx"


def indicator_rows(found: Packet) -> tuple[list[str], list[list[str | int]]]:
    """The 指标 sheet: its header and one row per indicator, the year cells blank."""
    header = ["指标", "名称", "单位", "地区", *(f"{y}年" for y in found.years), "来源"]
    rows: list[list[str | int]] = [
        [ind.id, ind.name, ind.unit, WHOLE_CITY, *([""] * len(found.years)), ""]
        for ind in found.indicators
    ]
    return header, rows


def task_rows(found: Packet) -> tuple[list[str], list[list[str | int]]]:
    """The 任务 sheet: its header and one row per item, the columns to fill blank."""
    header = [name for name, _ in TASK_COLUMNS]
    blank = [""] * (len(TASK_COLUMNS) - FILLED)
    rows: list[list[str | int]] = [
        [
            t.id,
            t.text,
            t.due if t.due is not None else "长期",
            t.role,
            found.department.name,
            *blank,
        ]
        for t in found.tasks
    ]
    return header, rows


def write(path: Path, found: Packet, *, overwrite: bool = False) -> None:
    """The department's workbook at `path`, written whole (never half a file); an existing file
    is replaced only with `overwrite` (FileExistsError otherwise)."""
    from carbon_cli.files import write_atomic

    write_atomic(path, workbook(found), overwrite=overwrite)


def workbook(found: Packet) -> bytes:
    """The workbook's bytes: 指标 first (what --observations reads), then 任务 with the states as
    a drop-down; drawn as every workbook carbon writes is (template.workbook_of: text cells
    neutralised, the same bytes every time)."""
    from carbon_cli.template import Choice, Sheet, workbook_of

    head, rows = indicator_rows(found)
    indicators = Sheet(
        INDICATOR_SHEET, head, rows, widths=[28, 36, 14, 8, *([10] * len(found.years)), 30]
    )
    head, rows = task_rows(found)
    states = Choice(
        head.index("进展状态") + 1,
        "进展状态",
        list(STATE_CHOICES),
        strict=True,
        also="也可填写英文：" + "、".join(s.value for s in STATE_LABELS),
    )
    items = Sheet(
        TASK_SHEET,
        head,
        rows,
        [states],
        widths=[w for _, w in TASK_COLUMNS],
        freeze="A2",
        wrap=[2],
    )
    return workbook_of([indicators, items], shown=file_name(found.department))


def write_all(folder: Path, packets: Sequence[Packet], *, overwrite: bool = False) -> list[Path]:
    """One workbook per department in `folder` (made if missing); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for found in packets:
        path = folder / file_name(found.department)
        write(path, found, overwrite=overwrite)
        written.append(path)
    return written
