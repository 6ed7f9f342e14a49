"""The plan's data as pydantic models: the single source of truth for the YAML formats."""

# No `from __future__ import annotations` here: pydantic would evaluate each annotation's text
# again as it makes each class, ~3 ms of every command's start (docs/performance.md).
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, WithJsonSchema

# in choices.py, free of pydantic, for the command line's options; re-exported for the core
from carbon_cli.choices import FIRST_YEAR, LAST_YEAR
from carbon_cli.choices import WHOLE_CITY as WHOLE_CITY
from carbon_cli.choices import AreaKind as AreaKind
from carbon_cli.choices import DepartmentKind as DepartmentKind
from carbon_cli.choices import Kind as Kind


class Base(BaseModel):
    """Strict, frozen, no unknown keys: a misspelt key or `year: "2025"` is an error."""

    # defer_build: the validators are built on first validation, so a command whose plan comes
    # from the cache (loading.py) never pays for them
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid", defer_build=True)


def _to_decimal(value: Any) -> Any:
    """YAML numbers become exact decimals; text and booleans are left for strict mode to refuse."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    return value


# the schema says number, not pydantic's number-or-string for Decimal: an editor flags `14%`
Number = Annotated[
    Decimal,
    BeforeValidator(_to_decimal),
    Field(allow_inf_nan=False),
    WithJsonSchema({"type": "number"}),
]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Text = Annotated[str, Field(min_length=1)]


class Department(Base):
    """One body named in a 责任部门 cell of the annex."""

    name: Text
    kind: Annotated[DepartmentKind, Strict(False)]
    aliases: Annotated[tuple[Text, ...], Strict(False)] = ()
    note: Text | None = None


class DepartmentsFile(Base):
    """data/departments.yaml."""

    departments: Annotated[tuple[Department, ...], Strict(False)]


TASK_ID = r"(?:[1-9]|[1-3][0-9]|40|S[1-6])"


class Item(Base):
    """One 具体任务内容 cell of the annex and the departments named beside it (first leads)."""

    id: Annotated[str, Field(pattern=rf"^{TASK_ID}\.[1-9][0-9]*$")]  # {task}.{n}: 14.2, S2.1
    text: Text
    due: Year | None  # the latest year the text sets; null: a standing duty, reported every year
    departments: Annotated[tuple[Text, ...], Strict(False), Field(min_length=1)]
    note: Text | None = None


class Task(Base):
    """A key task (1–40) or a 保障措施 (S1–S6): its title, body paragraph and annex items."""

    id: Annotated[str, Field(pattern=rf"^{TASK_ID}$")]
    title: Text
    annex_title: Text | None = None  # where the annex words the 措施 differently
    body: Text
    items: Annotated[tuple[Item, ...], Strict(False)]
    note: Text | None = None


class Group(Base):
    """One of the thirteen groups （一）…（十三） of key tasks."""

    number: Annotated[str, Field(pattern=r"^（[一二三四五六七八九十]+）$")]
    title: Text
    tasks: Annotated[tuple[Task, ...], Strict(False)]


class Goal(Base):
    """A 主要目标 paragraph of 总体要求."""

    year: Year
    text: Text


class TasksFile(Base):
    """data/tasks.yaml."""

    goals: Annotated[tuple[Goal, ...], Strict(False)]
    groups: Annotated[tuple[Group, ...], Strict(False)]
    safeguards: Annotated[tuple[Task, ...], Strict(False)]


RELATIVE_KINDS = frozenset({Kind.REDUCE_BY, Kind.INCREASE_BY})


class Baseline(Base):
    """A base-year figure published elsewhere, with its source."""

    year: Year
    value: Number
    area: Text = WHOLE_CITY
    source: Text


class Target(Base):
    """One quantitative target of the plan, or a dated qualitative commitment (milestone)."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    kind: Annotated[Kind, Strict(False)]
    value: Number | None
    year: Year | None = None
    base_year: Year | None = None
    strive: bool = False
    approx: bool = False
    task: Text
    quote: Text
    note: Text | None = None


class Indicator(Base):
    """A measured quantity with the targets set on it."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text
    unit: Text
    aliases: Annotated[tuple[Text, ...], Strict(False)] = ()  # names people use: 单位GDP能耗
    min: Number | None = None  # the range a real value can take: 0–100 for a share in %
    max: Number | None = None
    note: Text | None = None
    baselines: Annotated[tuple[Baseline, ...], Strict(False)] = ()
    targets: Annotated[tuple[Target, ...], Strict(False)]


class TargetsFile(Base):
    """data/targets.yaml."""

    reference_year: Year  # where trajectories of targets that are not relative start
    indicators: Annotated[tuple[Indicator, ...], Strict(False)]


class Area(Base):
    """An area observations may name: the city, a county-level division, a 管委会 zone."""

    name: Text
    kind: Annotated[AreaKind, Strict(False)]
    aliases: Annotated[tuple[Text, ...], Strict(False)] = ()
    source: Text | None = None  # where the name is published; required of a zone (checks.py)
    note: Text | None = None


class AreasFile(Base):
    """data/areas.yaml (optional: a data folder without it accepts any area name)."""

    areas: Annotated[tuple[Area, ...], Strict(False)]


def squash(text: str) -> str:
    """Text without whitespace: the body writes "到 2025 年", the annex "到2025年"."""
    return "".join(text.split())


def all_tasks(tasks: TasksFile) -> list[tuple[Group | None, Task]]:
    """Every key task with its group, then every 保障措施 (group None), in the plan's order."""
    keyed: list[tuple[Group | None, Task]] = [(g, t) for g in tasks.groups for t in g.tasks]
    return keyed + [(None, t) for t in tasks.safeguards]


# the last index built, with the (frozen) file it was built from: a status table asks for the
# lead of each of its rows, and rebuilding the index each time was most of that work
_last_index: tuple[DepartmentsFile, Mapping[str, Department]] | None = None


def department_index(departments: DepartmentsFile) -> Mapping[str, Department]:
    """Every name and alias → its department (the first holder wins; checks report clashes)."""
    global _last_index
    if _last_index is not None and _last_index[0] is departments:
        return _last_index[1]
    index: dict[str, Department] = {}
    for dept in departments.departments:
        for name in (dept.name, *dept.aliases):
            index.setdefault(squash(name), dept)
    _last_index = (departments, MappingProxyType(index))
    return _last_index[1]
