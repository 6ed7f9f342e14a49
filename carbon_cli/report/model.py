"""The report's data: the targets assessed for a stage and year, gathered for its sections.

report/sections.py turns it into sections of blocks (Report.sections()), which render/markdown.py,
render/html.py and render/docx.py draw (chosen by name in render.REPORT_RENDERERS).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from carbon_cli import __version__, labels, views
from carbon_cli.choices import Stage
from carbon_cli.models import RELATIVE_KINDS, WHOLE_CITY, Indicator, Kind, Target
from carbon_cli.plan import SAFEGUARDS
from carbon_cli.progress import Record, judge_milestones
from carbon_cli.report import ledger
from carbon_cli.report import sections as layout
from carbon_cli.report.blocks import Section
from carbon_cli.report.ledger import Ledger
from carbon_cli.stages import STAGE_SCOPES, STAGE_TITLES, in_stage
from carbon_cli.status import Assessment, Status, assess_all, summary
from carbon_cli.trend import Trend, trend

if TYPE_CHECKING:
    from carbon_cli.loading import Plan
    from carbon_cli.observations import Observations

Series = Mapping[int, Decimal]
Cell = views.Cell

PLAN_TITLE = "揭阳市碳达峰实施方案"
# statuses that mean someone still owes a figure: an observation, a base-year value, the number
DATA_GAPS = (Status.NO_DATA, Status.INSUFFICIENT_DATA, Status.NOT_SET)
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
    notes: list[tuple[str, str, str]]  # (id, indicator name, the data's note)
    sources: list[tuple[str, int]]  # where the observations come from, how many values each
    progress: Ledger | None = None  # the items' standings, with progress records

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
        return f"评估截至{self.year}年底；地区：{self.area}；范围：{which}，共 {n} 项"

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
    tolerance: Decimal = Decimal("0.02"),
    records: Sequence[Record] = (),
) -> Report:
    """Assess the stage's targets as of `year` and gather every section of the report; with
    progress `records`, the milestones' status and the items' standings too."""
    by_indicator = observed.for_area(area)
    every = assess_all(
        plan.targets.indicators,
        by_indicator,
        year=year,
        reference_year=plan.targets.reference_year,
        area=area,
        tolerance=tolerance,
        flags_by_indicator=observed.flags_for_area(area),
    )
    assessed = [
        a for a in judge_milestones(plan, every, records, year) if in_stage(a.target, stage)
    ]
    visible = {
        ind: {y: v for y, v in series.items() if y <= year} for ind, series in by_indicator.items()
    }
    return Report(
        stage=stage,
        year=year,
        area=area,
        assessments=assessed,
        groups=_groups(plan, assessed, year, area),
        trends=_trends(
            assessed, visible, area, plan.targets.reference_year, observed.flags_for_area(area)
        ),
        scorecard=_scorecard(plan, assessed, year, area, records),
        gaps=_gaps(plan, assessed),
        notes=_notes(assessed),
        sources=_sources(observed, assessed, year, area),
        progress=ledger.gather(plan, records, assessed, year),
    )


def _groups(
    plan: Plan, assessed: Sequence[Assessment], year: int, area: str
) -> list[tuple[str, list[dict[str, Cell]]]]:
    """The status rows of views.status_sheet, with trajectory value and lead, under every group."""
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
            row | {"observed": observed, "expected": expected, "lead": _lead(plan, a.target)}
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


def _notes(assessed: Sequence[Assessment]) -> list[tuple[str, str, str]]:
    """The data's notes on the report's indicators and targets, in file order."""
    notes: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for a in assessed:
        ind = a.indicator
        if ind.note and ind.id not in seen:
            notes.append((ind.id, ind.name, ind.note))
        seen.add(ind.id)
        if a.target.note:
            notes.append((a.target.id, ind.name, a.target.note))
    return notes


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
