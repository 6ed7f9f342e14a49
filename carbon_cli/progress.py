"""The progress ledger (任务进展台账): each item's standing as of a year, from progress records.

The rules are CONTRACT.md's "Progress records": records dated up to the end of year Y are visible;
per department the latest visible record wins; an item's standing is its lead department's (the
first of its departments), its support departments' standings are shown beside it. A `milestone`
target is judged from the records of its id. Pure functions: reading the records is records.py's.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, overload

from carbon_cli.errors import Problem

if TYPE_CHECKING:
    from carbon_cli.models import Group, Item, Task
    from carbon_cli.plan import Plan
    from carbon_cli.status import Assessment


class State(StrEnum):
    """What a department reports of an item (进展状态)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    STALLED = "stalled"


STATE_LABELS = {
    State.NOT_STARTED: "未启动",
    State.IN_PROGRESS: "推进中",
    State.COMPLETED: "已完成",
    State.STALLED: "受阻",
}


class Standing(StrEnum):
    """An item's standing as of a year, for one department (the lead's is the item's)."""

    COMPLETED_ON_TIME = "completed_on_time"
    COMPLETED_LATE = "completed_late"
    ON_SCHEDULE = "on_schedule"
    STALLED = "stalled"
    NOT_STARTED = "not_started"
    OVERDUE = "overdue"
    UNREPORTED = "unreported"


# best to worst: the order of summaries, scorecard columns and --only
STANDING_ORDER = tuple(Standing)
STANDING_LABELS = {
    Standing.COMPLETED_ON_TIME: "按期完成",
    Standing.COMPLETED_LATE: "逾期完成",
    Standing.ON_SCHEDULE: "序时推进",
    Standing.STALLED: "受阻",
    Standing.NOT_STARTED: "未启动",
    Standing.OVERDUE: "逾期未完成",
    Standing.UNREPORTED: "未报送",
}
# a department's latest state, dated in the year asked about → its standing
_CURRENT = {
    State.STALLED: Standing.STALLED,
    State.NOT_STARTED: Standing.NOT_STARTED,
    State.IN_PROGRESS: Standing.ON_SCHEDULE,
}


@dataclass(frozen=True)
class Record:
    """One row of a progress file: what a department reported of an item on a date."""

    item: str  # an item id (14.2) or a milestone target's id
    department: str  # canonical name
    date: datetime.date
    state: State
    evidence: str = ""
    link: str = ""
    source: str = ""
    path: str = ""  # where it was read, for messages
    line: int | None = None


class Records(Sequence[Record]):
    """The progress records read, in file order, and the warnings of reading them."""

    def __init__(self, records: Iterable[Record] = (), warnings: Iterable[Problem] = ()) -> None:
        self._records = tuple(records)
        self.warnings = list(warnings)

    @overload
    def __getitem__(self, i: int) -> Record: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[Record]: ...

    def __getitem__(self, i: int | slice) -> Record | Sequence[Record]:
        return self._records[i]

    def __len__(self) -> int:
        return len(self._records)

    def latest_year(self) -> int | None:
        """The year of the latest record, None without records."""
        return max((r.date.year for r in self._records), default=None)


def date_label(date: datetime.date) -> str:
    """A date as people write it: 2025年6月30日."""
    return f"{date.year}年{date.month}月{date.day}日"


def year_end(year: int) -> datetime.date:
    """The last day of a year."""
    return datetime.date(year, 12, 31)


def visible(records: Iterable[Record], year: int) -> list[Record]:
    """The records dated up to the end of `year`, oldest first."""
    end = year_end(year)
    return sorted((r for r in records if r.date <= end), key=lambda r: (r.date, r.line or 0))


def latest_by_department(records: Iterable[Record], year: int) -> dict[str, Record]:
    """Per department, its latest record visible as of `year`."""
    latest: dict[str, Record] = {}
    for record in visible(records, year):
        latest[record.department] = record  # sorted oldest first: the last one wins
    return latest


def standing(latest: Record | None, due: int | None, year: int) -> Standing:
    """One department's standing on an item as of `year`, from its latest visible record.

    The contract's rules, checked in this order; the first that applies holds.
    """
    completed = latest is not None and latest.state is State.COMPLETED
    if completed and latest is not None:
        on_time = due is None or latest.date <= year_end(due)
        return Standing.COMPLETED_ON_TIME if on_time else Standing.COMPLETED_LATE
    if due is not None and due <= year:
        return Standing.OVERDUE
    if latest is None or latest.date.year < year:
        return Standing.UNREPORTED
    return _CURRENT[latest.state]


@dataclass(frozen=True)
class DepartmentStanding:
    """One department's part in an item: its role, standing and latest record."""

    department: str
    lead: bool
    standing: Standing
    latest: Record | None


