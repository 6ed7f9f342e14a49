"""The plan's data as pydantic models: the single source of truth for the YAML formats."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, WithJsonSchema

WHOLE_CITY = "全市"


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
Year = Annotated[int, Field(ge=1900, le=2100)]
Text = Annotated[str, Field(min_length=1)]


class DepartmentKind(StrEnum):
    """What sort of body a 责任部门 is."""

    MUNICIPAL = "municipal_department"  # 市政府工作部门、直属单位
    PARTY = "party_organ"  # 市委工作机关
    CENTRAL_PROVINCIAL = "central_provincial_unit"  # 中央、省驻揭单位
    STATE_ENTERPRISE = "state_enterprise"  # 国有企业
    GROUP = "group"  # 一组单位：各县（市、区）人民政府（管委会）、领导小组成员单位


class Department(Base):
    """One body named in a 责任部门 cell of the annex."""

    name: Text
    kind: Annotated[DepartmentKind, Strict(False)]
    aliases: Annotated[tuple[Text, ...], Strict(False)] = ()
    note: Text | None = None


class DepartmentsFile(Base):
    """data/departments.yaml."""

    departments: Annotated[tuple[Department, ...], Strict(False)]


class Item(Base):
    """One 具体任务内容 cell of the annex and the departments named beside it (first leads)."""

    text: Text
    departments: Annotated[tuple[Text, ...], Strict(False), Field(min_length=1)]
    note: Text | None = None


class Task(Base):
    """A key task (1–40) or a 保障措施 (S1–S6): its title, body paragraph and annex items."""

    id: Annotated[str, Field(pattern=r"^(?:[1-9]|[1-3][0-9]|40|S[1-6])$")]
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


class Kind(StrEnum):
    """How a target is measured (see CONTRACT.md)."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    REDUCE_BY = "reduce_by"
    INCREASE_BY = "increase_by"
    PEAK = "peak"


RELATIVE_KINDS = frozenset({Kind.REDUCE_BY, Kind.INCREASE_BY})


class Baseline(Base):
    """A base-year figure published elsewhere, with its source."""

    year: Year
    value: Number
    area: Text = WHOLE_CITY
    source: Text


class Target(Base):
    """One quantitative target of the plan."""

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
    note: Text | None = None
    baselines: Annotated[tuple[Baseline, ...], Strict(False)] = ()
    targets: Annotated[tuple[Target, ...], Strict(False)]


class TargetsFile(Base):
    """data/targets.yaml."""

    indicators: Annotated[tuple[Indicator, ...], Strict(False)]


def squash(text: str) -> str:
    """Text without whitespace: the body writes "到 2025 年", the annex "到2025年"."""
    return "".join(text.split())


def all_tasks(tasks: TasksFile) -> list[tuple[Group | None, Task]]:
    """Every key task with its group, then every 保障措施 (group None), in the plan's order."""
    keyed: list[tuple[Group | None, Task]] = [(g, t) for g in tasks.groups for t in g.tasks]
    return keyed + [(None, t) for t in tasks.safeguards]


def department_index(departments: DepartmentsFile) -> dict[str, Department]:
    """Every name and alias → its department (the first holder wins; checks report clashes)."""
    index: dict[str, Department] = {}
    for dept in departments.departments:
        for name in (dept.name, *dept.aliases):
            index.setdefault(squash(name), dept)
    return index
