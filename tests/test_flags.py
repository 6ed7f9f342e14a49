"""What the readers make of a value beyond its number: its flag (SDMX OBS_STATUS), a revision
replacing a preliminary figure, a value no real indicator can take, a share written as a
fraction, a value for a milestone; and polars, which must leave every such file to the exact
reader or read it alike."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from carbon_cli.loading import DataSource, load_plan, packaged_data
from carbon_cli.observations import Replaced, read_observations
from carbon_cli.observations import fast as fastcsv

D = Decimal
PLAN = load_plan(DataSource(packaged_data(), "packaged"))
SHIPPED = PLAN.targets.indicators
FC = ("forest_coverage", "全市")


def read(text: str, **options: object) -> tuple[object, list[tuple[object, ...]], list[object]]:
    """The observations of obs.csv (shipped indicators and areas), problems and warnings as
    (path, line, col, code)."""
    Path("obs.csv").write_text(text, encoding="utf-8")
    found, problems = read_observations(
        [Path("obs.csv")],
        SHIPPED,
        areas=PLAN.areas,
        **options,  # type: ignore[arg-type]
    )
    return found, [p.at() for p in problems], [w.at() for w in found.warnings]


@pytest.mark.parametrize(
    ("cell", "flag"),
    [
        ("", None),
        ("A", None),
        ("正常", None),
        ("p", "P"),
        ("初步", "P"),
        ("初步核算", "P"),
        ("Ｅ", "E"),
        ("估算", "E"),
        ("F", "F"),
        ("预测", "F"),
        ("B", "B"),
        (" 口径调整 ", "B"),
    ],
)
def test_flags_as_codes_or_chinese_words(here: Path, cell: str, flag: str | None) -> None:
    found, problems, _ = read(f"指标,年份,数值,数据状态\n森林覆盖率,2024,58,{cell}\n")
    assert problems == []
    assert found.flags(*FC) == ({} if flag is None else {2024: flag})  # type: ignore[attr-defined]


def test_an_unknown_flag_is_a_problem_at_its_cell(here: Path) -> None:
    _, problems, _ = read("indicator,year,value,flag\nforest_coverage,2024,58,X\n")
    assert problems == [("obs.csv", 2, 4, "unknown-flag")]


# (first row, second row) → (value kept, its flag, the replaced (value, flag)) or a conflict
REVISIONS = [
    pytest.param(
        ("58.1", "P"), ("58.3", ""), (D("58.3"), None, (D("58.1"), "P")), id="A-replaces-P"
    ),
    pytest.param(("58.3", ""), ("58.1", "P"), (D("58.3"), None, (D("58.1"), "P")), id="A-then-P"),
    pytest.param(
        ("58.0", "E"), ("58.1", "P"), (D("58.1"), "P", (D("58.0"), "E")), id="P-replaces-E"
    ),
    pytest.param(
        ("58.0", "E"), ("58.2", "B"), (D("58.2"), "B", (D("58.0"), "E")), id="B-replaces-E"
    ),
    pytest.param(("58.1", "P"), ("58.1", "A"), (D("58.1"), None, None), id="same-figure-now-final"),
    pytest.param(("58.1", "B"), ("58.1", ""), (D("58.1"), "B", None), id="a-break-said-once-holds"),
    pytest.param(("58.1", ""), ("58.2", "A"), "conflict", id="two-finals"),
    pytest.param(("58.1", "B"), ("58.2", ""), "conflict", id="a-break-and-a-final"),
    pytest.param(("58.1", "P"), ("58.2", "P"), "conflict", id="two-preliminaries"),
    pytest.param(("58.1", "F"), ("58.2", ""), "conflict", id="a-forecast-is-no-revision"),
]


@pytest.mark.parametrize(("first", "second", "expected"), REVISIONS)
def test_revisions(
    here: Path, first: tuple[str, str], second: tuple[str, str], expected: object
) -> None:
    text = "indicator,year,value,flag,source\n" + "".join(
        f"forest_coverage,2024,{v},{f},来源{n}\n" for n, (v, f) in enumerate((first, second), 1)
    )
    found, problems, _ = read(text)
    if expected == "conflict":
        assert problems == [("obs.csv", 3, None, "conflicting-values")]
        return
    assert isinstance(expected, tuple)
    value, flag, gone = expected
    assert problems == []
    assert found.get(*FC) == {2024: value}  # type: ignore[attr-defined]
    assert found.flags(*FC) == ({} if flag is None else {2024: flag})  # type: ignore[attr-defined]
    kept = 1 if value == D(first[0]) else 2
    assert found.source(*FC, 2024) == f"来源{kept}"  # type: ignore[attr-defined]
    replaced = {} if gone is None else {2024: [Replaced(*gone, f"来源{3 - kept}")]}
    assert found.replaced(*FC) == replaced  # type: ignore[attr-defined]


def test_a_revision_across_files_and_areas_written_two_ways(here: Path) -> None:
    """揭阳市 (初步核算) in one file, 全市 (final) in the next: one figure revised."""
    Path("a.csv").write_text("指标,年份,数值,地区,数据状态\n森林覆盖率,2024,58.1,揭阳市,初步核算\n")
    Path("b.csv").write_text("指标,年份,数值,地区\n森林覆盖率,2024,58.3,全市\n")
    found, problems = read_observations(
        [Path("a.csv"), Path("b.csv")], SHIPPED, areas=PLAN.areas, sources=False
    )
    assert (problems, found.get(*FC), found.flags(*FC)) == ([], {2024: D("58.3")}, {})
    assert found.replaced(*FC) == {2024: [Replaced(D("58.1"), "P", None)]}


def test_a_flag_in_the_wide_layout_holds_for_its_row(here: Path) -> None:
    found, problems, _ = read("指标,数据状态,2023年,2024年\n森林覆盖率,E,57.9,58.0\n")
    assert problems == []
    assert found.flags(*FC) == {2023: "E", 2024: "E"}  # type: ignore[attr-defined]


def test_a_forecast_does_not_set_the_year_assessed(here: Path) -> None:
    found, _, _ = read(
        "indicator,year,value,flag\nforest_coverage,2024,58,\nforest_coverage,2030,59,F\n"
    )
    assert found.latest_year("全市") == 2024  # type: ignore[attr-defined]


# --- values no real indicator takes ----------------------------------------------------------

IMPLAUSIBLE = [
    pytest.param("新能源公交车覆盖率,2024,105%", [("obs.csv", 2, 3, "value-implausible")], [], id="share-over-100"),
    pytest.param("新能源公交车覆盖率,2024,100", [], [], id="share-at-100"),
    pytest.param("二氧化碳排放量,2024,-2350", [("obs.csv", 2, 3, "value-implausible")], [], id="negative-amount"),
    pytest.param("二氧化碳排放量,2024,0", [], [], id="amount-at-0"),
    pytest.param("城市生活垃圾资源化利用比例,2024,0.56", [], [("obs.csv", 2, 3, "percent-as-fraction")], id="share-as-fraction"),
    pytest.param("城市生活垃圾资源化利用比例,2024,0", [], [], id="share-at-0-is-no-fraction"),
    pytest.param("城市生活垃圾资源化利用比例,2024,1", [], [], id="share-at-1-is-no-fraction"),
    pytest.param("绿色低碳产业规模和效益大幅度提升,2024,1", [("obs.csv", 2, 1, "milestone-indicator")], [], id="milestone"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "problems", "warnings"), IMPLAUSIBLE)
def test_implausible_values(
    here: Path, row: str, problems: list[object], warnings: list[object]
) -> None:
    assert read(f"指标,年份,数值\n{row}\n")[1:] == (problems, warnings)


def test_the_fix_names_the_likely_slip(here: Path) -> None:
    Path("obs.csv").write_text(
        "指标,年份,数值\n新能源公交车覆盖率,2024,105\n二氧化碳排放量,2024,-5\n"
    )
    _, problems = read_observations([Path("obs.csv")], SHIPPED)
    assert [p.hint for p in problems] == [
        "占比不会超过 100%：是否多输了一位数，或填进了别的指标的行？",
        "二氧化碳排放量不会是负数：是否误输了负号？下降幅度也请填该年的数值本身",
    ]
    Path("obs.csv").write_text("指标,年份,数值\n城市生活垃圾资源化利用比例,2024,0.56\n")
    found, _ = read_observations([Path("obs.csv")], SHIPPED)
    assert found.get("domestic_waste_recycling_share", "全市") == {2024: D("0.56")}  # kept
    assert found.warnings[0].hint == "若是 56%，请写 56"


def test_a_wide_row_checks_each_cell(here: Path) -> None:
    _, problems, warnings = read("指标,2023,2024\n新能源公交车覆盖率,105,0.5\n")
    assert (problems, warnings) == (
        [("obs.csv", 2, 2, "value-implausible")],
        [("obs.csv", 2, 3, "percent-as-fraction")],
    )


# --- polars reads alike, or leaves the file to the exact reader -------------------------------


@pytest.fixture
def polars_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file is large enough for polars; skip when the `fast` extra is not installed."""
    pytest.importorskip("polars")
    monkeypatch.delenv(fastcsv.SWITCH, raising=False)
    monkeypatch.setattr(fastcsv, "MIN_BYTES", 0)


