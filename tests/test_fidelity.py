"""The curated data/ files say what the published plan (the seed) says, by an own parser.

The seed is read here independently of carbon_cli (its pydantic models only read the YAML).
Before text is compared the tests apply these normalisations, and nothing else:
- all whitespace is removed (the body writes "到 2025 年", the annex "到2025年"; a name
  wraps: "市委 宣传部");
- the seed's `**` bold markers are removed;
- text split by a page break is joined with nothing between: a body paragraph ("示" +
  "范及规模化应用", which removing whitespace does), and an annex row cut by a page break
  (the row before the break, which may repeat the 序号 with part of the 措施, and the row
  with an empty 序号 after the repeated header, joined cell by cell).
A 责任部门 cell is split on "、"; the two compound entries in COMPOUND_DEPARTMENTS are split
further, as the curators documented; NOTE_BODIES are the bodies the annex's 备注 names.
Every comparison is a function returning a list of differences; the tests assert that list
is empty, and test_comparisons_can_fail shows that the lists are not always empty.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from carbon_cli.models import DepartmentsFile, Goal, Group, TargetsFile, Task, TasksFile

# shared/ sits beside the repository; a checkout elsewhere (a git worktree) names it in CARBON_SEED
SEED = Path(
    os.environ.get("CARBON_SEED")
    or Path(__file__).parents[2] / "shared" / "seed" / "000_25240c046a0b2d9a.txt"
)
DATA = Path(__file__).parents[1] / "data"

if not SEED.is_file():
    pytest.skip(
        f"the plan's text is not at {SEED} (shared/ must sit beside the repository, "
        "or CARBON_SEED name the file)",
        allow_module_level=True,
    )

ANNEX_TITLE = "揭阳市碳达峰实施方案任务分工表"
ANNEX_END = "备注："
HEADER = ["序号", "措施", "具体任务内容", "责任部门"]
NUMERALS = "一二三四五六七八九十"
# （一）…（十三）, the plan's order
GROUP_NUMBERS = [f"（{n}）" for n in [*NUMERALS, "十一", "十二", "十三"]]
GROUP_ROW = re.compile(r"^<b>(.*)</b>$")
GROUP_LABEL = re.compile(r"^[(（]([一二三四五六七八九十]+)[)）](.+)$")

# The only places where the curators' department lists differ from a plain split on "、".
COMPOUND_DEPARTMENTS: dict[str, tuple[str, ...]] = {
    # task 9: two bodies joined by 及 in one entry
    "揭阳供电局及市虚拟货币“挖矿”活动整治工作领导小组成员单位": (
        "揭阳供电局",
        "市虚拟货币“挖矿”活动整治工作领导小组成员单位",
    ),
    # task 9: "等按职责分工负责" (and others, by their duties) names no body
    "市交通运输局等按职责分工负责": ("市交通运输局",),
    # S2, S5, S6: the office and the members of the leading group, joined by 及; the members are
    # named as S1 names them
    "市碳达峰碳中和工作领导小组办公室及各成员单位": (
        "市碳达峰碳中和工作领导小组办公室",
        "市碳达峰碳中和工作领导小组各成员单位",
    ),
}

UNIT = r"万千瓦|千瓦|千伏|吨/平方米|吨|公里/平方公里|公里/万人|公里|米|层|%"
NUMBER_WITH_UNIT = re.compile(rf"(\d+(?:\.\d+)?)({UNIT})")

# Bodies the annex names outside the 责任部门 column: its 备注 gives them every task in their area.
NOTE_BODIES = ("各县（市、区）人民政府（管委会）",)

# Numbers with a unit in the goals, task bodies and annex items that are not quantitative targets.
# Keyed by (task id or "goals", number and unit as the plan writes them, whitespace removed).
NOT_TARGETS: dict[tuple[str, str], str] = {
    ("6", "500千伏"): "grid voltage of the main network, not a target",
    ("6", "220千伏"): "grid voltage of the distribution network, not a target",
    ("13", "6层"): "以6层为主 describes; 6层及以下 names what the 70% share counts",
    ("13", "18层"): "严格限制 new buildings above it: a restriction with no cap",
    ("13", "150米"): "严格限制 new buildings above it: a restriction with no cap",
    ("13", "250米"): "the height above which 不得新建 bans buildings, not a value to reach",
}


def squash(text: str) -> str:
    """Text without whitespace."""
    return "".join(text.split())


# ---------------------------------------------------------------------------------------------
# The seed, parsed independently


@dataclass
class AnnexItem:
    """One 具体任务内容 cell and its 责任部门 cell, joined across a page break."""

    text: str
    departments_cell: str

    @property
    def departments(self) -> list[str]:
        """The cell split into bodies, line-wrap spaces removed, the documented compounds split."""
        names: list[str] = []
        for part in squash(self.departments_cell).split("、"):
            names.extend(COMPOUND_DEPARTMENTS.get(part, (part,)))
        return names


@dataclass
class AnnexTask:
    """A task of the annex: its id (1–40, S1–S6), 措施, group number and items."""

    id: str
    title: str
    group: str | None
    items: list[AnnexItem] = field(default_factory=list)


@dataclass
class Annex:
    """The 任务分工表: group titles by number, the tasks in order, and its 备注 (squashed)."""

    groups: dict[str, str]
    tasks: list[AnnexTask]
    notes: str


def parse_annex(seed: str) -> Annex:
    """The annex's rows as tasks and items, page-break splits joined."""
    lines = seed.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == ANNEX_TITLE)
    groups: dict[str, str] = {}
    tasks: list[AnnexTask] = []
    group: str | None = None
    safeguards = False
    cut_title: str | None = None  # the part of a 措施 before a page break
    notes: str | None = None
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if notes is not None:
            notes += squash(line)
            continue
        if line.strip() == ANNEX_END:
            notes = ""
            continue
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) > 4:
            raise ValueError(f"seed line {number}: {len(cells)} cells")
        seq, title, text, departments = cells + [""] * (4 - len(cells))
        if [seq, title, text, departments] == HEADER:
            continue
        if match := GROUP_ROW.match(seq):
            label = squash(match[1])
            if label == "二、保障措施":
                safeguards, group = True, None
            elif label != "一、重点任务":
                parts = GROUP_LABEL.match(label)
                if parts is None:
                    raise ValueError(f"seed line {number}: group row {label}")
                group = f"（{parts[1]}）"
                groups[group] = parts[2]
            continue
        if seq:
            ident = f"S{seq}" if safeguards else seq
            if not tasks or tasks[-1].id != ident:
                tasks.append(AnnexTask(ident, title, group))
            elif title != tasks[-1].title:
                # the row before a page break repeats the 序号 with the start of the 措施
                if not tasks[-1].title.startswith(title):
                    raise ValueError(f"seed line {number}: 措施 {title} is not task {ident}'s")
                cut_title = title
            tasks[-1].items.append(AnnexItem(text, departments))
        elif title:
            # the rest of the row cut by the page break: join every cell with nothing between
            if cut_title is None or cut_title + title != tasks[-1].title:
                raise ValueError(f"seed line {number}: a continuation without a cut row")
            cut_title = None
            item = tasks[-1].items[-1]
            item.text += text
            item.departments_cell += departments
        else:
            tasks[-1].items.append(AnnexItem(text, departments))
    if cut_title is not None:
        raise ValueError(f"the annex ends inside a row cut by a page break ({cut_title})")
    if notes is None:
        raise ValueError(f"no {ANNEX_END} after the annex")
    return Annex(groups, tasks, notes)


