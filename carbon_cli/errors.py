"""The two kinds of failure a user can cause: bad data and bad usage.

Every problem in an input file is one `Problem`, with a stable `code` (kebab-case, e.g.
`unknown-indicator`) that tests and `carbon validate --format json` rely on; the message is for
people and may be reworded, the code is not. A command that cannot go on raises `DataError` with
every problem found; a command line asking for something that does not exist raises `UsageError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong in an input file, and the fix when known.

    A NamedTuple (immutable, compared and ordered field by field): defining a frozen, ordered
    dataclass costs every command ~2 ms on Python 3.11, as it compiles ten methods.
    """

    path: str
    line: int | None
    col: int | None
    code: str  # stable: tests and `validate --format json` use it
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.path, self.line, self.col) if p is not None)
        return f"{where}: {self.message}" + (f"; {self.hint}" if self.hint else "")

    def to_dict(self) -> dict[str, str | int | None]:
        """The problem as `carbon validate --format json` lists it."""
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }

    def at(self) -> tuple[str, int | None, int | None, str]:
        """(path, line, col, code): what tests compare, as yamllint's tests compare problems."""
        return self.path, self.line, self.col, self.code


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in file order: by path, then line and column (unknown positions first)."""
    return sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.col or 0, p.message))


class DataError(Exception):
    """An input file cannot be used; carries every problem found in it."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sort_problems(problems)
        super().__init__("\n".join(map(str, self.problems)))


class UsageError(Exception):
    """The command line asks for something that does not exist; the hint names the closest."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if hint is None else f"{message}；{hint}")


MAX_PROBLEMS = 1000  # listed per file: enough to see the pattern; a million lines help nobody
TOO_MANY = "too-many-problems"


def too_many(path: str, line: int | None, col: int | None, count: int) -> Problem:
    """The last problem listed for a file, at the first one not shown: how many more there are."""
    return Problem(
        path,
        line,
        col,
        TOO_MANY,
        f"… 另有 {count} 个问题未列出 (… {count} more problems not shown)",
        "先改正以上问题 (fix these first)",
    )
