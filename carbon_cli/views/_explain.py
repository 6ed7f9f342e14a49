"""`carbon explain`: one target's status, the points, start and level it rests on, every method."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from carbon_cli.areas import area_note
from carbon_cli.labels import (
    FRAGILE_MARK,
    annual_change_text,
    annual_rate_text,
    human,
    number,
    status_label,
    target_value_text,
)
from carbon_cli.methods import METHOD_LABELS, VERDICT_LABELS, Method, Verdict
from carbon_cli.models import RELATIVE_KINDS, Kind
from carbon_cli.status import FLAG_LABELS, STATUS_LABELS, Assessment, Status, plain, reference
from carbon_cli.views._base import Cell, Sheet, View
from carbon_cli.views._status import status_row

if TYPE_CHECKING:
    from carbon_cli import api
    from carbon_cli.methods import Judgement

# what each method's figure is, in words
FIGURES = {
    Method.LINEAR: "完成进度 ",
    Method.COMPOUND: "",
    Method.UN: "CR = ",
    Method.OPENSDG: "CR = ",
    Method.PROJECTION: "P = ",
}
FIGURES_NOTE = (
    "CR：实际年均增速 ÷ 所需年均增速；P：按目前年均增速外推到截止年份，预计走完全程的比例。"
    "算法见 docs/status-rules.md 第四节"
)
NOT_JUDGED = "状态不是进度正常或滞后：各方法照录该状态，不另计算"


def explain(result: api.ExplainResult) -> View:
    """`carbon explain`: the contract's JSON, and three sheets (the verdict, points, methods);
    a milestone has neither points nor methods, a target without observations no points."""
    sheets = [verdict_sheet(result)]
    if result.points:
        sheets.append(points_sheet(result))
    if result.assessment.target.kind is not Kind.MILESTONE:
        sheets.append(methods(result))
    return View(payload(result), sheets)


def payload(result: api.ExplainResult) -> dict[str, Any]:
    """`carbon explain --format json`."""
    start = result.start
    return {
        "target": status_row(result.plan, result.assessment),
        "points": [
            {
                "year": p.year,
                "value": number(p.value),
                "flag": p.flag,
                "source": p.source,
                "revised": p.revised,
            }
            for p in result.points
            if p.revised or p.unused is None  # what the rules see, and the values revised
        ],
        "start": None if start is None else {"year": start[0], "value": number(start[1])},
        "target_level": number(result.level),
        "methods": {
            method.value: {
                "status": None if r.status is None else str(r.status),
                "figure": number(r.figure),
                **{key: number(value) for key, value in r.extra.items()},
            }
            for method, r in result.judgement.methods.items()
        },
        "fragile": result.judgement.fragile,
    }


def _in_unit(value: Decimal | None, unit: str) -> str:
    """A value of the series with its unit (— when none)."""
    return human(value, "%" if unit == "%" else unit)


def rule(a: Assessment) -> str:
    """The rule of CONTRACT.md ("Status") that gave the status, in plain Chinese."""
    kind, status = a.target.kind, a.status
    if kind is Kind.MILESTONE:
        return "里程碑：按任务进展台账中以该目标编号填报的记录判断"
    if status is Status.NOT_SET:
        return "目标值由省下达、尚未录入，最先检查"
    if status is Status.NO_DATA:
        return "没有可用的观测点（有截止年份的目标只看截止年份及以前的观测）"
    if kind is Kind.PEAK:
        due, o = a.target.year, a.observed_year
        if due is not None and o is not None and o >= due:
            return (
                "达峰（观测已到截止年份）：最大值最早出现的年份晚于截止年份为未达标，"
                "否则早于最新观测年份为达标"
            )
        return (
            "达峰（截止年份未到）：连续三年中 Δ1 = v(o) − v(o−1) < 0 或 Δ1 < Δ0 为进度正常，"
            "否则滞后"
        )
    if status is Status.INSUFFICIENT_DATA:
        return "缺少判断所需的数据：相对目标缺基期值或基期在口径调整之前；水平目标找不到进度线起点"
    met = "q ≤ 目标值" if kind is Kind.AT_MOST else "q ≥ 目标值"
    slack = "（“左右”允许目标值2%的差距，可用 --tolerance 调整）" if a.target.approx else ""
    if status is Status.ACHIEVED:
        return f"已达到目标：{met}{slack}"
    if status is Status.MISSED:
        return f"未达到目标（{met}不成立{slack}），且观测年份已到截止年份或为长期约束"
    late = "（截止年份已到而当年数据尚缺，按最新观测判断）" if a.deadline_missing else ""
    return (
        f"未达标、截止年份未到{late}：与从起点到（截止年份，目标值）的直线比较，"
        "在线上或好于线为进度正常，否则滞后"
    )


def verdict_sheet(result: api.ExplainResult) -> Sheet:
    """The verdict and the figures behind it, one line each."""
    a, area, year = result.assessment, result.area, result.year
    t, ind = a.target, a.indicator
    unit = ind.unit
    relative = t.kind in RELATIVE_KINDS
    q_unit = "%" if relative or unit == "%" else unit
    due = f"到{t.year}年" if t.year is not None else "长期："
    status = status_label(a.status) + (FRAGILE_MARK if a.fragile else "")
    if a.judged_on is not None:
        status += f"（截至{a.judged_on}年）"
    rows: list[tuple[str, str]] = [
        ("目标", f"{due}{target_value_text(t, unit)}"),
        ("牵头单位", result.plan.lead_of(t) or "—"),
        ("状态", status),
        ("判定理由", a.reason),
        ("适用规则", rule(a)),
    ]
    if a.observed_year is not None:
        flag = "" if a.observed_flag is None else FLAG_LABELS.get(a.observed_flag, "")
        shown = (
            f"{a.observed_year}年 {_in_unit(a.observed_value, unit)}（{a.observed_flag} {flag}）"
        )
        rows += [("观测点", shown), ("数据滞后", f"{a.data_lag}年（评估年份{year}年）")]
    elif t.kind is not Kind.MILESTONE:
        rows.append(("观测点", "没有可用的观测数据"))
    if t.kind not in {Kind.PEAK, Kind.MILESTONE}:
        rows += _line_rows(result, q_unit)
    return Sheet(
        columns=[("item", "项目"), ("value", "内容")],
        rows=[{"item": k, "value": v} for k, v in rows],
        title=f"{area} {ind.name}：{t.id}，截至{year}年",
        footer=area_note(area),  # said once, for an area other than 全市
        wide=frozenset({"value"}),
    )


def _line_rows(result: api.ExplainResult, q_unit: str) -> list[tuple[str, str]]:
    """Base, start, level and the figures of the straight line of a level target."""
    a, plan = result.assessment, result.plan
    t, unit = a.target, a.indicator.unit
    r = reference(t, plan.targets.reference_year)
    which = "基期" if t.base_year is not None else "起点年份"
    why = "" if t.base_year is not None else "（targets.yaml 的 reference_year）"
    base = "无可用数据" if a.baseline_value is None else _in_unit(a.baseline_value, unit)
    rows = [(which, f"{r}年{why}：{base}")]
    if result.start is not None:
        s, vs = result.start
        note = "" if s == r else f"（{r}年无可用数据，取其后最早的一年）"
        rows.append(("起点", f"{s}年 {_in_unit(vs, unit)}{note}"))
    level = result.level
    if level is not None:
        said = _in_unit(level, unit)
        if t.kind in RELATIVE_KINDS and t.value is not None:
            said += f"（{'下降' if t.kind is Kind.REDUCE_BY else '提高'}{plain(t.value)}%）"
        rows.append(("目标水平", said))
    if a.expected_value is not None:
        verb = {Kind.REDUCE_BY: "应降", Kind.INCREASE_BY: "应增"}.get(t.kind, "应达")
        rows.append(("线性进度值", f"{a.observed_year}年{verb}{human(a.expected_value, q_unit)}"))
    if a.progress is not None:
        rows.append(("完成进度", f"{plain(a.progress * 100, 1)}%"))
    linear = annual_change_text(a.required_annual_change, t.kind, unit)
    rate = annual_rate_text(result.judgement.required_annual_rate)
    if linear:
        rows.append(("每年还需（线性）", f"{linear}（按线性进度，到{t.year}年）"))
    if rate:
        rows.append(
            ("每年还需（等比）", f"{rate}（时序进度：从{a.observed_year}年的观测值到目标水平）")
        )
    return rows


def points_sheet(result: api.ExplainResult) -> Sheet:
    """The observations behind the verdict, with flags, sources and what each is used for."""
    a = result.assessment
    unit = a.indicator.unit
    r = reference(a.target, result.plan.targets.reference_year)
    start = result.start[0] if result.start is not None else None
    rows: list[dict[str, Cell]] = []
    for p in result.points:
        use = p.unused or ""
        if not use:
            uses = []
            if p.year == start:
                uses.append("基期、起点" if a.target.kind in RELATIVE_KINDS else "起点")
            if p.year == a.observed_year:
                uses.append("观测点")
            if a.target.kind is Kind.PEAK:
                uses += _peak_uses(a, result.points, p.year)
            elif not uses and p.year < r:
                uses.append(f"早于{r}年，不作起点")
            use = "、".join(uses)
        rows.append(
            {
                "year": p.year,
                "value": _in_unit(p.value, unit),
                "flag": f"{p.flag} {FLAG_LABELS.get(p.flag, '')}",
                "source": p.source or "",
                "use": use,
            }
        )
    return Sheet(
        columns=[
            ("year", "年份"),
            ("value", "数值"),
            ("flag", "标记"),
            ("source", "来源"),
            ("use", "用途"),
        ],
        rows=rows,
        title="数据点",
        wide=frozenset({"source", "use"}),
    )


def _peak_uses(a: Assessment, points: list[api.ExplainPoint], year: int) -> list[str]:
    """What a peak's rule uses a year for: the three years of its trend, or its maximum."""
    o, due = a.observed_year, a.target.year
    if o is None:
        return []
    if due is not None and o >= due:
        seen = {p.year: p.value for p in points if p.unused is None}
        top = max(seen.values())
        return ["峰值"] if year == min(y for y, v in seen.items() if v == top) else []
    return ["连续三年趋势"] if o - 2 <= year <= o else []


