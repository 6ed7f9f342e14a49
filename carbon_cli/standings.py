"""Each annex item's standing as of a year (按期完成 … 未报送), from the progress records.

The rules are CONTRACT.md's "Progress records": per department the latest record visible as of
the year wins (progress.py); an item's standing is its lead department's (the first of its
departments), its support departments' standings are shown beside it. Pure functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from carbon_cli.choices import STANDING_LABELS as STANDING_LABELS
from carbon_cli.choices import STANDING_ORDER as STANDING_ORDER
from carbon_cli.choices import Standing as Standing
from carbon_cli.choices import State
from carbon_cli.progress import Record, by_item, latest_by_department, year_end

if TYPE_CHECKING:
    from carbon_cli.models import Group, Item, Task
    from carbon_cli.plan import Plan


# a department's latest state, dated in the year asked about → its standing
_CURRENT = {
    State.STALLED: Standing.STALLED,
    State.NOT_STARTED: Standing.NOT_STARTED,
    State.IN_PROGRESS: Standing.ON_SCHEDULE,
}


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
