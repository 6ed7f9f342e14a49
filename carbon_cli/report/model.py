"""The report's data: the targets assessed for a stage and year, gathered for its sections.

report/sections.py turns it into sections of blocks (Report.sections()), which render/markdown.py,
render/html.py and render/docx.py draw (chosen by name in render.REPORT_RENDERERS).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from carbon_cli import __version__, labels, views
from carbon_cli.areas import area_note
from carbon_cli.choices import Stage
from carbon_cli.models import RELATIVE_KINDS, WHOLE_CITY, Indicator, Kind, Target
from carbon_cli.plan import SAFEGUARDS
from carbon_cli.progress import Record
from carbon_cli.report import ledger
from carbon_cli.report import sections as layout
from carbon_cli.report.blocks import Section
from carbon_cli.report.ledger import Ledger
from carbon_cli.stages import STAGE_SCOPES, STAGE_TITLES, in_stage
from carbon_cli.status import STATUS_LABELS, Assessment, Status, summary
from carbon_cli.trend import Trend, trend

if TYPE_CHECKING:
    from carbon_cli.loading import Plan
    from carbon_cli.observations import Observations

Series = Mapping[int, Decimal]
Cell = views.Cell

PLAN_TITLE = "揭阳市碳达峰实施方案"
# statuses that mean someone still owes a figure: an observation, a base-year value, the number
DATA_GAPS = (Status.NO_DATA, Status.INSUFFICIENT_DATA, Status.NOT_SET)
UNCHANGED = "—"
COLOPHON = (
    f"由 carbon {__version__} 生成；"
    f"状态规则见 {layout.STATUS_RULES}，目标原文见 data/targets.yaml。"
)


@dataclass(frozen=True)
class Report:
    """Everything a report says, before it is drawn."""

    stage: Stage
    year: int
    area: str
    assessments: list[Assessment]
    groups: list[tuple[str, list[dict[str, Cell]]]]  # every group of the plan, its target rows
    trends: list[Trend]  # indicators with two or more observations
    scorecard: views.Sheet
    gaps: list[dict[str, Cell]]  # targets still owed a figure, by lead department
    notes: list[tuple[str, str]]  # (whose: an indicator or one of its targets, the data's note)
    sources: list[tuple[str, int]]  # where the observations come from, how many values each
    progress: Ledger | None = None  # the items' standings, with progress records
    notes_left_out: int = 0  # notes on targets without a figure yet, left to data/targets.yaml

    @property
    def title(self) -> str:
        """E.g. 揭阳市碳达峰实施方案 2025年度监测分析报告（全市）."""
        if self.stage is Stage.ANNUAL:
            return f"{PLAN_TITLE} {self.year}年度监测分析报告（{self.area}）"
        return f"{PLAN_TITLE} {STAGE_TITLES[self.stage]}（{self.year}年，{self.area}）"

    @property
    def counts(self) -> dict[Status, int]:
        """How many targets have each status."""
        return summary(self.assessments)

    def scope(self) -> str:
        """One line saying what is assessed."""
        which = STAGE_SCOPES[self.stage]
        n = len(self.assessments)
        note = area_note(self.area)  # said once, for an area other than 全市
        scope = f"评估截至{self.year}年底；地区：{self.area}；范围：{which}，共 {n} 项"
        return scope if note is None else f"{scope}。{note}"

    @property
    def colophon(self) -> str:
        """The closing line: what made the report, where its rules and targets are written."""
        return COLOPHON

    def sections(self) -> list[Section]:
        """The report's sections in order, numbered 一、二、… by their place."""
        built = [made for make in layout.SECTIONS if (made := make(self)) is not None]
        return [replace(section, number=n) for n, section in enumerate(built, 1)]

    def gap_intro(self) -> str:
        """What the data-gap section lists."""
        if not self.gaps:
            return "本报告范围内的目标都有数据。"
        return (
            f"共 {len(self.gaps)} 项目标缺少数据（无观测值、缺基期数据或目标值待省下达），"
            "按牵头单位排列：由牵头单位负责报送。"
        )


