"""Names as people write them: areas (data/areas.yaml), departments with the city's prefix,
indicators by their aliases; in files (file:line:col) and on the command line (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carbon_cli.areas import Areas, area_note
from carbon_cli.cli import main
from carbon_cli.errors import UsageError
from carbon_cli.loading import DataSource, load_plan, packaged_data
from carbon_cli.models import AreasFile
from carbon_cli.observations import read_observations
from carbon_cli.owners import resolve
from carbon_cli.trend import find_indicator

PLAN = load_plan(DataSource(packaged_data(), "packaged"))
AREAS = Areas(PLAN.areas)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("全市", "全市"),
        ("揭阳市", "全市"),
        ("合计", "全市"),
        ("全市合计", "全市"),
        ("", "全市"),  # no area: the whole city
        ("  ", "全市"),
        ("揭西", "揭西县"),
        ("揭西县", "揭西县"),
        (" 揭 西 县 ", "揭西县"),  # spaces are not part of a name
        ("揭阳市榕城区", "榕城区"),
        ("普宁", "普宁市"),
    ],
)
def test_area_names_resolve_to_one_area(written: str, canonical: str) -> None:
    assert AREAS.canonical(written) == canonical


def test_unknown_area_names_the_closest() -> None:
    assert AREAS.canonical("揭阳县") is None
    assert AREAS.closest("揭阳县").startswith("您是不是要找：全市、揭西县")
    # nothing close: every area is listed
    assert AREAS.closest("北京").startswith(
        "可填写的地区：全市、榕城区、揭东区、揭西县、惠来县、普宁市"
    )


def test_without_areas_yaml_any_name_is_taken_as_written() -> None:
    free = Areas(None)
    assert (free.canonical(" 某开发区 "), free.canonical(""), free.option(" 某区 ")) == (
        "某开发区",
        "全市",
        "某区",
    )


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("普宁", "普宁市"),
        ("揭阳市", "全市"),
        ("ＲＯＮＧ", None),
        ("榕", "榕城区"),
        ("揭西县", "揭西县"),
    ],
)
def test_area_option(query: str, found: str | None) -> None:
    if found is None:
        with pytest.raises(UsageError):
            AREAS.option(query)
    else:
        assert AREAS.option(query) == found


@pytest.mark.parametrize("query", ["", " ", "\u3000"])
def test_a_blank_area_option_is_refused(query: str) -> None:
    with pytest.raises(UsageError, match="--area 为空"):
        AREAS.option(query)
    with pytest.raises(UsageError, match="--area 为空"):
        Areas(None).option(query)


def test_area_note_only_for_an_area_other_than_the_city() -> None:
    assert area_note("全市") is None
    note = area_note("榕城区")
    assert note is not None
    assert note.count("。") == 1
    assert "全市目标" in note
    assert "榕城区" in note


def test_an_unknown_area_in_a_file_is_a_problem_at_its_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("o.csv").write_text(
        "indicator,year,value,area\nforest_coverage,2024,58,揭阳县\nforest_coverage,2024,58,揭西\n"
    )
    found, problems = read_observations([Path("o.csv")], PLAN.targets.indicators, areas=PLAN.areas)
    assert [p.at() for p in problems] == [("o.csv", 2, 4, "unknown-area")]
    assert "揭西县" in str(problems[0])
    # the same file without a list of areas: both names kept as written
    found, problems = read_observations([Path("o.csv")], PLAN.targets.indicators)
    assert (problems, found.areas()) == ([], ["揭西", "揭阳县"])


def test_the_city_written_two_ways_is_one_series(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("o.csv").write_text(
        "indicator,year,value,area\nforest_coverage,2020,57,揭阳市\nforest_coverage,2020,57,全市\n"
        "forest_coverage,2024,58,合计\nforest_coverage,2024,58.5,全市\n"
    )
    found, problems = read_observations([Path("o.csv")], PLAN.targets.indicators, areas=PLAN.areas)
    assert [p.at() for p in problems] == [("o.csv", 5, None, "conflicting-values")]
    assert found.areas() == ["全市"]


def test_an_areas_file_with_a_zone() -> None:
    """A 管委会 zone of another data folder resolves like a county."""
    file = AreasFile.model_validate(
        {
            "areas": [
                {"name": "全市", "kind": "city"},
                {"name": "空港经济区", "kind": "zone", "aliases": ["空港区"], "source": "s"},
            ]
        }
    )
    assert Areas(file).canonical("空港区") == "空港经济区"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("揭阳市住房和城乡建设局", "市住房城乡建设局"),
        ("揭阳市住房城乡建设局", "市住房城乡建设局"),
        ("揭阳市发展和改革局", "市发展改革局"),
        ("揭阳市市场监督管理局", "市市场监管局"),
        ("揭阳市委宣传部", "市委宣传部"),
        ("揭阳供电局", "揭阳供电局"),  # its own name starts with 揭阳
        ("住建局", "市住房城乡建设局"),
    ],
)
def test_departments_with_the_city_prefix(query: str, name: str) -> None:
    assert resolve(query, PLAN.departments).name == name


@pytest.mark.parametrize(
    ("query", "indicator"),
    [
        ("单位GDP能耗", "energy_intensity"),
        ("能耗强度", "energy_intensity"),
        ("单位gdp能耗", "energy_intensity"),
        ("energy_intensity", "energy_intensity"),
        ("单位地区生产总值能耗", "energy_intensity"),
    ],
)
def test_indicator_aliases_in_show(query: str, indicator: str) -> None:
    assert find_indicator(query, PLAN.targets.indicators).id == indicator


def test_status_json_says_the_area_note(capsys: pytest.CaptureFixture[str]) -> None:
    """`area_note` is always there: null for 全市, one sentence for a county."""
    notes = {}
    for area in ("全市", "揭阳市", "普宁"):
        assert main(["status", "--year", "2025", "--area", area, "--format", "json"]) == 0
        payload = json.loads(capsys.readouterr().out)
        notes[area] = (payload["area"], payload["area_note"])
    assert notes["全市"] == notes["揭阳市"] == ("全市", None)
    assert notes["普宁"][0] == "普宁市"
    assert notes["普宁"][1] == area_note("普宁市")


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--area", "普宁县"],
        ["status", "--by-area", "--area", " "],
        ["owners", "林业局", "--year", "2025", "--area", "普宁县"],
        ["owners", "--all", "--area", "普宁县"],
        ["show", "森林覆盖率", "--area", "普宁县"],
        ["report", "--format", "markdown", "--area", "普宁县"],
        ["template", "--area", "普宁县", "--output", "-"],
        ["explain", "forest_coverage_2030", "--area", "普宁县"],
    ],
)
def test_every_area_option_is_resolved(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("carbon: ")
    assert err.count("\n") == 1
    assert "普宁市" in err or "--area 为空" in err


def test_by_area_columns_follow_the_list_of_areas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """全市 first, then the counties in data/areas.yaml's order (榕城区 before 揭西县), however
    the file writes and orders them: 揭西 and 揭西县 one column, 揭阳市 no district."""
    obs = tmp_path / "obs.csv"
    rows = ["揭西,2023,70.2", "揭西县,2024,70.5", "揭阳市,2024,58", "榕城,2024,60"]
    obs.write_text("县区,年份,数值,指标\n" + "".join(f"{r},森林覆盖率\n" for r in rows), "utf-8")
    args = ["status", "--by-area", "--observations", str(obs), "--task", "29", "--format", "json"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["areas"] == ["全市", "榕城区", "揭西县"]


def test_explain_says_the_area_note_once(capsys: pytest.CaptureFixture[str]) -> None:
    """explain --area resolves the short form and says once that the targets are the city's."""
    assert main(["explain", "forest_coverage_2030", "--year", "2025", "--area", "揭西"]) == 0
    out = "".join(capsys.readouterr().out.split())  # the table wraps the sentence
    assert out.count("".join(area_note("揭西县").split())) == 1  # type: ignore[union-attr]
    assert main(["explain", "forest_coverage_2030", "--year", "2025"]) == 0
    assert "方案的目标都是全市目标" not in capsys.readouterr().out
