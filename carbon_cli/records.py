"""Progress records (任务进展台账) from CSV and .xlsx files: each row checked against the plan.

A row names an item (`14.2`) or a milestone target, the department reporting (one of the item's
departments; for a milestone, its lead), a date, a state and, for completed and stalled, the
evidence. Every problem is at its file, line and column with a stable code. Files are read by the
observation readers' table layer (title rows, Chinese headers, CSV or a sheet); this module checks
what the cells say.
"""

from __future__ import annotations

import calendar
import datetime
import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from carbon_cli.choices import FIRST_YEAR, LAST_YEAR
from carbon_cli.errors import Problem, sort_problems
from carbon_cli.models import Kind
from carbon_cli.observations import discover
from carbon_cli.observations.context import Context, Reader
from carbon_cli.observations.header import Header, pad, strays
from carbon_cli.observations.spec import Column, TableSpec, fold
from carbon_cli.progress import STATE_LABELS, Record, Records, State

if TYPE_CHECKING:
    from carbon_cli.plan import Plan

SPEC = TableSpec(
    what="进展记录",
    columns=(
        Column("item", ("事项编号", "编号", "任务编号", "具体任务编号")),
        Column("department", ("填报单位", "责任单位", "部门")),
        Column("date", ("日期", "填报日期", "报送日期")),
        Column("state", ("进展状态", "状态")),
        Column("evidence", ("进展情况", "进展说明", "完成情况")),
        Column("link", ("佐证材料", "佐证", "链接")),
        Column("source", ("来源", "数据来源")),
        Column("note", ("备注",)),
        # what a department's workbook shows beside the columns to fill: read, never checked
        Column("text", ("具体任务内容", "任务内容")),
        Column("due", ("期限",)),
        Column("role", ("职责",)),
        Column("lead", ("牵头单位",)),
    ),
    key="item",
    required=("item", "department", "date", "state"),
)
TASK_SHEET = "任务"  # a department workbook's sheet of items (packet.py); else the first sheet
NEEDS_EVIDENCE = frozenset({State.COMPLETED, State.STALLED})
DATE_FORMS = "2024-06-30、2024/6/30、2024-06、2024年6月 或 2024年6月30日"
STATE_WORDS = "、".join(STATE_LABELS.values())
# 2024-06-30, 2024/6/30, 2024.6.30, 2024-06, 2024年6月, 2024年6月30日; a time after a date is
# dropped (a sheet's date cell with a time of day reads 2024-06-30 10:30:00)
DATE = re.compile(
    r"(?P<y>[0-9]{4})\s*(?:[-/.]\s*(?P<m>[0-9]{1,2})(?:\s*[-/.]\s*(?P<d>[0-9]{1,2}))?"
    r"|年\s*(?P<m2>[0-9]{1,2})\s*月(?:\s*(?P<d2>[0-9]{1,2})\s*[日号])?)?"
    r"(?:(?:\s+|T)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
)


class Fault(NamedTuple):
    """Why a cell cannot be read: a stable code, the message and the fix when known."""

    code: str
    message: str
    hint: str | None


def parse_date(cell: str) -> datetime.date | Fault:
    """A date as the contract accepts it (a month alone: its last day), or why not."""
    match = DATE.fullmatch(unicodedata.normalize("NFKC", cell).strip())
    if match is None:
        return Fault("bad-date", f"日期“{_show(cell)}”无法识别 (not a date)", f"写作 {DATE_FORMS}")
    year = int(match["y"])
    month = match["m"] or match["m2"]
    day = match["d"] or match["d2"]
    if month is None:
        return Fault(
            "bad-date",
            f"日期“{_show(cell)}”只有年份，缺少月份 (a year alone is not a date)",
            f"写作 {DATE_FORMS}",
        )
    try:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError
        last = calendar.monthrange(year, int(month))[1] if 1 <= int(month) <= 12 else 0
        return datetime.date(year, int(month), int(day) if day is not None else last)
    except ValueError:
        return Fault(
            "bad-date",
            f"日期“{_show(cell)}”不存在 (no such date)",
            f"年份 {FIRST_YEAR}–{LAST_YEAR}，月份 1–12，日期不超过当月天数",
        )


# a state cell, folded (full-width, spaces, case) → its state: the id or the Chinese word
STATES = {fold(s.value): s for s in State} | {fold(w): s for s, w in STATE_LABELS.items()}


def parse_state(cell: str) -> State | Fault:
    """A state: its id (completed) or its Chinese word (已完成), or why not."""
    state = STATES.get(fold(cell))
    if state is None:
        return Fault(
            "unknown-state",
            f"进展状态“{_show(cell)}”无法识别 (unknown state)",
            f"填 {STATE_WORDS}（或 {', '.join(s.value for s in State)}）",
        )
    return state


