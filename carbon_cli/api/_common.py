"""Plan and data for every use case, the shared filters, and the result every use case returns."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from carbon_cli.errors import DataError, UsageError

if TYPE_CHECKING:
    from carbon_cli.observations import Observations
    from carbon_cli.plan import Plan
    from carbon_cli.progress import Record, Records
    from carbon_cli.status import Assessment, Status
    from carbon_cli.views import View


PathLike = str | Path
DEFAULT_TOLERANCE = Decimal(2)  # percent of a 左右 target's value


# ------------------------------------------------------------------------------ plan and data


def load_plan(data: PathLike | None = None) -> Plan:
    """The curated plan: `data`, else $CARBON_DATA, else ./data holding the files, else packaged."""
    from carbon_cli import loading

    return loading.load_plan(loading.find_data(None if data is None else Path(data)))


def data_observations(plan: Plan) -> list[Path]:
    """The data folder's own observations: its observations/ folder when it holds any file."""
    return _held(plan, "observations")


def _held(plan: Plan, name: str) -> list[Path]:
    """The data folder's subfolder `name` when it holds a CSV or workbook (not a README)."""
    from carbon_cli.observations import SUFFIXES

    folder = plan.source.path / name
    held = folder.is_dir() and any(
        p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$"))
        for p in folder.iterdir()
    )
    return [folder] if held else []


def read_observations(
    plan: Plan,
    paths: Iterable[PathLike] = (),
    *,
    sheet: str | None = None,
    sources: bool = False,
) -> Observations:
    """The data folder's observations plus those in `paths` (files or folders of CSV and .xlsx).

    Any problem in any file raises DataError with every problem found. `sources` keeps each value's
    source (the report lists them); without, a large file may be read column-wise by polars.
    """
    from carbon_cli import observations

    found, problems = observations.read_observations(
        [*data_observations(plan), *(Path(p) for p in paths)],
        plan.targets.indicators,
        sheet=sheet,
        sources=sources,
        areas=plan.areas,
    )
    if problems:
        raise DataError(problems)
    return found


def data_progress(plan: Plan) -> list[Path]:
    """The data folder's own progress records: its progress/ folder when it holds any file."""
    return _held(plan, "progress")


def read_progress(
    plan: Plan, paths: Iterable[PathLike] = (), *, sheet: str | None = None
) -> Records:
    """The data folder's progress records plus those in `paths` (files or folders of CSV and
    .xlsx); any problem in any file raises DataError with every problem found."""
    from carbon_cli.progress import Records

    every = [*data_progress(plan), *(Path(p) for p in paths)]
    if not every:
        return Records()  # the reader (and the table reader under it) is not even imported
    from carbon_cli import records as reading

    found, problems = reading.read_records(every, plan, sheet=sheet)
    if problems:
        raise DataError(problems)
    return found


def resolve_area(plan: Plan, area: str) -> str:
    """The canonical name of the area `--area` names (a name, alias, short form or unique
    fragment in data/areas.yaml: 揭阳市 is 全市, 揭西 is 揭西县); UsageError, naming the closest
    areas, for an unknown or blank one. Without areas.yaml any non-blank name, trimmed."""
    from carbon_cli.areas import Areas

    return Areas(plan.areas).option(area)


def refuse_output_on_inputs(output: PathLike, plan: Plan, paths: Iterable[PathLike]) -> None:
    """A UsageError when `output` is (or lies in) one of the run's inputs: the data files read,
    the data folder's observations and progress records, or an observation/progress path given."""
    from carbon_cli.files import refuse_overwriting_input

    read = [Path(shown) for shown, _ in plan.texts.values()]
    inputs = [*read, *data_observations(plan), *data_progress(plan), *(Path(p) for p in paths)]
    refuse_overwriting_input(Path(output), inputs)


