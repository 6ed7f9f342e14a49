"""Text wrapped to a width of terminal cells, as Chinese is typeset.

A Chinese character is two cells wide and a line may break between any two of them, but not:
- inside a number or a Latin word, nor between a number and its unit or the character before
  it (到2030年, 23.1%, 1000 万千瓦 stay whole);
- before a closing mark (，。、；：）」…: 避头尾, no line starts with one), nor after an opening one
  (（「《 never end a line).
Spaces are where Latin text breaks; a space at a break is dropped. An explicit line break stays.
A piece wider than the whole width (a 40-character id in a 10-cell column) is cut by cells.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# marks a line must not start with (they close or follow what is before them)
CLOSING = frozenset("，。、；：？！）》」』】〉〕”’…‥·—%‰℃,.;:?!)]}>")
# marks a line must not end with (they open what follows)
OPENING = frozenset("（《「『【〈〔“‘([{<")
# characters of a unit that stays with the number before it (年, %, 万千瓦, 公里/万人, 个百分点)
UNIT = frozenset("年月日时个项栋户辆台座处家所次人元万亿千百十吨克米里瓦时度平方公顷标准煤/%‰℃")
MAX_UNIT = 5  # characters of a unit kept with its number (个百分点 is 4)
# words that qualify the number before them (35%左右, 60%以上): they stay with it too
QUALIFIERS = ("左右", "以上", "以下", "以内")
_TOKEN = re.compile(r"(?P<space>[ \t]+)|(?P<latin>[!-~]+)|(?P<char>.)", re.S)

Measure = Callable[[str], int]


def cells(text: str) -> int:
    """How many terminal cells a text takes: wide (Chinese) characters two, combining marks none."""
    return sum(_char_cells(ch) for ch in text)


def _char_cells(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _ideograph(ch: str) -> bool:
    """A Chinese character (not a mark): what may stay with a number after it (到2030年)."""
    return unicodedata.east_asian_width(ch) in "WF" and unicodedata.category(ch) == "Lo"


def pieces(text: str) -> list[str]:
    """The text as the pieces a line may break between; spaces are pieces of their own."""
    out: list[str] = []
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text)]
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        i += 1
        if kind == "latin" and any(c.isdigit() for c in value):
            # the character before a number stays with it (到2030年), and so does its unit
            if out and len(out[-1]) == 1 and _ideograph(out[-1]):
                value = out.pop() + value
            value, i = _with_unit(value, tokens, i)
        out.append(value)
    return _kept_together(out)


def _with_unit(number: str, tokens: list[tuple[str | None, str]], i: int) -> tuple[str, int]:
    """A number with the unit after it (a space between them too: 1000 万千瓦)."""
    start = i
    if i < len(tokens) and tokens[i][0] == "space" and tokens[i][1] == " ":
        i += 1
    unit = ""
    while i < len(tokens) and len(unit) < MAX_UNIT and tokens[i][1] in UNIT:
        unit += tokens[i][1]
        i += 1
    following = "".join(value for _, value in tokens[i : i + 2])
    if following in QUALIFIERS:
        unit += following
        i += 2
    if not unit:
        return number, start
    return number + "".join(value for _, value in tokens[start:i]), i


def _kept_together(parts: list[str]) -> list[str]:
    """Closing marks joined to the piece before them, opening marks to the piece after them."""
    out: list[str] = []
    carry = ""
    for part in parts:
        if part.isspace():
            if carry:  # an opening mark before a space: it ends the line after all
                out.append(carry)
                carry = ""
            out.append(part)
            continue
        part = carry + part
        carry = ""
        if out and not out[-1].isspace() and part[0] in CLOSING:
            out[-1] += part
        else:
            out.append(part)
        if out[-1][-1] in OPENING:
            carry = out.pop()
    if carry:
        out.append(carry)
    return out


def wrap(text: str, width: int, measure: Measure = cells) -> list[str]:
    """The text as lines of at most `width` cells (see the module's rules); [""] for no text."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _wrap_line(paragraph, max(width, 2), measure)
    return lines


def _wrap_line(text: str, width: int, measure: Measure) -> list[str]:
    """One paragraph as lines."""
    lines: list[list[str]] = []  # each line as its pieces, spaces included
    line: list[str] = []
    used, space = 0, ""
    for part in pieces(text):
        if part.isspace():
            space = part if line else ""
            continue
        size = measure(part)
        if line and used + measure(space) + size <= width:
            line += [space, part] if space else [part]
            used += measure(space) + size
        elif not line and size <= width:
            line, used = [part], size
        else:
            if line:
                lines.append(line)
            line, used = [], 0
            for chunk in _cut(part, width, measure):
                if line:
                    lines.append(line)
                line, used = [chunk], measure(chunk)
        space = ""
    lines.append(line)
    _no_widow(lines, width, measure)
    return ["".join(parts) for parts in lines]


def _no_widow(lines: list[list[str]], width: int, measure: Measure) -> None:
    """A last line of one character (市住房城乡建设 / 局) takes the piece before it along."""
    if len(lines) < 2 or len(lines[-1]) != 1 or measure(lines[-1][0]) > 2:
        return
    before = lines[-2]
    if len(before) < 3 or before[-1].isspace():
        return
    moved = before.pop()
    if before[-1].isspace():  # no line ends with the space that was between them
        before.pop()
        moved += " "
    if measure(moved + lines[-1][0]) <= width:
        lines[-1].insert(0, moved)
    else:
        before.append(moved.rstrip())


def _cut(part: str, width: int, measure: Measure) -> list[str]:
    """A piece wider than the width cut into chunks that fit (the last may be short)."""
    chunks, chunk = [], ""
    for ch in part:
        if chunk and measure(chunk + ch) > width:
            chunks.append(chunk)
            chunk = ""
        chunk += ch
    return [*chunks, chunk]
