"""`carbon explain`: which target a name means, the contract's JSON, the points and the methods.

The golden cases (tests/cases/explain-*) hold the whole output; here each promise on its own.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any

import pytest
from commands import EXAMPLE, run
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon_cli import api
from carbon_cli.errors import UsageError
from carbon_cli.models import Kind
from carbon_cli.observations import Observations
from carbon_cli.observations.store import Replaced

PLAN = api.load_plan()
D = Decimal


def explained(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    """`carbon explain ARGS --format json` on the illustrative data."""
    code, out, err = run(capsys, "explain", *args, "--observations", str(EXAMPLE), "-f", "json")
    assert code == 0, err
    payload: dict[str, Any] = json.loads(out)
    return payload


def flagged(
    series: dict[tuple[str, str], dict[int, Decimal]],
    flags: dict[tuple[str, str], dict[int, str]],
    replaced: dict[tuple[str, str], dict[int, list[Replaced]]] | None = None,
) -> Observations:
    """Observations with flags and revised values. The readers fill these from a `flag` column
    (another branch); until then a test sets them as the readers will."""
    found = Observations(series, {}, keep_sources=True)
    found._flags.update(flags)
    found._replaced.update(replaced or {})
    return found


# ---- which target a name means ----


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("energy_intensity_2025", "energy_intensity_2025"),  # the id
        ("ENERGY_INTENSITY_2025", "energy_intensity_2025"),  # any case
        ("能耗强度2025", "energy_intensity_2025"),  # an alias and the deadline
        ("单位GDP能耗 2030", "energy_intensity_2030"),  # a space between
        ("energy_intensity:2025", "energy_intensity_2025"),  # the indicator's id
        ("单位地区生产总值能耗２０２５年", "energy_intensity_2025"),  # full-width digits, 年
        ("森林覆盖率", "forest_coverage_2030"),  # an indicator with one target
        ("forest", "forest_coverage_2030"),  # a unique fragment
    ],
)
def test_a_target_by_id_or_by_name_and_year(query: str, target: str) -> None:
    assert api.find_target(query, PLAN)[1].id == target


def test_a_name_with_several_targets_lists_them() -> None:
    with pytest.raises(UsageError) as caught:
        api.find_target("能耗强度", PLAN)
    assert "energy_intensity_2025（2025）、energy_intensity_2030（2030）" in caught.value.message
    assert "能耗2025" in (caught.value.hint or "")


def test_an_unknown_year_lists_the_targets() -> None:
    with pytest.raises(UsageError, match="没有期限为2040年的目标"):
        api.find_target("能耗强度2040", PLAN)


def test_a_miss_exits_2_with_the_closest_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "explain", "非化石能源消费比例")
    assert (code, out) == (2, "")
    assert err.startswith("carbon: 没有找到目标“非化石能源消费比例”；您是不是要找：")
    assert "non_fossil_consumption_share_2025、non_fossil_consumption_share_2030" in err
    assert err.count("\n") == 1


# ---- the contract's JSON ----


def test_json_shape_and_the_status_object(capsys: pytest.CaptureFixture[str]) -> None:
    got = explained(capsys, "non_fossil_consumption_share_2030", "--year", "2025")
    assert list(got) == ["target", "points", "start", "target_level", "methods", "fragile"]
    code, out, _ = run(
        capsys, "status", "--year", "2025", "--observations", str(EXAMPLE), "-f", "json"
    )
    assert code == 0
    [row] = [t for t in json.loads(out)["targets"] if t["id"] == got["target"]["id"]]
    assert got["target"] == row  # the status object, exactly as `carbon status` gives it
    assert list(got["methods"]) == ["linear", "compound", "un", "opensdg", "projection"]
    for method in got["methods"].values():
        assert {"status", "figure"} <= set(method)
    # 17 (2020) → 23.4 (2025), at least 35 by 2030: the line is at 17 + 18/2 = 26 → behind
    assert got["start"] == {"year": 2020, "value": 17}
    assert got["target_level"] == 35
    assert got["methods"]["linear"] == {"status": "behind", "figure": got["target"]["progress"]}
    # √(17·35) = √595 = 24.3926 > 23.4 → behind
    assert got["methods"]["compound"]["status"] == "behind"
    assert round(got["methods"]["compound"]["path_value"], 4) == 24.3926
    # CAGR_a = (23.4/17)^(1/5) − 1: ln 1.376471 = 0.319530, /5 → 0.063906, exp → 1.065992;
    # CAGR_r = (35/17)^(1/10) − 1: ln 2.058824 = 0.722135, /10 → exp → 1.074885; CR = 0.8812
    assert round(got["methods"]["un"]["figure"], 4) == 0.8812
    assert got["methods"]["un"]["status"] == "fair"
    assert got["methods"]["opensdg"]["status"] == "needs_acceleration"
    assert got["fragile"] is False
    assert [p["year"] for p in got["points"]] == [2020, 2021, 2022, 2023, 2024, 2025]
    assert got["points"][0] == {
        "year": 2020,
        "value": 17,
        "flag": "A",
        "source": "示例数据（虚构，仅供演示）illustrative only, not real",
        "revised": False,
    }


def test_a_relative_target_starts_at_b_in_the_series_unit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 0.50 (2020) → 0.44 (2025), down 14 % by 2025: L = 0.5·0.86 = 0.43; missed (12 %)
    got = explained(capsys, "能耗强度2025", "--year", "2025")
    assert got["target"]["status"] == "missed"
    assert got["target_level"] == 0.43
    assert got["start"] is None  # no line is drawn for a missed target
    assert {m["status"] for m in got["methods"].values()} == {"missed"}
    assert {m["figure"] for m in got["methods"].values()} == {None}
    assert got["fragile"] is False


def test_a_target_without_data(capsys: pytest.CaptureFixture[str]) -> None:
    got = explained(capsys, "LED等高效节能灯具使用占比", "--year", "2025")
    assert got["target"]["status"] == "no_data"
    assert (got["points"], got["start"], got["fragile"]) == ([], None, False)
    assert got["target_level"] == 80


# ---- points: flags, breaks, forecasts, revisions ----


def test_points_carry_flags_and_revisions_and_leave_out_what_is_unseen() -> None:
    key = ("non_fossil_consumption_share", "全市")
    found = flagged(
        {key: {2018: D(15), 2020: D(18), 2021: D(19), 2022: D("20.6"), 2023: D("21.2"),
               2025: D(30)}},
        {key: {2022: "B", 2023: "P", 2025: "F"}},
        {key: {2023: [Replaced(D("21.0"), "E", "快报")]}},
    )  # fmt: skip
    result = api.explain(PLAN, found, "non_fossil_consumption_share_2030", year=2025)
    a = result.assessment
    # the break restarts the series at 2022; the F value of 2025 is unseen: o = 2023
    assert (a.break_year, a.observed_year, a.observed_flag, a.data_lag) == (2022, 2023, "P", 2)
    # the line from (2022, 20.6) to (2030, 35): at 2023 20.6 + 14.4/8 = 22.4 > 21.2 → behind
    assert (a.status, a.line_start, a.expected_value) == ("behind", (2022, D("20.6")), D("22.4"))
    points = result.to_dict()["points"]
    assert [(p["year"], p["flag"], p["revised"]) for p in points] == [
        (2022, "B", False),
        (2023, "P", False),
        (2023, "E", True),  # the estimate the provisional figure replaced
    ]
    table = result.view().sheets[1].rows
    uses = {(r["year"], r["flag"]): r["use"] for r in table}
    assert uses[(2018, "A 正常")] == "2022年口径调整以前的数据，不再使用"
    assert uses[(2025, "F 预测")] == "预测数，不作为实际值"
    assert uses[(2022, "B 口径调整")] == "起点"
    assert uses[(2023, "P 初步")] == "观测点"
    assert uses[(2023, "E 估算")] == "已被修订"


def test_observed_p_value_is_marked_in_the_status_table() -> None:
    key = ("non_fossil_consumption_share", "全市")
    found = flagged({key: {2020: D(18), 2024: D("22.3")}}, {key: {2024: "P"}})
    rows = api.status(PLAN, found, year=2024, tasks=["4"]).view().sheets[0].rows
    observed = {r["id"]: r["observed"] for r in rows}
    assert observed["non_fossil_consumption_share_2030"] == "22.3%（2024，初步）"


# ---- the status table: ◇, 截至, 说明 ----


def test_status_table_marks_fragile_and_older_years() -> None:
    # new_energy_bus_share: 64 (2020) → 80 (2025), at least 100 by 2030: the compound path
    # 64·(100/64)^(1/2) = 80 exactly, the line 64 + 36/2 = 82: behind by the line alone
    key = ("new_energy_bus_share", "全市")
    found = flagged({key: {2020: D(64), 2025: D(80)}}, {})
    result = api.status(PLAN, found, year=2026, tasks=["18"])
    [row] = [r for r in result.view().sheets[0].rows if r["id"] == "new_energy_bus_share_2030"]
    assert row["status"] == "滞后 !◇\n截至2025年"
    assert row["required"] == "提高4个百分点"  # (100 − 80)/(2030 − 2025)
    footer = result.view().sheets[0].footer or ""
    assert "◇ 结论随方法而异" in footer
    [target] = [t for t in result.to_dict()["targets"] if t["id"] == "new_energy_bus_share_2030"]
    assert (target["fragile"], target["data_lag"]) == (True, 1)


def test_status_table_explains_insufficient_data_and_missing_deadline_figures() -> None:
    forest, share = ("forest_coverage", "全市"), ("non_fossil_consumption_share", "全市")
    found = flagged({forest: {2024: D(50)}, share: {2020: D(18), 2024: D(22)}}, {})
    sheet = api.status(PLAN, found, year=2025, tasks=["4", "29"]).view().sheets[0]
    footer = (sheet.footer or "").splitlines()
    assert footer[0] == "说明："
    # 2025's share is missing: judged on 2024 (18 + 5.1·4/5 = 22.08 > 22 → behind)
    assert footer[1] == (
        "（1）非化石能源消费占比（2025年目标）：缺2025年数据；2024年非化石能源消费占比22%，"
        "自2020年的18%起按线性进度应达22.08%，滞后"
    )
    assert footer[2].startswith("（2）森林覆盖率（2030年目标）：2024年森林覆盖率50%，尚未达标；")


def test_the_direction_of_the_change_still_needed() -> None:
    energy = ("energy_intensity", "全市")
    found = flagged({energy: {2020: D(100), 2023: D(92)}}, {})
    rows = api.status(PLAN, found, year=2023, tasks=["7"]).view().sheets[0].rows
    [row] = [r for r in rows if r["id"] == "energy_intensity_2025"]
    assert row["required"] == "再降3个百分点"  # (14 − 8)/(2025 − 2023), a fall
    verdict = api.explain(PLAN, found, "energy_intensity_2025", year=2023).view().sheets[0]
    said = {r["item"]: r["value"] for r in verdict.rows}
    assert said["每年还需（线性）"].startswith("每年还需再降3个百分点")
    assert said["每年还需（等比）"].startswith("年均还需下降3.32%")  # (86/92)^(1/2) − 1


# ---- a series on the compound path is on track by the compound method, end to end ----


@settings(deadline=None, max_examples=60)
@given(
    vs=st.decimals(min_value=D(1), max_value=D(1000), places=1),
    k=st.decimals(min_value=D("0.5"), max_value=D(2), places=1).filter(lambda k: k != 1),
    span=st.integers(2, 8),
    data=st.data(),
)
def test_a_series_on_the_compound_path_is_on_track_through_explain(
    vs: Decimal, k: Decimal, span: int, data: st.DataObject
) -> None:
    """vs·k^done lies on the path vs·(L/vs)^(done/span) with L = vs·k^span: 时序进度 on track."""
    done = data.draw(st.integers(1, span - 1))
    level, vo = vs * k**span, vs * k**done  # exact: a few digits to a small power
    higher = k > 1
    indicator = next(i for i in PLAN.targets.indicators if i.id == "forest_coverage")
    target = indicator.targets[0].model_copy(
        update={"kind": Kind.AT_LEAST if higher else Kind.AT_MOST, "value": level, "year": 2020 + span,
                "approx": False}
    )  # fmt: skip
    changed = indicator.model_copy(update={"targets": (target,), "baselines": ()})
    targets = PLAN.targets.model_copy(update={"indicators": (changed,)})
    plan = dataclasses.replace(PLAN, targets=targets)
    found = flagged({(indicator.id, "全市"): {2020: vs, 2020 + done: vo}}, {})
    result = api.explain(plan, found, target.id, year=2020 + done)
    methods = result.to_dict()["methods"]
    assert result.assessment.status in {"on_track", "behind"}  # not met yet: a line is drawn
    assert methods["compound"]["status"] == "on_track"
