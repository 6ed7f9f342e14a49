"""The plan's three assessments: 年度监测分析 (any year), 中期评估 (2025), 总结评估 (2030)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from carbon_cli.choices import Stage
from carbon_cli.errors import UsageError

if TYPE_CHECKING:
    from carbon_cli.models import Target

MIDTERM_YEAR = 2025
FINAL_YEAR = 2030

STAGE_YEARS = {Stage.MIDTERM: MIDTERM_YEAR, Stage.FINAL: FINAL_YEAR}
STAGE_TITLES = {
    Stage.ANNUAL: "年度监测分析报告",
    Stage.MIDTERM: "中期评估报告",
    Stage.FINAL: "总结评估报告",
}
# which targets each stage assesses, in words (in_stage is the rule)
STAGE_SCOPES = {
    Stage.ANNUAL: "方案全部目标（量化目标和里程碑）",
    Stage.MIDTERM: f"期限为{MIDTERM_YEAR}年的目标",
    Stage.FINAL: f"期限为{FINAL_YEAR}年的目标及长期约束性目标",
}


def stage_year(stage: Stage, year: int | None) -> int | None:
    """The year a stage fixes (midterm 2025, final 2030); a different --year is a usage error."""
    fixed = STAGE_YEARS.get(stage)
    if fixed is not None and year is not None and year != fixed:
        raise UsageError(
            f"--stage {stage.value} 评估截至 {fixed} 年，与 --year {year} 不符",
            f"去掉 --year，或用 --stage annual --year {year}",
        )
    return fixed if fixed is not None else year


def in_stage(target: Target, stage: Stage) -> bool:
    """Midterm: the 2025 targets; final: the 2030 and standing targets; annual: every target."""
    if stage is Stage.MIDTERM:
        return target.year == MIDTERM_YEAR
    if stage is Stage.FINAL:
        return target.year in {FINAL_YEAR, None}
    return True
