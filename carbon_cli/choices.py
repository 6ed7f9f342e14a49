"""The fixed choices of the data and the command line, free of pydantic and of the core.

cli.py needs these to declare its options, and `carbon --help` must not pay for pydantic, YAML
or the report to show them; models.py and report.py import them from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import TypeVar

from carbon_cli.errors import UsageError

WHOLE_CITY = "全市"
# the years carbon reads and assesses (observations, records, --year): one bound, everywhere
FIRST_YEAR, LAST_YEAR = 1900, 2100


class DepartmentKind(StrEnum):
    """What sort of body a 责任部门 is."""

    MUNICIPAL = "municipal_department"  # 市政府工作部门、直属单位
    PARTY = "party_organ"  # 市委工作机关
    CENTRAL_PROVINCIAL = "central_provincial_unit"  # 中央、省驻揭单位
    STATE_ENTERPRISE = "state_enterprise"  # 国有企业
    GROUP = "group"  # 一组单位：各县（市、区）人民政府（管委会）、领导小组成员单位


class AreaKind(StrEnum):
    """What sort of area an observation may name (data/areas.yaml)."""

    CITY = "city"  # 全市
    COUNTY = "county"  # 县级行政区：区、县、县级市
    ZONE = "zone"  # 管委会管理的功能区，须注明公布来源


class Kind(StrEnum):
    """How a target is measured (see CONTRACT.md)."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    REDUCE_BY = "reduce_by"
    INCREASE_BY = "increase_by"
    PEAK = "peak"
    MILESTONE = "milestone"  # a dated qualitative commitment, judged from progress records


class Stage(StrEnum):
    """Which evaluation the plan asks for: a yearly one, the 2025 midterm, the 2030 final."""

    ANNUAL = "annual"
    MIDTERM = "midterm"
    FINAL = "final"


class ReportFormat(StrEnum):
    """What `carbon report` writes."""

    HTML = "html"
    MARKDOWN = "markdown"
    DOCX = "docx"


class Role(StrEnum):
    """A department's part in an item: the first named leads (牵头), the others support (配合)."""

    LEAD = "lead"
    SUPPORT = "support"


class State(StrEnum):
    """What a department reports of an item (进展状态)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    STALLED = "stalled"


class Standing(StrEnum):
    """An item's standing as of a year, for one department (the lead's is the item's)."""

    COMPLETED_ON_TIME = "completed_on_time"
    COMPLETED_LATE = "completed_late"
    ON_SCHEDULE = "on_schedule"
    STALLED = "stalled"
    NOT_STARTED = "not_started"
    OVERDUE = "overdue"
    UNREPORTED = "unreported"


KIND_LABELS: dict[Kind, str] = {
    Kind.AT_LEAST: "不低于",
    Kind.AT_MOST: "不高于",
    Kind.REDUCE_BY: "降低",
    Kind.INCREASE_BY: "提高",
    Kind.PEAK: "达峰",
    Kind.MILESTONE: "完成",
}
DEPARTMENT_KIND_LABELS: dict[DepartmentKind, str] = {
    DepartmentKind.MUNICIPAL: "市直部门",
    DepartmentKind.PARTY: "市委机关",
    DepartmentKind.CENTRAL_PROVINCIAL: "中央省属驻揭单位",
    DepartmentKind.STATE_ENTERPRISE: "国有企业",
    DepartmentKind.GROUP: "单位群体",
}
STAGE_LABELS: dict[Stage, str] = {
    Stage.ANNUAL: "年度监测分析",
    Stage.MIDTERM: "中期评估",
    Stage.FINAL: "总结评估",
}
# the short words people say for a stage (the report's titles are STAGE_LABELS + 报告)
STAGE_ALIASES: dict[str, Stage] = {
    "年度": Stage.ANNUAL,
    "年度监测": Stage.ANNUAL,
    "中期": Stage.MIDTERM,
    "总结": Stage.FINAL,
    "终期": Stage.FINAL,
}
REPORT_FORMAT_LABELS: dict[ReportFormat, str] = {
    ReportFormat.HTML: "网页",
    ReportFormat.MARKDOWN: "Markdown",
    ReportFormat.DOCX: "Word 文档",
}
ROLE_LABELS: dict[Role, str] = {Role.LEAD: "牵头", Role.SUPPORT: "配合"}
STATE_LABELS: dict[State, str] = {
    State.NOT_STARTED: "未启动",
    State.IN_PROGRESS: "推进中",
    State.COMPLETED: "已完成",
    State.STALLED: "受阻",
}
# best to worst: the order of summaries, scorecard columns and --only
STANDING_ORDER = tuple(Standing)
STANDING_LABELS: dict[Standing, str] = {
    Standing.COMPLETED_ON_TIME: "按期完成",
    Standing.COMPLETED_LATE: "逾期完成",
    Standing.ON_SCHEDULE: "序时推进",
    Standing.STALLED: "受阻",
    Standing.NOT_STARTED: "未启动",
    Standing.OVERDUE: "逾期未完成",
    Standing.UNREPORTED: "未报送",
}

Choice = TypeVar("Choice", bound=StrEnum)
# what separates several words in one option: --only 滞后,未达标 (also a full-width comma or 、);
# a table, not a regular expression, which would cost every command ~0.7 ms to compile
SEPARATORS = str.maketrans(dict.fromkeys("，、;；", ","))


def _fold(word: str) -> str:
    """A word as compared: trimmed, lower case, '-' as '_' (on-track means on_track)."""
    return word.strip().lower().replace("-", "_")


def listed(labels: Mapping[Choice, str]) -> str:
    """The choices as a hint shows them: 中文（english_id）、…"""
    return "、".join(f"{label}（{choice.value}）" for choice, label in labels.items())


def choice(
    word: str,
    labels: Mapping[Choice, str],
    option: str,
    aliases: Mapping[str, Choice] | None = None,
) -> Choice:
    """The choice a word names: its English id (at_least) or the Chinese word shown (不低于)."""
    names: dict[str, Choice] = {}
    for item, label in labels.items():
        names[_fold(item.value)] = item
        names[_fold(label)] = item
    names |= {_fold(alias): item for alias, item in (aliases or {}).items()}
    found = names.get(_fold(word))
    if found is None:
        raise UsageError(
            f"{option}：没有“{word.strip()}”这一项 (unknown choice)", f"可选：{listed(labels)}"
        )
    return found


def choices(
    words: str | Iterable[str],
    labels: Mapping[Choice, str],
    option: str,
    aliases: Mapping[str, Choice] | None = None,
) -> list[Choice]:
    """The choices several words name, comma-separated (滞后,未达标) or listed; in order, once."""
    parts = words.translate(SEPARATORS).split(",") if isinstance(words, str) else list(words)
    found = [choice(w, labels, option, aliases) for w in parts if w.strip()]
    return list(dict.fromkeys(found))