def build_report(
    plan: Plan,
    observed: Observations,
    *,
    stage: Stage,
    year: int,
    area: str = WHOLE_CITY,
    now: Sequence[Assessment],
    before: Sequence[Assessment],
    records: Sequence[Record] = (),
) -> Report:
    """Gather every section of the report from the targets' statuses as of `year` (`now`) and a
    year earlier (`before`: each row says how its status has changed since), both assessed by
    the api's one path (flags, reference year, milestones' progress records); with progress
    `records`, the items' standings (重点任务进展) too."""
    by_indicator = observed.for_area(area)
    assessed = [a for a in now if in_stage(a.target, stage)]
    visible = {
        ind: {y: v for y, v in series.items() if y <= year} for ind, series in by_indicator.items()
    }
    notes, left_out = _notes(assessed)
    return Report(
        stage=stage,
        year=year,
        area=area,
        assessments=assessed,
        groups=_groups(plan, assessed, year, area, _changes(assessed, before)),
        trends=_trends(
            assessed, visible, area, plan.targets.reference_year, observed.flags_for_area(area)
        ),
        scorecard=_scorecard(plan, assessed, year, area, records),
        gaps=_gaps(plan, assessed),
        notes=notes,
        sources=_sources(observed, assessed, year, area),
        progress=ledger.gather(plan, records, assessed, year),
        notes_left_out=left_out,
    )


def change_text(before: Status | None, now: Status) -> str:
    """A status's change since the year before: 滞后→进度正常, 新增数据, or — (unchanged)."""
    if before is None or before is now:
        return UNCHANGED
    if before is Status.NO_DATA:
        return "新增数据"
    return f"{STATUS_LABELS[before]}→{STATUS_LABELS[now]}"


def _changes(now: Sequence[Assessment], before: Sequence[Assessment]) -> dict[str, str]:
    """Each target's change_text from its status a year before to its status now."""
    earlier = {a.target.id: a.status for a in before}
    return {a.target.id: change_text(earlier.get(a.target.id), a.status) for a in now}


def _groups(
    plan: Plan,
    assessed: Sequence[Assessment],
    year: int,
    area: str,
    changes: Mapping[str, str],
) -> list[tuple[str, list[dict[str, Cell]]]]:
    """The status rows of views.status_sheet, with trajectory value, change and lead, by group."""
    by_id = {a.target.id: a for a in assessed}
    rows: dict[str, list[dict[str, Cell]]] = {}
    for row in views.status_sheet(plan, assessed, year, area).rows:
        a = by_id[str(row["id"])]
        unit = a.indicator.unit
        shown = "%" if unit == "%" else ""
        relative = a.target.kind in RELATIVE_KINDS
        change = "降幅" if a.target.kind is Kind.REDUCE_BY else "增幅"
        observed = str(row["observed"])
        if relative and a.measured_value is not None:
            observed += f"，{change} {labels.human(a.measured_value, '%')}"
        expected = ""
        if a.expected_value is not None:
            expected = (
                f"{change} {labels.human(a.expected_value, '%')}"
                if relative
                else labels.human(a.expected_value, shown)
            )
        rows.setdefault(str(row["group"]), []).append(
            row
            | {
                "observed": observed,
                "expected": expected,
                "change": changes[a.target.id],
                "lead": _lead(plan, a.target),
            }
        )
    titles = [f"{g.number}{g.title}" for g in plan.tasks.groups]
    if SAFEGUARDS in rows:
        titles.append(SAFEGUARDS)
    return [(title, rows.get(title, [])) for title in titles]


def _lead(plan: Plan, target: Target) -> str:
    """The lead department, the one who owes the target's data."""
    return plan.lead_of(target) or "—"