def _show(cell: str) -> str:
    """A cell for a one-line message: control characters escaped, long text cut."""
    text = cell.strip()
    text = text if len(text) <= 40 else text[:40] + "…"
    return repr(text)[1:-1]


def _closest(wanted: str, names: Iterable[str], n: int = 3) -> list[str]:
    """The names most like `wanted` (difflib sees at most 64 characters of it)."""
    return difflib.get_close_matches(wanted[:64], list(names), n=n, cutoff=0.4)


@dataclass(frozen=True)
class Subject:
    """What a record may be about: an item, or a milestone target, and who may report on it."""

    id: str
    departments: tuple[str, ...]  # canonical names, lead first; a milestone: its lead alone
    milestone: bool


def subjects(plan: Plan) -> dict[str, Subject]:
    """Every item id and milestone target id → what may be reported on it."""
    found: dict[str, Subject] = {}
    for _, task in plan.ordered_tasks:
        for item in task.items:
            names = tuple(dict.fromkeys(plan.canonical(d) for d in item.departments))
            found[item.id] = Subject(item.id, names, False)
    for _, target in plan.all_targets:
        if target.kind is Kind.MILESTONE:
            lead = plan.lead_of(target)
            found[target.id] = Subject(target.id, (lead,) if lead else (), True)
    return found


Cells = Mapping[str, tuple[str, int]]  # column → (cell text, its 1-based column)


