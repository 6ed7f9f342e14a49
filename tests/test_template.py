"""The fill-in template: Chinese headers with the ids beside them, a column per year from 2020 to
the latest deadline, names with ids in the drop-downs; it reads back unchanged, CSV and .xlsx
alike, is written atomically and never over a file unasked, and the same bytes every time."""

from __future__ import annotations

import csv
import io
import os
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from carbon_cli import template
from carbon_cli.cli import main
from carbon_cli.loading import DataSource, load_plan, packaged_data
from carbon_cli.observations import read_observations

openpyxl = pytest.importorskip("openpyxl")

D = Decimal
PLAN = load_plan(DataSource(packaged_data(), "packaged"))
SHIPPED = PLAN.targets.indicators
# the template's rows: a milestone is reported as progress, so its indicator has none
OBSERVED = [i for i in SHIPPED if any(t.kind.value != "milestone" for t in i.targets)]
YEARS = list(range(2020, 2031))  # reference_year to the latest deadline of data/targets.yaml
HEADER = [
    "指标（indicator）",
    "单位（unit）",
    "地区（area）",
    *(f"{y}年" for y in YEARS),
    "来源（source）",
    "备注（note）",
    "相关目标（targets）",
]


def read(path: str) -> tuple[dict[object, object], list[str], list[str]]:
    """Series, problems and warnings of reading a filled-in template with the shipped data."""
    found, problems = read_observations([Path(path)], SHIPPED, areas=PLAN.areas)
    return found.series, [str(p) for p in problems], [str(w) for w in found.warnings]


def test_years_run_from_the_reference_year_to_the_latest_deadline() -> None:
    assert template.years(PLAN) == YEARS


