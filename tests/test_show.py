"""`carbon show` on the illustrative data: the contract's line, relative targets, formats, names."""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal

import pytest
from commands import OBS, run


def status_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    code, out, _ = run(capsys, "status", *OBS, "--format", "json", *args)
    assert code == 0
    payload: dict[str, object] = json.loads(out)
    return payload


def trajectory(start: tuple[int, str], end: tuple[int, str], year: int) -> Decimal:
    """The contract's straight line, by hand."""
    (y0, v0), (y1, v1) = (start[0], Decimal(start[1])), (end[0], Decimal(end[1]))
    return v0 + (v1 - v0) * (year - y0) / (y1 - y0)


def test_show_numbers_follow_the_contracts_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "森林覆盖率", *OBS, "--format", "json")
    assert code == 0
    shown = json.loads(out)
    assert shown["indicator"] == "forest_coverage"
    assert [r["year"] for r in shown["rows"]] == list(range(2020, 2031))
    observed = {2020: 57.5, 2023: 58.2, 2024: 58.5, 2025: 58.8}
    for row in shown["rows"]:
        assert row["observed"] == observed.get(row["year"])
        # start: the earliest observation (2020, 57.5); end: the target (2030, 59)
        line = trajectory((2020, "57.5"), (2030, "59"), row["year"])
        assert Decimal(str(row["trajectory"]["forest_coverage_2030"])) == line
    [target] = shown["targets"]
    assert (target["level"], target["lead"], target["status"]) == (59, "市林业局", "achieved")


def test_show_relative_target_in_the_indicators_unit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "energy_intensity", *OBS, "--format", "json")
    assert code == 0
    shown = json.loads(out)
    first = next(t for t in shown["targets"] if t["id"] == "energy_intensity_2025")
    # reduce by 14 % from 0.50 (2020) is 0.43 by 2025
    assert first["level"] == 0.43
    assert first["trajectory"] == {
        "start_year": 2020,
        "start_value": 0.5,
        "end_year": 2025,
        "end_value": 0.43,
    }
    rows = {r["year"]: r["trajectory"]["energy_intensity_2025"] for r in shown["rows"]}
    assert Decimal(str(rows[2023])) == trajectory((2020, "0.50"), (2025, "0.43"), 2023)
    # the table keeps one decimal more than the data: 0.458, not 0.46
    code, out, _ = run(capsys, "show", "energy_intensity", *OBS, "--format", "markdown")
    assert "| 2023 |  | 0.458 |  |" in out
    # CSV is data: the year rows of the JSON, numbers as they are
    code, out, _ = run(capsys, "show", "energy_intensity", *OBS, "--format", "csv")
    assert out.startswith("year,observed,trajectory.energy_intensity_2025\n2020,0.5,0.5\n")
    assert "\n2023,,0.458\n" in out


def test_show_line_meets_status_expected_value(capsys: pytest.CaptureFixture[str]) -> None:
    """Where status says on_track or behind, the chart's line passes through its expected value."""
    code, out, _ = run(capsys, "show", "forest_coverage", *OBS, "--area", "榕城区", "-f", "json")
    assert code == 0
    shown = json.loads(out)
    [target] = status_json(capsys, "--area", "榕城区", "--task", "29")["targets"]  # type: ignore[misc]
    assert target["status"] == "behind"
    at = {r["year"]: r["trajectory"]["forest_coverage_2030"] for r in shown["rows"]}
    assert at[target["observed_year"]] == target["expected_value"] == 35.25
    assert trajectory((2024, "30.5"), (2030, "59"), 2025) == Decimal("35.25")


def test_show_table_is_a_chart_then_the_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "forest_coverage", *OBS)
    assert code == 0
    assert "\x1b[" not in out  # captured, not a terminal: no colour
    chart, numbers = out.split("全市 森林覆盖率（%），截至2025年\n")
    assert chart.count("●") == 4 + 1  # four observations and the legend
    assert "◆" in chart
    assert re.search(r"^ +2020 .* 2030$", chart, re.M)
    assert re.search(r"^2025 +58\.8% +58\.25%", numbers, re.M)
    assert "2030年目标 达标 ✓" in numbers.splitlines()


def test_show_csv_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "forest_coverage", *OBS, "--format", "csv")
    assert code == 0
    rows = list(csv.reader(out.splitlines()))
    assert rows[0] == ["year", "observed", "trajectory.forest_coverage_2030"]
    assert rows[6] == ["2025", "58.8", "58.25"]  # numbers, without the % the table adds
    code, out, _ = run(capsys, "show", "forest_coverage", *OBS, "--format", "markdown")
    assert code == 0
    assert "| 2025 | 58.8% | 58.25% |  |" in out


@pytest.mark.parametrize(
    ("name", "message"),
    [("forest_cover_rate", "没有找到指标“forest_cover_rate”"), ("能源", "“能源”可指多个指标")],
    ids=["unknown", "ambiguous-fragment"],
)
def test_show_unknown_indicator_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    code, out, err = run(capsys, "show", name)
    assert (code, out) == (2, "")
    assert err.startswith(f"carbon: {message}")
    assert err.count("\n") == 1


def test_show_suggests_the_closest_names(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(capsys, "show", "森林覆盖")
    assert "carbon: 没有指标" not in err  # a unique fragment is found
    _, _, err = run(capsys, "show", "森林复盖率")
    assert err.startswith("carbon: 没有找到指标“森林复盖率”；您是不是要找：森林覆盖率")


def test_show_marks_a_verdict_on_an_older_year(capsys: pytest.CaptureFixture[str]) -> None:
    """As of 2026 with data to 2025: the 2030 target is judged on 2025 (截至2025年); the 2025
    target is judged at its deadline, which is not older than it could be."""
    code, out, _ = run(capsys, "show", "非化石能源消费占比", *OBS, "--year", "2026")
    assert code == 0
    lines = out.splitlines()
    assert "2025年目标 达标 ✓" in lines
    assert "2030年目标 滞后 !（截至2025年）" in lines
    # 17 + 18·5/10 = 26 expected in 2025, 23.4 observed
    assert "2025年非化石能源消费占比23.4%，自2020年的17%起按线性进度应达26%，滞后" in lines
