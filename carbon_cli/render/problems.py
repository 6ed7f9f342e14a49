"""Problems found by `carbon validate` and by any command: text lines, JSON, GitHub annotations.

One problem is one line in every format, whatever a file name or message holds, and at most
MAX_PROBLEMS problems of one file are listed, then one line says how many more there are.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TextIO

from carbon_cli.errors import MAX_PROBLEMS, TOO_MANY, Problem, too_many
from carbon_cli.render.text import one_line

FORMATS = ("text", "json", "github")


def capped(problems: Iterable[Problem]) -> list[Problem]:
    """The first MAX_PROBLEMS problems of each file, then one saying how many more it has.

    Readers that stop early say so themselves (a `too-many-problems` problem, always kept);
    this is the cap for every other source, e.g. the cross-file checks.
    """
    problems = list(problems)
    counts = Counter(p.path for p in problems if p.code != TOO_MANY)
    if max(counts.values(), default=0) <= MAX_PROBLEMS:
        return problems
    said = {p.path for p in problems if p.code == TOO_MANY}
    out: list[Problem] = []
    seen: Counter[str] = Counter()
    for p in problems:
        if p.code == TOO_MANY:
            out.append(p)
            continue
        seen[p.path] += 1
        if seen[p.path] <= MAX_PROBLEMS:
            out.append(p)
        elif seen[p.path] == MAX_PROBLEMS + 1 and p.path not in said:
            out.append(too_many(p.path, p.line, p.col, counts[p.path] - MAX_PROBLEMS))
    return out


def lines(problems: Iterable[Problem], out: TextIO) -> None:
    """One line per problem, `path:line:col: message; fix` (on stderr)."""
    for problem in capped(problems):
        out.write(one_line(str(problem)) + "\n")


def as_json(problems: Sequence[Problem], source: str) -> str:
    """`validate --format json`: {source, ok, problems: [{path, line, col, code, message, …}]}."""
    payload = {
        "source": source,
        "ok": not problems,
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "col": p.col,
                "code": p.code,
                "message": p.message,
                "hint": p.hint,
            }
            for p in capped(problems)
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _data(text: str) -> str:
    """An annotation's message as GitHub's toolkit escapes it (`escapeData`)."""
    return one_line(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    """A property value as GitHub's toolkit escapes it (`escapeProperty`): also `:` and `,`."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def github(problems: Iterable[Problem], level: str = "error") -> list[str]:
    """GitHub workflow annotations, one `::error file=…,line=…,col=…::message` per problem
    (`::warning …` with level="warning").

    Every name and message is escaped as GitHub's toolkit does, so a file name holding a line
    break cannot start a command of its own (`::stop-commands::`) and one holding a comma
    cannot set `line=`.
    """
    out = []
    for p in capped(problems):
        where = ",".join(
            f"{k}={_property(str(v))}"
            for k, v in (("file", p.path), ("line", p.line), ("col", p.col))
            if v is not None
        )
        message = p.message + (f"; {p.hint}" if p.hint else "")
        out.append(f"::{level} {where}::{_data(message)}")
    return out