def body_lines(seed: str) -> list[str]:
    """The plan's lines before the annex title, stripped."""
    lines = [line.strip() for line in seed.splitlines()]
    return lines[: lines.index(ANNEX_TITLE)]


def body_paragraphs(seed: str) -> dict[str, str]:
    """Each task's paragraph in the plan's body (its number and title included), squashed."""
    lines = body_lines(seed)
    first = lines.index("## 二、重点任务")
    safe = lines.index("### 三、保障措施")
    end = next(i for i, line in enumerate(lines) if line.startswith("附件："))
    paragraphs: dict[str, str] = {}
    current: str | None = None
    for i in range(first + 1, end):
        line = lines[i]
        if i == safe:
            current = None
            continue
        if i > safe:
            if match := re.match(r"^（([一二三四五六])）", line):
                current = f"S{NUMERALS.index(match[1]) + 1}"
        elif match := re.match(r"^(\d{1,2})\.", line):
            current = match[1]
        elif line.startswith("#") or GROUP_LABEL.match(squash(line)):
            current = None  # a group heading ends the task above it
            continue
        if current is not None and line:
            paragraphs[current] = paragraphs.get(current, "") + squash(line)
    return paragraphs


def goals_paragraph(seed: str) -> str:
    """The 主要目标 paragraph of 总体要求 ("到 2025 年，…"), squashed."""
    lines = body_lines(seed)
    general = lines[lines.index("### 一、总体要求") : lines.index("## 二、重点任务")]
    found = [squash(line) for line in general if squash(line).startswith("到2025年")]
    if len(found) != 1:
        raise ValueError(f"{len(found)} goal paragraphs in 总体要求")
    return found[0]


SEED_TEXT = SEED.read_text(encoding="utf-8").replace("**", "")  # bold markers are not the plan's
ANNEX = parse_annex(SEED_TEXT)
PARAGRAPHS = body_paragraphs(SEED_TEXT)
GOALS = goals_paragraph(SEED_TEXT)


# ---------------------------------------------------------------------------------------------
# The data


def load(name: str) -> Any:
    """A data file as plain YAML."""
    path = DATA / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: the curated data must be in the repository")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tasks() -> TasksFile:
    """data/tasks.yaml."""
    return TasksFile.model_validate(load("tasks.yaml"))


@pytest.fixture(scope="module")
def departments() -> DepartmentsFile:
    """data/departments.yaml."""
    return DepartmentsFile.model_validate(load("departments.yaml"))


@pytest.fixture(scope="module")
def targets() -> TargetsFile:
    """data/targets.yaml."""
    return TargetsFile.model_validate(load("targets.yaml"))


def every_task(tasks: TasksFile) -> list[Task]:
    """Key tasks in group order, then the 保障措施."""
    return [t for g in tasks.groups for t in g.tasks] + list(tasks.safeguards)


