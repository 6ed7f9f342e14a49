"""Words people read and type: one number format, the wording of targets, filters that take the
Chinese words shown, and the hint a first run without observations ends with."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from commands import OBS, as_json, run

from carbon_cli import api
from carbon_cli.labels import human, target_value_text

# ---- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        ("0.405", "", "0.405"),  # as entered: was 0.41 beside a 10.4 % fall computed from 0.405
        ("23.10", "%", "23.1%"),  # a trailing zero says nothing
        ("1000", "万千瓦", "1000 万千瓦"),
        ("0.4583", "", "0.4583"),  # four decimals are still as entered
        ("2.333333333333333333", "个百分点", "2.33个百分点"),  # computed: two decimals
        ("0.0123456789", "", "0.012"),  # computed and small: two significant digits
        ("2.335000001", "", "2.34"),  # computed: half up
        ("-0.000001", "", "-0.000001"),  # not rounded to -0
        ("-0.0", "%", "0%"),  # never -0
        ("1e-299", "", "0"),  # not 300 digits
        ("1E+3", "", "1000"),
    ],
)
def test_human_keeps_what_was_entered_and_rounds_what_was_computed(
    value: str, unit: str, shown: str
) -> None:
    assert human(Decimal(value), unit) == shown


def test_status_table_shows_an_observation_as_entered(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    obs = tmp_path / "obs.csv"
    obs.write_text(
        "indicator,year,value\nenergy_intensity,2020,0.452\nenergy_intensity,2025,0.405\n"
    )
    code, out, _ = run(capsys, "status", "--observations", str(obs), "-f", "markdown")
    assert code == 0
    assert "0.405（2025）" in out
    assert "0.41（2025）" not in out


# ---- wording ----------------------------------------------------------------------------------


def target(plan: Any, ident: str) -> Any:
    return next(t for _, t in plan.all_targets if t.id == ident)


def test_target_wording() -> None:
    plan = api.load_plan()
    # 力争 a number the province has not set: was 力争待省下达
    assert target_value_text(target(plan, "energy_intensity_task10"), "吨标准煤/万元") == (
        "待省下达（力争）"
    )
    # a ban: was 不高于 0 栋
    assert target_value_text(target(plan, "new_buildings_over_250m_ban"), "栋") == "禁止（0 栋）"
    assert target_value_text(target(plan, "energy_intensity_2025"), "吨标准煤/万元") == (
        "降低 14%（较2020年）"
    )


def test_show_says_a_target_not_set_once(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "energy_intensity", *OBS)
    assert code == 0
    assert "2030年目标 待下达 …\n" in out  # was 2030年目标 待下达 …：目标值待省下达
    assert "长期目标 待下达 …\n" in out  # was 长期年目标
    assert "力争待省下达" not in out


# ---- filters take the Chinese words shown -------------------------------------------------------


@pytest.mark.parametrize(
    ("chinese", "english"),
    [
        (("departments", "--kind", "市直部门"), ("departments", "--kind", "municipal_department")),
        (("targets", "--kind", "不低于"), ("targets", "--kind", "at_least")),
        (("targets", "--kind", "达峰"), ("targets", "--kind", "PEAK")),
        (
            ("status", *OBS, "--only", "滞后，未达标"),
            ("status", *OBS, "--only", "behind,missed"),
        ),
    ],
    ids=["department-kind", "target-kind", "target-kind-peak", "only"],
)
def test_filters_take_chinese_words(
    capsys: pytest.CaptureFixture[str], chinese: tuple[str, ...], english: tuple[str, ...]
) -> None:
    shown = as_json(capsys, *chinese)
    assert shown == as_json(capsys, *english)
    assert shown  # the filter kept something


def test_only_keeps_the_statuses_named(capsys: pytest.CaptureFixture[str]) -> None:
    shown = as_json(capsys, "status", *OBS, "--only", "滞后,未达标")
    assert {t["status"] for t in shown["targets"]} == {"behind", "missed"}


def test_fail_on_takes_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "status", "--year", "2025", *OBS, "--fail-on", "未达标")
    assert code == 1
    code, _, _ = run(capsys, "status", "--year", "2025", *OBS, "--fail-on", "missed")
    assert code == 1


def test_report_stage_takes_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report", *OBS, "--stage", "中期评估", "--format", "markdown")
    assert code == 0
    assert out.startswith("# 揭阳市碳达峰实施方案 中期评估报告（2025年，全市）")


# ---- a first run -----------------------------------------------------------------------------


def test_a_first_run_ends_with_how_to_add_observations(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "status", "--year", "2025")
    assert code == 0
    assert out.count("无数据") >= 57
    last = err.splitlines()[-1]
    assert last.startswith("提示：全市还没有观测值")
    for needed in ("carbon template", "--observations", "examples/observations-illustrative.csv"):
        assert needed in last
    _, _, err = run(capsys, "status", "--year", "2025", *OBS)
    assert "提示" not in err  # with observations, nothing to say