def _trends(
    assessed: Sequence[Assessment],
    visible: Mapping[str, Series],
    area: str,
    reference_year: int,
    flags: Mapping[str, Mapping[int, str]],
) -> list[Trend]:
    """A trend for each indicator of the report with at least two observations."""
    targets: dict[str, tuple[Indicator, list[Target]]] = {}
    for a in assessed:
        targets.setdefault(a.indicator.id, (a.indicator, []))[1].append(a.target)
    return [
        trend(
            indicator,
            chosen,
            visible[ind_id],
            area,
            reference_year=reference_year,
            flags=flags.get(ind_id),
        )
        for ind_id, (indicator, chosen) in targets.items()
        if len(visible.get(ind_id, {})) >= 2
    ]


def _scorecard(
    plan: Plan, assessed: Sequence[Assessment], year: int, area: str, records: Sequence[Record]
) -> views.Sheet:
    """The scorecard of the departments with at least one of the report's targets."""
    from carbon_cli.api import scorecard_rows

    rows = scorecard_rows(plan, assessed, only_with_targets=True, records=records, year=year)
    return views.scorecard_sheet(plan, rows, year, area)


def _gaps(plan: Plan, assessed: Sequence[Assessment]) -> list[dict[str, Cell]]:
    """Targets still owed a figure, grouped by the lead department that owes it."""
    order = plan.task_order
    owed = sorted(
        (a for a in assessed if a.status in DATA_GAPS),
        key=lambda a: (_lead(plan, a.target), order.get(a.target.task, len(order))),
    )
    return [
        {
            "lead": _lead(plan, a.target),
            "id": a.target.id,
            "name": a.indicator.name,
            "target": labels.target_value_text(a.target, a.indicator.unit),
            "deadline": a.target.year if a.target.year is not None else "长期",
            "status": labels.status_label(a.status),
            "status_code": a.status.value,
            "reason": a.reason,
        }
        for a in owed
    ]


def _notes(assessed: Sequence[Assessment]) -> tuple[list[tuple[str, str]], int]:
    """The data's notes on the targets the report gives a figure for, in file order, as readers
    need them (TRACING sentences dropped); and how many notes on the other targets are left out."""
    figured = {a.indicator.id for a in assessed if a.observed_value is not None}
    notes: list[tuple[str, str]] = []
    left_out = 0
    seen: set[str] = set()
    for a in assessed:
        ind = a.indicator
        found = []  # (whose, the note, whether the report gives a figure for it)
        if ind.note and ind.id not in seen:
            found.append((ind.name, ind.note, ind.id in figured))
        seen.add(ind.id)
        if a.target.note:
            due = f"{a.target.year}年" if a.target.year is not None else "长期"
            aim = labels.target_value_text(a.target, ind.unit)
            whose = f"{ind.name}，{due}目标“{aim}”"
            found.append((whose, a.target.note, a.observed_value is not None))
        for whose, note, shown in found:
            told = readers_note(note)
            if told and shown:
                notes.append((whose, told))
            elif told:
                left_out += 1
    return notes, left_out


# sentences of a note that trace a target to the plan's text (where it is stated, which task
# carries it, which clause a 力争 governs): kept in data/targets.yaml for whoever checks the data
# against the plan; they tell the reader of a report nothing about the figures
TRACING = ("只见于", "年份取同句", "管到这一分句", "管到此句", "附件写法")


def readers_note(note: str) -> str:
    """A note without its TRACING sentences: what a reader of the figures needs."""
    sentences = re.findall(r"[^。]+。?", note)
    return "".join(s for s in sentences if not any(mark in s for mark in TRACING)).strip()


def _sources(
    observed: Observations, assessed: Sequence[Assessment], year: int, area: str
) -> list[tuple[str, int]]:
    """Each source named in the observations the report uses, with how many values it gave."""
    used = {a.indicator.id for a in assessed}
    counts = Counter(
        source
        for (ind, where, y), source in observed.sources.items()
        if ind in used and where == area and y <= year
    )
    values = sum(
        1
        for (ind, where), series in observed.series.items()
        if ind in used and where == area
        for y in series
        if y <= year
    )
    unnamed = values - sum(counts.values())
    listed = counts.most_common()
    return listed + ([("（未注明出处）", unnamed)] if unnamed else [])