def first_difference(a: str, b: str) -> str:
    """Where two squashed texts part, with a little context."""
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"at char {i}: seed …{a[max(0, i - 8) : i + 12]}… data …{b[max(0, i - 8) : i + 12]}…"


# ---------------------------------------------------------------------------------------------
# Comparisons: each returns a list of differences


def missing_from_seed(tasks: TasksFile, targets: TargetsFile) -> list[str]:
    """Curated texts that do not appear in the plan's body or in one cell of its annex."""
    haystacks = [squash("\n".join(body_lines(SEED_TEXT)))]
    for annexed in ANNEX.tasks:
        haystacks += [squash(annexed.title), *(squash(item.text) for item in annexed.items)]
    haystacks += [squash(title) for title in ANNEX.groups.values()]
    needles: list[tuple[str, str]] = [(f"goal {g.year} text", g.text) for g in tasks.goals] + [
        (f"group {g.number} title", g.title) for g in tasks.groups
    ]
    for task in every_task(tasks):
        needles += [(f"task {task.id} title", task.title), (f"task {task.id} body", task.body)]
        if task.annex_title is not None:
            needles.append((f"task {task.id} annex_title", task.annex_title))
        needles += [
            (f"task {task.id} item {i} text", it.text) for i, it in enumerate(task.items, 1)
        ]
    for indicator in targets.indicators:
        needles += [(f"target {t.id} quote", t.quote) for t in indicator.targets]
    return [
        f"{where} is not in the plan: {text!r}"
        for where, text in needles
        if not any(squash(text) in hay for hay in haystacks)
    ]


def misplaced_quotes(tasks: TasksFile, targets: TargetsFile) -> list[str]:
    """Target quotes not found in their own task's body or items, nor in the goals."""
    by_id = {t.id: t for t in every_task(tasks)}
    goals = [squash(g.text) for g in tasks.goals]
    problems = []
    for indicator in targets.indicators:
        for target in indicator.targets:
            task = by_id.get(target.task)
            if task is None:
                problems.append(f"target {target.id}: task {target.task!r} does not exist")
                continue
            texts = [squash(task.body), *(squash(i.text) for i in task.items), *goals]
            if not any(squash(target.quote) in text for text in texts):
                problems.append(
                    f"target {target.id}: quote {target.quote!r} is not in task {task.id} "
                    "or the goals"
                )
    return problems


def body_differences(tasks: TasksFile) -> list[str]:
    """Titles and bodies that are not their own task's whole paragraph in the plan's body."""
    problems = []
    for task in every_task(tasks):
        paragraph = PARAGRAPHS.get(task.id)
        if paragraph is None:
            problems.append(f"task {task.id}: no such paragraph in the plan's body")
            continue
        number = f"{task.id}." if task.id.isdigit() else f"（{NUMERALS[int(task.id[1:]) - 1]}）"
        title, body = squash(task.title), squash(task.body)
        if not paragraph.startswith(number + title):
            problems.append(
                f"task {task.id}: title {task.title!r} does not open its paragraph "
                f"{paragraph[:30]!r}"
            )
        # the body is the paragraph after its number, with or without the title sentence
        wholes = {number + body, number + title + "。" + body, number + title + body}
        if paragraph not in wholes:
            expected = paragraph.removeprefix(number + title + "。")
            problems.append(f"task {task.id}: body differs {first_difference(expected, body)}")
    return problems


def annex_differences(annex: Annex, tasks: TasksFile) -> list[str]:
    """Where tasks.yaml's tasks, 措施, items and departments differ from the annex."""
    curated = every_task(tasks)
    problems = []
    seed_ids, data_ids = [t.id for t in annex.tasks], [t.id for t in curated]
    if seed_ids != data_ids:
        problems.append(f"task ids differ: seed {seed_ids} data {data_ids}")
    by_id = {t.id: t for t in curated}
    for seed_task in annex.tasks:
        task = by_id.get(seed_task.id)
        if task is None:
            continue
        worded = task.annex_title if task.annex_title is not None else task.title
        if squash(worded) != squash(seed_task.title):
            problems.append(
                f"task {task.id}: annex 措施 {seed_task.title!r}, data "
                f"{'annex_title' if task.annex_title is not None else 'title'} {worded!r}"
            )
        if task.annex_title is not None and squash(task.annex_title) == squash(task.title):
            problems.append(f"task {task.id}: annex_title repeats the title")
        seed_texts = [squash(i.text) for i in seed_task.items]
        data_texts = [squash(i.text) for i in task.items]
        if len(seed_texts) != len(data_texts):
            problems.append(
                f"task {task.id}: {len(seed_texts)} items in the annex, {len(data_texts)} in data"
            )
            problems += [
                f"task {task.id}: annex item {i} missing from data: {text[:40]!r}…"
                for i, text in enumerate(seed_texts, 1)
                if text not in data_texts
            ]
            problems += [
                f"task {task.id}: data item {i} is not an annex item: {text[:40]!r}…"
                for i, text in enumerate(data_texts, 1)
                if text not in seed_texts
            ]
            continue
        for i, (seed_item, item) in enumerate(zip(seed_task.items, task.items, strict=True), 1):
            if squash(seed_item.text) != squash(item.text):
                problems.append(
                    f"task {task.id} item {i}: text differs "
                    f"{first_difference(squash(seed_item.text), squash(item.text))}"
                )
            if seed_item.departments != list(item.departments):
                problems.append(
                    f"task {task.id} item {i}: departments differ: annex "
                    f"{seed_item.departments} data {list(item.departments)}"
                )
    return problems


