"""Excel in and out: the fill-in template reads back unedited, and .xlsx observations are checked
like CSV with problems at their cells."""

from __future__ import annotations

import datetime
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from carbon_cli.cli import main
from carbon_cli.loading import DataSource, load_plan, packaged_data
from carbon_cli.models import Indicator
from carbon_cli.observations import csv_files, read_observations
from carbon_cli.observations.xlsx import cell_text, column_letter

openpyxl = pytest.importorskip("openpyxl")

D = Decimal
PLAN = load_plan(DataSource(packaged_data(), "packaged"))
SHIPPED = PLAN.targets.indicators
# the template's rows: a milestone is reported as progress, so its indicator has none
OBSERVED = [i for i in SHIPPED if any(t.kind.value != "milestone" for t in i.targets)]
INDICATORS = [
    Indicator.model_validate(
        {
            "id": "forest_cover",
            "name": "森林覆盖率",
            "unit": "%",
            "targets": [
                {
                    "id": "forest_cover_2030",
                    "kind": "at_least",
                    "value": 59,
                    "task": "29",
                    "quote": "q",
                }
            ],
        }
    ),
    Indicator.model_validate(
        {"id": "road_density", "name": "道路网密度", "unit": "公里/平方公里", "targets": []}
    ),
]
NOT_A_NUMBER = "请写数字，如 23.1（可带 % 号、千位分隔符，全角数字也可）"
YEAR = "不是 1900 到 2100 之间的整数 (year is not a whole number from 1900 to 2100)"