def test_csv_template_reads_back_unedited_and_filled(here: Path) -> None:
    assert main(["template", "--output", "obs.csv"]) == 0
    raw = (here / "obs.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    labels = [f"{ind.name}（{ind.id}）" for ind in OBSERVED]
    assert [r[0] for r in rows[1:]] == labels  # one row per indicator, name and id
    forest = next(r for r in rows if r[0] == "森林覆盖率（forest_coverage）")
    assert forest[1:3] == ["%", "全市"]
    assert forest[3:14] == [""] * 11
    assert forest[-1] == "forest_coverage_2030"
    assert read("obs.csv") == ({}, [], [])  # blank values are no observations

    # fill in values for several years as a person would, save as Excel does
    column = {f"{y}年": i for i, y in enumerate(YEARS, 3)}
    forest[column["2020年"]], forest[column["2024年"]] = "57.0", "58.0"
    share = next(r for r in rows if r[0].endswith("（non_fossil_consumption_share）"))
    share[column["2024年"]] = "23.1%"
    with (here / "obs.csv").open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
    assert read("obs.csv") == (
        {
            ("forest_coverage", "全市"): {2020: D("57.0"), 2024: D("58.0")},
            ("non_fossil_consumption_share", "全市"): {2024: D("23.1")},
        },
        [],
        [],
    )


def test_xlsx_template_reads_back_unedited_and_filled(here: Path) -> None:
    assert main(["template", "--area", "榕城", "--output", "obs.xlsx"]) == 0
    assert read("obs.xlsx") == ({}, [], [])
    book = openpyxl.load_workbook("obs.xlsx")
    sheet, indicators, areas = book.worksheets
    assert [s.sheet_state for s in book.worksheets] == ["visible", "hidden", "hidden"]
    assert sheet.title == "观测值"
    assert [c.value for c in sheet[1]] == HEADER
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "B2"
    assert {c.value for c in sheet["C"][1:]} == {"榕城区"}  # the canonical name
    # the drop-downs: indicator names with ids, and the areas of data/areas.yaml
    choose_indicator, choose_area = sheet.data_validations.dataValidation
    assert (choose_indicator.type, str(choose_indicator.sqref)) == (
        "list",
        f"A2:A{len(OBSERVED) + 1001}",
    )
    assert choose_indicator.formula1 == f"'指标'!$A$1:$A${len(OBSERVED)}"
    assert [c.value for c in indicators["A"]] == [f"{i.name}（{i.id}）" for i in OBSERVED]
    assert str(choose_area.sqref) == f"C2:C{len(OBSERVED) + 1001}"
    # another text is warned of, not refused, and the warning says what else is read
    assert (choose_indicator.errorStyle, choose_area.errorStyle) == ("warning", "warning")
    assert choose_indicator.error == "请从下拉列表中选择指标（也可填写编号或别名）"
    assert choose_area.error == "请从下拉列表中选择地区（也可填写简称或别名）"  # areas have no ids
    assert [c.value for c in areas["A"]] == [
        "全市",
        "榕城区",
        "揭东区",
        "揭西县",
        "惠来县",
        "普宁市",
    ]

    # fill in: a number, a percentage typed as 23.1% (Excel stores 0.231), a row added by hand
    # with the drop-down's text, in another area
    row_of = {c.value: c.row for c in sheet["A"][1:]}
    sheet.cell(row_of["森林覆盖率（forest_coverage）"], 4, 70.1)
    share = sheet.cell(row_of["非化石能源消费占比（non_fossil_consumption_share）"], 8, 0.231)
    share.number_format = "0.0%"
    added = sheet.max_row + 1
    for col, value in ((1, "单位GDP能耗"), (2, "吨标准煤/万元"), (3, "揭西"), (4, 0.5)):
        sheet.cell(added, col, value)
    book.save("obs.xlsx")
    assert read("obs.xlsx") == (
        {
            ("forest_coverage", "榕城区"): {2020: D("70.1")},
            ("non_fossil_consumption_share", "榕城区"): {2024: D("23.1")},
            ("energy_intensity", "揭西县"): {2020: D("0.5")},
        },
        [],
        [],
    )


def test_the_workbook_is_the_same_bytes_every_time(here: Path) -> None:
    """openpyxl dates the document and each zip entry now: the template fixes both."""
    assert main(["template", "--output", "a.xlsx"]) == 0
    os.utime("a.xlsx", (0, 0))
    assert main(["template", "--output", "b.xlsx"]) == 0
    assert Path("a.xlsx").read_bytes() == Path("b.xlsx").read_bytes()
    with zipfile.ZipFile("a.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {template.STAMP}
        assert b"1980-01-01T00:00:00Z" in z.read("docProps/core.xml")


def test_cells_are_never_formulas(here: Path, any_area_data: str) -> None:
    """In a data folder without areas.yaml any --area is taken: a formula stays text."""
    evil = '=HYPERLINK("http://x","y")'
    args = ["template", "--data", any_area_data, "--area", evil]
    assert main([*args, "--output", "t.csv"]) == 0
    rows = list(csv.reader(io.StringIO(Path("t.csv").read_text(encoding="utf-8-sig"))))
    assert {r[2] for r in rows[1:]} == {"'" + evil}
    assert main([*args, "--output", "t.xlsx"]) == 0
    sheet = openpyxl.load_workbook("t.xlsx").active
    cell = sheet["C2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (evil, "s", True)


def test_template_default_file(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("carbon template: 已写出 observations-template.csv：")
    assert "2020—2030年" in err
    assert Path("observations-template.csv").is_file()


def test_template_never_overwrites_unasked(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "obs.csv").write_text("filled in by hand\n", encoding="utf-8")
    assert main(["template", "--output", "obs.csv"]) == 2
    assert capsys.readouterr().err == (
        "carbon: obs.csv 已存在，其中可能有已填的数值 (already exists)；"
        "请换一个 --output，或加 --force 覆盖\n"
    )
    assert (here / "obs.csv").read_text(encoding="utf-8") == "filled in by hand\n"
    assert main(["template", "--output", "obs.csv", "--force"]) == 0
    assert (here / "obs.csv").read_bytes().startswith("\ufeff指标（indicator）,".encode())


def test_a_dangling_symlink_is_not_followed(here: Path) -> None:
    """The no-overwrite check holds for a link to nowhere: nothing is created where it points."""
    (here / "obs.csv").symlink_to(here / "elsewhere.csv")
    assert main(["template", "--output", "obs.csv"]) == 2
    assert not (here / "elsewhere.csv").exists()
    assert (here / "obs.csv").is_symlink()
    assert sorted(p.name for p in here.iterdir()) == ["obs.csv"]  # no temporary file left


def test_template_output_choices(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "--output", "obs.txt"]) == 2
    assert "不是 .csv 或 .xlsx 文件" in capsys.readouterr().err
    assert main(["template", "--output", "missing/obs.csv"]) == 1
    assert capsys.readouterr().err.startswith("missing/obs.csv: 无法写入：")
    assert main(["template", "--output", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(",".join(HEADER) + "\n")  # no BOM on standard output
    assert out.count("\n") == len(OBSERVED) + 1
    assert not list(here.iterdir())


def test_without_openpyxl_the_xlsx_template_is_one_problem(
    here: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now fails
    assert main(["template", "--output", "obs.xlsx"]) == 1
    assert capsys.readouterr().err == (
        "obs.xlsx: 写 .xlsx 文件需要 openpyxl (writing .xlsx files needs openpyxl); "
        'pip install "carbon-cli[excel]"\n'
    )
    assert not (here / "obs.xlsx").exists()


def test_the_building_blocks_make_another_workbook() -> None:
    """What `template --department` builds on: a header, rows, drop-downs, one workbook."""
    forest = next(i for i in OBSERVED if i.id == "forest_coverage")
    head = template.header([2024, 2025])
    rows = template.indicator_rows([forest], [2024, 2025], "全市")
    data = template.workbook("林业局", head, rows, [template.Choice(1, "指标", ["森林覆盖率"])])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == [
        "指标（indicator）", "单位（unit）", "地区（area）", "2024年", "2025年",
        "来源（source）", "备注（note）", "相关目标（targets）",
    ]  # fmt: skip
    assert [c.value for c in sheet[2]][:3] == ["森林覆盖率（forest_coverage）", "%", "全市"]
