"""`carbon template --department`: a department's workbook (指标, 任务) that reads back, filled in
or not, through --observations and --progress (CONTRACT.md "Commands")."""

from __future__ import annotations

import datetime
import time
from decimal import Decimal
from pathlib import Path

import pytest

from carbon_cli import api
from carbon_cli.cli import main
from carbon_cli.models import Kind
from carbon_cli.packet import INDICATOR_SHEET, STATE_CHOICES, TASK_SHEET, packet, packets

openpyxl = pytest.importorskip("openpyxl")
PLAN = api.load_plan()
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARBON_DATA", str(ROOT / "data"))
    return tmp_path


def test_the_packet_holds_what_the_department_leads_and_is_on() -> None:
    dept = next(d for d in PLAN.departments.departments if d.name == "市林业局")
    found = packet(PLAN, dept)
    assert [ind.id for ind in found.indicators] == ["forest_coverage"]
    assert found.years == list(range(2020, 2031))  # reference_year to the latest deadline
    # its 11 items (README: carbon owners 林业局), lead duties first
    assert [t.id for t in found.tasks][:4] == ["29.2", "29.3", "30.1", "30.2"]
    assert len(found.tasks) == 11
    assert {t.role for t in found.tasks} == {"牵头", "配合"}


def test_a_department_leading_milestones_reports_on_them_too() -> None:
    dept = next(d for d in PLAN.departments.departments if d.name == "市发展改革局")
    found = packet(PLAN, dept)
    led = [
        t.id
        for ind, t in PLAN.all_targets
        if t.kind is Kind.MILESTONE and PLAN.lead_of(t) == dept.name
    ]
    assert [t.id for t in found.tasks][-len(led) :] == led
    # a milestone's indicator takes no observations: no row in 指标
    assert not [ind for ind in found.indicators if ind.unit == "—"]


def test_all_writes_one_per_department_with_something_in_it() -> None:
    names = [p.department.name for p in packets(PLAN)]
    assert "各县（市、区）人民政府（管委会）" not in names  # named on no item
    assert len(names) == len(PLAN.departments.departments) - 1


def fill(path: Path) -> None:
    """What 市林业局 writes into its workbook: two years of forest cover, two items."""
    book = openpyxl.load_workbook(path)
    sheet = book[INDICATOR_SHEET]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "forest_coverage")
    row[header.index("2020年")].value = 57
    row[header.index("2025年")].value = 57.5
    row[header.index("来源")].value = "示例（虚构）"
    tasks = book[TASK_SHEET]
    header = [c.value for c in tasks[1]]
    at = {r[0].value: r for r in tasks.iter_rows(min_row=2)}
    at["29.3"][header.index("日期")].value = datetime.datetime(2025, 6, 30)
    at["29.3"][header.index("进展状态")].value = "推进中"
    at["29.2"][header.index("日期")].value = "2025年9月"
    at["29.2"][header.index("进展状态")].value = "已完成"
    at["29.2"][header.index("进展情况")].value = "示例（虚构）：年度抚育任务完成"
    book.save(path)


def test_the_workbook_reads_back_filled_in(here: Path) -> None:
    assert main(["template", "--department", "林业局"]) == 0
    path = here / "市林业局-填报.xlsx"
    # unfilled, it reads back as nothing at all, without a problem
    assert len(api.read_observations(PLAN, [path])) == 0
    assert len(api.read_progress(PLAN, [path])) == 0
    fill(path)
    observed = api.read_observations(PLAN, [path])
    assert observed.get("forest_coverage", "全市") == {2020: Decimal(57), 2025: Decimal("57.5")}
    records = api.read_progress(PLAN, [path])
    assert [(r.item, r.department, r.date) for r in records] == [
        ("29.2", "市林业局", datetime.date(2025, 9, 30)),
        ("29.3", "市林业局", datetime.date(2025, 6, 30)),
    ]
    # the trajectory runs from 57 (2020) to 59 (2030): 58 in 2025, and 57.5 is below it; 57.5
    # misses 59 by more than 2 % of 59 (1.18), so the 左右 tolerance does not make it met
    status = api.status(PLAN, observed, year=2025, records=records)
    (forest,) = [a for a in status.assessments if a.target.id == "forest_coverage_2030"]
    assert forest.status.value == "behind"
    standings = {i["item"]: i["standing"] for i in api.progress(PLAN, records).to_dict()["items"]}
    assert (standings["29.2"], standings["29.3"], standings["30.1"]) == (
        "completed_on_time",
        "on_schedule",
        "unreported",
    )


def test_a_folder_of_returned_workbooks_reads_back(here: Path) -> None:
    assert main(["template", "--department", "all", "--output", "返回"]) == 0
    fill(here / "返回" / "市林业局-填报.xlsx")
    assert main(["validate", "--observations", "返回", "--progress", "返回"]) == 0
    assert len(api.read_observations(PLAN, [here / "返回"])) == 2
    assert len(api.read_progress(PLAN, [here / "返回"])) == 2


def test_the_state_is_a_drop_down_of_the_chinese_states(here: Path) -> None:
    assert main(["template", "--department", "林业局", "--output", "w.xlsx"]) == 0
    book = openpyxl.load_workbook(here / "w.xlsx")
    sheet = book[TASK_SHEET]
    header = [c.value for c in sheet[1]]
    letter = openpyxl.utils.get_column_letter(header.index("进展状态") + 1)
    (rule,) = sheet.data_validations.dataValidation
    assert rule.formula1 == "'进展状态'!$A$1:$A$4"  # the list on a hidden sheet
    assert rule.errorStyle == "stop"  # another word is refused, as the reader would
    assert str(rule.sqref).startswith(f"{letter}2:")
    listed = [row[0].value for row in book["进展状态"].iter_rows()]
    assert tuple(listed) == STATE_CHOICES == ("未启动", "推进中", "已完成", "受阻")
    assert book["进展状态"].sheet_state == "hidden"
    assert [s.title for s in book.worksheets if s.sheet_state == "visible"] == ["指标", TASK_SHEET]


def test_an_existing_workbook_is_not_overwritten_without_force(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "w.xlsx").write_bytes(b"filled in")
    assert main(["template", "--department", "林业局", "--output", "w.xlsx"]) == 2
    assert "已存在" in capsys.readouterr().err
    assert (here / "w.xlsx").read_bytes() == b"filled in"
    assert main(["template", "--department", "林业局", "--output", "w.xlsx", "--force"]) == 0
    assert (here / "w.xlsx").read_bytes() != b"filled in"
    assert main(["template", "--department", "林业局", "--output", "w.csv"]) == 2
    assert main(["template", "--department", "并不存在", "--output", "x.xlsx"]) == 2


def test_the_workbook_is_the_same_bytes_every_time(here: Path) -> None:
    """Drawn as the template is: fixed dates, so a department's workbook can be compared."""
    assert main(["template", "--department", "林业局", "--output", "a.xlsx"]) == 0
    time.sleep(1.1)  # openpyxl dates a workbook to the second: a later second must not show
    assert main(["template", "--department", "林业局", "--output", "b.xlsx"]) == 0
    assert (here / "a.xlsx").read_bytes() == (here / "b.xlsx").read_bytes()