def structure_differences(tasks: TasksFile) -> list[str]:
    """Groups, task order, 保障措施 and goals against the plan's structure."""
    problems = []
    numbers = [g.number for g in tasks.groups]
    if numbers != GROUP_NUMBERS:
        problems.append(f"group numbers {numbers}, the plan has {GROUP_NUMBERS}")
    ids = [t.id for g in tasks.groups for t in g.tasks]
    if ids != [str(n) for n in range(1, 41)]:
        problems.append(f"key tasks in order {ids}, the plan has 1..40")
    seed_members: dict[str | None, list[str]] = {}
    for task in ANNEX.tasks:
        seed_members.setdefault(task.group, []).append(task.id)
    for group in tasks.groups:
        members = [t.id for t in group.tasks]
        if members != seed_members.get(group.number):
            problems.append(
                f"group {group.number}: tasks {members}, the annex has "
                f"{seed_members.get(group.number)}"
            )
    safeguards = [t.id for t in tasks.safeguards]
    if safeguards != [f"S{n}" for n in range(1, 7)]:
        problems.append(f"safeguards {safeguards}, the plan has S1..S6")
    years = [g.year for g in tasks.goals]
    if years != [2025, 2030]:
        problems.append(f"goal years {years}, the plan has [2025, 2030]")
    problems += [
        f"goal {g.year} does not start with 到{g.year}年: {g.text[:20]!r}"
        for g in tasks.goals
        if not squash(g.text).startswith(f"到{g.year}年")
    ]
    joined = "".join(squash(g.text) for g in tasks.goals)
    if joined != GOALS:
        problems.append(
            f"the goals are not the 主要目标 paragraph: {first_difference(GOALS, joined)}"
        )
    return problems


def annex_names() -> list[str]:
    """Every department entry of the annex, in order of appearance, with repeats."""
    return [name for task in ANNEX.tasks for item in task.items for name in item.departments]


def department_resolution(tasks: TasksFile, departments: DepartmentsFile) -> list[str]:
    """Department strings in tasks.yaml that match no department, or more than one."""
    problems = []
    for task in every_task(tasks):
        for i, item in enumerate(task.items, 1):
            for name in item.departments:
                holders = [d.name for d in departments.departments if name in (d.name, *d.aliases)]
                if len(holders) != 1:
                    problems.append(f"task {task.id} item {i}: {name!r} matches {holders}")
    return problems


def name_clashes(departments: DepartmentsFile) -> list[str]:
    """Names or aliases held by two departments, or repeated within one."""
    holders: dict[str, list[str]] = {}
    for dept in departments.departments:
        for name in (dept.name, *dept.aliases):
            holders.setdefault(squash(name), []).append(dept.name)
    return [f"{name!r} is held by {who}" for name, who in holders.items() if len(who) > 1]


def coverage_differences(departments: DepartmentsFile) -> list[str]:
    """The bodies the annex names against those departments.yaml lists, both ways."""
    index = {name: d.name for d in departments.departments for name in (d.name, *d.aliases)}
    seen = set(annex_names()) | set(NOTE_BODIES)
    problems = [
        f"annex names {name!r}: not in departments.yaml" for name in sorted(seen - set(index))
    ]
    named = {index[name] for name in seen if name in index}
    problems += [
        f"department {d.name!r}: neither its name nor an alias is in the annex"
        for d in departments.departments
        if d.name not in named
    ]
    return problems


def unwritten_names(departments: DepartmentsFile) -> list[str]:
    """Canonical names the plan never writes (not even as part of a longer name).

    Aliases may be short forms people type (住建局, 发改局: issue 4 asks for them), so only the
    canonical spelling must come from the plan.
    """
    texts = [squash("\n".join(body_lines(SEED_TEXT))), ANNEX.notes]
    texts += [squash(i.departments_cell) for t in ANNEX.tasks for i in t.items]
    return [
        f"department {d.name!r}: {name!r} is not written anywhere in the plan"
        for d in departments.departments
        for name in (d.name,)
        if not any(squash(name) in text for text in texts)
    ]


def spelling_frequency_differences(departments: DepartmentsFile) -> list[str]:
    """Canonical names the annex writes less often than one of their aliases."""
    counts = Counter(annex_names())
    return [
        f"department {d.name!r} ({counts[d.name]}×): alias {alias!r} is more frequent "
        f"({counts[alias]}×)"
        for d in departments.departments
        for alias in d.aliases
        if counts[alias] > counts[d.name]
    ]


def plan_texts() -> dict[str, list[str]]:
    """The goals, and each task's body paragraph and its annex items (joined), squashed, by id."""
    texts: dict[str, list[str]] = {"goals": [GOALS]}
    for ident, paragraph in PARAGRAPHS.items():
        texts.setdefault(ident, []).append(paragraph)
    for task in ANNEX.tasks:
        texts.setdefault(task.id, []).append("".join(squash(i.text) for i in task.items))
    return texts


