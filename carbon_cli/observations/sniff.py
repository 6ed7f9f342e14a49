"""Which files to read, and what a file is before it is read as CSV: magic bytes, NUL bytes and
the encoding, each refusal at the line and column where the file stops being CSV text."""

from __future__ import annotations

import codecs
import io
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from carbon_cli.errors import Problem

SUFFIXES = (".csv", ".xlsx")
# spreadsheets a folder may hold that are not read: each is named in a warning, never passed over
SKIPPED = {
    ".xls": "Excel 97-2003 工作簿（.xls）",
    ".et": "WPS 表格（.et）",
    ".ods": "OpenDocument 表格（.ods）",
    ".xlsb": "Excel 二进制工作簿（.xlsb）",
    ".xlsm": "含宏的 Excel 工作簿（.xlsm）",
}
CHUNK = 1 << 16  # bytes looked at to recognise binary files and the encoding
LINE_LIMIT = 1 << 20  # characters in one line or one cell; observation rows are short
SAVE_AS = "在 Excel 中另存为 CSV UTF-8 (save it as CSV UTF-8)"
# What a file that is not text starts with, and what to call it.
MAGIC = (
    (b"PK\x03\x04", "Excel 工作簿（.xlsx，zip 文件）"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Excel 97-2003 工作簿（.xls）"),
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"%PDF-", "PDF 文档"),
    (b"\xff\xfe", "UTF-16 文本（Excel 的“Unicode 文本”）"),
    (b"\xfe\xff", "UTF-16 文本"),
)
ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030"))


def csv_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders to their *.csv and *.xlsx files (sorted); a missing path, an unreadable
    one, a folder with neither is a Problem."""
    files, problems, _ = discover(paths)
    return files, problems


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Problem], list[Problem]]:
    """The files to read, the problems, and a warning for each spreadsheet in a folder that is not
    read (.xls, .et …): nothing a person put there is passed over without a word."""
    files: list[Path] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    seen: set[str] = set()
    for path in paths:
        shown = str(path)
        try:
            if stat.S_ISDIR(path.stat().st_mode):
                found, skipped = _folder(path)
                warnings += skipped
                if not found:
                    problems.append(
                        Problem(
                            shown,
                            None,
                            None,
                            "empty-folder",
                            "文件夹里没有 .csv 或 .xlsx 文件 (no .csv or .xlsx files)",
                            "放入 .csv 或 .xlsx 文件，或给出文件的路径",
                        )
                    )
            else:
                with path.open("rb"):
                    found = [path]
        except FileNotFoundError:
            problems.append(
                Problem(
                    shown,
                    None,
                    None,
                    "no-such-file",
                    "没有这个文件或文件夹 (no such file or folder)",
                    "检查路径",
                )
            )
            continue
        except OSError as err:
            problems.append(
                Problem(
                    shown,
                    None,
                    None,
                    "cannot-read",
                    f"无法读取：{err.strerror or err} (cannot read)",
                )
            )
            continue
        for p in found:
            real = os.path.realpath(p)  # the same file named twice is read once
            if real not in seen:
                seen.add(real)
                files.append(p)
    return files, problems, warnings


def _folder(path: Path) -> tuple[list[Path], list[Problem]]:
    """A folder's files to read (sorted), and a warning for each spreadsheet that is not read."""
    found: list[Path] = []
    skipped: list[Problem] = []
    for p in sorted(path.iterdir()):
        # dot files are editor and macOS leftovers (._obs.csv is binary), not data, and
        # ~$obs.xlsx is the lock file Excel keeps beside a workbook it has open
        if p.name.startswith((".", "~$")) or not p.is_file():
            continue
        suffix = p.suffix.lower()
        if suffix in SUFFIXES:
            found.append(p)
        elif suffix in SKIPPED:
            skipped.append(
                Problem(
                    str(p),
                    None,
                    None,
                    "skipped-file",
                    f"未读取：{SKIPPED[suffix]}不能作为数据文件读取 (skipped: a {suffix} file is "
                    "not read)",
                    "在 Excel 或 WPS 中另存为 Excel 工作簿（.xlsx）或 CSV UTF-8",
                )
            )
    return found, skipped


def binary(head: bytes) -> tuple[str, int | None, int | None] | None:
    """What a file that is not text is, and where its first NUL byte is (None for a kind known
    by its first bytes); None for text."""
    what = next((name for magic, name in MAGIC if head.startswith(magic)), None)
    if what is not None:
        return what, None, None
    at = head.find(b"\0")
    if at < 0:
        return None
    line, col = advance(1, 1, _text(head[:at]))
    return "二进制数据（含 NUL 字节）", line, col


def encoding(raw: io.BufferedReader[io.FileIO], head: bytes) -> str | None:
    """UTF-8 (BOM or not) or GB18030, judged on the first bytes that are not ASCII."""
    sample = head
    if head.isascii() and raw.seekable():
        # a GB18030 file may start with pages of plain ASCII: look on to the first other byte
        while chunk := raw.read(CHUNK):
            if not chunk.isascii():
                sample = chunk
                break
        raw.seek(0)
    for name, _ in ENCODINGS:
        try:
            codecs.getincrementaldecoder(name)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        return name
    return None


def undecodable(raw: io.BufferedReader[io.FileIO], encoding: str) -> tuple[int, int]:
    """The line and column (lines end at \\n, \\r\\n or \\r) of the first bytes the encoding
    cannot read; the file is read again from its start."""
    raw.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)()
    line, col = 1, 1
    # a line end never occurs inside a UTF-8 or GB18030 character: each piece decodes on its own
    while piece := raw.readline(LINE_LIMIT):
        try:
            text = decoder.decode(piece)
        except UnicodeDecodeError as err:
            return advance(line, col, piece[: max(err.start, 0)].decode(encoding, "replace"))
        line, col = advance(line, col, text)
    return line, col


def advance(line: int, col: int, text: str) -> tuple[int, int]:
    """The line and column just after `text`, read from (line, col)."""
    ends = text.count("\n") + text.count("\r") - text.count("\r\n")
    if not ends:
        return line, col + len(text)
    last = max(text.rfind("\n"), text.rfind("\r"))
    return line + ends, len(text) - last


def _text(data: bytes) -> str:
    """Bytes as text in the first encoding that reads them, to count characters."""
    for name, _ in ENCODINGS:
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")
