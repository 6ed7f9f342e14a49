"""What a command shows: sheets for people, JSON for machines, records for spreadsheets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Cell = str | int | float | bool | None
Record = dict[str, Cell]  # one row of CSV or of a workbook: flattened keys → plain values
LIST_JOINER = "、"  # a list of names in one cell, as the plan itself lists departments


@dataclass(frozen=True, eq=False)  # a view is compared by its payload and records, not as a whole
class Sheet:
    """A table for people: columns (key, Chinese header), rows, an optional closing line.

    `layout` "cards" draws each row as a block of `label：value` lines (for rows of long text, such
    as a department's duties); "table" draws a table, and falls back to cards where the terminal
    is too narrow for the table to show its `wide` columns as more than slivers. A `note` is a
    long text drawn beneath its row rather than in a column (in cards, one more line).
    """

    columns: list[tuple[str, str]]
    rows: list[dict[str, Cell]]
    title: str | None = None
    section: str | None = None  # key whose change starts a new block
    footer: str | None = None
    wide: frozenset[str] = field(default_factory=frozenset)  # columns of long text that wrap
    # id columns: not drawn (CSV and workbooks write the payload's records, ids included)
    keys: list[tuple[str, str]] = field(default_factory=list)
    layout: Literal["table", "cards"] = "table"
    # (key, label) of a long text shown under each row of a table, across it (a reason)
    note: tuple[str, str] | None = None


@dataclass(frozen=True, eq=False)
class View:
    """What a command shows: the JSON payload, the same content as sheets, and as records.

    `records` (the rows of `--format csv` and `xlsx`) are the objects of the payload's list, each
    flattened (`flatten`); a view whose payload's list is not the rows people want in a
    spreadsheet (tasks: one row per item) gives its own `objects`, flattened the same way.
    """

    payload: Any
    sheets: list[Sheet]
    objects: Sequence[Mapping[str, Any]] | None = None

    @property
    def records(self) -> list[Record]:
        """One flat record per object of the payload's list (or of `objects`)."""
        objects = self.objects if self.objects is not None else payload_objects(self.payload)
        return [flatten(o) for o in objects]


def payload_objects(payload: Any) -> list[Mapping[str, Any]]:
    """The objects a payload lists: the payload itself when a list, else its first list of
    objects (status: targets, owners: duties, owners --all: departments, progress: items)."""
    if isinstance(payload, list):
        return [o if isinstance(o, Mapping) else {"value": o} for o in payload]
    if isinstance(payload, Mapping):
        for value in payload.values():
            if isinstance(value, list) and value and all(isinstance(o, Mapping) for o in value):
                return list(value)
        for value in payload.values():  # an empty list of objects is still the list
            if isinstance(value, list) and not value:
                return []
        return [payload]
    return []


def flatten(obj: Mapping[str, Any], prefix: str = "") -> Record:
    """An object as one record: nested objects as `key.sub`, lists of values joined with 、,
    lists of objects as their records' values, joined with ；."""
    out: Record = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out |= flatten(value, f"{name}.")
        elif isinstance(value, list | tuple):
            out[name] = _joined(value)
        else:
            out[name] = value
    return out


def _joined(values: Sequence[Any]) -> str:
    """A list in one cell: 市发展改革局、市工业和信息化局; objects as 'a，b；c，d'."""
    if all(isinstance(v, Mapping) for v in values) and values:
        return "；".join(
            "，".join(_scalar(v) for v in flatten(o).values() if v not in (None, ""))
            for o in values
        )
    return LIST_JOINER.join(_scalar(v) for v in values)


def _scalar(value: Any) -> str:
    """One value of a joined list as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
