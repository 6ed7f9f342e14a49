"""The report's verdicts (issue 15): the methods explained once, ◇ on fragile rows, and at the
midterm and final stages the verdicts resting on an older year listed apart."""

from __future__ import annotations

from decimal import Decimal

from carbon_cli import api
from carbon_cli.observations import Observations
from carbon_cli.report import Paragraph, Report, Table, plain_text

PLAN = api.load_plan()
D = Decimal


def report(series: dict[str, dict[int, Decimal]], stage: str, year: int | None = None) -> Report:
    """The report on these series of 全市."""
    found = Observations({(ind, "全市"): s for ind, s in series.items()}, {})
    return api.report(PLAN, found, stage=stage, year=year)


# 64 (2020) → 80 (2025), at least 100 by 2030: on the compound path 64·(100/64)^(1/2) = 80, below
# the line 64 + 36/2 = 82: behind by the line alone (fragile). 17 → 23.4, at least 35 (2030)
# and 23.1 (2025): behind by every method in 2030 (tests/test_explain.py), achieved in 2025.
SERIES = {
    "new_energy_bus_share": {2020: D(64), 2025: D(80)},
    "non_fossil_consumption_share": {2020: D(17), 2025: D("23.4")},
}


def section(built: Report, key: str) -> list[object]:
    """The blocks of the section `key`."""
    [found] = [s for s in built.sections() if s.key == key]
    return list(found.blocks)


def test_the_methods_are_explained_once_and_fragile_rows_marked() -> None:
    built = report(SERIES, "annual", 2025)
    first = section(built, "groups")[0]
    assert isinstance(first, Paragraph)
    said = plain_text(first.text)
    assert said.startswith("判定方法：尚未达标、截止年份未到的目标按线性进度判断")
    assert "本报告有 1 项目标各方法结论不一致，表中以 ◇ 标出" in said
    rows = {row["id"]: row for _, group in built.groups for row in group}
    assert rows["new_energy_bus_share_2030"]["status"] == "滞后 !◇"
    assert rows["non_fossil_consumption_share_2030"]["status"] == "滞后 !"


def test_final_report_lists_verdicts_on_an_older_year_apart() -> None:
    built = report(SERIES, "final")  # as of 2030, data to 2025
    blocks = section(built, "older")
    table = blocks[1]
    assert isinstance(table, Table)
    assert [row["id"] for row in table.rows] == [
        "non_fossil_consumption_share_2030",
        "new_energy_bus_share_2030",
    ]
    assert all(str(row["status"]).endswith("截至2025年") for row in table.rows)
    assert str(table.rows[0]["reason"]).startswith("缺2030年数据；2025年")
    headings = [s.heading for s in built.sections()]
    assert headings[:3] == ["一、总体情况", "二、分组进展", "三、依据较早年份数据的结论"]


def test_annual_report_and_current_data_list_nothing_apart() -> None:
    assert "older" not in {s.key for s in report(SERIES, "annual", 2026).sections()}
    # the midterm with 2025's figures: the 2025 targets are judged on their own year
    midterm = report(SERIES, "midterm")
    assert "older" not in {s.key for s in midterm.sections()}