def workbook(path: Path, *rows: list[object], title: str = "Sheet1") -> Path:
    """An .xlsx file whose first sheet holds `rows` from A1."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def read(*paths: str, sheet: str | None = None) -> tuple[dict[object, object], list[str]]:
    """The series read from the paths, and the problems as the lines a user sees."""
    found, problems = read_observations([Path(p) for p in paths], INDICATORS, sheet=sheet)
    return found.series, [str(p) for p in problems]


# --- the template -----------------------------------------------------------------------------


def test_template_targets_column_is_checked(here: Path) -> None:
    (here / "obs.csv").write_text(
        "indicator,year,value,targets\n"
        "forest_cover,2024,58.8,forest_cover_2030\n"
        "森林覆盖率,2023,58.7,forest_cover_2025、forest_cover_2030\n"
        "road_density,2024,2.5,\n"
        "road_density,2023,2.4,forest_cover_2030\n",
        encoding="utf-8",
    )
    series, problems = read("obs.csv")
    assert problems == [
        "obs.csv:3:4: 'forest_cover_2025' 不是指标 森林覆盖率（forest_cover）的目标，它的目标是 "
        "forest_cover_2030 (not targets of the indicator); 改正或清空相关目标列（它不作为数据读取）",
        "obs.csv:5:4: 'forest_cover_2030' 不是指标 道路网密度（road_density）的目标，它的目标是 "
        "无 (not targets of the indicator); 改正或清空相关目标列（它不作为数据读取）",
    ]
    assert series == {
        ("forest_cover", "全市"): {2024: D("58.8")},
        ("road_density", "全市"): {2024: D("2.5")},
    }


# --- reading .xlsx ----------------------------------------------------------------------------


def test_xlsx_problems_name_sheet_row_and_column(here: Path) -> None:
    workbook(
        here / "obs.xlsx",
        ["indicator", "year", "value", "area", "source"],
        ["forest_cover", 2024, 58.7, "全市", "林业局"],
        ["forest", 2024, 1],
        [],
        ["road_density", 2024.5, "五十九"],
        ["road_density", datetime.date(2024, 3, 1), datetime.datetime(2024, 3, 1, 12, 30)],
        ["森林覆盖率", 2024, 58.8],
        ["road_density", 2023, 2, None, None, None, "stray"],
        title="2024年",
    )
    series, problems = read("obs.xlsx")
    assert problems == [
        "obs.xlsx:3:1: 2024年!A3: 未知的指标 'forest' (unknown indicator); 填写 data/targets.yaml "
        "中的指标编号、中文名称或别名，如 森林覆盖率 或 forest_cover",
        f"obs.xlsx:5:2: 2024年!B5: 年份 '2024.5' {YEAR}",
        f"obs.xlsx:5:3: 2024年!C5: 数值 '五十九' 不是数字 (not a number); {NOT_A_NUMBER}",
        f"obs.xlsx:6:2: 2024年!B6: 年份 '2024-03-01' {YEAR}",
        f"obs.xlsx:6:3: 2024年!C6: 数值 '2024-03-01 12:30:00' 不是数字 (not a number); {NOT_A_NUMBER}",
        "obs.xlsx:7: 2024年 第7行: 与第 2 行冲突：forest_cover 2024年 全市 在那里是 58.7，这里是 58.8 "
        "(conflicting values); 只保留一个数；若其一是初步核算（P）或估算（E）数，在数据状态列注明，最终数会替换它",
        "obs.xlsx:8:7: 2024年!G8: 单元格 'stray' 超出了表头的 5 列 (a cell beyond the header); "
        '含逗号的单元格请加双引号（"a, b"），或删去这个单元格',
    ]
    assert series == {("forest_cover", "全市"): {2024: D("58.7")}}


def test_xlsx_header_problems(here: Path) -> None:
    workbook(here / "a.xlsx", [], ["indicator", "year", "valeu"], title="obs")
    workbook(here / "b.xlsx")
    found, problems = read_observations([Path("a.xlsx"), Path("b.xlsx")], INDICATORS)
    assert [str(p) for p in problems] == [
        "a.xlsx:2: obs 第2行: 缺少必需的列 value（数值） (missing required column 'value'); "
        "表头须有 indicator（指标）、year（年份）、value（数值），或以每年一列（2020年、2021年…）"
        "代替 year（年份）、value（数值）",
        "a.xlsx:2:3: obs!C2: 未知的列 'valeu' (unknown column); 可用的列：indicator（指标）、"
        "year（年份）、value（数值）、area（地区）、source（来源）、note（备注）、flag（数据状态）、"
        "name（名称）、unit（单位）、targets（相关目标），以及每年一列（2020 或 2020年）",
    ]
    # an empty sheet holds no observation, as a blank value is none: a warning, not an error
    assert [str(w) for w in found.warnings] == [
        "b.xlsx: 工作表 Sheet1: 是空的，没有读到观测值 (the sheet is empty: nothing read)"
    ]


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        pytest.param(None, "General", "", id="empty"),
        pytest.param("  58.8 ", "General", "  58.8 ", id="text-as-is"),
        pytest.param(58.8, "General", "58.8", id="float-shortest"),
        pytest.param(0.1 + 0.2, "General", "0.30000000000000004", id="float-exact-repr"),
        pytest.param(2025.0, "General", "2025", id="whole-float-no-point"),
        pytest.param(2000.0, "General", "2000", id="whole-float-no-exponent"),
        pytest.param(1e20, "General", "100000000000000000000", id="big"),
        pytest.param(1.5e-7, "General", "1.5E-7", id="small"),
        pytest.param(7, "General", "7", id="int"),
        pytest.param(0.231, "0.0%", "23.1%", id="percent"),
        pytest.param(0.5, "0%", "50%", id="percent-whole"),
        pytest.param(1, "0.00%", "100%", id="percent-int"),
        pytest.param(23.1, '0.0"%"', "23.1", id="quoted-percent-sign-is-text"),
        pytest.param(23.1, "0.0\\%", "23.1", id="escaped-percent-sign-is-text"),
        pytest.param(True, "General", "TRUE", id="boolean"),
        pytest.param(datetime.datetime(2025, 1, 2), "yyyy-mm-dd", "2025-01-02", id="date"),
        pytest.param(datetime.time(8, 30), "h:mm", "08:30:00", id="time"),
    ],
)
def test_cell_text(value: object, number_format: str, text: str) -> None:
    assert cell_text(value, number_format) == text


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 5, 26, 27, 52, 703, 16384)] == [
        "A", "E", "Z", "AA", "AZ", "AAA", "XFD",
    ]  # fmt: skip


def test_sheet_option_picks_a_sheet(here: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["fill in the next sheet"])
    data = book.create_sheet("2024")
    data.append(["indicator", "year", "value"])
    data.append(["forest_cover", 2024, 58.8])
    book.save("obs.xlsx")
    assert read("obs.xlsx", sheet="2024") == ({("forest_cover", "全市"): {2024: D("58.8")}}, [])
    _, problems = read("obs.xlsx", sheet="2023")
    assert problems == [
        "obs.xlsx: 没有名为 '2023' 的工作表 (no such sheet); 工作簿中的工作表：说明、2024"
    ]
    _, problems = read("obs.xlsx")  # the first sheet is not observations
    assert problems[0].startswith("obs.xlsx:1: 说明 第1行: 没有表头")


def test_first_visible_sheet_is_read(here: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "old"
    book.active.sheet_state = "hidden"
    data = book.create_sheet("obs")
    data.append(["indicator", "year", "value"])
    data.append(["forest_cover", 2024, 58.8])
    book.active = 1
    book.save("obs.xlsx")
    assert read("obs.xlsx") == ({("forest_cover", "全市"): {2024: D("58.8")}}, [])


def test_broken_workbooks_are_one_problem_each(here: Path) -> None:
    good = workbook(here / "good.xlsx", ["indicator", "year", "value"])
    (here / "text.xlsx").write_text("indicator,year,value\n", encoding="utf-8")
    (here / "cut.xlsx").write_bytes(good.read_bytes()[:600])
    _, problems = read("text.xlsx", "cut.xlsx")
    resave = "在 Excel 或 WPS 中打开，另存为 Excel 工作簿（.xlsx） (save it again as .xlsx)"
    broken = "不是可读取的 Excel 工作簿（.xlsx） (not a readable workbook): BadZipFile: File is not a zip file"
    assert problems == [f"cut.xlsx: {broken}; {resave}", f"text.xlsx: {broken}; {resave}"]


def test_a_sheet_damaged_part_way_keeps_the_rows_before(here: Path) -> None:
    rows = [["forest_cover", year, 50 + (year - 1900) / 10] for year in range(1900, 2101)]
    workbook(here / "obs.xlsx", ["indicator", "year", "value"], *rows)
    with zipfile.ZipFile(here / "obs.xlsx") as z:
        parts = {name: z.read(name) for name in z.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"]
    cut = xml.index(b'<row r="150"')
    parts["xl/worksheets/sheet1.xml"] = xml[:cut] + b"<row r=150 <broken"
    with zipfile.ZipFile(here / "obs.xlsx", "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    series, problems = read("obs.xlsx")
    (problem,) = problems
    assert problem.startswith("obs.xlsx:150: Sheet1 第150行: 工作表第 149 行之后无法读取")
    assert 0 < len(series[("forest_cover", "全市")]) <= 148  # what came before stands


def test_folders_read_xlsx_and_skip_excel_lock_files(here: Path) -> None:
    (here / "obs").mkdir()
    workbook(here / "obs" / "b.xlsx", ["indicator", "year", "value"], ["forest_cover", 2024, 58.8])
    (here / "obs" / "a.csv").write_text("indicator,year,value\nforest_cover,2023,58.7\n")
    (here / "obs" / "~$b.xlsx").write_bytes(b"\x0bowner")  # Excel's lock file while b is open
    (here / "obs" / "c.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    assert csv_files([Path("obs")]) == ([Path("obs/a.csv"), Path("obs/b.xlsx")], [])
    assert read("obs") == ({("forest_cover", "全市"): {2023: D("58.7"), 2024: D("58.8")}}, [])


def test_without_openpyxl_an_xlsx_is_one_problem(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook(here / "obs.xlsx", ["indicator", "year", "value"])
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now fails
    assert read("obs.xlsx") == (
        {},
        [
            "obs.xlsx: 读取 .xlsx 文件需要 openpyxl (reading .xlsx needs openpyxl); "
            'pip install "carbon-cli[excel]"'
        ],
    )


def test_commands_take_xlsx_and_sheet(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = openpyxl.Workbook()
    book.active.title = "notes"
    data = book.create_sheet("2025")
    data.append(["indicator", "year", "value"])
    data.append(["森林覆盖率", 2025, 0.59])
    data["C2"].number_format = "0%"
    book.save("obs.xlsx")
    args = ["--observations", "obs.xlsx", "--sheet", "2025", "--format", "json"]
    assert main(["status", "--task", "29", *args]) == 0
    assert '"status": "achieved"' in capsys.readouterr().out
    assert main(["owners", "林业局", *args]) == 0
    assert main(["validate", *args]) == 0
    assert '"ok": true' in capsys.readouterr().out
    # without --sheet the first sheet, empty, is read: nothing wrong, and a warning names the
    # sheet the data is on (the command prints the warnings)
    assert main(["validate", "--observations", "obs.xlsx"]) == 0
    found, problems = read_observations([Path("obs.xlsx")], SHIPPED)
    assert (len(found), problems) == (0, [])
    (warning,) = found.warnings
    assert warning.at() == ("obs.xlsx", None, None, "empty-sheet")
    assert warning.message.startswith("工作表 notes: 是空的")
    assert warning.hint == "工作簿中的其他工作表：2025"


def test_the_cli_does_not_import_openpyxl() -> None:
    code = "import sys, carbon_cli.cli; print('openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n"
