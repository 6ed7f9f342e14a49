"""The table reader any kind of table shares (observations.read_table): the header found below a
监测表's title and blank rows, column names in English or Chinese, year columns, CSV and .xlsx
alike, every problem at file:line:col (and Sheet!CELL), the problem cap; and the observations'
own layouts read through it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from carbon_cli.errors import Problem
from carbon_cli.models import Indicator
from carbon_cli.observations import (
    Column,
    Context,
    Header,
    Reader,
    TableSpec,
    pad,
    read_observations,
    read_table,
    strays,
)

openpyxl = pytest.importorskip("openpyxl")

D = Decimal
# a kind of table that is not observations, as records.py declares its own
RECORDS = TableSpec(
    what="进展记录",
    columns=(
        Column("item", ("事项编号",)),
        Column("state", ("进展状态",)),
        Column("note", ("备注",)),
    ),
    key="item",
    required=("item", "state"),
)
INDICATORS = [
    Indicator.model_validate(
        {"id": "forest_cover", "name": "森林覆盖率", "unit": "%", "targets": []}
    ),
]
Row = tuple[int, str, str]


def records(
    path: str,
) -> tuple[list[Row], list[tuple[str, int | None, int | None, str]], Header | None]:
    """(line, item, state) of every row of a records table, the problems as (path, line, col,
    code), and the header; a row whose state is not 'done' is a problem at its cell."""
    got: list[Row] = []
    headers: list[Header] = []

    def body(ctx: Context, header: Header, rows: Reader) -> None:
        headers.append(header)
        item, state = header.columns["item"], header.columns["state"]
        for row in rows:
            if not row:
                continue
            cells = pad(row, header)
            for problem in strays(cells, len(row), header, ctx.shown, rows.line_num):
                ctx.add(problem)
            if cells[state] != "done":
                ctx.add(Problem(ctx.shown, rows.line_num, state + 1, "bad-state", "不对"))
            got.append((rows.line_num, cells[item], cells[state]))

    problems: list[Problem] = []
    read_table(Path(path), RECORDS, Context(path, problems, []), body)
    return got, [p.at() for p in problems], headers[0] if headers else None


def test_another_kind_of_table_in_csv(here: Path) -> None:
    """Title rows skipped, the header in Chinese in any order, rows at their lines."""
    (here / "r.csv").write_text(
        "揭阳市任务进展台账\n\n填报单位：市发展改革局,,\n进展状态,事项编号,备注\n"
        "done,14.1,\nlate,14.2,x\n",
        encoding="gbk",
    )
    rows, problems, header = records("r.csv")
    assert rows == [(5, "14.1", "done"), (6, "14.2", "late")]
    assert problems == [("r.csv", 6, 1, "bad-state")]
    assert header is not None
    assert (header.columns, header.line) == ({"state": 0, "item": 1, "note": 2}, 4)


def test_another_kind_of_table_in_xlsx(here: Path) -> None:
    """The same in a sheet: a merged title, problems named by their cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["揭阳市任务进展台账"])
    sheet.merge_cells("A1:C1")
    sheet.append([])
    sheet.append(["事项编号（item）", "进展状态", None])
    sheet.append(["14.1", "late", None, "stray"])
    book.save("r.xlsx")
    rows, problems, _ = records("r.xlsx")
    assert rows == [(4, "14.1", "late")]
    assert problems == [("r.xlsx", 4, 4, "cell-beyond-header"), ("r.xlsx", 4, 2, "bad-state")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("item,state,colour\n", [("r.csv", 1, 3, "unknown-column")], id="unknown"),
        pytest.param("item,note\n", [("r.csv", 1, None, "missing-column")], id="missing"),
        pytest.param("a,b\n1,2\n", [("r.csv", 1, None, "no-header")], id="none"),
        pytest.param("\n\n", [("r.csv", None, None, "no-header")], id="blank"),
        pytest.param("item,state,事项编号\n", [("r.csv", 1, 3, "duplicate-column")], id="twice"),
        # a spec without a wide layout takes no year columns
        pytest.param("item,state,2020\n", [("r.csv", 1, 3, "unknown-column")], id="no-years"),
    ],
)
def test_header_problems_of_another_kind(here: Path, text: str, expected: list[object]) -> None:
    (here / "r.csv").write_text(text)
    assert records("r.csv")[1] == expected


def test_the_header_is_looked_for_within_title_rows(here: Path) -> None:
    """Past TITLE_ROWS filled rows without a header, the first one naming a column is judged."""
    (here / "r.csv").write_text("".join(f"title {n}\n" for n in range(30)) + "item,state\n")
    assert records("r.csv")[1] == [("r.csv", 1, None, "no-header")]
    (here / "r.csv").write_text("说明\nitem,备注\n" + "x,y\n" * 30)
    assert records("r.csv")[1] == [("r.csv", 2, None, "missing-column")]


