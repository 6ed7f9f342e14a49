"""The blocks a report is made of: every renderer (HTML, Markdown, Word) walks the same list.

A section is a title and a list of blocks; a block says what it holds, never how it looks. A new
section is a function in report/sections.py that returns one; each renderer draws it unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from carbon_cli.views import Cell

if TYPE_CHECKING:
    from carbon_cli.status import Status
    from carbon_cli.trend import Trend


@dataclass(frozen=True)
class Run:
    """A piece of text in one style: plain, strong (a name) or code (an id, a file)."""

    text: str
    style: Literal["", "strong", "code"] = ""


Text = tuple[Run, ...]


def text(*parts: str | Run) -> Text:
    """Runs from plain strings and runs: text("见 ", Run("docs/status-rules.md", "code"))."""
    return tuple(p if isinstance(p, Run) else Run(p) for p in parts)


def plain_text(runs: Text) -> str:
    """The runs' text without their styles."""
    return "".join(r.text for r in runs)


@dataclass(frozen=True)
class Heading:
    """A heading inside a section: level 2 is （一）…, level 3 one below it."""

    text: str
    level: Literal[2, 3] = 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; `role` says what it is for, each renderer gives it its look.

    "": body text; "empty": what a section says when it has nothing to show; "chart-note": how to
    read the charts, drawn only where the charts are drawn as pictures.
    """

    text: Text
    role: Literal["", "empty", "chart-note"] = ""


@dataclass(frozen=True)
class Table:
    """Columns (key, Chinese header) and rows; a row's `status_code` colours its status cell.

    `kind` names the table ("group", "gaps", "scorecard", "trend") so a renderer can size its
    columns; `numeric` are the columns aligned as numbers; `footer` a line under the table.
    """

    columns: Sequence[tuple[str, str]]
    rows: Sequence[Mapping[str, Cell]]
    kind: str = ""
    numeric: frozenset[str] = frozenset()
    footer: str | None = None


@dataclass(frozen=True)
class StatusChart:
    """How many targets have each status: a bar chart, or a table where no chart is drawn."""

    counts: Mapping[Status, int]
    caption: str = "各状态目标数"


@dataclass(frozen=True)
class TrendChart:
    """One indicator's trend: a line chart, or its numbers as a table where no chart is drawn."""

    trend: Trend

    @property
    def caption(self) -> str:
        """E.g. 森林覆盖率（%）."""
        return f"{self.trend.indicator.name}（{self.trend.indicator.unit}）"


@dataclass(frozen=True)
class BulletList:
    """A list of items, each a line of runs; `kind` names it ("notes", "sources")."""

    items: Sequence[Text]
    kind: str = ""


@dataclass(frozen=True)
class Placeholder:
    """A place the office fills in by hand (问题与建议): a label and what to write there."""

    label: str
    prompt: str


Block = Heading | Paragraph | Table | StatusChart | TrendChart | BulletList | Placeholder


@dataclass(frozen=True)
class Section:
    """One numbered part of the report: 一、总体情况 and its blocks."""

    key: str  # stable, for renderers and tests: "overview", "groups", "trends", …
    title: str  # without its number: 总体情况
    blocks: list[Block] = field(default_factory=list)
    number: int = 0  # set by Report.sections(): its place, from 1

    @property
    def heading(self) -> str:
        """一、总体情况: the number the section's place gives it, then its title."""
        return f"{chinese_number(self.number)}、{self.title}" if self.number else self.title


DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (1–99: a report's sections)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "")
