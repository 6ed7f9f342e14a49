"""What data holds cannot become a command, a line, a formula or markup in any output:
GitHub annotations, problem lines, Markdown, HTML, CSV and xlsx cells, the terminal."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from carbon_cli.cli import main
from carbon_cli.errors import Problem
from carbon_cli.render import problems as shown
from carbon_cli.render.markdown import cell
from carbon_cli.render.text import (
    csv_cell,
    html_text,
    markdown_cell,
    one_line,
    printable,
    xlsx_cell,
    xlsx_text,
)

HOSTILE_TEXTS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[点我](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x]: javascript:alert(1)",
    "a | b",
    "\x1b]8;;http://evil\x1b\\链接\x1b]8;;\x1b\\ \x1b[2J",
    "&lt;script&gt;",
    "line\nbreak",
    "back\\slash",
]


# ---- GitHub annotations and problem lines: one problem, one line ---------------------------------


def test_github_escapes_properties_and_messages_as_the_toolkit_does() -> None:
    """escapeProperty: % \\r \\n : , ; escapeData: % \\r \\n (actions/toolkit command.ts)."""
    problem = Problem("a:b,c%d\r\ne.csv", 3, 7, "x", "50% done\nnext: line", "fix, then run")
    assert shown.github([problem]) == [
        "::error file=a%3Ab%2Cc%25d%0D%0Ae.csv,line=3,col=7::50%25 done%0Anext: line; fix, then run"
    ]


@pytest.mark.parametrize(
    "path",
    [
        "x.csv\n::stop-commands::pwned\n::error file=README.md,line=1::forged",
        "x,line=999.csv",
        "x.csv\r::warning::forged",
        "x\x1b[2J.csv",
    ],
)
def test_a_file_name_cannot_inject_a_workflow_command(path: str) -> None:
    (line,) = shown.github([Problem(path, 2, 1, "unknown-indicator", "unknown indicator")])
    assert not {"\n", "\r", "\x1b"} & set(line)
    assert line.startswith("::error file=")
    properties = line.split("::")[1].removeprefix("error ")
    # exactly the three properties, whatever the name holds
    assert [p.split("=")[0] for p in properties.split(",")] == ["file", "line", "col"]
    assert properties.endswith(",line=2,col=1")


def test_validate_github_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARBON_CACHE", "off")
    name = "o.csv\n::stop-commands::pwned\n::error file=README.md::forged"
    Path(name).write_text("indicator,year,value\nnope,2025,1\n", encoding="utf-8")
    assert main(["validate", "--observations", name, "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert [line[:20] for line in out.splitlines()] == ["::error file=o.csv%0"]
    assert "::stop-commands::" not in out.split("::error ")[1].split("::")[0]


def test_a_problem_is_one_line_in_text_mode_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name with a line break forged a problem line of its own on stderr."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARBON_CACHE", "off")
    name = "o.csv\ntargets.yaml:1:1: forged problem"
    Path(name).write_text("indicator,year,value\nnope,2025,1\n", encoding="utf-8")
    assert main(["validate", "--observations", name]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("o.csv\\ntargets.yaml:1:1: forged problem:2:1: ")
    assert not any(line.startswith("targets.yaml") for line in err)


def test_one_line_escapes_every_line_break() -> None:
    text = "a\nb\rc\x85d\u2028e\u2029f\x0bg\x0ch"
    assert "\n" not in one_line(text)
    assert one_line(text).splitlines() == [one_line(text)]
    assert one_line("中文 ok") == "中文 ok"


def test_problem_lines_are_capped_per_file(capsys: pytest.CaptureFixture[str]) -> None:
    """The cap for any source (the cross-file checks): 1000 lines, then one saying how many."""
    problems = [Problem("tasks.yaml", n, 1, "unknown-department", "x") for n in range(1, 1501)]
    problems += [Problem("targets.yaml", 1, 1, "quote-not-found", "y")]
    out = shown.capped(problems)
    assert len(out) == 1002
    assert out[1000].code == "too-many-problems"
    assert out[1000].line == 1001
    assert "另有 500 个问题未列出" in out[1000].message
    assert out[-1].path == "targets.yaml"
    payload = json.loads(shown.as_json(problems, "data"))
    assert len(payload["problems"]) == 1002
    assert len(shown.github(problems)) == 1002


def test_a_reader_s_own_cap_is_not_capped_again() -> None:
    """1000 problems and the reader's own 'more not shown': listed as they are."""
    problems = [Problem("obs.csv", n, 1, "bad-value", "x") for n in range(1, 1001)]
    problems.append(Problem("obs.csv", 1001, None, "too-many-problems", "… more"))
    assert shown.capped(problems) == problems


# ---- Markdown, HTML: no markup from data ----------------------------------------------------------


