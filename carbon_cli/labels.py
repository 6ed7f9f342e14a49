"""Words and numbers for people: the Chinese labels of kinds and statuses, and number formats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from carbon_cli.models import RELATIVE_KINDS, Kind, Target
from carbon_cli.status import (
    ESTIMATED,
    FLAG_LABELS,
    PROVISIONAL,
    STATUS_LABELS,
    STATUS_ORDER,
    Status,
    plain,
)

JSON = float | int | None

KIND_LABELS = {
    Kind.AT_LEAST: "不低于",
    Kind.AT_MOST: "不高于",
    Kind.REDUCE_BY: "降低",
    Kind.INCREASE_BY: "提高",
    Kind.PEAK: "达峰",
    Kind.MILESTONE: "完成",
}
STATUS_SYMBOLS = {
    Status.ACHIEVED: "✓",
    Status.ON_TRACK: "↗",
    Status.BEHIND: "!",
    Status.MISSED: "✗",
    Status.NO_DATA: "·",
    Status.INSUFFICIENT_DATA: "?",
    Status.NOT_SET: "…",
}
DEPARTMENT_KIND_LABELS = {
    "municipal_department": "市直部门",
    "party_organ": "市委机关",
    "central_provincial_unit": "中央省属驻揭单位",
    "state_enterprise": "国有企业",
    "group": "单位群体",
}


def number(value: Decimal | None) -> JSON:
    """A Decimal as JSON: an int when whole, else a float without binary noise."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def human(value: Decimal | None, unit: str = "") -> str:
    """A number for people: at most two decimals, no trailing zeros, with its unit."""
    if value is None:
        return "—"
    text = plain(value)
    return f"{text}{unit}" if unit in {"%", "", "个百分点"} else f"{text} {unit}"


def target_value_text(target: Target, unit: str) -> str:
    """How the plan states a target, e.g. 不低于 70%、降低 14%（较2020年）、力争…左右."""
    if target.kind in (Kind.PEAK, Kind.MILESTONE):
        text = KIND_LABELS[target.kind]
    elif target.value is None:
        text = "待省下达"
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