def tokens(text: str) -> Counter[str]:
    """The numbers with a unit in a text, as written, whitespace removed, with their counts."""
    return Counter(m[0] for m in NUMBER_WITH_UNIT.finditer(squash(text)))


def uncovered_numbers(targets: TargetsFile) -> list[str]:
    """Numbers with units that no target records and NOT_TARGETS does not explain."""
    texts = plan_texts()
    # body and annex restate each other; a number written twice in one of them is two targets
    needed: dict[tuple[str, str], int] = {}
    for ident, chunks in texts.items():
        for chunk in chunks:
            for token, count in tokens(chunk).items():
                needed[(ident, token)] = max(needed.get((ident, token), 0), count)
    all_targets = [t for indicator in targets.indicators for t in indicator.targets]
    problems = []
    for (ident, token), count in sorted(needed.items()):
        match = NUMBER_WITH_UNIT.fullmatch(token)
        assert match is not None
        number, unit = Decimal(match[1]), match[2]
        values = {number, number * 10000} if unit.startswith("万") else {number}
        # a target holds the number if it has it as value and quotes it from this task or the goals
        holders = [
            t.id
            for t in all_targets
            if t.value in values
            and token in tokens(t.quote)
            and any(squash(t.quote) in chunk for chunk in texts[ident])
        ]
        listed = (ident, token) in NOT_TARGETS
        where = "the goals" if ident == "goals" else f"task {ident}"
        if len(holders) < count and not listed:
            problems.append(
                f"{where}: {token} is written {count}× but {len(holders)} targets hold it "
                f"{holders}, and it is not in NOT_TARGETS"
            )
        if holders and listed:
            problems.append(f"{where}: {token} is in NOT_TARGETS but targets {holders} hold it")
    problems += [f"NOT_TARGETS {key} is not in the plan" for key in NOT_TARGETS.keys() - needed]
    return problems


# Items, milestones and base years


# a year the text sets as a deadline: 到2025年, 2030年; not a base year (比2020年, 较2020年)
DEADLINE = re.compile(r"(?<![比较])(20\d\d)年")
PERIOD_END = {"十五五": 2030}  # “十五五”期间: 2026–2030, so its last year


def due_from_seed(text: str) -> int | None:
    """The latest year an annex cell sets (到2025年… → 2025), None when it sets none."""
    flat = squash(text)
    years = [int(y) for y in DEADLINE.findall(flat)]
    years += [end for period, end in PERIOD_END.items() if period in flat]
    return max(years, default=None)


def item_differences(tasks: TasksFile) -> list[str]:
    """Item ids that are not {task}.{n} in the annex's order, and due years not the seed's."""
    by_id = {t.id: t for t in every_task(tasks)}
    problems = []
    for seed_task in ANNEX.tasks:
        task = by_id.get(seed_task.id)
        if task is None:
            continue
        for n, (seed_item, item) in enumerate(zip(seed_task.items, task.items, strict=False), 1):
            if item.id != f"{seed_task.id}.{n}":
                problems.append(f"task {seed_task.id} item {n}: id {item.id!r}")
            due = due_from_seed(seed_item.text)
            if item.due != due:
                problems.append(f"item {seed_task.id}.{n}: due {item.due}, the seed sets {due}")
    return problems


# Dated clauses of the goals and the task bodies that are deliberately not targets, and why
# (docs/data-notes.md, "里程碑").
NOT_MILESTONES: dict[str, str] = {
    "加快绿色低碳科技革命": "an effort with no end state; tasks 26–27 carry it",
    "能源利用效率不断提升": "a direction (不断), measured by the energy-intensity targets",
    "尽快进入碳达峰平台期": "the CO2 peak itself: co2_emissions_peak (deadline 2030)",
}
DATE = re.compile(r"(?:到)?(?<![比较])(20\d\d)年(?:、(20\d\d)年)?|“十五五”期间")


def dated_clauses() -> list[tuple[str, int, str]]:
    """(task id or "goals", year, clause): every clause that follows a date in its sentence.

    A goal paragraph is dated as a whole (到2025年，…); in a task body, the clauses after a date
    up to the end of the sentence (。 or ；). Clauses are split on ，.
    """
    found: list[tuple[str, int, str]] = []
    for segment in re.split(r"(?=到20\d\d年，)", GOALS):
        if segment:
            year = int(segment[1:5])
            found += [("goals", year, c) for c in re.split(r"[，；。]", segment[6:]) if c]
    for ident, paragraph in PARAGRAPHS.items():
        for sentence in re.split(r"[。；]", paragraph.replace(",", "，")):
            date = DATE.search(sentence)
            if date is None:
                continue
            year = max(int(y) for y in date.groups() if y) if date[1] else 2030  # 十五五
            for clause in sentence[date.start() :].split("，"):
                text = DATE.sub("", clause, count=1) if DATE.match(clause) else clause
                if text:
                    found.append((ident, year, text))
    return found


def overlapping(a: str, b: str) -> bool:
    """One text holds the other (a quote is a clause, or a clause a quote's part)."""
    return a in b or b in a


