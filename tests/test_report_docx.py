"""`carbon report --format docx`: the 公文-style Word report, read back with python-docx and, where
LibreOffice is installed, printed to PDF."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from carbon_cli import api
from carbon_cli.cli import main
from carbon_cli.report import Report

docx = pytest.importorskip("docx")
pytest.importorskip("matplotlib")

from documents import docx_text, pdf_pages  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402  (after the skip: python-docx is an extra)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "observations-illustrative.csv"
OBS = ("--observations", str(EXAMPLE))
PLAN = api.load_plan(None)


@pytest.fixture(scope="module")
def built() -> Report:
    return api.report(PLAN, api.read_observations(PLAN, [EXAMPLE]), year=2025)


@pytest.fixture(scope="module")
def annual_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "年度报告.docx"  # the suffix chooses the format
    assert main(["report", *OBS, "--year", "2025", "--output", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def doc(annual_docx: Path) -> Any:
    return docx.Document(str(annual_docx))


@pytest.fixture(scope="module")
def annual_md(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("md") / "report.md"
    assert main(["report", *OBS, "--year", "2025", "--output", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def styled(doc: Any, style: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == style]


def east_asian_font(element: Any) -> str | None:
    fonts = element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_the_page_is_a4_with_the_official_type_area(doc: Any) -> None:
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    # GB/T 9704: 版心 156 × 225 mm, 天头 37 mm, 订口 28 mm
    width = section.page_width.mm - section.left_margin.mm - section.right_margin.mm
    height = section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm
    assert (round(width), round(height)) == (156, 225)
    assert round(section.top_margin.mm) == 37
    assert round(section.left_margin.mm) == 28


def test_title_is_the_report_s_on_two_lines(doc: Any, built: Report) -> None:
    assert styled(doc, "Title") == [built.title.replace(" ", "\n", 1)]
    assert styled(doc, "Subtitle") == [built.scope()]


def test_headings_are_those_of_the_markdown_report(doc: Any, annual_md: str) -> None:
    """一、二、… in 黑体 (Heading 1), （一）… (Heading 2); each trend is a numbered figure."""
    sections = re.findall(r"^## (.+)$", annual_md, re.M)
    assert styled(doc, "Heading 1") == sections
    assert sections[0] == "一、总体情况"
    # Markdown's ### are the （一） headings and the trends' titles, in the same order
    below = [
        re.sub(r"^图\d+　", "", p.text)
        for p in doc.paragraphs
        if p.style.name in {"Heading 2", "Caption"}
    ]
    assert below == re.findall(r"^### (.+)$", annual_md, re.M)
    assert styled(doc, "Caption")[0].startswith("图1　")


def test_every_table_repeats_its_header_row_and_keeps_rows_whole(doc: Any) -> None:
    assert len(doc.tables) > 10
    for table in doc.tables:
        rows = table._tbl.tr_lst
        headers = [tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for tr in rows]
        assert headers == [True] + [False] * (len(rows) - 1)
        assert all(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in rows)


def test_group_tables_list_every_target_with_its_change(doc: Any, built: Report) -> None:
    groups = [t for t in doc.tables if "较上年变化" in [c.text for c in t.rows[0].cells]]
    header = [c.text for c in groups[0].rows[0].cells]
    assert header == [
        "指标", "目标", "期限", "观测值", "线性进度值", "状态", "较上年变化", "说明", "牵头单位"
    ]  # fmt: skip
    rows = [[c.text for c in row.cells] for t in groups for row in t.rows[1:]]
    assert len(rows) == len(built.assessments)
    # 2024: 22 against the line 17 → 23.1 at 2024, 21.88: on track; 2025: 23.4 ≥ 23.1
    row = next(r for r in rows if r[:3] == ["非化石能源消费占比", "不低于 23.1%", "2025"])
    assert row[5:7] == ["达标 ✓", "进度正常→达标"]


def test_status_cells_are_coloured(doc: Any) -> None:
    from carbon_cli.render.charts import STATUS_COLOURS
    from carbon_cli.status import Status

    cells = [c for t in doc.tables for row in t.rows[1:] for c in row.cells]
    behind = next(c for c in cells if c.text == "滞后 !")
    assert (
        str(behind.paragraphs[0].runs[0].font.color.rgb)
        == STATUS_COLOURS[Status.BEHIND][1:].upper()
    )


def test_each_group_has_a_place_for_problems_and_suggestions(doc: Any) -> None:
    places = [p for p in doc.paragraphs if p.text.startswith("问题与建议：")]
    assert len(places) == len(PLAN.tasks.groups)
    for place in places:
        label, prompt = place.runs
        assert label.bold
        assert prompt.text.startswith("【")
        assert prompt.text.endswith("】")
        assert prompt.font.highlight_color is not None  # marked to be written over


def test_footers_number_the_pages_with_a_page_field(doc: Any, annual_docx: Path) -> None:
    """— 1 — in 四号 宋体, odd pages at the right, even at the left (GB/T 9704, 7.5)."""
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, side in ((section.footer, "RIGHT"), (section.even_page_footer, "LEFT")):
        assert not footer.is_linked_to_previous
        (paragraph,) = footer.paragraphs
        assert paragraph.text == "— 1 —"  # the field's number until Word updates it
        assert paragraph.alignment.name == side
        instructions = [t.text for t in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == [" PAGE "]
        kinds = [f.get(qn("w:fldCharType")) for f in paragraph._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert paragraph.style.name == "Footer"
        assert paragraph.style.font.size.pt == 14


@pytest.mark.parametrize(
    ("style", "font"),
    [
        ("Normal", "仿宋_GB2312"),
        ("Title", "方正小标宋简体"),
        ("Heading 1", "黑体"),
        ("Heading 2", "楷体_GB2312"),
        ("表格文字", "宋体"),
    ],
)
def test_styles_name_the_official_fonts_for_chinese(doc: Any, style: str, font: str) -> None:
    element = doc.styles[style].element
    assert east_asian_font(element) == font
    fonts = element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert fonts.get(qn("w:asciiTheme")) is None  # a theme font would win over the names
    assert fonts.get(qn("w:hint")) == "eastAsia"


def test_table_cells_are_in_the_table_style(doc: Any) -> None:
    paragraphs = [p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert {p.style.name for p in paragraphs} == {"表格文字"}


def test_the_font_table_gives_each_font_its_other_names(annual_docx: Path) -> None:
    """A PC without 仿宋_GB2312 (Word on Windows 10 has 仿宋) finds the font by another name."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(annual_docx) as z:
        table = etree.fromstring(z.read("word/fontTable.xml"))
    names = {
        f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
        for f in table.iter(qn("w:font"))
        if f.find(qn("w:altName")) is not None
    }
    assert names["仿宋_GB2312"].split(",")[0] == "仿宋"
    assert "黑体" in names["方正小标宋简体"].split(",")
    assert names["楷体_GB2312"].split(",")[0] == "楷体"
    assert names["宋体"].split(",")[0] == "SimSun"
    assert names["黑体"].split(",")[0] == "SimHei"


