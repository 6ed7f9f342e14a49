"""What reading one file needs, shared by the CSV and xlsx readers and the row checks of every
table kind: the file's name as shown, where problems and warnings go, the problem cap, and the
last line read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from carbon_cli.errors import Problem

MAX_PROBLEMS = 1000  # per file: enough to see the pattern, and a broken 1 GB file stops early


class Reader(Protocol):
    """Rows of cell texts, and the line (or sheet row) where the last one ends."""

    @property
    def line_num(self) -> int: ...

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


class Sparse(list[str]):
    """A sheet's row: its cells up to the last that holds text, and the columns (0-based, in
    order) that hold text, so that looking for stray cells costs the row's cells, not the
    thousands of empty columns before a cell at XFD."""

    __slots__ = ("present",)

    def __init__(self, cells: list[str], present: list[int]) -> None:
        super().__init__(cells)
        self.present = present


class Full(Exception):
    """A file has had MAX_PROBLEMS problems: the rest of it is not read."""


class Stop(Exception):
    """The rest of a file cannot be read; the problem is at the line after the last one read."""

    def __init__(self, code: str, message: str, hint: str | None, col: int | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.hint, self.col = code, message, hint, col


class Context:
    """What reading one file needs: its name as shown, where problems and warnings go, how many
    problems it has had, and the last line read (rows count from 1; a sheet's row is its line)."""

    def __init__(self, shown: str, problems: list[Problem], warnings: list[Problem]) -> None:
        self.shown = shown
        self.problems, self.warnings = problems, warnings
        self.count = self.noted = self.line = 0

    def add(self, problem: Problem) -> None:
        """One more problem; past MAX_PROBLEMS a last one says where the rest start, and Full."""
        if self.count >= MAX_PROBLEMS:
            self.problems.append(
                Problem(
                    self.shown,
                    problem.line,
                    problem.col,
                    "too-many-problems",
                    "… 更多问题未列出 (more problems not shown)",
                    "先改正以上问题 (fix these first)",
                )
            )
            raise Full
        self.count += 1
        self.problems.append(problem)

    def warn(self, warning: Problem) -> None:
        """One more warning, up to MAX_PROBLEMS of them and a last one saying more were found."""
        self.noted += 1
        if self.noted <= MAX_PROBLEMS:
            self.warnings.append(warning)
        elif self.noted == MAX_PROBLEMS + 1:
            self.warnings.append(
                Problem(
                    self.shown,
                    warning.line,
                    warning.col,
                    "too-many-warnings",
                    "… 更多提醒未列出 (more warnings not shown)",
                )
            )
