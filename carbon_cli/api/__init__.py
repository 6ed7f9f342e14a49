"""The use cases of carbon, one function each: what every command does, for any Python caller.

Each function takes plain arguments and returns a result object; `result.to_dict()` is exactly what
the command prints with `--format json`. The rules of a use case live here and nowhere else: which
observation files a data folder contributes, the default year, the filters. Nothing here prints,
exits or imports typer or rich; a problem in the data raises `DataError`, a name or option that
means nothing raises `UsageError` (with the closest names as its hint).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from carbon_cli import lazy

if TYPE_CHECKING:
    from carbon_cli.api._common import (
        DEFAULT_TOLERANCE,
        Result,
        as_of,
        data_observations,
        data_progress,
        first_run_hint,
        load_plan,
        read_observations,
        read_progress,
        refuse_output_on_inputs,
        resolve_area,
        statuses,
        task_ids,
    )
    from carbon_cli.api._documents import ShowResult, report, show
    from carbon_cli.api._duties import (
        OwnersResult,
        ScorecardResult,
        ScorecardRow,
        duty_item,
        owners,
        scorecard,
        scorecard_rows,
    )
    from carbon_cli.api._explain import ExplainPoint, ExplainResult, explain, find_target
    from carbon_cli.api._listings import (
        DepartmentsResult,
        TargetsResult,
        TasksResult,
        departments,
        group_number,
        targets,
        tasks,
    )
    from carbon_cli.api._progress import (
        ProgressResult,
        Workbooks,
        as_of_both,
        department_workbooks,
        progress,
        progress_year,
        standing_names,
    )
    from carbon_cli.api._status import (
        ByAreaResult,
        StatusResult,
        check_fail_on,
        status,
        status_by_area,
    )
    from carbon_cli.api._validate import Validation, validate
    from carbon_cli.progress import judge_milestones
    from carbon_cli.standings import ItemProgress, standings

__all__ = [
    "DEFAULT_TOLERANCE",
    "ByAreaResult",
    "DepartmentsResult",
    "ExplainPoint",
    "ExplainResult",
    "ItemProgress",
    "OwnersResult",
    "ProgressResult",
    "Result",
    "ScorecardResult",
    "ScorecardRow",
    "ShowResult",
    "StatusResult",
    "TargetsResult",
    "TasksResult",
    "Validation",
    "Workbooks",
    "as_of",
    "as_of_both",
    "check_fail_on",
    "data_observations",
    "data_progress",
    "department_workbooks",
    "departments",
    "duty_item",
    "explain",
    "find_target",
    "first_run_hint",
    "group_number",
    "judge_milestones",
    "load_plan",
    "owners",
    "progress",
    "progress_year",
    "read_observations",
    "read_progress",
    "refuse_output_on_inputs",
    "report",
    "resolve_area",
    "scorecard",
    "scorecard_rows",
    "show",
    "standing_names",
    "standings",
    "status",
    "status_by_area",
    "statuses",
    "targets",
    "task_ids",
    "tasks",
    "validate",
]

# each public name → its module, from the TYPE_CHECKING imports above (imported on first use:
# `carbon status` does not pay for the modules of owners, progress, explain or the report)
WHERE = lazy.homes(Path(__file__).read_text(encoding="utf-8"))


def __getattr__(name: str) -> Any:
    """A public name, its module imported on first use."""
    return lazy.attribute(__name__, WHERE, globals(), name)
