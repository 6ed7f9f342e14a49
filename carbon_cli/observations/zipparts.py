"""The zip parts of an .xlsx workbook, bounded before openpyxl reads them: a part's declared size,
then its bytes as it is decompressed, each against a limit, so a zip bomb is refused at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from zipfile import ZipFile

SHEET_LIMIT = 64 << 20  # bytes of a sheet's XML once expanded: some 200,000 rows of 5 cells
PART_LIMIT = 16 << 20  # bytes of any other part openpyxl reads whole (shared strings, styles …)
# bytes of all the XML parts together: openpyxl reads through each sheet without a dimension
# when it opens the workbook, so this bounds that time too
TOTAL_LIMIT = SHEET_LIMIT + 2 * PART_LIMIT
AS_CSV = "在 Excel 或 WPS 中另存为 CSV UTF-8 (save it as CSV UTF-8)"


class WorkbookError(Exception):
    """A workbook, the sheet asked for, or a row of it cannot be read."""

    def __init__(
        self,
        code: str,
        message: str,
        hint: str | None = None,
        line: int | None = None,
        col: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code, self.message, self.hint, self.line, self.col = code, message, hint, line, col


def check_parts(file: BinaryIO) -> None:
    """Refuse a workbook whose XML parts declare more bytes than the limits, then decompress each
    part openpyxl reads whole, with a cap: a zip bomb is refused before it is parsed."""
    import zipfile

    with zipfile.ZipFile(file) as archive:
        parts = [i for i in archive.infolist() if i.filename.endswith((".xml", ".rels"))]
        total = 0
        for info in parts:
            limit = SHEET_LIMIT if is_sheet(info.filename) else PART_LIMIT
            if info.file_size > limit:
                raise too_large(info.filename, info.file_size, limit)
            total += info.file_size
        if total > TOTAL_LIMIT:
            raise too_large("全部 XML 部件 (all its XML parts)", total, TOTAL_LIMIT)
        for info in parts:
            if not is_sheet(info.filename):  # the sheet read is checked once it is chosen
                expand(archive, info.filename, PART_LIMIT)


def is_sheet(name: str) -> bool:
    """Whether a part is a worksheet, which openpyxl streams rather than reads whole."""
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def expand(archive: ZipFile, name: str, limit: int) -> None:
    """Decompress a part, counting its bytes: more than `limit` is refused at that point."""
    size = 0
    with archive.open(name) as part:
        while chunk := part.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise too_large(name, size, limit)


def too_large(name: str, size: int, limit: int) -> WorkbookError:
    """A workbook part (or all of them) larger than the readers' limit, once expanded."""
    return WorkbookError(
        "workbook-too-large",
        f"工作簿的 {name} 展开后超过 {limit >> 20} MiB，不予读取 "
        f"(a part expands to {size} bytes or more; the limit is {limit})",
        AS_CSV,
    )