ROWS = "".join(
    f"forest_coverage,{y},{50 + y % 10},揭阳市\nco2_emissions,{y},{y},揭西\n"
    for y in range(1950, 2050)
)


@pytest.mark.usefixtures("polars_on")
@pytest.mark.parametrize(
    ("extra", "taken", "problems", "warnings"),
    [
        pytest.param("", True, [], [], id="aliases-resolved"),
        pytest.param("forest_coverage,2050,100,全市\nco2_emissions,2050,0,揭西县\n", True, [], [], id="bounds-exact"),
        pytest.param("forest_coverage,2050,100.0000000001,全市\n", False, [("obs.csv", 202, 3, "value-implausible")], [], id="just-over-100"),
        pytest.param("co2_emissions,2050,-1e-9,全市\n", False, [("obs.csv", 202, 3, "value-implausible")], [], id="just-below-0"),
        pytest.param("forest_coverage,2050,0.5,全市\n", False, [], [("obs.csv", 202, 3, "percent-as-fraction")], id="fraction"),
        pytest.param("forest_coverage,2050,50,揭阳县\n", False, [("obs.csv", 202, 4, "unknown-area")], [], id="unknown-area"),
        pytest.param("绿色低碳产业规模和效益大幅度提升,2050,1,全市\n", False, [("obs.csv", 202, 1, "milestone-indicator")], [], id="milestone"),
    ],
)  # fmt: skip
def test_polars_agrees(
    here: Path, extra: str, taken: bool, problems: list[object], warnings: list[object]
) -> None:
    text = "indicator,year,value,area\n" + ROWS + extra
    fast, fast_problems, fast_warnings = read(text, sources=False, fast=True)
    slow, slow_problems, slow_warnings = read(text, sources=False, fast=False)
    assert bool(fast._blocks) is taken  # type: ignore[attr-defined]
    assert (fast_problems, fast_warnings) == (slow_problems, slow_warnings) == (problems, warnings)
    assert fast.series == slow.series  # type: ignore[attr-defined]
    if taken:
        assert set(fast.series) == {FC, ("co2_emissions", "揭西县")}  # type: ignore[attr-defined]
