"""`--help` at any terminal width, Chinese as it is typeset: typer's formatter counts characters,
so a line of Chinese (two cells a character) ran to twice the width and broke mid-number.

typer (with rich_markup_mode=None, which keeps `--help` cheap) formats help with its vendored
click's HelpFormatter, which wraps every paragraph through `formatting.wrap_text`. `install()`
puts `wrap_help` in its place: the same paragraphs (a blank line between them, a `\\b` line
before a block kept as written), wrapped by terminal cells with render/wrap.py's rules.
"""

from __future__ import annotations

import re

# typer's own help texts and marks, said in Chinese first like every other line of --help
TYPER_WORDS = {
    "Show this message and exit.": "显示本帮助并退出 (show this message and exit).",
    "Install completion for the current shell.": (
        "为当前 shell 安装命令补全，之后新开终端生效 (install completion for the current shell)."
    ),
    "Show completion for the current shell, to copy it or customize the installation.": (
        "显示当前 shell 的补全脚本，可复制后自行安装 (show the completion script)."
    ),
    "Install completion for the specified shell.": (
        "为指定的 shell 安装命令补全 (install completion for the shell named)."
    ),
    "Show completion for the specified shell, to copy it or customize the installation.": (
        "显示指定 shell 的补全脚本 (show the completion script for the shell named)."
    ),
}
_MARKS = [
    (re.compile(r"\[default: (.*?)\]"), r"[默认：\1]"),
    (re.compile(r"\[required\]"), "[必填]"),
]


def chinese_first(text: str) -> str:
    """typer's English help texts in Chinese first; its [default: …] and [required] marks in
    Chinese."""
    text = TYPER_WORDS.get(text.strip(), text)
    for pattern, words in _MARKS:
        text = pattern.sub(words, text)
    return text


def _joined(lines: list[str]) -> str:
    """A paragraph's source lines as one text: a space between them, but none between two
    Chinese characters (a docstring's line break inside a Chinese sentence is no space)."""
    from carbon_cli.render.wrap import cells  # only when help is drawn, not on every command

    text = ""
    for line in lines:
        line = line.strip()
        if text and line:
            wide = cells(text[-1]) == 2 and cells(line[0]) == 2
            text += "" if wide else " "
        text += line
    return text


def _fill(text: str, width: int, first: str, rest: str) -> str:
    """One paragraph wrapped within `width` cells, the first line after `first`, the others
    after `rest`."""
    from carbon_cli.render.wrap import cells, wrap

    room = width - max(cells(first), cells(rest))
    lines = wrap(text, room)
    return "\n".join((first if i == 0 else rest) + line for i, line in enumerate(lines))


def wrap_help(
    text: str,
    width: int = 78,
    initial_indent: str = "",
    subsequent_indent: str = "",
    preserve_paragraphs: bool = False,
) -> str:
    """click's wrap_text, measured in terminal cells (its signature and paragraph rules); typer's
    English words in Chinese first."""
    text = chinese_first(text.expandtabs())
    if not preserve_paragraphs:
        return _fill(_joined(text.splitlines()), width, initial_indent, subsequent_indent)
    paragraphs: list[tuple[str, bool, list[str]]] = []  # (indent, kept as written, lines)
    for block in _blocks(text.splitlines()):
        indent = " " * (len(block[0]) - len(block[0].lstrip()))
        if block[0].strip() == "\b":
            paragraphs.append((indent, True, block[1:]))
        else:
            paragraphs.append((indent, False, block))
    out = []
    for indent, kept, lines in paragraphs:
        if kept:
            out.append("\n".join(indent + initial_indent + line for line in lines))
        else:
            first, rest = indent + initial_indent, indent + subsequent_indent
            out.append(_fill(_joined(lines), width, first, rest))
    return "\n\n".join(out)


def _blocks(lines: list[str]) -> list[list[str]]:
    """The lines in blocks separated by blank lines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def short_help(help: str, max_length: int = 45) -> str:
    """A command's line in `carbon --help`: its docstring's first paragraph whole (click cut it
    at `max_length` characters, half a line of Chinese, and added "..."); write_dl wraps it."""
    first = _blocks(help.splitlines())
    return _joined(first[0]) if first else ""


def install() -> bool:
    """Put wrap_help and short_help in place of typer's vendored click's wrap_text and
    make_default_short_help; False where those are not there (another typer: help then wraps
    as typer does, by characters)."""
    try:
        from typer._click import core, formatting
    except ImportError:  # pragma: no cover - a typer without its vendored click
        return False
    if not (hasattr(formatting, "wrap_text") and hasattr(core, "make_default_short_help")):
        return False  # pragma: no cover
    formatting.wrap_text = wrap_help
    core.make_default_short_help = short_help
    return True