def rendered(markdown: str) -> str:
    """The HTML a CommonMark renderer with GFM tables makes of it."""
    return MarkdownIt("commonmark").enable("table").render(markdown)


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_markdown_cell_cannot_become_markup(text: str) -> None:
    for markdown in (f"| a |\n|---|\n| {cell(text)} |\n", cell(text) + "\n", f"[x]{cell(text)}"):
        html = rendered(markdown)
        assert "<script" not in html
        assert "<img" not in html
        assert "href" not in html
        assert "\x1b" not in html
    table = rendered(f"| a | b |\n|---|---|\n| {cell(text)} | z |\n")
    assert table.count("<td>") == 2  # a `|` in the data cannot add a cell


@pytest.mark.parametrize("text", ["R&D 50%", "a < b > c", "[注]", "(1) 说明", "forest_coverage"])
def test_markdown_cell_shows_the_text_as_typed(text: str) -> None:
    """What is escaped renders back to the same characters."""
    html = rendered(cell(text) + "\n")
    unescaped = html.removeprefix("<p>").removesuffix("</p>\n")
    assert unescaped.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") == text


def test_markdown_cell_is_the_one_neutraliser() -> None:
    assert cell("<b>") == markdown_cell("<b>") == "&lt;b&gt;"
    assert cell(None) == ""
    assert cell(True) == "是"


def test_status_markdown_end_to_end(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    any_area_data: str,
) -> None:
    """Area names from a CSV become column headers of `status --by-area` (in a data folder
    without areas.yaml, which takes any area name)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARBON_CACHE", "off")
    rows = [f'forest_coverage,2025,50,"{a}"' for a in HOSTILE_TEXTS[:6]]
    Path("obs.csv").write_text("indicator,year,value,area\n" + "\n".join(rows) + "\n", "utf-8")
    code = main(
        [
            "status", "--by-area", "--observations", "obs.csv", "--task", "29", "-f", "markdown",
            "--data", any_area_data,
        ]
    )  # fmt: skip
    assert code == 0
    html = rendered(capsys.readouterr().out)
    assert "<script" not in html
    assert "<img" not in html
    assert "href" not in html


def test_html_text() -> None:
    assert html_text('<a href="x">\x1b') == "&lt;a href=&quot;x&quot;&gt;\\x1b"
    assert html_text(None) == ""


def test_report_to_stdout_passes_no_escape_sequence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """OSC 8 and \\e[2J in a source cell reached the terminal through `report`."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARBON_CACHE", "off")
    source = "\x1b]8;;http://evil\x1b\\统计公报\x1b]8;;\x1b\\ \x1b[2J"
    Path("obs.csv").write_text(
        f'indicator,year,value,source\nforest_coverage,2025,50,"{source}"\n', "utf-8"
    )
    assert main(["report", "-f", "markdown", "--observations", "obs.csv"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    # shown, escaped for the terminal and then for Markdown, rather than dropped
    assert "x1b\\]8;;http://evil" in out


# ---- terminal, CSV, xlsx ----------------------------------------------------------------------


def test_printable_shows_control_characters_and_keeps_line_feeds() -> None:
    assert printable("a\x1b[2Jb\x07\t\r\n\x9b中") == "a\\x1b[2Jb\\x07\\t\\r\n\\x9b中"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("@SUM(1)", "'@SUM(1)"),
        ("-3.5", "-3.5"),
        ("+1", "+1"),
        ("a\x1bb\tc\nd", "a\\x1bb\tc\nd"),
        (12, 12),
    ],
)
def test_csv_cell(value: str | int, expected: str | int) -> None:
    assert csv_cell(value) == expected


def test_xlsx_cell_keeps_text_as_text(tmp_path: Path) -> None:
    """`template --area '=HYPERLINK(…)'` became a live formula (cell type f)."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    values = ['=HYPERLINK("http://x","y")', "=cmd|'/C calc'!A0", "-3.5", "a\x1bb", 23.1, None]
    for column, value in enumerate(values, 1):
        xlsx_cell(sheet.cell(1, column), value)
    book.save(tmp_path / "t.xlsx")
    read = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    cells = list(read[1])
    assert [c.data_type for c in cells[:4]] == ["s", "s", "s", "s"]
    assert cells[0].value == '=HYPERLINK("http://x","y")'
    assert [c.quotePrefix for c in cells[:3]] == [True, True, False]
    assert cells[3].value == "a\\x1bb"  # openpyxl refuses control characters outright
    assert (cells[4].value, cells[4].data_type) == (23.1, "n")


def _shown(text: str, keep: str) -> str:
    """Every control character (Unicode category Cc) but those in `keep`, as Python escapes it."""
    return "".join(
        c.encode("unicode_escape").decode("ascii")
        if unicodedata.category(c) == "Cc" and c not in keep
        else c
        for c in text
    )


@given(st.text())
def test_escaping_is_by_unicode_category(text: str) -> None:
    """printable, one_line and the spreadsheet cells escape exactly the control characters
    (Unicode's category Cc), each as Python writes it; line ends and tabs where they belong."""
    assert printable(text) == _shown(text, "\n")
    assert one_line(text) == _shown(text, "").translate({0x2028: "\\u2028", 0x2029: "\\u2029"})
    assert xlsx_text(text) == _shown(text, "\n\t\r")
