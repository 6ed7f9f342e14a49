"""A CSV file as Excel and WPS write it → its header and rows for a table kind's row checks, read
line by line within the limits: 1 MiB per line and per cell, binary data and undecodable bytes
refused where they start."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

from carbon_cli.errors import Problem

from . import sniff
from .context import Context, Full, Reader, Stop
from .header import Header, find_header
from .sniff import CHUNK, LINE_LIMIT, SAVE_AS
from .spec import TableSpec

Body = Callable[[Context, Header, Reader], None]  # reads the rows under a header


def read_csv(path: Path, ctx: Context, spec: TableSpec, body: Body) -> None:
    """Find the header of one file and give its rows to `body`, adding every problem to ctx;
    never raises for what the file holds."""
    shown = ctx.shown
    try:
        with io.FileIO(path) as file, io.BufferedReader(file, CHUNK) as raw:
            head = raw.peek(CHUNK)[:CHUNK]
            if not head:
                ctx.add(
                    Problem(shown, None, None, "empty-file", "the file is empty", spec.example())
                )
                return
            binary = sniff.binary(head)
            if binary is not None:
                what, line, col = binary
                code = "not-csv" if line is None else "nul-byte"
                ctx.add(Problem(shown, line, col, code, f"this is {what}, not CSV", SAVE_AS))
                return
            encoding = sniff.encoding(raw, head)
            if encoding is None:
                line, col = sniff.undecodable(raw, "utf-8-sig") if raw.seekable() else (None, None)
                ctx.add(
                    Problem(
                        shown,
                        line,
                        col,
                        "unknown-encoding",
                        "not UTF-8 or GB18030 text",
                        "save it as CSV UTF-8 from Excel",
                    )
                )
                return
            text = io.TextIOWrapper(raw, encoding=encoding, newline="")
            try:
                # strict: an unclosed quote is an error, not data
                reader = csv.reader(_lines(text), strict=True)
                where = _read(reader, ctx, spec, body)
            finally:
                text.detach()  # `raw` stays open for the with block (and a second look)
            if where is not None:
                line, col = sniff.undecodable(raw, encoding) if raw.seekable() else (where, None)
                ctx.problems.append(
                    Problem(
                        shown,
                        line,
                        col,
                        "mixed-encoding",
                        f"not {dict(sniff.ENCODINGS)[encoding]} text like the lines before it",
                        "save the whole file as CSV UTF-8 from Excel",
                    )
                )
    except OSError as err:
        ctx.problems.append(
            Problem(shown, None, None, "cannot-read", f"cannot read: {err.strerror or err}")
        )
    except Full:
        pass


def _read(reader: Reader, ctx: Context, spec: TableSpec, body: Body) -> int | None:
    """The header and every row; the line where decoding failed, None when it did not."""
    try:
        header = find_header(ctx, reader, spec)
        while header is not None:  # a malformed row is a problem, and reading goes on after it
            try:
                body(ctx, header, reader)
                return None
            except csv.Error as err:
                ctx.add(_malformed(err, ctx.shown, ctx.line + 1))
                ctx.line = reader.line_num
                if "field limit" in str(err):
                    return None  # the rest of an over-long cell would read as rows of junk
    except Stop as stop:
        ctx.problems.append(
            Problem(ctx.shown, reader.line_num + 1, stop.col, stop.code, stop.message, stop.hint)
        )
    except csv.Error as err:  # in the header: nothing after it can be trusted
        ctx.add(_malformed(err, ctx.shown, ctx.line + 1))
    except UnicodeDecodeError:
        return reader.line_num + 1
    return None


def _lines(text: io.TextIOWrapper) -> Iterator[str]:
    """The file's lines as csv wants them; a NUL or a huge line stops the file with Stop."""
    readline = text.readline
    while line := readline(LINE_LIMIT):
        if len(line) >= LINE_LIMIT:
            raise Stop(
                "line-too-long",
                f"the line is {LINE_LIMIT} characters or longer",
                "is this an observations CSV?",
            )
        if "\0" in line:
            raise Stop(
                "nul-byte",
                "the line has a NUL byte: binary data, not CSV text",
                SAVE_AS,
                line.index("\0") + 1,
            )
        yield line


def _malformed(err: csv.Error, shown: str, line: int) -> Problem:
    """A row the csv module cannot read, worded for someone with a text editor."""
    text = str(err)
    if "end of data" in text:
        return Problem(
            shown,
            line,
            None,
            "unclosed-quote",
            "a double quote opened on this line is never closed",
            'close it, and write "" for a double quote inside a quoted cell',
        )
    if "expected after" in text:
        return Problem(
            shown,
            line,
            None,
            "text-after-quote",
            "text follows the closing double quote of a cell",
            'quote the whole cell, and write "" for a double quote inside it',
        )
    if "field limit" in text:
        return Problem(
            shown,
            line,
            None,
            "cell-too-long",
            f"a cell is {LINE_LIMIT} characters or longer",
            "is a double quote left open above it?",
        )
    return Problem(shown, line, None, "malformed-csv", f"not readable as CSV: {text}")