def as_of(observed: Observations, area: str, year: int | None) -> tuple[int, list[str]]:
    """The year to assess: the one asked for, else the latest observed in the area, else this year
    (with a notice saying so)."""
    if year is not None:
        return year, []
    latest = observed.latest_year(area)
    if latest is not None:
        return latest, []
    this_year = datetime.date.today().year
    notice = f"carbon: {area}没有观测数据，按{this_year}年评估 (no observations for {area})"
    return this_year, [notice]


EXAMPLE_OBSERVATIONS = "examples/observations-illustrative.csv"


def first_run_hint(observed: Observations, area: str) -> str | None:
    """What to do when the area has no observation at all (every target 无数据): one line."""
    if observed.latest_year(area) is not None:
        return None
    return (
        f"提示：{area}还没有观测值，各目标均为无数据。用 carbon template 生成填报表，填好后以"
        " --observations 文件 读入；想先看效果，可用示例数据（虚构）"
        f" --observations {EXAMPLE_OBSERVATIONS}"
        " (no observations yet: fill in `carbon template`, then pass --observations FILE)"
    )


# ------------------------------------------------------------------------------------ filters


def task_ids(
    plan: Plan, department: str | None = None, tasks: Iterable[str] | None = None
) -> set[str] | None:
    """Task ids kept by a department (its duties) and by task ids; None keeps every task."""
    keep: set[str] | None = None
    if department is not None:
        from carbon_cli.owners import duties, resolve

        dept = resolve(department, plan.departments)
        keep = {d.task.id for d in duties(dept, plan.departments, plan.tasks, plan.targets)}
    wanted = {t.strip().upper() for t in tasks or ()}
    if wanted:
        unknown = sorted(wanted - set(plan.task_order))
        if unknown:
            raise UsageError(f"没有任务 {'、'.join(unknown)}", "任务编号为 1–40 和 S1–S6")
        keep = wanted if keep is None else keep & wanted
    return keep


def statuses(wanted: str | Iterable[str] | None, option: str = "--only") -> set[Status]:
    """Statuses named by id (behind) or by their Chinese label (滞后), comma-separated or listed."""
    from carbon_cli.choices import choices
    from carbon_cli.status import STATUS_LABELS

    if wanted is None:
        return set()
    return set(choices(wanted, STATUS_LABELS, option))


def tolerance_fraction(tolerance: Decimal | float | int) -> Decimal:
    """A tolerance in percent as the fraction the status rules take."""
    return Decimal(str(tolerance)) / 100


def assess_targets(
    plan: Plan,
    observed: Observations,
    year: int,
    area: str,
    tolerance: Decimal | float | int,
    records: Iterable[Record] = (),
) -> list[Assessment]:
    """Every target's status for the year and area, the values' flags heeded; milestones from
    the progress records."""
    from carbon_cli.progress import judge_milestones
    from carbon_cli.status import assess_all

    assessed = assess_all(
        plan.targets.indicators,
        observed.for_area(area),
        year=year,
        reference_year=plan.targets.reference_year,
        area=area,
        tolerance=tolerance_fraction(tolerance),
        flags_by_indicator=observed.flags_for_area(area),
    )
    # a separate step: milestones are judged from progress records, never from observations
    return judge_milestones(plan, assessed, records, year)


# eq=False here and in every result: a result is compared by what it says (to_dict()), not field
# by field (each holds the whole plan), and each __eq__ and __hash__ not compiled is start-up saved
@dataclass(frozen=True, eq=False)
class Result:
    """What a use case found: `view()` is what the command shows, `to_dict()` its JSON."""

    VIEW: ClassVar[str]  # the function of carbon_cli.views that shows it
    plan: Plan = field(repr=False)

    def view(self) -> View:
        """The result as the command shows it (JSON payload and tables)."""
        from carbon_cli import views

        view: View = getattr(views, self.VIEW)(self)
        return view

    def to_dict(self) -> Any:
        """Exactly what the command prints with --format json."""
        return self.view().payload
