"""A minimal .xlsx written by hand around a sheet's XML: for the hostile workbooks openpyxl would
never write (a row past Excel's last, a cell at XFE, a formula without a value, a zip bomb)."""

from __future__ import annotations

import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def inline(ref: str, text: str) -> str:
    """A cell holding `text` as an inline string."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def row(number: int, *cells: str) -> str:
    """A <row> of cells."""
    return f'<row r="{number}">{"".join(cells)}</row>'


HEADER = row(1, inline("A1", "indicator"), inline("B1", "year"), inline("C1", "value"))


def write(
    path: Path,
    sheet: bytes | str,
    shared: bytes | str | None = None,
    hidden: bool = False,
    dimension: bool = True,
) -> Path:
    """An .xlsx at `path` with one sheet, 'obs' (hidden if asked), whose <sheetData> holds
    `sheet`, and shared strings (the inside of <sst>) when given. The sheet gives its dimension,
    as Excel writes it, so openpyxl opens the workbook without reading the sheet through (unless
    `dimension` is False)."""
    if isinstance(sheet, str):
        sheet = sheet.encode()
    if isinstance(shared, str):
        shared = shared.encode()
    strings_type = (
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPES}.sharedStrings+xml"/>'
    )
    strings_rel = f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
    state = ' state="hidden"' if hidden else ""
    size = '<dimension ref="A1"/>' if dimension else ""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPES}.worksheet+xml"/>'
            + (strings_type if shared is not None else "")
            + "</Types>"
        ).encode(),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ).encode(),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{DOC}">'
            f'<sheets><sheet name="obs" sheetId="1"{state} r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
            + (strings_rel if shared is not None else "")
            + "</Relationships>"
        ).encode(),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
            f"{size}<sheetData>".encode()
            + sheet
            + b"</sheetData></worksheet>"
        ),
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode()
            + shared
            + b"</sst>"
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return path
