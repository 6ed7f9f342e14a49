"""The progress ledger's use cases: `carbon progress`, milestones from records, owners' standings
and the 考核 scorecard's progress counts (CONTRACT.md "Progress records", "JSON shapes").

Records are built here, not read (the reader's own tests are test_records.py); every expected value
follows from the contract's rules by hand, as the comments say.
"""

from __future__ import annotations

import datetime
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon_cli import api
from carbon_cli.cli import main
from carbon_cli.errors import DataError, UsageError
from carbon_cli.observations import Observations
from carbon_cli.progress import Record, State
from carbon_cli.standings import Standing

ROOT = Path(__file__).resolve().parents[1]
PLAN = api.load_plan(ROOT / "data")
NONE = Observations()
HOUSING = "市住房城乡建设局"  # lead of 14.2 (due 2030), with 市城管执法局 in support
FORESTRY = "市林业局"  # lead of 29.2 (standing) and 29.3 (due 2030), support on 29.1


def rec(item: str, department: str, date: str, state: State, evidence: str = "示例") -> Record:
    return Record(item, department, datetime.date.fromisoformat(date), state, evidence)


RECORDS = [
    rec("14.2", HOUSING, "2025-06-30", State.IN_PROGRESS),
    rec("14.2", "市城管执法局", "2024-12-31", State.IN_PROGRESS),
    rec("29.3", FORESTRY, "2025-03-31", State.COMPLETED),
    rec("29.1", FORESTRY, "2025-03-31", State.STALLED),
]


def items(result: api.ProgressResult) -> dict[str, dict[str, Any]]:
    return {row["item"]: row for row in result.to_dict()["items"]}


def test_every_item_is_listed_with_the_contracts_keys() -> None:
    found = api.progress(PLAN, RECORDS)
    payload = found.to_dict()
    assert list(payload) == ["year", "summary", "items"]
    assert len(payload["items"]) == sum(len(t.items) for _, t in PLAN.ordered_tasks) == 94
    assert list(payload["summary"]) == [s.value for s in Standing]
    assert sum(payload["summary"].values()) == 94
    row = items(found)["14.2"]
    assert list(row) == [
        "item", "task", "text", "due", "lead", "standing", "date", "state", "evidence",
        "departments",
    ]  # fmt: skip
    assert list(row["departments"][0]) == ["department", "role", "standing", "date", "state"]


def test_the_year_is_the_latest_records_and_each_item_its_leads() -> None:
    found = items(api.progress(PLAN, RECORDS))
    # as of 2025 (the latest record's year): 14.2 is due 2030, the lead reported in 2025
    assert found["14.2"]["standing"] == "on_schedule"
    assert (found["14.2"]["date"], found["14.2"]["state"]) == ("2025-06-30", "in_progress")
    # lead first; the support department's latest record is dated 2024, before Y
    assert [(d["department"], d["role"], d["standing"]) for d in found["14.2"]["departments"]] == [
        (HOUSING, "lead", "on_schedule"),
        ("市城管执法局", "support", "unreported"),
    ]
    # 29.1 is led by 市生态环境局, which has not reported: the support's stall is beside it
    assert found["29.1"]["standing"] == "unreported"
    assert found["29.1"]["departments"][1]["standing"] == "stalled"
    assert found["29.3"]["standing"] == "completed_on_time"
    assert found["29.3"]["evidence"] == "示例"


def test_a_year_before_the_records_sees_none_of_them() -> None:
    found = items(api.progress(PLAN, RECORDS, year=2024))
    assert found["29.3"]["standing"] == "unreported"  # due 2030, nothing visible yet
    assert found["14.2"]["date"] is None
    # the support department's 2024 record is visible, and dated in Y
    assert found["14.2"]["departments"][1]["standing"] == "on_schedule"
    # 20.2 is due 2025 (到2025年，建成一批绿色交通基础设施工程): as of 2026, not completed
    assert items(api.progress(PLAN, [], year=2026))["20.2"]["standing"] == "overdue"
    assert items(api.progress(PLAN, [], year=2025))["20.2"]["standing"] == "overdue"
    assert items(api.progress(PLAN, [], year=2024))["20.2"]["standing"] == "unreported"


