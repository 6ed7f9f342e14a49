"""The loader and the cross-file checks: every problem at its exact file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon_cli.checks import check_plan
from carbon_cli.errors import DataError
from carbon_cli.loading import DataSource, find_data, load_plan, packaged_data

DEPARTMENTS = """\
departments:
  - name: 市住房城乡建设局
    kind: municipal_department
    aliases: [住建局]
  - name: 市发展改革局
    kind: municipal_department
    aliases: [市发展改革委, 发改局]
"""

TASKS = """\
goals:
  - year: 2025
    text: 到 2025 年，单位地区生产总值能耗下降 14%。
groups:
  - number: （一）
    title: 推进产业结构调整
    tasks:
      - id: "1"
        title: 推动产业结构优化升级
        body: 城镇新建建筑全面建成绿色建筑。
        items:
          - text: 到2025年，城镇新建建筑全面建成绿色建筑。
            departments: [市住房城乡建设局, 市发展改革委]
            id: "1.1"
            due: 2025
safeguards: []
"""

TARGETS = """\
indicators:
  - id: energy_intensity
    name: 单位地区生产总值能耗
    unit: 吨标准煤/万元
    targets:
      - id: energy_intensity_2025
        kind: reduce_by
        value: 14
        year: 2025
        base_year: 2020
        task: "1"
        quote: 单位地区生产总值能耗下降 14%
reference_year: 2020
"""


def write(
    folder: Path, departments: str = DEPARTMENTS, tasks: str = TASKS, targets: str = TARGETS
) -> Path:
    """A data folder with the three files."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "departments.yaml").write_text(departments, encoding="utf-8")
    (folder / "tasks.yaml").write_text(tasks, encoding="utf-8")
    (folder / "targets.yaml").write_text(targets, encoding="utf-8")
    return folder


def problems_of(folder: Path) -> list[str]:
    """Every problem `carbon validate` would print, as text, with the folder prefix removed."""
    try:
        plan = load_plan(DataSource(folder, "--data"))
    except DataError as e:
        found = e.problems
    else:
        found = check_plan(plan)
    return [str(p).replace(f"{folder}/", "") for p in found]


def test_minimal_folder_is_clean(tmp_path: Path) -> None:
    """The fixtures themselves are valid: otherwise every test below proves nothing."""
    assert problems_of(write(tmp_path)) == []