@dataclass
class Ledger:
    """The records read so far and every problem, checked row by row against the plan."""

    plan: Plan
    records: list[Record] = field(default_factory=list)
    _subjects: dict[str, Subject] = field(default_factory=dict, repr=False)
    _items: dict[str, str] = field(default_factory=dict, repr=False)  # folded id → id
    _names: dict[str, str] = field(default_factory=dict, repr=False)  # folded name → canonical
    # (item, department, date) → the place in `records` of the record kept for it
    _seen: dict[tuple[str, str, datetime.date], int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._subjects = subjects(self.plan)
        self._items = {fold(i): i for i in self._subjects}
        for dept in self.plan.departments.departments:
            for name in (dept.name, *dept.aliases):
                self._names.setdefault(fold(name), dept.name)

    def row(self, path: str, line: int, cells: Cells) -> list[Problem]:
        """Check one row; a good row becomes a record. The row's problems, in column order.

        A row whose date, state, evidence and link are all blank is no record (a department's
        workbook lists every item it is on; it fills in the ones it reports).
        """
        text = {key: cell.strip() for key, (cell, _) in cells.items()}
        if not any(text.get(k) for k in ("date", "state", "evidence", "link")):
            return []
        bad: list[Problem] = []

        def fault(key: str, found: Fault) -> None:
            bad.append(Problem(path, line, cells[key][1], *found))

        subject = self._subject(text.get("item", ""))
        if isinstance(subject, Fault):
            fault("item", subject)
        department = self._department(text.get("department", ""), subject)
        if isinstance(department, Fault):
            fault("department", department)
        date = (
            parse_date(text["date"])
            if text.get("date")
            else Fault("missing-date", "缺少日期 (date is empty)", f"写作 {DATE_FORMS}")
        )
        if isinstance(date, Fault):
            fault("date", date)
        state = (
            parse_state(text["state"])
            if text.get("state")
            else Fault("missing-state", "缺少进展状态 (state is empty)", f"填 {STATE_WORDS}")
        )
        if isinstance(state, Fault):
            fault("state", state)
        elif state in NEEDS_EVIDENCE and not text.get("evidence"):
            where = cells["evidence"][1] if "evidence" in cells else None
            bad.append(
                Problem(
                    path,
                    line,
                    where,
                    "missing-evidence",
                    f"进展状态为{STATE_LABELS[state]}，须填写进展情况 "
                    "(completed and stalled records need the evidence)",
                    "在“进展情况”列写明做了什么、卡在哪里",
                )
            )
        if bad:
            return bad
        assert isinstance(subject, Subject)
        assert isinstance(department, str)
        assert isinstance(date, datetime.date)
        assert isinstance(state, State)
        record = Record(
            subject.id,
            department,
            date,
            state,
            evidence=text.get("evidence", ""),
            link=text.get("link", ""),
            source=text.get("source", ""),
            path=path,
            line=line,
        )
        return self._add(record, cells)

    def _subject(self, cell: str) -> Subject | Fault:
        """The item or milestone an item cell names."""
        if not cell:
            return Fault("missing-item", "缺少事项编号 (item is empty)", "填具体任务编号，如 14.2")
        key = fold(cell)
        found = self._items.get(key)
        if found is not None:
            return self._subjects[found]
        close = _closest(key.upper() if "." in key else key, self._subjects)  # s2.1 → S2.1
        return Fault(
            "unknown-item",
            f"没有事项编号“{_show(cell)}” (no such item)",
            f"最接近的编号：{'、'.join(close)}" if close else "用 carbon tasks 查看各事项编号",
        )

    def _department(self, cell: str, subject: Subject | Fault) -> str | Fault:
        """The canonical department a department cell names, if it is on the item."""
        if not cell:
            return Fault("missing-department", "缺少填报单位 (department is empty)", None)
        name = self._names.get(fold(cell))
        if name is None:
            matches = {n for key, n in self._names.items() if fold(cell) in key}
            if len(matches) == 1:
                name = matches.pop()
        if name is None:
            close = list(dict.fromkeys(self._names[c] for c in _closest(fold(cell), self._names)))
            return Fault(
                "unknown-department",
                f"没有部门“{_show(cell)}” (no such department)",
                f"您是不是要找：{'、'.join(close)}？"
                if close
                else "用 carbon departments 查看全部部门",
            )
        if not isinstance(subject, Subject) or name in subject.departments:
            return name
        if subject.milestone:
            lead = subject.departments[0] if subject.departments else "无"
            return Fault(
                "department-not-on-item",
                f"{name}不是里程碑 {subject.id} 的牵头单位 (not the milestone's lead)",
                f"由牵头单位{lead}填报",
            )
        lead, *support = subject.departments
        return Fault(
            "department-not-on-item",
            f"{name}不是事项 {subject.id} 的责任单位 (not on this item)",
            f"牵头：{lead}" + (f"；配合：{'、'.join(support)}" if support else ""),
        )

    def _add(self, record: Record, cells: Cells) -> list[Problem]:
        """Keep a record; two of one item, department and date must agree on the state."""
        key = (record.item, record.department, record.date)
        place = self._seen.get(key)
        if place is None:
            self._seen[key] = len(self.records)
            self.records.append(record)
            return []
        earlier = self.records[place]
        if earlier.state is record.state:
            # the same report twice: keep the fullest, whichever file came first
            if _fullness(record) > _fullness(earlier):
                self.records[place] = record
            return []
        where = f"{earlier.path}:{earlier.line}" if earlier.path else "另一条记录"
        return [
            Problem(
                record.path,
                record.line,
                cells["state"][1],
                "conflicting-states",
                f"与 {where} 冲突：{record.item} {record.department} {record.date.isoformat()} "
                f"在那里是{STATE_LABELS[earlier.state]}，这里是{STATE_LABELS[record.state]} "
                "(two records of one item, department and date with different states)",
                "保留一条",
            )
        ]

    def read(self, ctx: Context, header: Header, rows: Reader) -> None:
        """Every row under the header, each problem at its line and column; ctx.line is the last
        line read, also when a row raises (the CSV reader goes on after a malformed row)."""
        columns = header.columns
        line = ctx.line
        try:
            for row in rows:
                line, start = rows.line_num, line + 1  # a quoted cell may run over lines
                if not row:
                    continue
                cells = pad(row, header)
                bad = strays(cells, len(row), header, ctx.shown, start)
                bad += self.row(
                    ctx.shown, start, {k: (cells[i], i + 1) for k, i in columns.items()}
                )
                for problem in sorted(bad, key=lambda p: p.col or 0):
                    ctx.add(problem)
        finally:
            ctx.line = line


def _fullness(record: Record) -> tuple[int, str, str, str]:
    """Which of two identical reports to keep: the longer evidence, then by text (so the order
    of the files does not matter)."""
    return len(record.evidence), record.evidence, record.link, record.source


def read_records(
    paths: Iterable[Path], plan: Plan, sheet: str | None = None
) -> tuple[Records, list[Problem]]:
    """Every record in the files (folders expanded to their .csv and .xlsx files) and every
    problem, sorted. A workbook is read from `sheet`, else its sheet 任务 (a department's
    workbook), else its first visible sheet."""
    files, problems, warnings = discover(list(paths))
    ledger = Ledger(plan)
    for path in files:
        _read(path, Context(str(path), problems, warnings), ledger, sheet)
    return Records(ledger.records, sort_problems(warnings)), sort_problems(problems)


def _read(path: Path, ctx: Context, ledger: Ledger, sheet: str | None) -> None:
    """One file; a workbook without a sheet 任务 is read from its first visible sheet."""
    from carbon_cli.observations import read_table

    if sheet is None and path.suffix.lower() == ".xlsx":
        before = len(ctx.problems)
        read_table(path, SPEC, ctx, ledger.read, TASK_SHEET)
        added = ctx.problems[before:]
        if [p.code for p in added] != ["no-such-sheet"]:
            return
        del ctx.problems[before:]  # nothing was read: the workbook is opened again
    read_table(path, SPEC, ctx, ledger.read, sheet)
