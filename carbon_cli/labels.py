"""Words and numbers for people: the Chinese labels of kinds, statuses and fields; numbers."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import TypeVar

from carbon_cli.choices import DEPARTMENT_KIND_LABELS as _DEPARTMENT_KINDS
from carbon_cli.choices import KIND_LABELS as KIND_LABELS
from carbon_cli.choices import ROLE_LABELS, STANDING_LABELS, STATE_LABELS
from carbon_cli.methods import METHOD_LABELS, VERDICT_LABELS
from carbon_cli.models import RELATIVE_KINDS, Kind, Target
from carbon_cli.numbers import figure, plain
from carbon_cli.status import (
    ESTIMATED,
    FLAG_LABELS,
    PROVISIONAL,
    STATUS_LABELS,
    STATUS_ORDER,
    Status,
)

JSON = float | int | None
Code = TypeVar("Code", bound=StrEnum)

STATUS_SYMBOLS = {
    Status.ACHIEVED: "✓",
    Status.ON_TRACK: "↗",
    Status.BEHIND: "!",
    Status.MISSED: "✗",
    Status.NO_DATA: "·",
    Status.INSUFFICIENT_DATA: "?",
    Status.NOT_SET: "…",
}
DEPARTMENT_KIND_LABELS: dict[str, str] = {k.value: v for k, v in _DEPARTMENT_KINDS.items()}

# ------------------------------------------------------------------------------------ numbers


def human(value: Decimal | None, unit: str = "") -> str:
    """A number for people, with its unit: the one number format of every table and sentence
    (numbers.figure: as entered, 0.405; rounded where computed, 2.33)."""
    if value is None:
        return "—"
    text = figure(value)
    return f"{text}{unit}" if unit in {"%", "", "个百分点", "‰"} else f"{text} {unit}"


def number(value: Decimal | None) -> JSON:
    """A Decimal as JSON: an int when whole, else a float without binary noise."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


# -------------------------------------------------------------------------------------- words


def target_value_text(target: Target, unit: str) -> str:
    """How the plan states a target: 不低于 70%、降低 14%（较2020年）、待省下达（力争）、禁止."""
    if target.kind in (Kind.PEAK, Kind.MILESTONE):
        text = KIND_LABELS[target.kind]
    elif target.value is None:
        # the number is the province's to set; 力争 qualifies the number, so it follows it
        return "待省下达（力争）" if target.strive else "待省下达"
    elif target.kind is Kind.AT_MOST and target.value == 0:
        text = f"禁止（0 {unit}）" if unit not in {"", "—", "%"} else "禁止"  # 严禁、不得新建
    else:
        shown_unit = "%" if target.kind in {Kind.REDUCE_BY, Kind.INCREASE_BY} else unit
        text = f"{KIND_LABELS[target.kind]} {human(target.value, shown_unit)}"
        if target.base_year is not None:
            text += f"（较{target.base_year}年）"
    if target.approx:
        text += "左右"
    return f"力争{text}" if target.strive else text


def deadline(target: Target) -> int | str:
    """A target's year, or 长期 for a standing constraint."""
    return target.year if target.year is not None else "长期"


def status_label(status: Status) -> str:
    """达标 ✓: a label and a symbol, so colour is never the only signal."""
    return f"{STATUS_LABELS[status]} {STATUS_SYMBOLS[status]}"


FRAGILE_MARK = "◇"
FRAGILE_LEGEND = (
    f"{FRAGILE_MARK} 结论随方法而异：换用时序进度或联合国方法判断，结论不同；"
    "详见 carbon explain 指标名称"
)


def flag_word(flag: str | None) -> str:
    """初步 or 估算 for a P or E value (the words tables and reports mark); else empty."""
    return FLAG_LABELS[flag] if flag in {PROVISIONAL, ESTIMATED} else ""


def change_unit(kind: Kind, unit: str) -> str:
    """The unit of a change in q: 个百分点 for a share or a percent change, else the unit."""
    return "个百分点" if kind in RELATIVE_KINDS or unit == "%" else unit


def change_words(change: Decimal | None, kind: Kind, unit: str) -> str:
    """The change still needed a year by its direction: 再降3个百分点, 提高0.8个百分点.

    For reduce_by q is the percent fall: q rising is the indicator falling. Never "+3".
    """
    if change is None or change == 0:
        return ""
    falls = (change > 0) if kind is Kind.REDUCE_BY else (change < 0)
    return f"{'再降' if falls else '提高'}{plain(abs(change))}{change_unit(kind, unit)}"


def annual_change_text(change: Decimal | None, kind: Kind, unit: str) -> str:
    """每年还需再降3个百分点 (empty when nothing is needed)."""
    words = change_words(change, kind, unit)
    return f"每年还需{words}" if words else ""


def annual_rate_text(rate: Decimal | None) -> str:
    """年均还需下降3.32%: the constant rate still needed, as people say it (empty when none)."""
    if rate is None or rate == 0:
        return ""
    return f"年均还需{'下降' if rate < 0 else '提高'}{plain(abs(rate) * 100)}%"


def progress_bar(progress: Decimal | None, width: int = 8) -> str:
    """████░░░░ 50%: progress toward the target as text."""
    if progress is None:
        return ""
    share = max(Decimal(0), min(Decimal(1), progress))
    filled = int((share * width).to_integral_value(rounding=ROUND_HALF_UP))
    percent = (progress * 100).to_integral_value(rounding=ROUND_HALF_UP)
    return "█" * filled + "░" * (width - filled) + f" {percent}%"


