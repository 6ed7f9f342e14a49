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
                    Problem(
                        shown,
                        None,
                        None,
                        "empty-file",
                        "文件是空的 (the file is empty)",
                        spec.example(),
                    )
                )
                return
            binary = sniff.binary(head)
            if binary is not None:
                what, line, col = binary
                code = "not-csv" if line is None else "nul-byte"
                space = " " if what[0].isascii() else ""  # 这是 PNG 图片, 这是二进制数据
                message = f"这是{space}{what}，不是 CSV 文本 (not CSV text)"
                ctx.add(Problem(shown, line, col, code, message, SAVE_AS))
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
                        "不是 UTF-8 或 GB18030 编码的文本 (not UTF-8 or GB18030 text)",
                        "在 Excel 中另存为 CSV UTF-8 (save it as CSV UTF-8)",
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
                        f"这里起不是前面各行的 {dict(sniff.ENCODINGS)[encoding]} 编码 "
                        f"(not {dict(sniff.ENCODINGS)[encoding]} text like the lines before it)",
                        "把整个文件在 Excel 中另存为 CSV UTF-8",
                    )
                )
    except OSError as err:
        ctx.problems.append(
            Problem(
                shown, None, None, "cannot-read", f"无法读取：{err.strerror or err} (cannot read)"
            )
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
                f"这一行有 {LINE_LIMIT} 个字符或更多 (the line is {LINE_LIMIT} characters or "
                "longer)",
                "这是 CSV 表格吗？(is this a CSV table?)",
            )
        if "\0" in line:
            raise Stop(
                "nul-byte",
                "这一行有 NUL 字节：是二进制数据，不是 CSV 文本 (a NUL byte: binary data)",
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
            "这一行的双引号没有闭合 (a double quote opened on this line is never closed)",
            '补上闭合的双引号；引号内的双引号写作 ""',
        )
    if "expected after" in text:
        return Problem(
            shown,
            line,
            None,
            "text-after-quote",
            "单元格的闭合双引号后还有文字 (text follows the closing double quote of a cell)",
            '用双引号括住整个单元格，其中的双引号写作 ""',
        )
    if "field limit" in text:
        return Problem(
            shown,
            line,
            None,
            "cell-too-long",
            f"有单元格达到 {LINE_LIMIT} 个字符 (a cell is {LINE_LIMIT} characters or longer)",
            "上方是否有没闭合的双引号？",
        )
    return Problem(
        shown, line, None, "malformed-csv", f"无法按 CSV 读取 (not readable as CSV): {text}"
    )
