"""The HTML report as headless Chromium prints it: page numbers, and no page left nearly empty."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from documents import page_fill, pdf_pages

from carbon_cli.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "observations-illustrative.csv"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TOOLS = CHROMIUM is not None and shutil.which("pdftotext") and shutil.which("pdftoppm")

pytestmark = pytest.mark.skipif(
    not TOOLS, reason="headless Chromium or poppler-utils (pdftotext, pdftoppm) is not installed"
)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("matplotlib")
    assert CHROMIUM is not None
    folder = tmp_path_factory.mktemp("print")
    page = folder / "report.html"
    obs = ("--observations", str(EXAMPLE))
    assert main(["report", *obs, "--year", "2025", "--output", str(page)]) == 0
    pdf = folder / "report.pdf"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            f"--user-data-dir={folder / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    return pdf


def test_every_printed_page_is_numbered(printed: Path) -> None:
    pages = pdf_pages(printed)
    assert len(pages) > 5
    for n, text in enumerate(pages, 1):
        # the @page margin box; pdftotext may split or drop the spaces
        assert re.sub(r"\s", "", text).endswith(f"第{n}页，共{len(pages)}页"), n


def test_no_printed_page_is_left_nearly_empty(printed: Path) -> None:
    """Sections once each began a page: 一、总体情况 and the sources filled a tenth of theirs."""
    fills = page_fill(printed, bottom_margin_mm=16)
    assert min(fills[:-1]) > 0.6, fills  # a table row or a figure may not fit: never half a page


def test_the_data_notes_are_short(printed: Path) -> None:
    """六、数据说明 was 4 of 15 printed pages of developer notes: now it starts on the last two."""
    pages = pdf_pages(printed)
    starts = [n for n, text in enumerate(pages) if "六、数据说明" in text]
    assert starts
    assert starts[0] >= len(pages) - 2
