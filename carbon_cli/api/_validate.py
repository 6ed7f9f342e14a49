"""`carbon validate`: every problem in the data folder and the observation files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carbon_cli.api._common import (
    PathLike,
    data_observations,
)
from carbon_cli.errors import DataError, Problem

if TYPE_CHECKING:
    from carbon_cli.plan import DataSource


@dataclass(frozen=True)
class Validation:
    """What `carbon validate` found: every problem, where the data came from, what was checked,
    and what was not read although nothing is wrong with it (warnings: they fail nothing)."""

    source: DataSource
    problems: list[Problem]
    # targets, tasks, departments, observations, records (empty when the data is unreadable)
    counts: dict[str, int]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No problem found."""
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """Exactly what `carbon validate --format json` prints."""
        return {
            "source": self.source.describe(),
            "ok": self.ok,
            "problems": [p.to_dict() for p in self.problems],
            "warnings": [w.to_dict() for w in self.warnings],
        }


def validate(
    data: PathLike | None = None,
    observations: Iterable[PathLike] = (),
    *,
    sheet: str | None = None,
    progress: Iterable[PathLike] = (),
) -> Validation:
    """`carbon validate`: every problem in the data folder, the observation files and the
    progress records (the data folder's progress/ and `progress`)."""
    from carbon_cli import loading
    from carbon_cli import observations as readers
    from carbon_cli import records as reading
    from carbon_cli.api._common import data_progress
    from carbon_cli.checks import check_plan
    from carbon_cli.progress import Records

    source = loading.find_data(None if data is None else Path(data))
    problems: list[Problem] = []
    warnings: list[Problem] = []
    counts: dict[str, int] = {}
    try:
        plan = loading.load_plan(source)
        problems += check_plan(plan)
        found, obs_problems = readers.read_observations(
            [*data_observations(plan), *(Path(p) for p in observations)],
            plan.targets.indicators,
            sheet=sheet,
            sources=False,
            areas=plan.areas,
        )
        problems += obs_problems
        every = [*data_progress(plan), *(Path(p) for p in progress)]
        records, record_problems = reading.read_records(every, plan) if every else (Records(), [])
        problems += record_problems
        warnings = [*found.warnings, *records.warnings]  # a skipped .xls among either
        counts = {
            "targets": len(plan.all_targets),
            "tasks": len(plan.ordered_tasks),
            "departments": len(plan.departments.departments),
            "observations": len(found),
            "records": len(records),
        }
    except DataError as e:
        problems += e.problems
    return Validation(source, problems, counts, warnings)
