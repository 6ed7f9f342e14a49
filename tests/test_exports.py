"""`--format csv` is data and `--format xlsx --output FILE` a workbook for people (CONTRACT,
"Commands"): one row per object of the JSON list, plain numbers, Chinese headers in workbooks."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from commands import EXAMPLE, OBS, as_json, run
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from carbon_cli.views import flatten


def as_csv(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, str]]:
    code, out, _ = run(capsys, *args, "--format", "csv")
    assert code == 0
    return list(csv.DictReader(io.StringIO(out)))


def csv_text(value: Any) -> str:
    """How a JSON value is written in a CSV cell: by hand, the contract's plain values."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# ---- flatten ------------------------------------------------------------------------------


def test_flatten_nests_keys_and_joins_lists() -> None:
    assert flatten(
        {
            "id": "x",
            "summary": {"achieved": 1, "more": {"deep": None}},
            "departments": ["市发展改革局", "市林业局"],
            "points": [{"year": 2020, "value": 1.5}, {"year": 2021, "value": None}],
            "empty": [],
        }
    ) == {
        "id": "x",
        "summary.achieved": 1,
        "summary.more.deep": None,
        "departments": "市发展改革局、市林业局",
        "points": "2020，1.5；2021",
        "empty": "",
    }


# ---- CSV: the JSON's rows ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "listed"),
    [
        (("status", "--year", "2025", *OBS), "targets"),
        (("status", "--year", "2025", "--by-area", *OBS), "targets"),
        (("owners", "住建局", "--year", "2025", *OBS), "duties"),
        (("owners", "--all", "--year", "2025", *OBS), "departments"),
        (("targets",), None),
        (("departments",), None),
        (("show", "forest_coverage", *OBS), "rows"),
    ],
    ids=["status", "by-area", "owners", "owners-all", "targets", "departments", "show"],
)
def test_csv_is_one_row_per_object_of_the_json_list(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], listed: str | None
) -> None:
    payload = as_json(capsys, *args)
    objects = payload if listed is None else payload[listed]
    rows = as_csv(capsys, *args)
    assert len(rows) == len(objects) > 0
    for row, obj in zip(rows, objects, strict=True):
        assert row == {key: csv_text(value) for key, value in flatten(obj).items()}


def test_status_csv_has_numbers_lead_and_reason(capsys: pytest.CaptureFixture[str]) -> None:
    """Was `███░░░░░ 36%`, `23.4%（2025）` and `'+2.32个百分点/年`, without lead or reason."""
    rows = as_csv(capsys, "status", "--year", "2025", *OBS)
    row = next(r for r in rows if r["id"] == "non_fossil_consumption_share_2030")
    # 17 (2020) → 35 by 2030: 26 expected in 2025; 23.4 is (23.4 − 17)/(35 − 17) = 0.3555… of the
    # way, and (35 − 23.4)/5 = 2.32 points a year are still needed
    assert row["observed_value"] == "23.4"
    assert row["observed_year"] == "2025"
    assert row["expected_value"] == "26"
    assert row["required_annual_change"] == "2.32"
    assert float(row["progress"]) == pytest.approx(6.4 / 18)
    assert row["lead"] == "市发展改革局"
    assert row["status"] == "behind"
    assert row["reason"].startswith("2025年")


def test_tasks_csv_is_one_row_per_item_with_its_task(capsys: pytest.CaptureFixture[str]) -> None:
    rows = as_csv(capsys, "tasks", "--task", "29")
    assert [r["item.id"] for r in rows] == ["29.1", "29.2", "29.3"]
    assert {r["id"] for r in rows} == {"29"}
    assert {r["title"] for r in rows} == {"持续提升森林质量和碳汇能力"}
    assert rows[0]["item.departments"] == "市生态环境局、市林业局"
    assert rows[2]["item.due"] == "2030"


def test_by_area_csv_flattens_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    rows = as_csv(capsys, "status", "--year", "2025", "--by-area", "--task", "29", *OBS)
    assert list(rows[0]) == ["id", "name", "statuses.全市", "statuses.榕城区"]
    assert rows[0]["statuses.榕城区"] == "behind"


# ---- --output: a file, whole, never an input ---------------------------------------------------


