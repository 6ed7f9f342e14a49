"""Everything behind one target's status: `carbon explain`."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from carbon_cli.api._common import (
    DEFAULT_TOLERANCE,
    Result,
    as_of,
    assess_targets,
    resolve_area,
)
from carbon_cli.choices import WHOLE_CITY
from carbon_cli.errors import UsageError
from carbon_cli.models import RELATIVE_KINDS, Indicator, Kind, Target, squash

if TYPE_CHECKING:
    from carbon_cli.methods import Judgement
    from carbon_cli.observations import Observations
    from carbon_cli.plan import Plan
    from carbon_cli.progress import Record
    from carbon_cli.status import Assessment

# 非化石能源消费占比2030, "能耗强度 2025", energy_intensity:2025: a name, then a deadline
_WITH_YEAR = re.compile(r"(.+?)[:：@_\-]?(\d{4})年?")


@dataclass(frozen=True)
class ExplainPoint:
    """One observation behind a verdict: its flag (A when none), source, and what it was for."""

    year: int
    value: Decimal
    flag: str
    source: str | None
    revised: bool = False  # a value a more final figure of the same year replaced
    unused: str | None = None  # why the rules do not use it (F, before a break), else None


@dataclass(frozen=True, eq=False)
class ExplainResult(Result):
    """One target's status as of a year with the points, start, level and every method."""

    VIEW = "explain"
    year: int
    area: str
    assessment: Assessment
    points: list[ExplainPoint]
    start: tuple[int, Decimal] | None  # (s, vs) in the series' unit, where a line is drawn
    level: Decimal | None  # the target level L in the series' unit
    judgement: Judgement
    notices: list[str] = field(default_factory=list)


def _fold(text: str) -> str:
    """A name as people type it: no spaces, full-width and half-width alike, any case."""
    return unicodedata.normalize("NFKC", squash(text)).lower()


def find_target(query: str, plan: Plan) -> tuple[Indicator, Target]:
    """The target an id means, or an indicator's id, name or alias (with its deadline year where
    it has several targets: 非化石能源消费占比2030); else UsageError naming the closest ids."""
    wanted = _fold(query)
    if not wanted:
        raise UsageError("目标编号为空", "用 carbon targets 查看全部目标编号")
    by_id = {_fold(t.id): (ind, t) for ind, t in plan.all_targets}
    if wanted in by_id:
        return by_id[wanted]
    names = {
        _fold(name): ind
        for ind in plan.targets.indicators
        for name in (ind.id, ind.name, *ind.aliases)
    }
    split = _WITH_YEAR.fullmatch(wanted)
    for name, year in [(wanted, None), *([(split[1], int(split[2]))] if split else [])]:
        if name in names:
            return _one_target(query, names[name], year)
    fragment = {ind.id: ind for name, ind in names.items() if wanted in name}
    if len(fragment) == 1:
        return _one_target(query, next(iter(fragment.values())), None)
    close = difflib.get_close_matches(wanted, [*by_id, *names], n=3, cutoff=0.4)
    ids = [i for c in close for i in ([by_id[c][1].id] if c in by_id else _ids(names[c]))][:5]
    hint = "用 carbon targets 查看全部目标编号"
    if ids:
        hint = f"您是不是要找：{'、'.join(dict.fromkeys(ids))}？{hint}"
    raise UsageError(f"没有找到目标“{query}”", hint)


def _ids(indicator: Indicator) -> list[str]:
    """The ids of an indicator's targets."""
    return [t.id for t in indicator.targets]


def _one_target(query: str, indicator: Indicator, year: int | None) -> tuple[Indicator, Target]:
    """The indicator's one target (due in `year` when given); else UsageError listing them."""
    chosen = [t for t in indicator.targets if year is None or t.year == year]
    if len(chosen) == 1:
        return indicator, chosen[0]
    listed = "、".join(f"{t.id}（{t.year or '长期'}）" for t in indicator.targets)
    if not chosen:
        raise UsageError(f"指标“{indicator.name}”没有期限为{year}年的目标", f"可选：{listed}")
    first = next((t for t in chosen if t.year is not None), chosen[0])
    raise UsageError(
        f"“{query}”有{len(chosen)}项目标：{listed}",
        f"写目标编号，或在名称后加期限年份，如 carbon explain {indicator.name}{first.year or ''}",
    )


def explain(
    plan: Plan,
    observed: Observations,
    target: str,
    *,
    year: int | None = None,
    area: str = WHOLE_CITY,
    tolerance: Decimal | float | int = DEFAULT_TOLERANCE,
    records: Iterable[Record] = (),
) -> ExplainResult:
    """`carbon explain`: the status of the target `target` names as of `year`, and its grounds
    (a milestone's from the progress `records`, as in `carbon status`)."""
    from carbon_cli.methods import without_trajectory
    from carbon_cli.status import target_level

    _, chosen = find_target(target, plan)
    area = resolve_area(plan, area)
    when, notices = as_of(observed, area, year)
    every = assess_targets(plan, observed, when, area, tolerance, records)
    [a] = [a for a in every if a.target is chosen]
    base = a.baseline_value if chosen.kind in RELATIVE_KINDS else None
    return ExplainResult(
        plan,
        when,
        area,
        a,
        points(observed, a, area),
        a.line_start,
        None if chosen.kind is Kind.MILESTONE else target_level(chosen, base),
        a.judgement or without_trajectory(a.status.value),
        notices,
    )


def points(observed: Observations, a: Assessment, area: str) -> list[ExplainPoint]:
    """The values of the target's indicator up to Y (and its deadline, but for a peak), each
    with its flag, its source and, where the rules do not use it, why; replaced values too."""
    from carbon_cli.status import BREAK, FINAL, FLAG_LABELS, FORECAST

    if a.target.kind is Kind.MILESTONE:
        return []
    ind = a.indicator.id
    flags = observed.flags(ind, area)
    due = None if a.target.kind is Kind.PEAK else a.target.year
    k = a.break_year
    found: list[ExplainPoint] = []
    for y, v in sorted(observed.get(ind, area).items()):
        if y > a.year or (due is not None and y > due):
            continue
        flag = flags.get(y, FINAL)
        unused = None
        if flag == FORECAST:
            unused = f"{FLAG_LABELS[FORECAST]}数，不作为实际值"
        elif k is not None and y < k:
            unused = f"{k}年{FLAG_LABELS[BREAK]}以前的数据，不再使用"
        found.append(ExplainPoint(y, v, flag, observed.source(ind, area, y), False, unused))
        for old in observed.replaced(ind, area).get(y, []):
            found.append(ExplainPoint(y, old.value, old.flag, old.source, True, "已被修订"))
    return found