def summary_line(counts: dict[Status, int]) -> str:
    """共 N 项：达标 a，进度正常 b，…"""
    parts = [f"{STATUS_LABELS[s]} {counts[s]}" for s in STATUS_ORDER if counts[s]]
    return f"共 {sum(counts.values())} 项目标：" + "，".join(parts) if parts else "没有目标"


# ------------------------------------------------ fields: the JSON keys as a workbook heads them

FIELD_LABELS: dict[str, str] = {
    # a target (targets, status, explain)
    "id": "编号",
    "indicator": "指标编号",
    "name": "名称",
    "unit": "单位",
    "kind": "类型",
    "value": "数值",
    "year": "年份",
    "base_year": "基期",
    "strive": "力争",
    "approx": "左右",
    "lead": "牵头",
    "support": "配合",
    "task": "任务",
    "quote": "原文",
    "status": "状态",
    "statuses": "状态",
    "observed_value": "观测值",
    "observed_year": "观测年份",
    "observed_flag": "数据标记",
    "data_lag": "数据滞后（年）",
    "baseline_value": "基期值",
    "baseline_year": "基期年份",
    "start_year": "起点年份",
    "start_value": "起点值",
    "measured_value": "实测值",
    "expected_value": "序时应达值",
    "progress": "进度",
    "required_annual_change": "每年还需变化",
    "reason": "说明",
    "area": "地区",
    "area_note": "地区说明",
    "level": "目标水平",
    "target_level": "目标水平",
    # tasks and duties
    "section": "部分",
    "group": "分组",
    "title": "措施",
    "body": "正文",
    "item": "事项",
    "items": "事项",
    "text": "具体任务内容",
    "departments": "责任单位",
    "department": "部门",
    "due": "完成期限",
    "role": "职责",
    "partners": "协同单位",
    "targets": "目标",
    "aliases": "别名",
    "note": "备注",
    # progress records and standings
    "standing": "进展",
    "state": "填报状态",
    "date": "填报日期",
    "evidence": "进展情况",
    "link": "佐证材料",
    "source": "来源",
    "flag": "数据标记",
    "revised": "已修订",
    # a trend (carbon show)
    "observed": "观测值",
    "trajectory": "线性进度",
    "methods": "方法",
    "figure": "数值",
    "fragile": "结论随方法而变",
    "summary": "汇总",
}


def _words(labels: Mapping[Code, str]) -> dict[str, str]:
    """A choice's labels keyed by the codes JSON holds."""
    return {code.value: word for code, word in labels.items()}


# the codes a field may hold, and their Chinese words (a workbook shows the word, not the code)
_STATUSES = _words(VERDICT_LABELS) | _words(STATUS_LABELS)
VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": _STATUSES,
    "statuses": _STATUSES,
    "standing": _words(STANDING_LABELS),
    "progress": _words(STANDING_LABELS),  # a duty's progress is its standing (a number elsewhere)
    "state": _words(STATE_LABELS),
    "kind": _words(KIND_LABELS) | DEPARTMENT_KIND_LABELS,
    "role": _words(ROLE_LABELS),
    "flag": FLAG_LABELS,
    "observed_flag": FLAG_LABELS,
}
# a code as the last part of a header (targets.achieved → 目标·达标)
CODE_LABELS: dict[str, str] = (
    _words(METHOD_LABELS) | _words(STATE_LABELS) | _words(STANDING_LABELS) | _STATUSES
)

# how good a code is, for colours: a workbook's fills and the terminal's styles
TONES: dict[str, str] = {
    **dict.fromkeys(["achieved", "completed_on_time", "completed"], "good"),
    **dict.fromkeys(["on_track", "on_schedule", "in_progress"], "fair"),
    **dict.fromkeys(
        ["behind", "completed_late", "stalled", "fair", "needs_acceleration", "limited_progress"],
        "warn",
    ),
    **dict.fromkeys(
        ["missed", "overdue", "deterioration", "limited", "stagnation_or_regression"], "bad"
    ),
    **dict.fromkeys(
        ["no_data", "insufficient_data", "not_set", "unreported", "not_started"], "none"
    ),
}


# the same keys where the record is a target (targets, status): its year is the deadline
TARGET_FIELD_LABELS = {"name": "指标", "value": "目标值", "year": "期限"}
TARGET_SHAPE = frozenset({"kind", "base_year", "strive"})


def field_label(key: str, keys: Collection[str] = ()) -> str:
    """A flattened JSON key in Chinese: observed_value → 观测值, statuses.全市 → 状态·全市;
    `keys` are the record's keys (a target's year is its deadline, 期限)."""
    first, *rest = key.split(".")
    words = FIELD_LABELS | (TARGET_FIELD_LABELS if set(keys) >= TARGET_SHAPE else {})
    parts = [words.get(first, first)]
    parts += [CODE_LABELS.get(p) or FIELD_LABELS.get(p) or p for p in rest]
    return "·".join(parts)


def value_label(key: str, value: str) -> str | None:
    """The Chinese word for a code held by the field `key` (status behind → 滞后), else None."""
    first, *rest = key.split(".")
    for part in (rest[-1] if rest else first, first):
        words = VALUE_LABELS.get(part)
        if words is not None and value in words:
            return words[value]
    return None
