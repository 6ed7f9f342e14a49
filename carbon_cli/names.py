"""Names as people type them: one way to compare them, and the one thing a typed name means."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Mapping
from typing import TypeVar

from carbon_cli.errors import UsageError

T = TypeVar("T")


def fold(text: str) -> str:
    """A name as compared: NFKC (full-width letters and digits as ASCII), without spaces, in
    lower case: 揭 西 and ＧＤＰ compare as 揭西 and gdp."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def pick(
    query: str,
    names: Mapping[str, T],
    label: Callable[[T], str],
    what: str,
    listing: str,
    everything: str | None = None,
) -> T:
    """The one thing a name, alias or unique fragment means; else UsageError with the closest names.

    `names` maps every accepted spelling to its thing; `what` is 部门, 指标 or 地区; `listing` is
    the command that lists them all, or `everything` the hint naming them all.
    """
    wanted = fold(query)
    every = everything or f"用 {listing} 查看全部{what}"
    if not wanted:
        raise UsageError(f"{what}名称为空", every)
    folded = {fold(name): thing for name, thing in names.items()}
    if wanted in folded:
        return folded[wanted]
    matches = {label(thing): thing for key, thing in folded.items() if wanted in key}
    if len(matches) == 1:
        return next(iter(matches.values()))
    if matches:
        raise UsageError(f"“{query}”可指多个{what}：{'、'.join(matches)}", "请写出完整名称")
    raise UsageError(f"没有找到{what}“{query}”", suggest(wanted, folded, label) or every)


def suggest(wanted: str, folded: Mapping[str, T], label: Callable[[T], str]) -> str | None:
    """您是不是要找：… naming up to three things closest to a folded name, None when none is."""
    close = difflib.get_close_matches(wanted, list(folded), n=3, cutoff=0.4)
    found = list(dict.fromkeys(label(folded[c]) for c in close))
    return f"您是不是要找：{'、'.join(found)}？" if found else None
