"""What a command shows: sheets for people, the JSON payload for machines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass


Cell = str | int | float | bool | None


@dataclass(frozen=True)
class Sheet:
    """A table for people: columns (key, Chinese header), rows, an optional closing line."""

    columns: list[tuple[str, str]]
    rows: list[dict[str, Cell]]
    title: str | None = None
    section: str | None = None  # key whose change starts a new block (a column in CSV)
    footer: str | None = None
    wide: frozenset[str] = field(default_factory=frozenset)  # columns of long text that wrap
    keys: list[tuple[str, str]] = field(default_factory=list)  # id columns for CSV, not tables


@dataclass(frozen=True)
class View:
    """What a command shows: the JSON payload and the same content as sheets."""

    payload: Any
    sheets: list[Sheet]