def dated_commitment_gaps(targets: TargetsFile) -> list[str]:
    """Dated clauses no target quotes and NOT_MILESTONES does not explain, and stale entries."""
    quotes = [squash(t.quote) for ind in targets.indicators for t in ind.targets]
    clauses = dated_clauses()
    problems = [
        f"{where} {year}: {clause!r} is dated but no target quotes it"
        for where, year, clause in clauses
        if clause not in NOT_MILESTONES and not any(overlapping(clause, q) for q in quotes)
    ]
    texts = {clause for _, _, clause in clauses}
    problems += [
        f"NOT_MILESTONES {c!r} is not a dated clause" for c in NOT_MILESTONES.keys() - texts
    ]
    return problems


def milestone_differences(targets: TargetsFile) -> list[str]:
    """Milestones that are not a dated, qualitative clause of their task or the goals, as dated."""
    clauses = dated_clauses()
    problems = []
    for indicator in targets.indicators:
        for t in indicator.targets:
            if t.kind.value != "milestone":
                continue
            quote = squash(t.quote)
            if t.value is not None or NUMBER_WITH_UNIT.search(quote):
                problems.append(f"milestone {t.id}: has a number ({t.value}, {t.quote!r})")
            years = {
                y for where, y, c in clauses if where in (t.task, "goals") and overlapping(c, quote)
            }
            if years != {t.year}:
                problems.append(f"milestone {t.id}: year {t.year}, its clause is dated {years}")
    return problems


# The two 2025 targets whose base year the plan does not write but the notes justify (the 2025
# figures close the five-year period that starts from 2020); every other base year is the one its
# quote states, or null.
IMPLIED_BASE_YEARS = {"energy_intensity_2025": 2020, "co2_intensity_2025": 2020}


def base_year_differences(targets: TargetsFile) -> list[str]:
    """Base years not written in the target's own quote (CONTRACT: never guessed)."""
    problems = []
    for indicator in targets.indicators:
        for t in indicator.targets:
            stated = re.search(r"[比较](20\d\d)年", squash(t.quote))
            expected = int(stated[1]) if stated else IMPLIED_BASE_YEARS.get(t.id)
            if t.base_year != expected:
                problems.append(f"target {t.id}: base_year {t.base_year}, the plan says {expected}")
    return problems


# ---------------------------------------------------------------------------------------------
# The parser itself (no data needed)


def test_parser_reads_the_whole_annex() -> None:
    """Catches a parser that drops rows or fails to join page-break splits (checked by reading)."""
    ids = [t.id for t in ANNEX.tasks]
    assert ids == [str(n) for n in range(1, 41)] + [f"S{n}" for n in range(1, 7)]
    counts = {t.id: len(t.items) for t in ANNEX.tasks}
    # read off the seed: task 1 four rows; 6 one row + one row cut by a page break; 9 six rows, the
    # last cut; 13 six; 14 two; 22 three (its third repeats the 序号 after a header); 33 five
    assert [counts[i] for i in ("1", "6", "9", "13", "14", "22", "33", "S1")] == [
        4,
        2,
        6,
        6,
        2,
        3,
        5,
        1,
    ]
    assert sum(counts.values()) == 94  # 96 content rows, 2 of them the rest of a cut row
    six = ANNEX.tasks[5]
    assert six.items[1].text.startswith("构建适应新能源占比逐渐提高的新型电力系统，加强")
    assert six.items[1].departments[:2] == ["市发展改革局", "市工业和信息化局"]
    assert ANNEX.tasks[8].items[5].departments == [
        "市发展改革委",
        "市公安局",
        "揭阳供电局",
        "市虚拟货币“挖矿”活动整治工作领导小组成员单位",
    ]
    assert ANNEX.tasks[32].items[0].departments == [
        "市市场监管局",
        "市委宣传部",
        "市文广旅游体育局",
    ]
    assert list(ANNEX.groups) == GROUP_NUMBERS
    assert ANNEX.notes.startswith("1.上表中责任部门栏排在第一位的单位为牵头单位；")
    assert all(body in ANNEX.notes for body in NOTE_BODIES)


COMPOUND_COUNTS = dict.fromkeys(COMPOUND_DEPARTMENTS, 1) | {
    "市碳达峰碳中和工作领导小组办公室及各成员单位": 3  # S2, S5, S6
}


def test_documented_compounds_occur_in_the_annex() -> None:
    """Catches a stale exception table: each compound entry is in the annex as often as noted."""
    raw = Counter(
        part
        for task in ANNEX.tasks
        for item in task.items
        for part in squash(item.departments_cell).split("、")
    )
    assert {name: raw[name] for name in COMPOUND_DEPARTMENTS} == COMPOUND_COUNTS


def test_every_task_has_a_body_paragraph() -> None:
    """Catches a body parser that loses tasks: 1..40 and S1..S6, each opening with its number."""
    assert list(PARAGRAPHS) == [str(n) for n in range(1, 41)] + [f"S{n}" for n in range(1, 7)]
    assert "因地制宜开展新型储能电站示范及规模化应用" in PARAGRAPHS["6"]  # split by a page break
    assert PARAGRAPHS["6"].endswith("完成省下达新能源装机容量的储能设施配套比例目标任务。")
    assert PARAGRAPHS["S6"].endswith("带动先进环保技术、装备“走出去”和“引进来”。")


