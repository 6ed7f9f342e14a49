"""Every kind of problem and warning the observation readers report, as yamllint tests its rules:
a small input, and (path, line, col, code) of what it gives. A message may be reworded; a code and
a position may not."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from workbooks import HEADER, inline, row, write

from carbon_cli.models import Indicator
from carbon_cli.observations import read_observations

INDICATORS = [
    Indicator.model_validate(
        {
            "id": "forest_cover",
            "name": "森林覆盖率",
            "unit": "%",
            "targets": [
                {"id": "fc_2030", "kind": "at_least", "value": 59, "task": "29", "quote": "q"}
            ],
        }
    ),
    Indicator.model_validate(
        {"id": "road_density", "name": "道路网密度", "unit": "公里/平方公里", "targets": []}
    ),
]
Make = Callable[[Path], object]


def csv(text: str | bytes) -> Make:
    """obs.csv holding `text`."""
    data = text.encode() if isinstance(text, str) else text
    return lambda folder: (folder / "obs.csv").write_bytes(data)


def sheet(xml: str, shared: str | None = None) -> Make:
    """obs.xlsx whose sheet 'obs' holds the rows `xml`."""
    return lambda folder: write(folder / "obs.xlsx", xml, shared)


def rows(*lines: str) -> str:
    """CSV text of the lines, after the header indicator,year,value."""
    return "".join(f"{line}\n" for line in ("indicator,year,value", *lines))


NUMBERED = "".join(
    f"forest_cover,{year},1\n" for year in range(1900, 2101) for _ in range(50)
)  # 10,050 good lines, past the 64 KiB the encoding is judged on
# fmt: off
PROBLEMS = [
    # --- the files asked for
    pytest.param(lambda f: None, "missing.csv", [("missing.csv", None, None, "no-such-file")], id="no-such-file"),
    pytest.param(lambda f: (f / "empty").mkdir(), "empty", [("empty", None, None, "empty-folder")], id="empty-folder"),
    pytest.param(lambda f: (f / "loop.csv").symlink_to("loop.csv"), "loop.csv", [("loop.csv", None, None, "cannot-read")], id="cannot-read"),
    # --- what a CSV file is
    pytest.param(csv(""), "obs.csv", [("obs.csv", None, None, "empty-file")], id="empty-file"),
    pytest.param(csv(b"\x89PNG\r\n\x1a\n\x00"), "obs.csv", [("obs.csv", None, None, "not-csv")], id="not-csv"),
    pytest.param(csv(b"indicator,year,value\nforest_cover,2024,5\x00\n"), "obs.csv", [("obs.csv", 2, 20, "nul-byte")], id="nul-byte"),
    pytest.param(csv(b"indicator,year,value\n" + NUMBERED.encode() * 2 + b"forest_cover,20\x0024,5\n"), "obs.csv", [("obs.csv", 20102, 16, "nul-byte")], id="nul-byte-late"),
    pytest.param(csv(b"indicator,year,value\nforest_cover,2024,\x80\xff\n"), "obs.csv", [("obs.csv", 2, 19, "unknown-encoding")], id="unknown-encoding"),
    pytest.param(csv(rows("森林覆盖率,2020,1").encode() + NUMBERED.encode() + b"forest_cover,2024,\xff\n"), "obs.csv", [("obs.csv", 10053, 19, "mixed-encoding")], id="mixed-encoding"),
    pytest.param(csv(rows("forest_cover,2024," + "1" * (1 << 20))), "obs.csv", [("obs.csv", 2, None, "line-too-long")], id="line-too-long"),
    pytest.param(csv(rows('forest_cover,2024,"' + ("1" * 1000 + "\n") * 1100 + '"')), "obs.csv", [("obs.csv", 2, None, "cell-too-long")], id="cell-too-long"),
    pytest.param(csv(rows('forest_cover,2024,"1')), "obs.csv", [("obs.csv", 2, None, "unclosed-quote")], id="unclosed-quote"),
    pytest.param(csv(rows('forest_cover,2024,"1"x', "forest_cover,x,1")), "obs.csv", [("obs.csv", 2, None, "text-after-quote"), ("obs.csv", 3, 2, "year-not-whole")], id="text-after-quote-and-reading-goes-on"),
    # --- the header
    pytest.param(csv("\n,,\n"), "obs.csv", [("obs.csv", None, None, "no-header")], id="no-header-line"),
    pytest.param(csv("a,b,c\n"), "obs.csv", [("obs.csv", 1, None, "no-header")], id="no-header-names"),
    pytest.param(csv("indicator,year,value" + "," * 16384 + "\n"), "obs.csv", [("obs.csv", 1, 16385, "too-many-columns")], id="too-many-columns"),
    pytest.param(csv("indicator,year,value,remark\n"), "obs.csv", [("obs.csv", 1, 4, "unknown-column")], id="unknown-column"),
    pytest.param(csv("indicator,year,value,year\n"), "obs.csv", [("obs.csv", 1, 4, "duplicate-column")], id="duplicate-column"),
    pytest.param(csv("indicator,value\n"), "obs.csv", [("obs.csv", 1, None, "missing-column")], id="missing-column"),
    # --- the cells
    pytest.param(csv(rows("forest,2024,1")), "obs.csv", [("obs.csv", 2, 1, "unknown-indicator")], id="unknown-indicator"),
    pytest.param(csv(rows(",2024,1")), "obs.csv", [("obs.csv", 2, 1, "empty-indicator")], id="empty-indicator"),
    pytest.param(csv(rows("forest_cover,,1")), "obs.csv", [("obs.csv", 2, 2, "year-empty")], id="year-empty"),
    pytest.param(csv(rows("forest_cover,20255,1", "forest_cover," + "9" * 5000 + ",1")), "obs.csv", [("obs.csv", 2, 2, "year-out-of-range"), ("obs.csv", 3, 2, "year-out-of-range")], id="year-out-of-range"),
    pytest.param(csv(rows("forest_cover,2025.0,1", "forest_cover,二〇二五,1")), "obs.csv", [("obs.csv", 2, 2, "year-not-whole"), ("obs.csv", 3, 2, "year-not-whole")], id="year-not-whole"),
    pytest.param(csv(rows("forest_cover,2024,五十")), "obs.csv", [("obs.csv", 2, 3, "value-not-a-number")], id="value-not-a-number"),
    pytest.param(csv(rows("forest_cover,2024,-inf")), "obs.csv", [("obs.csv", 2, 3, "value-not-finite")], id="value-not-finite"),
    pytest.param(csv(rows("forest_cover,2024,1e400", "forest_cover,2025,1e99999999999999999999")), "obs.csv", [("obs.csv", 2, 3, "value-out-of-range"), ("obs.csv", 3, 3, "value-out-of-range")], id="value-out-of-range"),
    pytest.param(csv(rows("road_density,2024,2%")), "obs.csv", [("obs.csv", 2, 3, "percent-not-allowed")], id="percent-not-allowed"),
    pytest.param(csv(rows("forest_cover,2024,1", "forest_cover,2024,2")), "obs.csv", [("obs.csv", 3, None, "conflicting-values")], id="conflicting-values"),
    pytest.param(csv("indicator,year,value,name,unit,targets\nforest_cover,2024,1,森林,%,fc_2025\nforest_cover,2025,1,森林覆盖率,米,\n"), "obs.csv", [("obs.csv", 2, 4, "name-mismatch"), ("obs.csv", 2, 6, "targets-mismatch"), ("obs.csv", 3, 5, "unit-mismatch")], id="name-unit-targets-mismatch"),
    pytest.param(csv("indicator,year,value,\nforest_cover,2024,1,x\nforest_cover,2025,1,,y\n"), "obs.csv", [("obs.csv", 2, 4, "unnamed-column-cell"), ("obs.csv", 3, 5, "cell-beyond-header")], id="stray-cells"),
    # --- workbooks
    pytest.param(lambda f: (f / "obs.xlsx").write_text("indicator,year,value\n"), "obs.xlsx", [("obs.xlsx", None, None, "unreadable-workbook")], id="unreadable-workbook"),
    # without a dimension openpyxl reads the sheet through as it opens the workbook (and leaves the file open on an error)
    pytest.param(lambda f: write(f / "obs.xlsx", HEADER + "<row><broken", dimension=False), "obs.xlsx", [("obs.xlsx", None, None, "unreadable-workbook")], id="unreadable-workbook-at-open"),
    pytest.param(sheet(HEADER + row(2, inline("A2", "x" * 100))), "obs.xlsx", [("obs.xlsx", 2, 1, "unknown-indicator"), ("obs.xlsx", 2, 2, "year-empty")], id="xlsx-cells-at-their-places"),
    pytest.param(sheet(HEADER + row(2, inline("A2", "forest_cover"), '<c r="B2"><v>2024.5</v></c>')), "obs.xlsx", [("obs.xlsx", 2, 2, "year-not-whole")], id="xlsx-year"),
    pytest.param(sheet(HEADER + row(2, inline("A2", "x" * (1 << 20)))), "obs.xlsx", [("obs.xlsx", 2, 1, "cell-too-long")], id="xlsx-cell-too-long"),
    pytest.param(sheet(HEADER + row(1048577, inline("A1048577", "x"))), "obs.xlsx", [("obs.xlsx", None, None, "row-out-of-range")], id="xlsx-row-out-of-range"),
    pytest.param(sheet(HEADER + row(3) + row(2)), "obs.xlsx", [("obs.xlsx", 2, None, "rows-out-of-order")], id="xlsx-rows-out-of-order"),
    pytest.param(sheet(HEADER + row(2, '<c r="XFE2"><v>1</v></c>')), "obs.xlsx", [("obs.xlsx", 2, None, "column-out-of-range")], id="xlsx-column-out-of-range"),
    # ElementTree gives out the rows before the broken XML: row 1 is read, the problem is at row 2
    pytest.param(sheet(HEADER + row(2, "<c r='A2' t='x'><broken")), "obs.xlsx", [("obs.xlsx", 2, None, "damaged-sheet")], id="xlsx-damaged-sheet"),
    pytest.param(sheet(HEADER, "<si><t>x</t></si>" * 1_000_000), "obs.xlsx", [("obs.xlsx", None, None, "workbook-too-large")], id="xlsx-workbook-too-large"),
]
# fmt: on


@pytest.mark.parametrize(("make", "path", "expected"), PROBLEMS)
def test_problem_codes_and_places(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make: Make,
    path: str,
    expected: list[tuple[str, int | None, int | None, str]],
) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path)
    _, problems = read_observations([Path(path)], INDICATORS)
    assert [p.at() for p in problems] == expected


def test_sheet_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sheet asked for is not there; without one asked for, none is visible."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "obs.xlsx", HEADER, hidden=True)
    for sheet_name, code in (("2024", "no-such-sheet"), (None, "no-visible-sheet")):
        _, problems = read_observations([Path("obs.xlsx")], INDICATORS, sheet=sheet_name)
        assert [p.at() for p in problems] == [("obs.xlsx", None, None, code)]


def test_without_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "obs.xlsx", HEADER)
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now fails
    _, problems = read_observations([Path("obs.xlsx")], INDICATORS)
    assert [p.at() for p in problems] == [("obs.xlsx", None, None, "needs-openpyxl")]


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        pytest.param(csv(rows(*["forest_cover,1,1"] * 1500)), "obs.csv", id="csv-rows"),
        pytest.param(
            csv("indicator,year,value," + ",".join(f"x{i}" for i in range(1500)) + "\n"),
            "obs.csv",
            id="csv-header",
        ),
        pytest.param(
            sheet(HEADER + "".join(row(n, inline(f"A{n}", "nope")) for n in range(2, 1502))),
            "obs.xlsx",
            id="xlsx-rows",
        ),
    ],
)
def test_problems_are_capped_in_every_file_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Make, kind: str
) -> None:
    """1000 problems per file, then one saying where the rest begin, and the file stops."""
    monkeypatch.chdir(tmp_path)
    make(tmp_path)
    _, problems = read_observations([Path(kind)], INDICATORS)
    assert len(problems) == 1001
    assert [p.code for p in problems].count("too-many-problems") == 1


# --- warnings: what was not read, though nothing is wrong with it -----------------------------

# fmt: off
WARNINGS = [
    pytest.param(lambda f: [(f / "obs").mkdir(), (f / "obs" / "a.csv").write_text("indicator,year,value\n"), (f / "obs" / "b.xls").write_bytes(b"\xd0\xcf"), (f / "obs" / "c.et").write_bytes(b"\xd0\xcf")], "obs", [("obs/b.xls", None, None, "skipped-file"), ("obs/c.et", None, None, "skipped-file")], id="skipped-file"),
    pytest.param(sheet(""), "obs.xlsx", [("obs.xlsx", None, None, "empty-sheet")], id="empty-sheet"),
    pytest.param(sheet(HEADER + row(2, inline("A2", "forest_cover"), '<c r="B2"><v>2024</v></c>', '<c r="C2"><f>SUM(D2:E2)</f></c>')), "obs.xlsx", [("obs.xlsx", 2, 3, "formula-without-value")], id="formula-without-value"),
    pytest.param(sheet(HEADER + row(2, inline("A2", "forest_cover"), '<c r="B2"><v>2024</v></c>', '<c r="C2"><f>B2*0+58</f><v></v></c>')), "obs.xlsx", [("obs.xlsx", 2, 3, "formula-without-value")], id="formula-empty-v-as-openpyxl-writes"),
    pytest.param(sheet(HEADER + row(2, inline("A2", "forest_cover"), '<c r="B2"><v>2024</v></c>', '<c r="C2" t="str"><f>IF(D2="","",D2)</f><v></v></c>')), "obs.xlsx", [], id="formula-saved-empty-text"),
    pytest.param(sheet(HEADER + "".join(row(n, f'<c r="C{n}"><f>1+1</f></c>') for n in range(2, 1003))), "obs.xlsx", [*(("obs.xlsx", n, 3, "formula-without-value") for n in range(2, 1002)), ("obs.xlsx", 1002, 3, "too-many-warnings")], id="too-many-warnings"),
]
# fmt: on


@pytest.mark.parametrize(("make", "path", "expected"), WARNINGS)
def test_warning_codes_and_places(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make: Make,
    path: str,
    expected: list[tuple[str, int | None, int | None, str]],
) -> None:
    """A warning, never a problem: the rest of the input is read."""
    monkeypatch.chdir(tmp_path)
    make(tmp_path)
    found, problems = read_observations([Path(path)], INDICATORS)
    assert problems == []
    assert [w.at() for w in found.warnings] == expected


def test_a_formula_with_its_value_is_read_without_a_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A formula Excel has computed keeps its last value, as the cell shows it."""
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path / "obs.xlsx",
        HEADER
        + row(
            2,
            inline("A2", "forest_cover"),
            '<c r="B2"><v>2024</v></c>',
            '<c r="C2"><f>1+1</f><v>2</v></c>',
        ),
    )
    found, problems = read_observations([Path("obs.xlsx")], INDICATORS)
    assert (found.series, problems, found.warnings) == (
        {("forest_cover", "全市"): {2024: 2}},
        [],
        [],
    )