def test_the_problem_cap_holds_for_another_kind(here: Path) -> None:
    (here / "r.csv").write_text("item,state\n" + "1,late\n" * 1500)
    _, problems, _ = records("r.csv")
    assert len(problems) == 1001
    assert problems[-1][3] == "too-many-problems"


# --- observations through the same parts --------------------------------------------------


def observe(path: str) -> tuple[dict[object, object], list[object], list[object]]:
    """Series, problems and warnings (as (path, line, col, code)) of one observations file."""
    found, problems = read_observations([Path(path)], INDICATORS)
    return found.series, [p.at() for p in problems], [w.at() for w in found.warnings]


def test_chinese_headers_and_title_rows(here: Path) -> None:
    (here / "o.csv").write_text(
        "揭阳市碳达峰指标监测表（示例数据）\n,,,\n指标名称,年度,数值,县区,数据来源\n"
        "森林覆盖率,2024,58.7,全市,示例\n",
        encoding="gbk",
    )
    assert observe("o.csv") == ({("forest_cover", "全市"): {2024: D("58.7")}}, [], [])


def test_a_row_above_the_header_with_many_cells_is_said(here: Path) -> None:
    """A title is one or two cells; a row of three or more skipped above the header may be data."""
    (here / "o.csv").write_text("森林覆盖率,2023,58.1\n指标,年份,数值\n森林覆盖率,2024,58.7\n")
    series, problems, warnings = observe("o.csv")
    assert (series, problems) == ({("forest_cover", "全市"): {2024: D("58.7")}}, [])
    assert warnings == [("o.csv", 1, None, "row-above-header")]


def test_wide_layout_in_csv(here: Path) -> None:
    """A column per year: each filled cell one observation (a bad one does not keep the others
    of its row out), blanks none, problems at their cells."""
    (here / "o.csv").write_text(
        "指标,地区,2020年,2021,２０２２年\n森林覆盖率,全市,58.1,,58.5\nforest_cover,榕城区,x,30,\n"
    )
    series, problems, _ = observe("o.csv")
    assert series == {
        ("forest_cover", "全市"): {2020: D("58.1"), 2022: D("58.5")},
        ("forest_cover", "榕城区"): {2021: D("30")},
    }
    assert problems == [("o.csv", 3, 3, "value-not-a-number")]


def test_wide_layout_in_xlsx_with_merged_title(here: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "监测表"
    sheet.append(["揭阳市碳达峰指标监测表"])
    sheet.merge_cells("A1:D1")
    sheet.append(["单位：%"])
    sheet.append(["指标名称", "单位", 2020, "2021年"])
    sheet.append(["森林覆盖率", "%", 58.1, 58.3])
    sheet.append(["森林覆盖率", "米", 58.1, None])
    book.save("o.xlsx")
    series, problems, _ = observe("o.xlsx")
    assert series == {("forest_cover", "全市"): {2020: D("58.1"), 2021: D("58.3")}}
    assert problems == [("o.xlsx", 5, 2, "unit-mismatch")]


def test_the_same_value_twice_in_wide_and_long_conflicts_at_its_cell(here: Path) -> None:
    (here / "o.csv").write_text("指标,2020,2021\n森林覆盖率,58.1,\n森林覆盖率,58.2,58.3\n")
    series, problems, _ = observe("o.csv")
    assert problems == [("o.csv", 3, 2, "conflicting-values")]
    assert series == {("forest_cover", "全市"): {2020: D("58.1"), 2021: D("58.3")}}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param("indicator,year,value,2020", [(1, 2, "mixed-layout")], id="year-and-years"),
        pytest.param("indicator,value,2020", [(1, 2, "mixed-layout")], id="value-and-years"),
        pytest.param("indicator,2020,2020年", [(1, 3, "duplicate-column")], id="year-twice"),
        pytest.param("年份,数值", [(1, None, "missing-column")], id="no-key"),
        pytest.param("指标（indicator）,年份 (year),数值（value）", [], id="bracketed"),
        pytest.param(
            "指标（year）,年份,数值",
            [(1, None, "missing-column"), (1, 1, "unknown-column")],
            id="bracket-disagrees",
        ),
    ],
)
def test_observation_headers(here: Path, header: str, expected: list[object]) -> None:
    (here / "o.csv").write_text(header + "\n")
    _, problems, _ = observe("o.csv")
    assert [p[1:] for p in problems] == expected
