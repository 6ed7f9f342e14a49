"""Contract-shaped rows: the JSON payload of each command and the sheets people read.

One function per result of carbon_cli.api (named by the result's VIEW), each returning a View.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from carbon_cli import lazy

if TYPE_CHECKING:
    from carbon_cli.views._base import Cell, Record, Sheet, View, flatten
    from carbon_cli.views._duties import owners, scorecard, scorecard_sheet, scorecard_view, show
    from carbon_cli.views._explain import explain
    from carbon_cli.views._listings import (
        DepartmentRow,
        ItemRow,
        TargetRow,
        TaskRow,
        department_rows,
        departments,
        target_rows,
        targets,
        tasks,
    )
    from carbon_cli.views._progress import (
        DepartmentPart,
        ItemStandingRow,
        due_label,
        item_row,
        latest_label,
        progress,
        progress_sheet,
        standing_counts,
        standing_line,
    )
    from carbon_cli.views._status import (
        StatusRow,
        by_area,
        status,
        status_payload,
        status_row,
        status_sheet,
    )
    from carbon_cli.views._target import TargetFields, target_fields

__all__ = [
    "Cell",
    "DepartmentPart",
    "DepartmentRow",
    "ItemRow",
    "ItemStandingRow",
    "Record",
    "Sheet",
    "StatusRow",
    "TargetFields",
    "TargetRow",
    "TaskRow",
    "View",
    "by_area",
    "department_rows",
    "departments",
    "due_label",
    "explain",
    "flatten",
    "item_row",
    "latest_label",
    "owners",
    "progress",
    "progress_sheet",
    "scorecard",
    "scorecard_sheet",
    "scorecard_view",
    "show",
    "standing_counts",
    "standing_line",
    "status",
    "status_payload",
    "status_row",
    "status_sheet",
    "target_fields",
    "target_rows",
    "targets",
    "tasks",
]

# each public name → its module, from the TYPE_CHECKING imports above (imported on first use)
WHERE = lazy.homes(Path(__file__).read_text(encoding="utf-8"))


def __getattr__(name: str) -> Any:
    """A public name, its module imported on first use."""
    return lazy.attribute(__name__, WHERE, globals(), name)
