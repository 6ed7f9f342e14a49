"""Reading the reports back as people see them: a Word file's text, an HTML page's text, PDFs."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any


def docx_text(data: bytes) -> str:
    """Every paragraph of a .docx, its tables' cells and its footers, a line each."""
    import docx

    doc = docx.Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    lines += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    for section in doc.sections:
        for footer in (section.footer, section.even_page_footer):
            lines += [p.text for p in footer.paragraphs]
    return "\n".join(lines)


class _Text(HTMLParser):
    """The text a browser shows: no <style>, no attributes; SVG <text> is text."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.hidden += tag in {"style", "script", "title"}

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in {"style", "script", "title"}

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The visible text of an HTML page, a line per piece of text."""
    parser = _Text()
    parser.feed(html)
    return "\n".join(part for part in parser.parts if part.strip())


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF (pdftotext, poppler-utils)."""
    tool = shutil.which("pdftotext")
    assert tool is not None
    out = subprocess.run(
        [tool, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return out.split("\f")[:-1]  # every page ends in a form feed


def page_fill(pdf: Path, bottom_margin_mm: float) -> list[float]:
    """How far down each A4 page its lowest ink reaches, as a share of the page above the
    bottom margin (where the page number is): 1.0 a full page, 0.1 a nearly empty one."""
    from matplotlib import image

    tool = shutil.which("pdftoppm")
    assert tool is not None
    folder = pdf.parent / f"{pdf.stem}-pages"
    folder.mkdir()
    subprocess.run([tool, "-r", "30", "-gray", "-png", str(pdf), str(folder / "p")], check=True)
    fills = []
    for png in sorted(folder.glob("p-*.png"), key=lambda p: int(re.findall(r"\d+", p.stem)[-1])):
        pixels = image.imread(png)
        height = pixels.shape[0]
        body = pixels[: round(height * (297 - bottom_margin_mm) / 297)]
        inked = (body < 0.8).any(axis=1).nonzero()[0]
        fills.append(float(inked[-1] + 1) / len(body) if len(inked) else 0.0)
    return fills