def test_trend_charts_are_numbered_pictures(doc: Any, built: Report) -> None:
    from carbon_cli.render.charts import cjk_font_found

    if not cjk_font_found():
        pytest.skip("no Chinese font for matplotlib: the trends are tables")
    assert len(doc.inline_shapes) == len(built.trends)
    captions = styled(doc, "Caption")
    assert captions == [
        f"图{n}　{tr.indicator.name}（{tr.indicator.unit}）" for n, tr in enumerate(built.trends, 1)
    ]


def test_without_a_chinese_font_trends_are_tables_of_their_numbers(
    built: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """matplotlib would draw the Chinese as boxes: the numbers go in a table instead."""
    from carbon_cli.render import charts
    from carbon_cli.render.docx import render_report

    monkeypatch.setattr(charts, "cjk_font_found", lambda: False)
    doc = docx.Document(io.BytesIO(render_report(built)))
    assert len(doc.inline_shapes) == 0
    assert styled(doc, "Caption") == []
    assert styled(doc, "Heading 3") == [
        f"{tr.indicator.name}（{tr.indicator.unit}）" for tr in built.trends
    ]
    years = [t for t in doc.tables if t.rows[0].cells[0].text == "年份"]
    assert len(years) == len(built.trends)
    # how to read the pictures is left out with them
    assert not any(p.text.startswith("实线为观测值") for p in doc.paragraphs)


def test_without_python_docx_the_command_says_how_to_install_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)  # find_spec then reports it missing
    out = tmp_path / "r.docx"
    code = main(["report", *OBS, "--output", str(out)])
    stdout, err = capsys.readouterr()
    assert (code, stdout) == (1, "")
    assert 'pip install "carbon-cli[docx]"' in err
    assert err.count("\n") == 1
    assert not out.exists()


def test_a_word_report_is_written_to_a_file_never_to_the_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["report", *OBS, "--format", "docx"])
    stdout, err = capsys.readouterr()
    assert (code, stdout) == (2, "")
    assert err.startswith("carbon: Word 报告是一个文件")
    assert "--output" in err


def test_a_word_report_never_lands_on_an_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    obs = tmp_path / "obs.csv"
    obs.write_bytes(EXAMPLE.read_bytes())
    code = main(["report", "--observations", str(obs), "--format", "docx", "--output", str(obs)])
    _, err = capsys.readouterr()
    assert code == 2
    assert "不能覆盖" in err
    assert obs.read_bytes() == EXAMPLE.read_bytes()


def test_control_characters_in_the_data_do_not_break_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """XML has no ESC: python-docx would refuse the text; it is written as \\x1b instead."""
    obs = tmp_path / "obs.csv"
    obs.write_text(
        'indicator,year,value,area,source\nforest_coverage,2024,58.5,全市,"统计\x1b局"\n'
        'forest_coverage,2025,58.8,全市,"统计\x1b局"\n',
        encoding="utf-8",
    )
    out = tmp_path / "r.docx"
    assert main(["report", "--observations", str(obs), "--output", str(out)]) == 0
    capsys.readouterr()
    assert "统计\\x1b局（2 个数值）" in docx_text(out.read_bytes())


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext is not installed",
)
def test_libreoffice_prints_it_with_page_numbers(
    annual_docx: Path, built: Report, tmp_path: Path
) -> None:
    assert SOFFICE is not None
    profile = tmp_path / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(annual_docx),
        ],
        capture_output=True,
        check=True,
        timeout=300,
    )
    pages = pdf_pages(tmp_path / f"{annual_docx.stem}.pdf")
    assert len(pages) >= 5
    assert "揭阳市碳达峰实施方案" in pages[0]
    # the PAGE field is laid out on each page: — n — at its foot (pdftotext drops the spaces)
    for n, page in enumerate(pages, 1):
        assert re.sub(r"\s", "", page).endswith(f"—{n}—"), n
    assert "问题与建议" in "".join(pages)


def test_python_docx_is_imported_only_to_draw_a_word_report() -> None:
    """The renderer's module loads without python-docx or matplotlib: other commands stay quick."""
    code = (
        "import sys, carbon_cli.render.docx, carbon_cli.cli\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'docx', 'matplotlib'}))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert found.stdout == "[]\n"
