"""What a kind of table looks like: its columns with their English and Chinese names, the ones
required, and whether years may be columns (the wide layout of a 监测表). One spec per table kind:
observations here; progress records (records.py) bring their own."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from carbon_cli import names
from carbon_cli.choices import FIRST_YEAR, LAST_YEAR

# a year as a column name: 2020, 2020年, 2020年度 (full-width digits after NFKC)
YEAR_COLUMN = re.compile(r"([0-9]{4})(?:年度?)?")
# a column name with its other language in brackets: 指标（indicator）, year (年份)
BRACKETED = re.compile(r"(.+?)[(（](.+)[)）]")


def fold(text: str) -> str:
    """A column name as compared: as names.fold, and without a BOM (Excel leaves one before the
    first name); for headers only, so a BOM inside a data cell stays an error."""
    return names.fold(text.replace("\ufeff", ""))


@dataclass(frozen=True)
class Column:
    """A column: its canonical (English) name and the other names it is known by."""

    name: str
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The name as messages show it: value（数值）."""
        return f"{self.name}（{self.aliases[0]}）" if self.aliases else self.name


@dataclass(frozen=True)
class TableSpec:
    """A kind of table: its columns, the key column every header holds, the columns required in
    the long layout, and (`wide`) the columns a run of year columns stands for instead."""

    what: str  # the rows, in Chinese, for messages: 观测值, 进展记录
    columns: tuple[Column, ...]
    key: str
    required: tuple[str, ...]
    wide: tuple[str, ...] = ()  # e.g. (year, value): replaced by 2020, 2021年 … columns
    names: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = {fold(n): c.name for c in self.columns for n in (c.name, *c.aliases)}
        object.__setattr__(self, "names", names)

    def column(self, name: str) -> Column:
        """The column called `name` (canonical)."""
        return next(c for c in self.columns if c.name == name)

    def labels(self, names: Sequence[str]) -> str:
        """Columns as messages list them: indicator（指标）、year（年份）."""
        return "、".join(self.column(n).label for n in names)

    def allowed(self) -> str:
        """The hint for a column that is not one."""
        years = "，以及每年一列（2020 或 2020年）" if self.wide else ""
        return f"可用的列：{self.labels([c.name for c in self.columns])}{years}"

    def example(self) -> str:
        """The hint for a file without a header."""
        long = "、".join(self.column(n).aliases[0] for n in self.required)
        wide = ""
        if self.wide:
            kept = [n for n in self.required if n not in self.wide]
            wide = f"（或 {'、'.join(self.column(n).aliases[0] for n in kept)}、2020年、2021年…）"
        return f"第一行写表头，如 {long}{wide} (start with a header: {', '.join(self.required)})"

    def name_of(self, cell: str) -> str | int | None:
        """What a header cell names: a column (canonical), a year (wide layout), or None."""
        key = fold(cell.replace("\ufeff", ""))  # a BOM Excel left before the first name
        found = self.names.get(key)
        if found is not None:
            return found
        if self.wide and (year := YEAR_COLUMN.fullmatch(key)) is not None:
            number = int(year[1])
            return number if FIRST_YEAR <= number <= LAST_YEAR else None
        both = BRACKETED.fullmatch(key)
        if both is not None:  # 指标（indicator）: both names must be the same column's
            first, second = self.names.get(both[1]), self.names.get(both[2])
            if first is not None and first == second:
                return first
        return None


OBSERVATIONS = TableSpec(
    what="观测值",
    columns=(
        Column("indicator", ("指标", "指标名称", "指标编号")),
        Column("year", ("年份", "年度")),
        Column("value", ("数值", "值", "观测值")),
        Column("area", ("地区", "县区", "区域")),
        Column("source", ("来源", "数据来源")),
        Column("note", ("备注",)),
        Column("flag", ("数据状态", "标记")),
        Column("name", ("名称",)),
        Column("unit", ("单位",)),
        Column("targets", ("相关目标",)),
    ),
    key="indicator",
    required=("indicator", "year", "value"),
    wide=("year", "value"),
)
