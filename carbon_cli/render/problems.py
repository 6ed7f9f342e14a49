"""Problems found by `carbon validate` and by any command: text lines, JSON, GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TextIO

from carbon_cli.errors import Problem
from carbon_cli.render.text import printable

FORMATS = ("text", "json", "github")


def lines(problems: Iterable[Problem], out: TextIO) -> None:
    """One line per problem, `path:line:col: message; fix` (on stderr)."""
    for problem in problems:
        out.write(printable(str(problem)) + "\n")


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
            for p in problems
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def github(problems: Iterable[Problem]) -> list[str]:
    """GitHub workflow annotations, one `::error file=…,line=…,col=…::message` per problem."""
    out = []
    for p in problems:
        where = ",".join(
            f"{k}={v}"
            for k, v in (("file", p.path), ("line", p.line), ("col", p.col))
            if v is not None
        )
        message = p.message + (f"; {p.hint}" if p.hint else "")
        out.append(f"::error {where}::{message.replace('%', '%25').replace(chr(10), '%0A')}")
    return out