# ---------------------------------------------------------------------------------------------
# 1. Everything curated is in the plan


def test_curated_text_is_in_the_seed(tasks: TasksFile, targets: TargetsFile) -> None:
    """Catches an invented, reworded or mistyped title, body, item, goal or quote."""
    assert missing_from_seed(tasks, targets) == []


def test_quotes_are_in_their_own_task(tasks: TasksFile, targets: TargetsFile) -> None:
    """Catches a target filed under the wrong task (its quote is in another task's text)."""
    assert misplaced_quotes(tasks, targets) == []


def test_titles_and_bodies_are_their_tasks_paragraphs(tasks: TasksFile) -> None:
    """Catches a body cut short or from another task, or a title not the 措施 opening it."""
    assert body_differences(tasks) == []


# 2. tasks.yaml against the annex


def test_tasks_match_the_annex(tasks: TasksFile) -> None:
    """Catches a lost, extra or reordered item, a changed text, or departments not the annex's."""
    assert annex_differences(ANNEX, tasks) == []


# 3. Departments


def test_every_task_department_resolves_to_one_department(
    tasks: TasksFile, departments: DepartmentsFile
) -> None:
    """Catches an item naming a body departments.yaml lacks, or one that two departments claim."""
    assert department_resolution(tasks, departments) == []


def test_no_name_or_alias_is_shared(departments: DepartmentsFile) -> None:
    """Catches an alias given to two departments or equal to another department's name."""
    assert name_clashes(departments) == []


def test_departments_are_exactly_the_annex_bodies(departments: DepartmentsFile) -> None:
    """Catches an annex body missing from departments.yaml, or a department the annex lacks."""
    assert coverage_differences(departments) == []


def test_canonical_names_are_spellings_the_plan_uses(departments: DepartmentsFile) -> None:
    """Catches an invented canonical name (CONTRACT: the name as the plan writes it)."""
    assert unwritten_names(departments) == []


def test_canonical_name_is_the_annex_spelling_used_most(departments: DepartmentsFile) -> None:
    """Catches a canonical name the annex writes less often than an alias (CONTRACT: most often)."""
    assert spelling_frequency_differences(departments) == []


# 4. Numbers with units


def test_every_number_with_a_unit_is_a_target_or_explained(targets: TargetsFile) -> None:
    """Catches a quantitative target of the plan left out of targets.yaml, or a wrong value."""
    assert uncovered_numbers(targets) == []


# 5. Structure


def test_groups_tasks_safeguards_and_goals(tasks: TasksFile) -> None:
    """Catches a group, task or safeguard missing or out of place, and goals not the plan's."""
    assert structure_differences(tasks) == []


# 5b. Items, milestones, base years (issues 14, 15)


def test_item_count_per_task_equals_the_annex_rows(tasks: TasksFile) -> None:
    """Catches an item lost or added: per task, as many items as the annex has rows (94 in all)."""
    counts = {t.id: len(t.items) for t in every_task(tasks)}
    assert counts == {t.id: len(t.items) for t in ANNEX.tasks}
    assert sum(counts.values()) == 94


def test_due_reads_the_seed_independently() -> None:
    """The parser of due years, on cells read off the seed by hand."""
    cells = {t.id: t.items for t in ANNEX.tasks}
    assert due_from_seed(cells["14"][1].text) == 2030  # 到2025年…；到2030年…
    assert due_from_seed(cells["10"][2].text) == 2030  # 到2030年…比2020年降低8%以上
    assert due_from_seed(cells["5"][0].text) == 2030  # “十五五”期间油品消费达峰
    assert due_from_seed(cells["40"][0].text) == 2025
    assert due_from_seed(cells["1"][0].text) is None  # a standing duty
    dated = [
        f"{t.id}.{n}"
        for t in ANNEX.tasks
        for n, i in enumerate(t.items, 1)
        if due_from_seed(i.text)
    ]
    # read off the seed: the cells that name a year (or “十五五”)
    assert dated == [
        "4.4",
        "5.1",
        "6.2",
        "10.3",
        "10.4",
        "13.2",
        "14.2",
        "15.2",
        "16.1",
        "16.2",
        "17.1",
        "18.1",
        "19.1",
        "20.2",
        "24.1",
        "24.3",
        "25.2",
        "29.3",
        "40.1",
    ]


def test_item_ids_and_due_years_match_the_seed(tasks: TasksFile) -> None:
    """Catches an item id not {task}.{n} in place, or a due year not the latest its text sets."""
    assert item_differences(tasks) == []


def test_every_dated_commitment_is_a_target_or_explained(targets: TargetsFile) -> None:
    """Catches a dated commitment of the goals or a task body that no target (or milestone) holds."""
    assert dated_commitment_gaps(targets) == []


def test_milestones_are_dated_qualitative_clauses(targets: TargetsFile) -> None:
    """Catches a milestone with a number, quoted from elsewhere, or dated other than its clause."""
    assert milestone_differences(targets) == []
    milestones = [t for i in targets.indicators for t in i.targets if t.kind.value == "milestone"]
    # the dated clauses no numeric target holds, less the NOT_MILESTONES: each is one milestone
    numeric = [
        squash(t.quote) for i in targets.indicators for t in i.targets if t not in milestones
    ]
    qualitative = {
        c
        for _, _, c in dated_clauses()
        if c not in NOT_MILESTONES and not any(overlapping(c, q) for q in numeric)
    }
    assert len(milestones) == len(qualitative) == 10