CASES = [
    pytest.param(
        "targets",
        TARGETS.replace("value: 14", "value: 14%"),
        "targets.yaml:8:16: 目标 energy_intensity_2025：value 应为数字，实为 '14%' (not a number); "
        "请写成 14",
        id="wrong-type-number-as-text",
    ),
    pytest.param(
        "targets",
        TARGETS.replace("year: 2025", "year: '2025'"),
        "targets.yaml:9:15: 目标 energy_intensity_2025：year 应为整数，实为 '2025' "
        "(not a whole number); 请写成 2025",
        id="wrong-type-year-in-quotes",
    ),
    pytest.param(
        "targets",
        TARGETS.replace(
            "        kind: reduce_by\n", "        kind: reduce_by\n        strive: no\n"
        ),
        "targets.yaml:8:17: 目标 energy_intensity_2025：strive 应为 true 或 false，实为 'no' "
        "(not true or false)",
        id="yaml-no-is-not-a-boolean-here",
    ),
    pytest.param(
        "targets",
        TARGETS.replace("        quote: 单位地区生产总值能耗下降 14%\n", ""),
        "targets.yaml:6:9: 目标 energy_intensity_2025：缺少 quote (quote is missing); "
        "请加上 `quote: …`",
        id="missing-field",
    ),
    pytest.param(
        "targets",
        TARGETS.replace("        quote:", "        qoute:"),
        [
            "targets.yaml:6:9: 目标 energy_intensity_2025：缺少 quote (quote is missing); "
            "请加上 `quote: …`",
            "targets.yaml:12:9: 目标 energy_intensity_2025：未知的字段 'qoute' (unknown field); "
            "是不是 'quote'？",
        ],
        id="misspelt-field-is-unknown-and-missing",
    ),
    pytest.param(
        "targets",
        TARGETS.replace("        task:", "        deadline: 2025\n        task:"),
        "targets.yaml:11:9: 目标 energy_intensity_2025：未知的字段 'deadline' (unknown field); "
        "请删除它",
        id="unknown-field",
    ),
    pytest.param(
        "targets",
        TARGETS.replace("kind: reduce_by", "kind: reduce"),
        "targets.yaml:7:15: 目标 energy_intensity_2025：kind 应为 'at_least', 'at_most', "
        "'reduce_by', 'increase_by', 'peak' or 'milestone' 之一，实为 'reduce' (not a choice)",
        id="unknown-kind",
    ),
    pytest.param(
        "targets",
        TARGETS.replace("        task:", "        value: 15\n        task:"),
        "targets.yaml:11:9: 重复的键 'value'（第一次在第 8 行）(duplicate key); "
        "只保留一个：YAML 会悄悄丢掉另一个",
        id="duplicate-key-in-target",
    ),
    pytest.param(
        "departments",
        DEPARTMENTS + "departments: []\n",
        "departments.yaml:8:1: 重复的键 'departments'（第一次在第 1 行）(duplicate key); "
        "只保留一个：YAML 会悄悄丢掉另一个",
        id="duplicate-key-at-top",
    ),
    pytest.param(
        "tasks",
        TASKS.replace("    title: 推进", "\ttitle: 推进"),
        "tasks.yaml:6:1: 语法错误 (YAML syntax): found character '\\t' that cannot start any "
        "token while scanning for the next token; 请用空格缩进，不要用制表符 (indent with spaces)",
        id="tab-indent",
    ),
    pytest.param(
        "tasks",
        TASKS.replace("safeguards: []", "safeguards: [\n"),
        "tasks.yaml:18:1: 语法错误 (YAML syntax): expected the node content, but found "
        "'<stream end>' while parsing a flow node",
        id="bad-syntax",
    ),
    pytest.param(
        "targets",
        TARGETS.replace("    name: 单位", "    name: &n 单位").replace(
            "unit: 吨标准煤/万元", "unit: *n"
        ),
        "targets.yaml:3:11: 不允许使用锚点和别名（&name、*name）(anchors and aliases are not "
        "allowed); 请把值完整写出",
        id="anchor-refused",
    ),
    pytest.param(
        "tasks",
        TASKS.replace("市发展改革委]", "市发改委员会]"),
        "tasks.yaml:13:37: 任务 1 第 1 条：部门“市发改委员会”不在 departments.yaml 中 "
        "(unknown department); 请在那里加上它，或作为所指部门的别名",
        id="department-not-in-departments-yaml",
    ),
    pytest.param(
        "targets",
        TARGETS.replace("能耗下降 14%", "能耗降低 14%"),
        "targets.yaml:12:16: 目标 energy_intensity_2025：任务 1 和主要目标中没有这段原文 "
        "(quote not found); 请从方案中逐字复制",
        id="quote-not-in-its-task",
    ),
    pytest.param(
        "targets",
        TARGETS.replace("base_year: 2020", "base_year: 2025"),
        "targets.yaml:10:20: 目标 energy_intensity_2025：基期 base_year 2025 不早于期限 year 2025 "
        "(base_year is not before year)",
        id="base-year-not-before-year",
    ),
    pytest.param(
        "targets",
        TARGETS.replace("        base_year: 2020\n", ""),
        [],  # CONTRACT: a base_year the plan does not state is null, never guessed
        id="relative-kind-without-base-year-is-fine",
    ),
    pytest.param(
        "targets",
        TARGETS.replace('task: "1"', 'task: "41"'),
        "targets.yaml:11:15: 目标 energy_intensity_2025：任务 '41' 不存在 (no such task); "
        "请用 tasks.yaml 中的 1–40 或 S1–S6",
        id="task-does-not-exist",
    ),
    pytest.param(
        "departments",
        DEPARTMENTS.replace("[市发展改革委, 发改局]", "[市发展改革委, 住建局]"),
        "departments.yaml:7:23: 部门 市发展改革局：“住建局”已用于 市住房城乡建设局 "
        "(name used twice); 一个名称或别名只能属于一个部门",
        id="alias-shared",
    ),
    pytest.param(
        "targets",
        TARGETS.replace("value: 14", "value: .nan"),
        "targets.yaml:8:16: 目标 energy_intensity_2025：value 应为有限的数，实为 '.nan' "
        "(not a finite number)",
        id="nan-value",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES)
def test_each_problem_at_its_line(
    tmp_path: Path, name: str, text: str, expected: str | list[str]
) -> None:
    """Each kind of bad data gives one line naming file:line:col and the fix."""
    write(tmp_path, **{name: text})
    assert problems_of(tmp_path) == ([expected] if isinstance(expected, str) else expected)


def test_every_problem_not_only_the_first(tmp_path: Path) -> None:
    """Two bad fields in one file: both reported, in file order."""
    text = TARGETS.replace("value: 14", "value: 14%").replace('task: "1"', "task: 1")
    write(tmp_path, targets=text)
    assert [p.split(": ")[0] for p in problems_of(tmp_path)] == [
        "targets.yaml:8:16",
        "targets.yaml:11:15",
    ]


def test_problems_in_several_files_at_once(tmp_path: Path) -> None:
    """A broken file does not hide the problems of another."""
    write(tmp_path, tasks="groups: [\n", targets=TARGETS.replace("value: 14", "value: x"))
    assert [p.split(":")[0] for p in problems_of(tmp_path)] == ["targets.yaml", "tasks.yaml"]


def test_missing_file(tmp_path: Path) -> None:
    write(tmp_path)
    (tmp_path / "tasks.yaml").unlink()
    assert problems_of(tmp_path) == ["tasks.yaml: 没有这个文件 (no such file)"]


def test_folder_where_a_file_should_be(tmp_path: Path) -> None:
    write(tmp_path)
    (tmp_path / "tasks.yaml").unlink()
    (tmp_path / "tasks.yaml").mkdir()
    assert problems_of(tmp_path) == ["tasks.yaml: 这是文件夹，不是文件 (is a folder, not a file)"]


def test_missing_data_folder(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nowhere") == [
        f"{tmp_path}/nowhere: 数据文件夹不存在 (data folder: no such folder)"
    ]


def test_alias_bomb_refused(tmp_path: Path) -> None:
    """A billion-laughs document is refused at its first anchor, not expanded."""
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n"
    write(tmp_path, departments=bomb)
    assert problems_of(tmp_path) == [
        "departments.yaml:1:4: 不允许使用锚点和别名（&name、*name）(anchors and aliases are not "
        "allowed); 请把值完整写出"
    ]


def test_deep_nesting_refused(tmp_path: Path) -> None:
    write(tmp_path, departments="[" * 5000 + "]" * 5000)
    (only,) = problems_of(tmp_path)
    assert only.startswith("departments.yaml:1:")
    assert "nesting is too deep" in only


def test_source_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--data › CARBON_DATA › ./data holding the three files › the packaged copy."""
    monkeypatch.delenv("CARBON_DATA", raising=False)
    assert find_data(None, cwd=tmp_path).origin == "packaged"
    write(tmp_path / "data")
    assert find_data(None, cwd=tmp_path) == DataSource(Path("data"), "./data")
    monkeypatch.setenv("CARBON_DATA", "/elsewhere")
    assert find_data(None, cwd=tmp_path) == DataSource(Path("/elsewhere"), "CARBON_DATA")
    assert find_data(Path("x"), cwd=tmp_path) == DataSource(Path("x"), "--data")


def test_partial_local_data_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """./data with only some of the files is somebody else's folder: use the packaged copy."""
    monkeypatch.delenv("CARBON_DATA", raising=False)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "tasks.yaml").write_text("x: 1\n", encoding="utf-8")
    assert find_data(None, cwd=tmp_path).origin == "packaged"