def _figure(method: Method, value: Decimal | None, a: Assessment) -> str:
    """A method's figure as people read it."""
    if value is None:
        return "—"
    if method is Method.LINEAR:
        return f"{plain(value * 100, 1)}%"
    if method is Method.COMPOUND:
        t, unit = a.target, a.indicator.unit
        when = f"{a.observed_year}年"
        if t.kind in RELATIVE_KINDS:
            return f"{when}{'应降' if t.kind is Kind.REDUCE_BY else '应增'}{plain(value, 3)}%"
        return f"{when}应达{human(value, '%' if unit == '%' else unit)}"
    return plain(value, 4)


def methods(result: api.ExplainResult) -> Sheet:
    """The five methods side by side, with a line saying whether they agree."""
    a, judged = result.assessment, result.judgement
    rows: list[dict[str, Cell]] = []
    for method, r in judged.methods.items():
        said = "—（不适用）" if r.status is None else _verdict(r.status)
        rows.append(
            {
                "method": METHOD_LABELS[method],
                "status": said,
                "figure": f"{FIGURES[method]}{_figure(method, r.figure, a)}"
                if r.figure is not None
                else "—",
            }
        )
    return Sheet(
        columns=[("method", "方法"), ("status", "结论"), ("figure", "数字")],
        rows=rows,
        title="五种判定方法",
        footer=agreement(a, judged) + ("" if a.judgement is None else "\n" + FIGURES_NOTE),
        wide=frozenset({"figure"}),
    )


def _verdict(status: str) -> str:
    """A method's status in Chinese: the methods' own words, or the status's."""
    if status in {v.value for v in Verdict}:
        return VERDICT_LABELS[Verdict(status)]
    return STATUS_LABELS[Status(status)]


def agreement(a: Assessment, judged: Judgement) -> str:
    """One plain-Chinese line: do the methods agree, and what that means."""
    if a.status not in {Status.ON_TRACK, Status.BEHIND} or a.judgement is None:
        return NOT_JUDGED
    if judged.fragile:
        return (
            f"{FRAGILE_MARK} 结论随方法而异：有的方法判为进度正常，有的不是。"
            "这项目标处在临界附近，引用时请写明所用方法（本工具的正式结论用线性进度）"
        )
    said = {r.status for r in judged.methods.values() if r.status is not None}
    if said == {Verdict.ON_TRACK.value}:
        return "各方法一致：进度正常"
    return "各方法一致：没有一种方法判为进度正常"