def test_numeric_targets_stay_57(targets: TargetsFile) -> None:
    """Catches a milestone counted as a number, or a numeric target lost (the plan has 57)."""
    kinds = Counter(t.kind.value for i in targets.indicators for t in i.targets)
    assert sum(n for kind, n in kinds.items() if kind != "milestone") == 57


def test_base_years_are_the_plans(targets: TargetsFile) -> None:
    """Catches a guessed base year (co2_intensity_2030 is null, not 2020) or one mistyped."""
    assert base_year_differences(targets) == []


# 6. The comparisons can fail


def _with_task(tasks: TasksFile, task_id: str, new: Task) -> TasksFile:
    """tasks with one key task replaced."""
    groups: list[Group] = [
        g.model_copy(update={"tasks": tuple(new if t.id == task_id else t for t in g.tasks)})
        for g in tasks.groups
    ]
    return tasks.model_copy(update={"groups": tuple(groups)})


def test_comparisons_can_fail(tasks: TasksFile, targets: TargetsFile) -> None:
    """Catches comparisons that report nothing: changes made in memory must be reported."""
    task = next(
        t for g in tasks.groups for t in g.tasks if any(len(i.departments) > 1 for i in t.items)
    )
    index = next(k for k, i in enumerate(task.items) if len(i.departments) > 1)
    item = task.items[index]
    before = set(annex_differences(ANNEX, tasks))  # the data's own differences, if any
    swapped = item.model_copy(update={"departments": item.departments[::-1]})
    reordered = task.model_copy(
        update={"items": tuple(swapped if k == index else i for k, i in enumerate(task.items))}
    )
    new = set(annex_differences(ANNEX, _with_task(tasks, task.id, reordered))) - before
    assert [d for d in new if d.startswith(f"task {task.id} item {index + 1}: departments")]
    dropped = task.model_copy(update={"items": task.items[:index] + task.items[index + 1 :]})
    new = set(annex_differences(ANNEX, _with_task(tasks, task.id, dropped))) - before
    assert [d for d in new if d.startswith(f"task {task.id}: ")]
    reworded = task.model_copy(update={"body": task.body.replace("。", "，", 1)})
    changed = _with_task(tasks, task.id, reworded)
    assert set(body_differences(changed)) - set(body_differences(tasks))
    assert set(missing_from_seed(changed, targets)) - set(missing_from_seed(tasks, targets))
    goals = (Goal(year=2025, text=tasks.goals[0].text[:-5]), *tasks.goals[1:])
    cut = tasks.model_copy(update={"goals": goals})
    assert set(structure_differences(cut)) - set(structure_differences(tasks))
    none = targets.model_copy(update={"indicators": ()})
    assert set(uncovered_numbers(none)) - set(uncovered_numbers(targets))
    assert set(dated_commitment_gaps(none)) - set(dated_commitment_gaps(targets))
    first = task.items[0]
    moved = task.model_copy(
        update={"items": (first.model_copy(update={"id": "x", "due": 1999}), *task.items[1:])}
    )
    assert len(set(item_differences(_with_task(tasks, task.id, moved)))) == 2
    shifted = _with_targets(targets, lambda t: t.model_copy(update={"year": 2035}))
    assert set(milestone_differences(shifted)) - set(milestone_differences(targets))
    guessed = _with_targets(targets, lambda t: t.model_copy(update={"base_year": 2020}))
    assert set(base_year_differences(guessed)) - set(base_year_differences(targets))


def _with_targets(targets: TargetsFile, change: Any) -> TargetsFile:
    """targets with `change` applied to every target."""
    return targets.model_copy(
        update={
            "indicators": tuple(
                i.model_copy(update={"targets": tuple(change(t) for t in i.targets)})
                for i in targets.indicators
            )
        }
    )


# 7. Owners: each department's duties, counted from the seed


def annex_duty_counts(names: set[str]) -> tuple[int, int]:
    """(lead, support): annex items naming one of `names` first, and naming it later only."""
    lead = support = 0
    for task in ANNEX.tasks:
        for item in task.items:
            named = [squash(n) for n in item.departments]
            if named and named[0] in names:
                lead += 1
            elif names & set(named[1:]):
                support += 1
    return lead, support


def test_owners_duty_counts_match_the_annex(
    departments: DepartmentsFile, capsys: pytest.CaptureFixture[str]
) -> None:
    """Catches a duty lost or double-counted by `carbon owners`, or an alias answering differently."""
    from carbon_cli.cli import main

    for dept in departments.departments:
        names = {squash(n) for n in (dept.name, *dept.aliases)}
        assert main(["owners", dept.name, "--data", str(DATA), "--format", "json"]) == 0
        out = capsys.readouterr().out
        roles = Counter(d["role"] for d in json.loads(out)["duties"])
        assert (roles["lead"], roles["support"]) == annex_duty_counts(names), dept.name
        for alias in dept.aliases:
            assert main(["owners", alias, "--data", str(DATA), "--format", "json"]) == 0
            assert capsys.readouterr().out == out, alias