def test_packaged_copy_holds_the_plan() -> None:
    assert all(
        (packaged_data() / f).is_file() for f in ("departments.yaml", "tasks.yaml", "targets.yaml")
    )


# --- items, milestones, indicator names and ranges (issues 13, 14) ----------------------------

MILESTONE = """\
  - id: clean_energy_base
    name: 清洁能源产业基地基本形成
    unit: "—"
    targets:
      - id: clean_energy_base_2025
        kind: milestone
        value: null
        year: 2025
        task: "1"
        quote: 城镇新建建筑全面建成绿色建筑
"""


def with_indicator(extra: str) -> str:
    """TARGETS with one more indicator (its lines start at line 13)."""
    return TARGETS.replace("reference_year: 2020\n", extra + "reference_year: 2020\n")


NEW_CASES = [
    pytest.param(
        "tasks",
        TASKS.replace('id: "1.1"', 'id: "1.2"'),
        "tasks.yaml:14:17: 任务1第1条具体任务的编号应为 1.1，写的是 1.2 (item id must be "
        '{task}.{n} in place); 改为 `id: "1.1"`；编号是进展台账引用该条任务的依据，已用过的编号不要改',
        id="item-id-out-of-place",
    ),
    pytest.param(
        "tasks",
        TASKS.replace('id: "1.1"', 'id: "1-1"'),
        "tasks.yaml:14:17: 任务 1 事项 1：id '1-1' 写法不对 (not valid); 写作“任务序号.行序”，"
        "如 14.2、S2.1 (the task's id, a dot, the item's place)",
        id="item-id-pattern",
    ),
    pytest.param(
        "tasks",
        TASKS.replace("            due: 2025\n", ""),
        "tasks.yaml:12:13: 任务 1 事项 1：缺少 due (due is missing); 请加上 `due: …`",
        id="item-due-must-be-written-even-when-null",
    ),
    pytest.param("targets", with_indicator(MILESTONE), [], id="milestone-is-clean"),
    pytest.param(
        "targets",
        with_indicator(MILESTONE.replace("value: null", "value: 100")),
        "targets.yaml:19:16: 目标 clean_energy_base_2025：里程碑（定性承诺）没有数值 (a milestone "
        "has no value); 写 `value: null`；有数值的目标用 at_least、at_most 等类型",
        id="milestone-with-value",
    ),
    pytest.param(
        "targets",
        with_indicator(MILESTONE.replace("        year: 2025\n", "")),
        "targets.yaml:17:9: 目标 clean_energy_base_2025：里程碑须有期限 year (a milestone needs "
        "its deadline); 写方案原文的年份；没有期限的要求不作为里程碑，见 docs/data-notes.md",
        id="milestone-without-year",
    ),
    pytest.param(
        "targets",
        with_indicator(MILESTONE.replace("year: 2025\n", "year: 2025\n        base_year: 2020\n")),
        "targets.yaml:21:20: 目标 clean_energy_base_2025：里程碑没有基期 (a milestone has no "
        "base_year); 写 `base_year: null`",
        id="milestone-with-base-year",
    ),
    pytest.param(
        "targets",
        with_indicator(
            MILESTONE.replace('unit: "—"', 'unit: "—"\n    aliases: [单位地区生产总值能耗]')
        ),
        "targets.yaml:16:15: 指标 clean_energy_base 的别名“单位地区生产总值能耗”已是指标 "
        "energy_intensity 的编号、名称或别名 (an alias names one indicator only); 删去它，或改成不会"
        "混淆的写法",
        id="alias-is-another-indicators-name",
    ),
    pytest.param(
        "targets",
        with_indicator(
            MILESTONE.replace('unit: "—"', 'unit: "—"\n    aliases: [基地, energy_intensity]')
        ),
        "targets.yaml:16:19: 指标 clean_energy_base 的别名“energy_intensity”已是指标 "
        "energy_intensity 的编号、名称或别名 (an alias names one indicator only); 删去它，或改成不会"
        "混淆的写法",
        id="alias-is-another-indicators-id",
    ),
    pytest.param(
        "targets",
        TARGETS.replace(
            "    unit: 吨标准煤/万元\n", "    unit: 吨标准煤/万元\n    aliases: [能耗强度]\n"
        ).replace("reference_year: 2020\n", "")
        + MILESTONE.replace('unit: "—"', 'unit: "—"\n    aliases: [能耗 强度]')
        + "reference_year: 2020\n",
        "targets.yaml:17:15: 指标 clean_energy_base 的别名“能耗 强度”已是指标 energy_intensity 的"
        "编号、名称或别名 (an alias names one indicator only); 删去它，或改成不会混淆的写法",
        id="alias-shared-by-two-indicators",
    ),
    pytest.param(
        "targets",
        TARGETS.replace(
            "    unit: 吨标准煤/万元\n", "    unit: 吨标准煤/万元\n    min: 5\n    max: 1\n"
        ),
        "targets.yaml:5:10: 指标 energy_intensity：min 5 大于 max 1 (min is above max)",
        id="min-above-max",
    ),
    pytest.param(
        "targets",
        TARGETS.replace("    unit: 吨标准煤/万元\n", '    unit: "%"\n    min: 0\n    max: 100\n')
        .replace("kind: reduce_by", "kind: at_least")
        .replace("value: 14", "value: 140"),
        "targets.yaml:10:16: 目标 energy_intensity_2025 的目标值 140 超出指标的取值范围 [0, 100] "
        "(outside the indicator's range); 核对这个数，或指标的 min/max",
        id="target-outside-the-range",
    ),
    pytest.param(
        "targets",
        TARGETS.replace(
            "    unit: 吨标准煤/万元\n", '    unit: "%"\n    min: 0\n    max: 100\n'
        ).replace("value: 14", "value: 140"),
        [],  # a relative target's value is a percent change, not a value of the indicator
        id="relative-target-is-not-a-level",
    ),
    pytest.param(
        "targets",
        TARGETS.replace("reference_year: 2020\n", ""),
        "targets.yaml:1:1: 缺少 reference_year (reference_year is missing); "
        "请加上 `reference_year: …`",
        id="reference-year-required",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), NEW_CASES)
