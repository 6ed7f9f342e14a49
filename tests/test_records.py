"""Progress records (CONTRACT.md "Progress records"): the cells, then whole files, every problem
compared as (path, line, col, code)."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon_cli import api
from carbon_cli.observations import Observations
from carbon_cli.progress import Records, State
from carbon_cli.records import Fault, parse_date, parse_state, read_records

D = datetime.date
CLEAN = "clean_energy_industry_base_2025"  # a milestone; its lead is 市发展改革局

DATES = [
    # the contract's forms
    ("2024-06-30", D(2024, 6, 30)),
    ("2024/6/30", D(2024, 6, 30)),
    ("2024-06", D(2024, 6, 30)),  # a month alone is its last day
    ("2024年6月", D(2024, 6, 30)),
    ("2024年6月30日", D(2024, 6, 30)),
    # as spreadsheets and people also write them
    ("2024/06", D(2024, 6, 30)),
    ("2024.6.30", D(2024, 6, 30)),
    ("2024-02", D(2024, 2, 29)),  # a leap year's February
    ("2023年2月", D(2023, 2, 28)),
    ("２０２４年６月３０日", D(2024, 6, 30)),  # full-width digits
    (" 2024 年 12 月 ", D(2024, 12, 31)),
    ("2024-06-30 00:00:00", D(2024, 6, 30)),  # a sheet's date cell with a time
    ("2024-06-30T10:30", D(2024, 6, 30)),
    ("2024年6月30号", D(2024, 6, 30)),
]


@pytest.mark.parametrize(("cell", "expected"), DATES, ids=[c for c, _ in DATES])
def test_dates_in_every_accepted_form(cell: str, expected: datetime.date) -> None:
    assert parse_date(cell) == expected


BAD_DATES = [
    "2024",
    "2024-13",
    "2024-02-30",
    "2024年13月",
    "30/6/2024",
    "六月",
    "1899-12",
    "2024-6-",
]


@pytest.mark.parametrize("cell", BAD_DATES)
def test_what_is_not_a_date(cell: str) -> None:
    found = parse_date(cell)
    assert isinstance(found, Fault)
    assert found.code == "bad-date"
    assert found.hint  # the forms accepted, or the range


STATES = [
    ("not_started", State.NOT_STARTED),
    ("未启动", State.NOT_STARTED),
    ("In_Progress", State.IN_PROGRESS),
    ("推进中", State.IN_PROGRESS),
    ("已完成", State.COMPLETED),
    (" completed ", State.COMPLETED),
    ("受阻", State.STALLED),
    ("ｓｔａｌｌｅｄ", State.STALLED),
]


@pytest.mark.parametrize(("cell", "expected"), STATES, ids=[c for c, _ in STATES])
def test_states_by_id_or_chinese_word(cell: str, expected: State) -> None:
    assert parse_state(cell) is expected


@pytest.mark.parametrize("cell", ["完成", "done", "进行中了", "0"])
def test_what_is_not_a_state(cell: str) -> None:
    found = parse_state(cell)
    assert isinstance(found, Fault)
    assert found.code == "unknown-state"
    assert found.hint is not None
    assert "已完成" in found.hint


# --- whole files ----------------------------------------------------------------------------

PLAN = api.load_plan()
HEADER = "item,department,date,state,evidence\n"
At = tuple[str, int | None, int | None, str]


def read(*paths: str) -> tuple[Records, list[At]]:
    """The records of the files and their problems as (path, line, col, code)."""
    found, problems = read_records([Path(p) for p in paths], PLAN)
    return found, [p.at() for p in problems]


ROWS: list[tuple[str, str, list[At]]] = [
    # (id, rows under HEADER, the problems as (path, line, col, code))
    ("fine", "14.2,市住房城乡建设局,2025-06-30,推进中,\n", []),
    ("alias-and-fullwidth", "１４．２, 住建局 ,２０２５年６月,推进中,\n", []),
    ("support-department", "14.2,市城管执法局,2025-06-30,in_progress,\n", []),
    ("milestone-by-its-lead", f"{CLEAN},市发展改革局,2025-06,推进中,\n", []),
    (
        "unknown-item",
        "14.9,市住房城乡建设局,2025-06-30,推进中,\n",
        [("p.csv", 2, 1, "unknown-item")],
    ),
    ("missing-item", ",市住房城乡建设局,2025-06-30,推进中,\n", [("p.csv", 2, 1, "missing-item")]),
    (
        "not-on-item",
        "14.2,市林业局,2025-06-30,推进中,\n",
        [("p.csv", 2, 2, "department-not-on-item")],
    ),
    (
        "milestone-not-its-lead",
        f"{CLEAN},市林业局,2025-06-30,推进中,\n",
        [("p.csv", 2, 2, "department-not-on-item")],
    ),
    (
        "unknown-department",
        "14.2,市不存在局,2025-06-30,推进中,\n",
        [("p.csv", 2, 2, "unknown-department")],
    ),
    ("bad-date", "14.2,住建局,2025-13-01,推进中,\n", [("p.csv", 2, 3, "bad-date")]),
    ("missing-date", "14.2,住建局,,推进中,\n", [("p.csv", 2, 3, "missing-date")]),
    ("unknown-state", "14.2,住建局,2025-06-30,完成,\n", [("p.csv", 2, 4, "unknown-state")]),
    ("missing-state", "14.2,住建局,2025-06-30,,进展\n", [("p.csv", 2, 4, "missing-state")]),
    (
        "completed-without-evidence",
        "14.2,住建局,2025-06-30,已完成,\n",
        [("p.csv", 2, 5, "missing-evidence")],
    ),
    (
        "stalled-without-evidence",
        "14.2,住建局,2025-06-30,受阻, \n",
        [("p.csv", 2, 5, "missing-evidence")],
    ),
    (
        "every-cell-wrong",
        "x,y,z,w,\n",
        [
            ("p.csv", 2, 1, "unknown-item"),
            ("p.csv", 2, 2, "unknown-department"),
            ("p.csv", 2, 3, "bad-date"),
            ("p.csv", 2, 4, "unknown-state"),
        ],
    ),
    (
        "two-states-one-day",
        "14.2,住建局,2025-06-30,推进中,\n14.2,市住房城乡建设局,2025年6月30日,受阻,x\n",
        [("p.csv", 3, 4, "conflicting-states")],
    ),
    ("the-same-twice", "14.2,住建局,2025-06-30,推进中,\n14.2,住建局,2025-06,推进中,\n", []),
    ("a-row-left-blank", "14.2,住建局,,,\n\n,,,,\n", []),
    (
        "beyond-the-header",
        "14.2,住建局,2025-06-30,推进中,,x\n",
        [("p.csv", 2, 6, "cell-beyond-header")],
    ),
]


@pytest.mark.parametrize(("rows", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_problems_of_records(here: Path, rows: str, expected: list[At]) -> None:
    (here / "p.csv").write_text(HEADER + rows, encoding="utf-8")
    assert read("p.csv")[1] == expected


def test_a_good_row_becomes_a_record_with_its_canonical_names(here: Path) -> None:
    (here / "p.csv").write_text(
        HEADER
        + "１４．２, 住建局 ,２０２５年６月,推进中,写了\ns2.1,市碳达峰碳中和工作领导小组办公室,2024/12/31,已完成,完成\n",
        encoding="utf-8",
    )
    found, problems = read("p.csv")
    assert problems == []
    assert [(r.item, r.department, r.date, r.state, r.evidence, r.line) for r in found] == [
        ("14.2", "市住房城乡建设局", D(2025, 6, 30), State.IN_PROGRESS, "写了", 2),
        ("S2.1", "市碳达峰碳中和工作领导小组办公室", D(2024, 12, 31), State.COMPLETED, "完成", 3),
    ]


def test_problem_hints_name_the_closest(here: Path) -> None:
    (here / "p.csv").write_text(
        HEADER
        + "14.9,住建局,2025-06,推进中,\n14.2,市林业局,2025-06,推进中,\n14.2,市住建厅,2025-06,推进中,\n",
        encoding="utf-8",
    )
    _, problems = read_records([Path("p.csv")], PLAN)
    hints = [p.hint or "" for p in problems]
    assert "14.1" in hints[0]
    assert "牵头：市住房城乡建设局" in hints[1]
    assert "配合：市城管执法局" in hints[1]
    assert "市住房城乡建设局" in hints[2]


def test_chinese_headers_title_rows_and_gb18030(here: Path) -> None:
    (here / "p.csv").write_bytes(
        (
            "揭阳市碳达峰任务进展台账\r\n填报单位：市住房城乡建设局\r\n"
            "事项编号,具体任务内容,期限,职责,填报单位,日期,进展状态,进展情况,佐证材料\r\n"
            '14.2,推动城镇既有建筑节能专项改造…,2030,牵头,市住房城乡建设局,2025年6月,推进中,"第一行\r\n第二行",http://x\r\n'
            "14.1,严格执行绿色建筑设计…,长期,牵头,市住房城乡建设局,2025年6月,草稿,,\r\n"
        ).encode("gb18030")
    )
    found, problems = read("p.csv")
    # the evidence of line 4 runs over two lines: the next row starts at line 6
    assert problems == [("p.csv", 6, 7, "unknown-state")]
    (record,) = found
    assert (record.evidence, record.link, record.line) == ("第一行\r\n第二行", "http://x", 4)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("item,department,state\n", [("p.csv", 1, None, "missing-column")]),
        ("item,department,date,state,colour\n", [("p.csv", 1, 5, "unknown-column")]),
        ("事项编号,填报单位,日期,进展状态,状态\n", [("p.csv", 1, 5, "duplicate-column")]),
        ("a,b,c\n", [("p.csv", 1, None, "no-header")]),
    ],
)
def test_header_problems(here: Path, header: str, expected: list[At]) -> None:
    (here / "p.csv").write_text(header, encoding="utf-8")
    assert read("p.csv")[1] == expected


def test_records_conflict_across_files_and_folders(here: Path) -> None:
    (here / "in").mkdir()
    (here / "in" / "a.csv").write_text(HEADER + "14.2,住建局,2025-06-30,推进中,\n")
    (here / "b.csv").write_text(HEADER + "14.2,住建局,2025-06-30,已完成,完成\n")
    found, problems = read("in", "b.csv")
    assert problems == [("b.csv", 2, 4, "conflicting-states")]
    assert len(found) == 1
    assert "in/a.csv:2" in read_records([Path("in"), Path("b.csv")], PLAN)[1][0].message


def test_missing_paths_and_empty_folders(here: Path) -> None:
    (here / "empty").mkdir()
    assert read("nope.csv", "empty")[1] == [
        ("empty", None, None, "empty-folder"),
        ("nope.csv", None, None, "no-such-file"),
    ]


openpyxl = pytest.importorskip("openpyxl")


def test_a_workbook_is_read_from_its_sheet_named_tasks(here: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "指标"
    first.append(["指标", "2020年"])
    tasks = book.create_sheet("任务")
    tasks.append(["事项编号", "填报单位", "日期", "进展状态", "进展情况"])
    tasks.append(["14.2", "住建局", datetime.datetime(2025, 6, 30), "推进中", None])
    tasks.append(["14.2", "住建局", "2025-07", "已完成", None])
    book.save("w.xlsx")
    found, problems = read("w.xlsx")
    assert problems == [("w.xlsx", 3, 5, "missing-evidence")]
    assert read_records([Path("w.xlsx")], PLAN)[1][0].message.startswith("任务!E3")
    assert [(r.date, r.line) for r in found] == [(D(2025, 6, 30), 2)]


def test_a_workbook_without_that_sheet_is_read_from_its_first(here: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.active.append(["item", "department", "date", "state"])
    book.active.append(["29.2", "林业局", "2025-06", "推进中"])
    book.save("w.xlsx")
    found, problems = read("w.xlsx")
    assert problems == []
    assert [r.item for r in found] == ["29.2"]


def test_a_workbook_with_the_sheet_asked_for(here: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "其他"
    book.save("w.xlsx")
    assert read_records([Path("w.xlsx")], PLAN, sheet="任务")[1][0].code == "no-such-sheet"


ORDERED_ROWS = [
    "14.2,住建局,2024-06-30,推进中,",
    "14.2,住建局,2025-06-30,推进中,a",
    "14.2,住建局,2025-06-30,推进中,longer words",  # the same report, fuller
    "14.2,市城管执法局,2025-03,受阻,b",
    "29.3,林业局,2025-09-30,已完成,c",
    "20.2,交通运输局,2025-12-31,已完成,d",
    "20.2,交通运输局,2025-12,已完成,d",
    f"{CLEAN},发改局,2024-06,推进中,",
]


@settings(max_examples=25, deadline=None)
@given(st.permutations(ORDERED_ROWS), st.integers(1, 3), st.integers(2024, 2026))
def test_the_order_of_rows_and_files_changes_nothing(
    rows: list[str], files: int, year: int
) -> None:
    """However the rows are spread over files and ordered, the same standings and statuses."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for n in range(files):
            path = Path(folder) / f"{n}.csv"
            path.write_text(HEADER + "".join(r + "\n" for r in rows[n::files]), encoding="utf-8")
            paths.append(path)
        found, problems = read_records(paths, PLAN)
        assert problems == []
        reference, _ = read_records([Path(folder)], PLAN)
    payload = api.progress(PLAN, found, year=year).to_dict()
    assert payload == EXPECTED_BY_YEAR[year]
    status = api.status(PLAN, Observations(), year=year, records=found).to_dict()
    assert status == api.status(PLAN, Observations(), year=year, records=reference).to_dict()


def _expected(year: int) -> object:
    """The payload of the rows in their written order, in one file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.csv"
        path.write_text(HEADER + "".join(r + "\n" for r in ORDERED_ROWS), encoding="utf-8")
        found, problems = read_records([path], PLAN)
        assert problems == []
    return api.progress(PLAN, found, year=year).to_dict()


EXPECTED_BY_YEAR = {year: _expected(year) for year in (2024, 2025, 2026)}


def test_the_fuller_of_two_identical_reports_is_kept() -> None:
    found = {i["item"]: i for i in EXPECTED_BY_YEAR[2025]["items"]}  # type: ignore[index]
    assert found["14.2"]["evidence"] == "longer words"
    assert found["20.2"]["standing"] == "completed_on_time"


def test_blank_rows_are_no_records_and_a_repeated_one_is_one(here: Path) -> None:
    (here / "p.csv").write_text(
        HEADER
        + "14.2,住建局,,,\n\n,,,,\n29.2,林业局,2025-06,推进中,\n29.2,林业局,2025-06-30,推进中,\n"
    )
    found, problems = read("p.csv")
    assert problems == []
    assert [(r.item, r.line) for r in found] == [("29.2", 5)]