def test_without_records_the_year_is_this_year_with_a_notice() -> None:
    found = api.progress(PLAN, [])
    assert found.year == datetime.date.today().year
    assert found.notices
    assert "没有任务进展记录" in found.notices[0]
    assert not api.progress(PLAN, RECORDS).notices


def test_filters_by_department_task_and_standing() -> None:
    by_forestry = items(api.progress(PLAN, RECORDS, department="林业局"))
    # 市林业局 is on 11 items (README, carbon owners 林业局): lead and support alike
    assert len(by_forestry) == 11
    assert "29.1" in by_forestry  # support
    assert list(items(api.progress(PLAN, RECORDS, task=["29"]))) == ["29.1", "29.2", "29.3"]
    assert list(items(api.progress(PLAN, RECORDS, task="29"))) == ["29.1", "29.2", "29.3"]
    done = api.progress(PLAN, RECORDS, only="按期完成,on_schedule")
    assert sorted(items(done)) == ["14.2", "29.3"]
    assert done.to_dict()["summary"]["completed_on_time"] == 1


@pytest.mark.parametrize(
    ("option", "value"),
    [("only", "完成"), ("department", "并不存在的部门"), ("task", "41")],
)
def test_a_filter_that_means_nothing_is_a_usage_error(option: str, value: str) -> None:
    with pytest.raises(UsageError):
        api.progress(PLAN, RECORDS, **{option: value})


def milestone(target: str, year: int, records: list[Record]) -> tuple[str, str]:
    found = api.status(PLAN, NONE, year=year, records=records)
    (a,) = [a for a in found.assessments if a.target.id == target]
    return a.status.value, a.reason


CLEAN = "clean_energy_industry_base_2025"  # a 2025 milestone of task 3


def lead(target: str) -> str:
    found = PLAN.lead_of(next(t for _, t in PLAN.all_targets if t.id == target))
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("state", "date", "year", "expected"),
    [
        (State.IN_PROGRESS, "2024-06-30", 2024, "on_track"),
        (State.STALLED, "2024-06-30", 2024, "behind"),
        (State.IN_PROGRESS, "2024-06-30", 2025, "missed"),  # its year has come
        (State.COMPLETED, "2025-11-30", 2025, "achieved"),
        (State.COMPLETED, "2026-01-31", 2026, "missed"),  # completed after its year
        (State.COMPLETED, "2025-11-30", 2024, "no_data"),  # not visible as of 2024
    ],
)
def test_milestones_are_judged_from_the_records_of_their_id(
    state: State, date: str, year: int, expected: str
) -> None:
    status, reason = milestone(CLEAN, year, [rec(CLEAN, lead(CLEAN), date, state)])
    assert status == expected
    if expected != "no_data":
        day = datetime.date.fromisoformat(date)
        assert f"{day.year}年{day.month}月{day.day}日" in reason


def test_a_milestone_without_records_has_no_data_as_before() -> None:
    assert milestone(CLEAN, 2025, RECORDS) == ("no_data", "尚无任务进展记录")


def test_owners_gives_each_duty_its_item_and_the_departments_own_standing() -> None:
    found = api.owners(PLAN, NONE, "林业局", records=RECORDS).to_dict()
    duties = {d["item"]: d for d in found["duties"]}
    assert duties["29.3"]["progress"] == "completed_on_time"
    assert duties["29.3"]["due"] == 2030
    # on 29.1 市林业局 supports; its own record says stalled, in 2025
    assert duties["29.1"]["progress"] == "stalled"
    assert duties["29.2"]["progress"] == "unreported"
    assert found["progress"]["year"] == 2025
    assert sum(found["progress"]["summary"].values()) == len(found["duties"]) == 11


