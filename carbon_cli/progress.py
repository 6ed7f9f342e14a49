"""Progress records (任务进展台账) as of a year, and the milestones judged from them.

The rules are CONTRACT.md's "Progress records": records dated up to the end of year Y are visible;
per department the latest visible record wins. A `milestone` target is judged from the records of
its id. An item's standing is standings.py's; reading the records is records.py's. Pure functions.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, overload

from carbon_cli.choices import STATE_LABELS as STATE_LABELS
from carbon_cli.choices import State as State
from carbon_cli.errors import Problem

if TYPE_CHECKING:
    from carbon_cli.plan import Plan
    from carbon_cli.status import Assessment


class Record(NamedTuple):
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
        return assessed._replace(status=status)  # no_data: its reason stands
    said = f"{lead or record.department}{date_label(record.date)}报告{STATE_LABELS[record.state]}"
    due = f"期限{deadline}年" if deadline is not None else "无期限"
    if status is Status.MISSED:
        if record.state is State.COMPLETED:
            reason = f"{said}，晚于{due}"
        else:
            reason = f"截至{deadline}年底未完成（最新：{said}）"
    else:
        reason = f"{said}，{due}"
    return assessed._replace(status=status, reason=reason)