def test_new_fields_problem_at_its_line(
    tmp_path: Path, name: str, text: str, expected: str | list[str]
) -> None:
    """Items, milestones, aliases and ranges: each problem at file:line:col with its fix."""
    write(tmp_path, **{name: text})
    assert problems_of(tmp_path) == ([expected] if isinstance(expected, str) else expected)


def test_loaded_fields(tmp_path: Path) -> None:
    """The new fields reach the models: item id and due, reference_year, aliases, min/max."""
    text = TARGETS.replace(
        "    unit: 吨标准煤/万元\n",
        "    unit: 吨标准煤/万元\n    aliases: [能耗强度]\n    min: 0\n",
    )
    plan = load_plan(DataSource(write(tmp_path, targets=text), "--data"))
    item = plan.tasks.groups[0].tasks[0].items[0]
    assert (item.id, item.due) == ("1.1", 2025)
    indicator = plan.targets.indicators[0]
    assert (plan.targets.reference_year, indicator.aliases) == (2020, ("能耗强度",))
    assert (indicator.min, indicator.max) == (0, None)


# --- areas.yaml (optional) --------------------------------------------------------------------

AREAS = """areas:
  - name: 全市
    kind: city
    aliases: [揭阳市, 合计]
  - name: 榕城区
    kind: county
    aliases: [榕城]
"""