def test_owners_without_records_has_item_ids_and_null_progress() -> None:
    found = api.owners(PLAN, NONE, "林业局").to_dict()
    assert {d["item"] for d in found["duties"]} >= {"29.2", "29.3", "30.1"}
    assert all(d["progress"] is None for d in found["duties"])
    assert found["progress"] is None


def test_the_scorecard_counts_each_departments_items_by_its_own_standing() -> None:
    found = api.scorecard(PLAN, NONE, records=RECORDS)
    assert found.year == 2025
    rows = {r["name"]: r for r in found.to_dict()["departments"]}
    forestry = rows[FORESTRY]["progress"]
    assert forestry["completed_on_time"] == 1
    assert forestry["stalled"] == 1
    assert sum(forestry.values()) == rows[FORESTRY]["lead"] + rows[FORESTRY]["support"]
    for row in rows.values():
        assert sum(row["progress"].values()) == row["lead"] + row["support"]
    legend = found.view().sheets[0].footer or ""
    assert "牵头、配合" in legend
    assert "按期完成至未报送" in legend


def test_the_scorecard_without_records_has_null_progress_and_no_progress_columns() -> None:
    found = api.scorecard(PLAN, NONE, year=2025)
    assert all(r["progress"] is None for r in found.to_dict()["departments"])
    labels = [label for _, label in found.view().sheets[0].columns]
    assert "未报送" not in labels
    assert "牵头、配合" in (found.view().sheets[0].footer or "")


def test_the_scorecards_year_is_the_later_of_observed_and_reported() -> None:
    observed = Observations({("forest_coverage", "全市"): {2023: Decimal(58)}})
    assert api.scorecard(PLAN, observed, records=RECORDS).year == 2025  # the latest record's
    later = [rec("14.2", HOUSING, "2022-06-30", State.IN_PROGRESS)]
    assert api.scorecard(PLAN, observed, records=later).year == 2023  # the latest observed
    assert api.scorecard(PLAN, observed, records=later, year=2021).year == 2021
    assert api.owners(PLAN, observed, "住建局", records=later).to_dict()["status"]["year"] == 2023


days = st.dates(datetime.date(2021, 1, 1), datetime.date(2031, 12, 31))
record = st.builds(
    rec,
    st.sampled_from(["14.2", "29.1", "29.3", "20.2"]),
    st.sampled_from([HOUSING, FORESTRY, "市生态环境局", "市城管执法局", "市交通运输局"]),
    days.map(datetime.date.isoformat),
    st.sampled_from(list(State)),
)


def valid(found: list[Record]) -> list[Record]:
    """One record per item, department and date, each department on its item (as the reader
    keeps them)."""
    on = {
        i.id: {PLAN.canonical(d) for d in i.departments}
        for _, t in PLAN.ordered_tasks
        for i in t.items
    }
    kept = {(r.item, r.department, r.date): r for r in found if r.department in on[r.item]}
    return list(kept.values())


@settings(max_examples=40, deadline=None)
@given(st.lists(record, max_size=8), st.integers(2022, 2030), days)
def test_a_record_dated_after_the_year_changes_nothing(
    found: list[Record], year: int, later: datetime.date
) -> None:
    found = valid(found)
    before = api.progress(PLAN, found, year=year).to_dict()
    late = rec("14.2", HOUSING, later.isoformat(), State.COMPLETED)
    if later.year > year and (late.item, late.department, late.date) not in {
        (r.item, r.department, r.date) for r in found
    }:
        assert api.progress(PLAN, [*found, late], year=year).to_dict() == before


@settings(max_examples=40, deadline=None)
@given(st.lists(record, max_size=8), st.integers(2022, 2030), st.randoms())
def test_the_order_of_the_records_changes_nothing(
    found: list[Record], year: int, rnd: random.Random
) -> None:
    found = valid(found)
    shuffled = list(found)
    rnd.shuffle(shuffled)
    assert (
        api.progress(PLAN, shuffled, year=year).to_dict()
        == api.progress(PLAN, found, year=year).to_dict()
    )