@dataclass(frozen=True)
class ItemStanding:
    """An item's standing as of a year: its lead's, with every department's beside it."""

    item: str
    due: int | None
    standing: Standing
    latest: Record | None  # the lead's latest visible record
    departments: tuple[DepartmentStanding, ...]


def item_standing(
    item: str, departments: Sequence[str], due: int | None, records: Iterable[Record], year: int
) -> ItemStanding:
    """The standing of an item on which `departments` (canonical, lead first) are named."""
    latest = latest_by_department((r for r in records if r.item == item), year)
    parts = tuple(
        DepartmentStanding(name, n == 0, standing(latest.get(name), due, year), latest.get(name))
        for n, name in enumerate(dict.fromkeys(departments))
    )
    lead = parts[0]
    return ItemStanding(item, due, lead.standing, lead.latest, parts)


def summary(standings: Iterable[Standing]) -> dict[Standing, int]:
    """How many of each standing; every standing present, in STANDING_ORDER."""
    counts = dict.fromkeys(STANDING_ORDER, 0)
    for s in standings:
        counts[s] += 1
    return counts


# a milestone's status, as carbon_cli.status names statuses (kept as text: no import cycle)
MILESTONE_ACHIEVED = "achieved"
MILESTONE_MISSED = "missed"
MILESTONE_ON_TRACK = "on_track"
MILESTONE_BEHIND = "behind"
MILESTONE_NO_DATA = "no_data"


def milestone_status(
    records: Iterable[Record], deadline: int | None, year: int
) -> tuple[str, Record | None]:
    """A milestone's status as of `year` and the record it rests on (None: no record).

    achieved: a completed record dated no later than the end of its year; else missed when the
    year is past; else on_track when the latest visible record is in_progress, behind when it is
    not_started or stalled; no_data without visible records.
    """
    seen = visible(records, year)
    if not seen:
        return MILESTONE_NO_DATA, None
    done = [r for r in seen if r.state is State.COMPLETED]
    if done and (deadline is None or done[0].date <= year_end(deadline)):
        return MILESTONE_ACHIEVED, done[0]
    if deadline is not None and year >= deadline:
        return MILESTONE_MISSED, seen[-1]
    # here the latest record is not completed: a completion would be dated after the deadline,
    # and the year asked about, which is before it, would show it
    latest = seen[-1]
    return (MILESTONE_ON_TRACK if latest.state is State.IN_PROGRESS else MILESTONE_BEHIND), latest


def by_item(records: Iterable[Record]) -> Mapping[str, list[Record]]:
    """Records grouped by item id (or milestone id)."""
    grouped: dict[str, list[Record]] = {}
    for record in records:
        grouped.setdefault(record.item, []).append(record)
    return grouped


# ------------------------------------------------------------------------------ over the plan


@dataclass(frozen=True)
class ItemProgress:
    """An annex item and its standing as of a year."""

    group: Group | None
    task: Task
    item: Item
    standing: ItemStanding


def standings(plan: Plan, records: Iterable[Record], year: int) -> list[ItemProgress]:
    """Every annex item's standing as of `year`, in the plan's order."""
    grouped = by_item(records)
    return [
        ItemProgress(
            group,
            task,
            item,
            item_standing(
                item.id,
                [plan.canonical(d) for d in item.departments],
                item.due,
                grouped.get(item.id, ()),
                year,
            ),
        )
        for group, task in plan.ordered_tasks
        for item in task.items
    ]


def judge_milestones(
    plan: Plan, assessed: Sequence[Assessment], records: Iterable[Record], year: int
) -> list[Assessment]:
    """The assessments with every milestone's status and reason from the progress records of its
    id (CONTRACT, "Progress records"); other targets as they are."""
    grouped = by_item(records)
    return [
        _milestone(a, grouped.get(a.target.id, []), year, plan.lead_of(a.target))
        if a.target.kind == "milestone"
        else a
        for a in assessed
    ]


def _milestone(
    assessed: Assessment, records: Sequence[Record], year: int, lead: str | None
) -> Assessment:
    """One milestone judged from its records, its reason naming the record it rests on."""
    from carbon_cli.status import Status  # status.py does not import this module: no cycle

    deadline = assessed.target.year
    found, record = milestone_status(records, deadline, year)
    status = Status(found)
    if record is None:
        return dataclasses.replace(assessed, status=status)  # no_data: its reason stands
    said = f"{lead or record.department}{date_label(record.date)}报告{STATE_LABELS[record.state]}"
    due = f"期限{deadline}年" if deadline is not None else "无期限"
    if status is Status.MISSED:
        if record.state is State.COMPLETED:
            reason = f"{said}，晚于{due}"
        else:
            reason = f"截至{deadline}年底未完成（最新：{said}）"
    else:
        reason = f"{said}，{due}"
    return dataclasses.replace(assessed, status=status, reason=reason)