def test_areas_file_is_optional(tmp_path: Path) -> None:
    """Without areas.yaml the plan has no list (any area name is accepted); with it, the list."""
    folder = write(tmp_path)
    assert load_plan(DataSource(folder, "--data")).areas is None
    (folder / "areas.yaml").write_text(AREAS, encoding="utf-8")
    plan = load_plan(DataSource(folder, "--data"))
    assert plan.areas is not None
    assert [(a.name, a.kind.value, a.aliases) for a in plan.areas.areas] == [
        ("全市", "city", ("揭阳市", "合计")),
        ("榕城区", "county", ("榕城",)),
    ]
    assert check_plan(plan) == []


AREA_CASES = [
    pytest.param(
        AREAS.replace("kind: county", "kind: district"),
        "areas.yaml:6:11: 地区 榕城区：kind 应为 'city', 'county' or 'zone' 之一，实为 'district' "
        "(not a choice)",
        id="unknown-kind",
    ),
    pytest.param(
        AREAS.replace("aliases: [榕城]", "aliases: [榕城, 合计]"),
        "areas.yaml:7:19: 地区 榕城区：“合计”已用于 全市 (a name or alias may belong to one area "
        "only); 删去重复的名称",
        id="alias-shared",
    ),
    pytest.param(
        AREAS + "  - name: 空港经济区\n    kind: zone\n",
        "areas.yaml:8:5: 地区 空港经济区：功能区须注明公布其名称的来源 source (a 管委会 zone needs the "
        "source that publishes it); 写明文件名、文号或网页，如 `source: 《……》（揭府〔……〕……号）`",
        id="zone-without-source",
    ),
    pytest.param(
        AREAS.replace("全市", "全市域"),
        "areas.yaml:2:3: areas.yaml 没有 kind 为 city 的“全市” (the whole city must be listed); 加上 "
        "`- name: 全市` 和 `kind: city`：观测值不写地区时即为全市",
        id="whole-city-missing",
    ),
    pytest.param(
        AREAS.replace("    aliases: [榕城]\n", "    aliases: [榕城]\n    aliases: [揭阳]\n"),
        "areas.yaml:8:5: 重复的键 'aliases'（第一次在第 7 行）(duplicate key); "
        "只保留一个：YAML 会悄悄丢掉另一个",
        id="duplicate-key",
    ),
]


