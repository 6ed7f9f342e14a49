"""The curated data/ files as people use them: Chinese notes, the names and ranges of indicators,
the list of areas. (What the plan says is checked against the seed in test_fidelity.py.)"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from carbon_cli.models import AreasFile, TargetsFile

DATA = Path(__file__).parents[1] / "data"
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def load(name: str) -> Any:
    """A data file as plain YAML."""
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def notes(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every `note` anywhere in a YAML document, with where it is."""
    if isinstance(node, dict):
        label = node.get("id") or node.get("name") or where
        for key, value in node.items():
            if key == "note" and isinstance(value, str):
                yield f"{where}/{label}", value
            else:
                yield from notes(value, f"{where}/{label}")
    elif isinstance(node, list):
        for item in node:
            yield from notes(item, where)


ALL_NOTES = [
    (f"{name}{where}", text)
    for name in ("departments.yaml", "tasks.yaml", "targets.yaml", "areas.yaml")
    for where, text in notes(load(name))
]


def english_notes(found: list[tuple[str, str]]) -> list[str]:
    """Notes that are not Chinese first: fewer Chinese characters than twice the Latin letters,
    or a Latin letter before the first Chinese character."""
    problems = []
    for where, text in found:
        cjk, latin = len(CJK.findall(text)), len(LATIN.findall(text))
        first = next((c for c in text if CJK.match(c) or LATIN.match(c)), "")
        if cjk < 2 * latin or not CJK.match(first):
            problems.append(f"{where}: {text[:40]!r} ({cjk} Chinese, {latin} Latin)")
    return problems


def test_notes_are_found() -> None:
    """The walk finds the notes of every file (else the test below checks nothing)."""
    files = {where.split("/")[0] for where, _ in ALL_NOTES}
    assert files == {"departments.yaml", "tasks.yaml", "targets.yaml", "areas.yaml"}
    assert len(ALL_NOTES) > 60


def test_every_note_is_chinese_first() -> None:
    """Catches an English (developer's) note reaching the report's 数据说明 (issue 16)."""
    assert english_notes(ALL_NOTES) == []
    assert english_notes([("x", "The annex item of task 14 restates it.")])  # it can fail
    assert english_notes([("x", "EER（制冷能效比）")])  # Chinese first, not only mostly
    assert not english_notes([("x", "制冷能效比（EER）：制冷量与输入电功率之比。")])


# --- indicators: names people use and the range of a real value --------------------------------


@pytest.fixture(scope="module")
def targets() -> TargetsFile:
    """data/targets.yaml."""
    return TargetsFile.model_validate(load("targets.yaml"))


def test_reference_year_is_2020(targets: TargetsFile) -> None:
    """The plan's relative targets compare with 2020, so trajectories start there (issue 15)."""
    assert targets.reference_year == 2020


def test_every_measured_indicator_has_a_range(targets: TargetsFile) -> None:
    """Catches an indicator without min/max, or a share not 0–100 (105% must be refused).

    No indicator of this plan can be negative: each is a level, a share, an amount or a count
    (emissions are gross, not net of sinks), so each has min 0; only shares in % have a max.
    """
    problems = []
    for ind in targets.indicators:
        milestone = all(t.kind.value == "milestone" for t in ind.targets)
        expected = (None, None) if milestone else (0, 100) if ind.unit == "%" else (0, None)
        if (ind.min, ind.max) != expected:
            problems.append(f"{ind.id} ({ind.unit}): min/max {ind.min}/{ind.max}, not {expected}")
    assert problems == []


def test_milestone_indicators_take_no_observations(targets: TargetsFile) -> None:
    """A milestone's indicator holds milestones only, has the unit "—" and nothing to observe."""
    for ind in targets.indicators:
        kinds = {t.kind.value for t in ind.targets}
        if "milestone" in kinds:
            assert kinds == {"milestone"}, ind.id
            assert (ind.unit, ind.baselines, ind.min, ind.max) == ("—", (), None, None), ind.id


def fold(name: str) -> str:
    """A name as people may type it: no spaces, full-width and half-width alike."""
    return unicodedata.normalize("NFKC", "".join(name.split()))


def test_aliases_name_one_indicator_each(targets: TargetsFile) -> None:
    """Catches an alias shared by two indicators or equal to an id or name (issue 13)."""
    holders: dict[str, set[str]] = {}
    for ind in targets.indicators:
        for name in (ind.id, ind.name, *ind.aliases):
            holders.setdefault(fold(name), set()).add(ind.id)
    assert {name: ids for name, ids in holders.items() if len(ids) > 1} == {}
    spellings = [fold(n) for ind in targets.indicators for n in (ind.id, ind.name, *ind.aliases)]
    assert len(spellings) == len(set(spellings))  # nor an alias repeating its own name


def test_the_names_people_use_are_aliases(targets: TargetsFile) -> None:
    """The short names of issue 13 and the plan's own other wordings resolve to their indicator."""
    by_alias = {a: ind.id for ind in targets.indicators for a in ind.aliases}
    assert by_alias["单位GDP能耗"] == by_alias["能耗强度"] == "energy_intensity"  # task 10's word
    assert by_alias["碳排放强度"] == "co2_intensity"  # task 7: 碳排放强度控制为主
    # task 6 words task 4's storage ratio differently
    assert by_alias["新能源装机容量的储能设施配套比例"] == "new_energy_storage_ratio"
    measured = [i for i in targets.indicators if i.unit != "—"]
    assert sum(bool(i.aliases) for i in measured) >= len(measured) - 1  # all but 森林覆盖率


# --- areas.yaml --------------------------------------------------------------------------------

COUNTIES = {
    "榕城区": "榕城",
    "揭东区": "揭东",
    "揭西县": "揭西",
    "惠来县": "惠来",
    "普宁市": "普宁",
}


@pytest.fixture(scope="module")
def areas() -> AreasFile:
    """data/areas.yaml."""
    return AreasFile.model_validate(load("areas.yaml"))


def test_areas_are_the_city_and_its_five_divisions(areas: AreasFile) -> None:
    """全市 with the names people write for it, and each county-level division with its short form."""
    by_name = {a.name: a for a in areas.areas}
    city = by_name["全市"]
    assert city.kind.value == "city"
    assert {"揭阳市", "揭阳", "全市合计", "合计"} <= set(city.aliases)
    for name, short in COUNTIES.items():
        assert by_name[name].kind.value == "county", name
        assert short in by_name[name].aliases, name
    assert {a.name for a in areas.areas if a.kind.value != "zone"} == {"全市", *COUNTIES}


def test_zones_come_with_their_source(areas: AreasFile) -> None:
    """A 管委会 zone is listed only with where its name is published (none is in the plan)."""
    assert [a.name for a in areas.areas if a.kind.value == "zone" and not a.source] == []


def test_area_names_are_unique(areas: AreasFile) -> None:
    """Catches one spelling given to two areas (揭阳 for 全市 and for 揭东区)."""
    spellings = [fold(n) for a in areas.areas for n in (a.name, *a.aliases)]
    assert len(spellings) == len(set(spellings))


# --- departments: the kinds the review settled (issue 14) --------------------------------------


def test_reviewed_department_kinds() -> None:
    """揭阳供电局 is an enterprise; the leading group's office and 市供销社 are municipal bodies."""
    kinds = {d["name"]: d["kind"] for d in load("departments.yaml")["departments"]}
    assert kinds["揭阳供电局"] == "state_enterprise"
    assert kinds["市碳达峰碳中和工作领导小组办公室"] == "municipal_department"
    assert kinds["市供销社"] == "municipal_department"