EXAMPLE = str(ROOT / "examples" / "progress-illustrative.csv")
COMMANDS = {
    "progress": (
        ["progress", "--progress", EXAMPLE, "--department", "交通运输局", "--only", "overdue"],
        lambda found: api.progress(PLAN, found, department="交通运输局", only="overdue"),
    ),
    "status": (
        ["status", "--progress", EXAMPLE, "--year", "2024"],
        lambda found: api.status(PLAN, NONE, year=2024, records=found),
    ),
    "owners": (
        ["owners", "林业局", "--progress", EXAMPLE],
        lambda found: api.owners(PLAN, NONE, "林业局", records=found),
    ),
    "scorecard": (
        ["owners", "--all", "--progress", EXAMPLE],
        lambda found: api.scorecard(PLAN, NONE, records=found),
    ),
}


@pytest.mark.parametrize("case", COMMANDS, ids=list(COMMANDS))
def test_the_command_prints_what_the_library_returns(
    case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("CARBON_DATA", raising=False)
    args, call = COMMANDS[case]
    assert main([*args, "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(call(api.read_progress(PLAN, [EXAMPLE])).to_dict()))


def test_a_bad_record_is_a_data_error_naming_its_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "p.csv"
    bad.write_text(
        "事项编号,填报单位,日期,进展状态\n14.2,住建局,2025-06-30,完成\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        api.read_progress(PLAN, [bad])
    assert [p.at() for p in caught.value.problems] == [(str(bad), 2, 4, "unknown-state")]
    for command in (["progress"], ["status"], ["owners", "--all"], ["validate"]):
        assert main([*command, "--progress", str(bad)]) == 1
        assert f"{bad}:2:4: 进展状态" in capsys.readouterr().err


def test_the_data_folders_progress_records_are_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("departments.yaml", "tasks.yaml", "targets.yaml"):
        (data / name).write_bytes((ROOT / "data" / name).read_bytes())
    (data / "progress").mkdir()
    (data / "progress" / "README.md").write_text("说明")
    plan = api.load_plan(data)
    assert len(api.read_progress(plan)) == 0  # a README alone is no records
    (data / "progress" / "p.csv").write_text(
        "item,department,date,state\n29.2,林业局,2024-06,推进中\n", encoding="utf-8"
    )
    found = api.read_progress(plan)
    assert [r.item for r in found] == ["29.2"]
    assert api.progress(plan, found).year == 2024


def test_the_report_has_no_ledger_section_without_records() -> None:
    built = api.report(PLAN, NONE, year=2025)
    assert "ledger" not in [s.key for s in built.sections()]


def test_the_reports_ledger_section_gives_standings_what_is_owed_and_milestones() -> None:
    done = rec(CLEAN, lead(CLEAN), "2025-03-31", State.COMPLETED)
    built = api.report(PLAN, NONE, year=2025, records=[*RECORDS, done])
    keys = [s.key for s in built.sections()]
    assert keys.index("groups") < keys.index("ledger") < keys.index("trends")
    found = built.progress
    assert found is not None
    rows = {r["item"]: r for _, group in found.groups for r in group}
    assert len(rows) == 94
    assert rows["29.3"]["standing"] == "按期完成"
    owed = {r["department"]: r for r in found.owed}
    # 20.2 is due 2025 and nobody reported: overdue for each of its four departments
    assert owed["市交通运输局"]["overdue"] == "20.2"
    assert "20.2" in str(owed["揭阳供电局"]["overdue"])
    # 市林业局 reported 29.1 (stalled) and 29.3: neither is owed; 29.2 is
    assert "29.2" in str(owed[FORESTRY]["unreported"]).split("、")
    assert not {"29.1", "29.3"} & set(str(owed[FORESTRY]["unreported"]).split("、"))
    milestones = {r["id"]: r for r in found.milestones}
    assert milestones[CLEAN]["status_code"] == "achieved"
    assert milestones["green_transition_2030"]["status_code"] == "no_data"
    # the milestone's status is the same in the groups section
    (row,) = [r for _, group in built.groups for r in group if r["id"] == CLEAN]
    assert row["status_code"] == "achieved"