@pytest.mark.parametrize(("text", "expected"), AREA_CASES)
def test_areas_problem_at_its_line(tmp_path: Path, text: str, expected: str) -> None:
    """A bad areas.yaml is reported like the other files: file:line:col and the fix."""
    (write(tmp_path) / "areas.yaml").write_text(text, encoding="utf-8")
    assert problems_of(tmp_path) == [expected]


def test_areas_problems_come_with_the_other_files(tmp_path: Path) -> None:
    """A broken areas.yaml does not hide a broken targets.yaml (every problem at once)."""
    folder = write(tmp_path, targets=TARGETS.replace("value: 14", "value: x"))
    (folder / "areas.yaml").write_text("areas: [\n", encoding="utf-8")
    assert [p.split(":")[0] for p in problems_of(folder)] == ["areas.yaml", "targets.yaml"]


def test_areas_folder_instead_of_file(tmp_path: Path) -> None:
    (write(tmp_path) / "areas.yaml").mkdir()
    assert problems_of(tmp_path) == ["areas.yaml: 这是文件夹，不是文件 (is a folder, not a file)"]


def test_an_edited_areas_file_is_never_served_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache key covers areas.yaml: an edit there is read, and a cached plan keeps its areas."""
    from carbon_cli import cache

    monkeypatch.setenv(cache.CACHE_VAR, str(tmp_path / "cache"))
    folder = write(tmp_path / "data")
    areas = folder / "areas.yaml"
    areas.write_text(AREAS, encoding="utf-8")
    load_plan(DataSource(folder, "--data"))
    cached = load_plan(DataSource(folder, "--data"))
    assert not cached.documents  # served from the cache
    assert cached.areas is not None
    assert [a.name for a in cached.areas.areas] == ["全市", "榕城区"]
    areas.write_text(AREAS.replace("[榕城]", "[榕城, 合计]"), encoding="utf-8")
    assert problems_of(folder)[0].startswith("areas.yaml:7:19: 地区 榕城区：“合计”")
    areas.unlink()
    assert load_plan(DataSource(folder, "--data")).areas is None