def test_output_infers_the_format_and_writes_csv_with_a_bom(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "进展.csv"
    code, stdout, err = run(capsys, "status", "--year", "2025", *OBS, "-o", str(out))
    assert (code, stdout) == (0, "")
    assert err == f"carbon: 已写入 {out}：67 行 (wrote 67 rows)\n"
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,indicator,name,")  # Excel needs the BOM
    code, _, _ = run(capsys, "departments", "-o", str(tmp_path / "d.json"))
    assert json.loads((tmp_path / "d.json").read_text("utf-8")) == as_json(capsys, "departments")


def test_output_never_lands_on_an_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    obs = tmp_path / "obs.csv"
    obs.write_bytes(EXAMPLE.read_bytes())
    before = obs.read_bytes()
    code, out, err = run(
        capsys, "status", "--observations", str(obs), "--format", "csv", "--output", str(obs)
    )
    assert (code, out) == (2, "")
    assert "是本次运行的输入文件" in err
    assert obs.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["obs.csv"]  # no temporary file left


# ---- xlsx ------------------------------------------------------------------------------------


def workbook(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> Any:
    code, out, err = run(capsys, *args, "--format", "xlsx", "--output", str(path))
    assert (code, out) == (0, ""), err
    return load_workbook(path)


def test_status_workbook_for_people(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    book = workbook(capsys, tmp_path / "s.xlsx", "status", "--year", "2025", *OBS)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["编号", "指标编号", "指标", "单位", "类型", "目标值"]
    assert {"期限", "牵头", "状态", "观测值", "进度", "说明"} <= set(header)
    assert sheet.freeze_panes == "A2"
    last = get_column_letter(len(header))  # every column filters, every target a row
    assert sheet.auto_filter.ref == f"A1:{last}{67 + 1}"
    rows = {r[0].value: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2)}
    behind = rows["non_fossil_consumption_share_2030"]
    assert behind["状态"].value == "滞后"  # the word, not only a colour
    assert behind["状态"].fill.fgColor.rgb == "00FFEB9C"
    assert behind["类型"].value == "不低于"
    assert behind["观测值"].value == 23.4
    assert behind["观测值"].number_format == '0.0"%"'  # the unit is %
    assert behind["进度"].number_format == "0.0%"  # a fraction: 0.356 shows as 35.6%
    assert behind["力争"].value == "否"
    missed = rows["energy_intensity_2025"]
    assert missed["状态"].fill.fgColor.rgb == "00FFC7CE"
    assert (missed["观测值"].value, missed["观测值"].number_format) == (0.44, "0.00")
    assert (missed["目标值"].value, missed["目标值"].number_format) == (14, '0"%"')  # 降低 14%
    about = book["说明"]
    assert [c.value for c in about["A"]][:3] == ["标题", "年份", "地区"]


@pytest.mark.parametrize(
    "args",
    [
        ("owners", "--all", "--year", "2025", *OBS),
        ("owners", "林业局", "--year", "2025", *OBS),
        ("departments", "--kind", "市委机关"),
        ("targets",),
        ("tasks", "--task", "29"),
        ("status", "--by-area", "--year", "2025", *OBS),
        ("show", "森林覆盖率", *OBS),
    ],
    ids=["owners-all", "owners", "departments", "targets", "tasks", "by-area", "show"],
)
def test_every_listing_writes_a_workbook_of_its_records(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...]
) -> None:
    rows = as_csv(capsys, *args)
    book = workbook(capsys, tmp_path / "x.xlsx", *args)
    sheet = book.worksheets[0]
    assert sheet.max_row == len(rows) + 1
    assert sheet.max_column == len(rows[0])
    header = [c.value for c in sheet[1]]
    assert all(h and "\u4e00" <= h[0] <= "\u9fff" for h in header), header  # Chinese headers


def test_workbook_is_the_same_bytes_every_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = ("status", "--year", "2025", *OBS)
    workbook(capsys, tmp_path / "a.xlsx", *args)
    workbook(capsys, tmp_path / "b.xlsx", *args)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_workbook_cells_are_text_never_formulas(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, any_area_data: str
) -> None:
    obs = tmp_path / "obs.csv"
    obs.write_text(
        'indicator,year,value,area\nforest_coverage,2025,50,"=HYPERLINK(""http://x"")"\n', "utf-8"
    )
    path = tmp_path / "o.xlsx"
    # a data folder without areas.yaml, where any area name is taken as written
    args = ("status", "--by-area", "--observations", str(obs), "--task", "29")
    book = workbook(capsys, path, *args, "--data", any_area_data)
    header = [c.value for c in book.worksheets[0][1]]
    assert header[-1] == '状态·=HYPERLINK("http://x")'
    assert all(c.data_type == "s" for c in book.worksheets[0][1])


def test_xlsx_needs_an_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "owners", "--all", "--format", "xlsx")
    assert (code, out) == (2, "")
    assert err.startswith("carbon: 工作簿（--format xlsx）须配 --output")
    assert err.count("\n") == 1


def test_workbook_says_what_its_records_are(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book = workbook(capsys, tmp_path / "o.xlsx", "owners", "林业局")
    about = {row[0]: row[1] for row in book["说明"].iter_rows(values_only=True)}
    assert about["部门"] == "市林业局"
    assert about["类型"] == "市直部门"  # the word, not municipal_department
    assert about["汇总·事项"] == 11
    duties = book.worksheets[0]
    header = ["任务", "措施", "事项", "完成期限", "具体任务内容", "职责"]
    assert [c.value for c in duties[1]][:6] == header
    assert duties["F2"].value == "牵头"
