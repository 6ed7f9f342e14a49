"""The other ways of judging a level target's progress, set beside the linear rule of status.py.

CONTRACT.md, "Methods (`carbon explain`)". Everything is in the observed series' unit: the start
(s, vs), the observed point (o, vo) and the target level L at the deadline d: the value itself,
or for the relative kinds b·(1 − value/100) (reduce_by) and b·(1 + value/100) (increase_by),
where s is the base year and vs the base-year value b (so no separate b is passed).

    verdict = judge(
        kind, Point(s, vs), Point(o, vo), L, d,
        linear_status=assessment.status,                   # status.py's verdict: the ruling one
        linear_progress=assessment.progress,
    )
    verdict.methods[Method.UN].status, verdict.methods[Method.UN].figure, verdict.fragile

`judge()` returns every method in `Method` order, each a `MethodResult(status, figure, extra)`:
- `linear`: the given status; figure the given progress.
- `compound` (时序进度, a constant annual rate): path(t) = vs·(L/vs)^((t − s)/(d − s));
  on_track when vo is at or beyond path(o) in the kind's direction (higher is better for
  at_least/increase_by, lower for at_most/reduce_by); figure path(o) in q's unit (the percent
  fall or rise for relative kinds); extra `path_value` path(o) in the series' unit, `path_rate`
  the path's constant rate, `required_annual_rate` = (L/vo)^(1/(d − o)) − 1.
- `un` (UN SDG Progress Chart 2022): figure CR = CAGR_a/CAGR_r; extra `cagr_actual`,
  `cagr_required` (L replaced by 0.001 where L = 0).
- `opensdg` (open-sdg's progress measure): the same CR, its own thresholds.
- `projection` (UN SDG Progress Chart 2023): figure P = (v_e − vs)/(L − vs), v_e the value at d
  if CAGR_a holds; extra `projected_value` v_e.

Each method's extra keys are always present (None where undefined). Where a method's formula is
undefined (vs ≤ 0 or vo ≤ 0 for a rate, L ≤ 0 for a compound path, L = vs, o = s for CAGR_a) its
status and figure are None. For a linear status other than on_track/behind every method repeats
it with figure None (`without_trajectory()` gives the same for a target with no trajectory, e.g.
a peak). `Judgement.fragile` is true when the methods with a status disagree on whether the
target is on track. `Judgement` also carries the change still needed both ways: per year in q's
unit (as status.py's `required_annual_change`) and as a constant rate.

Numbers are Decimal in a 60-digit context; the compound comparison is exact (integer powers of
the exact fractions), so a point exactly on the path is on track even where path(o) has no finite
decimal expansion. The thresholds are inclusive at their lower end, as the contract writes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, localcontext
from enum import StrEnum
from fractions import Fraction
from typing import NamedTuple

from carbon_cli.choices import Kind

# as status.py: enough digits that no figure of a CSV or YAML file is rounded on the way
_PRECISION = 60
# the UN 2022 method's stand-in for a target level of 0 (a ban), in the series' own unit
BAN_LEVEL = Decimal("0.001")
_HUNDRED = Decimal(100)


class Method(StrEnum):
    """A way of judging progress; the values are the contract's keys, in the order shown."""

    LINEAR = "linear"
    COMPOUND = "compound"
    UN = "un"
    OPENSDG = "opensdg"
    PROJECTION = "projection"


# for tables and the report; the English names of the sources are in docs/status-rules.md
METHOD_LABELS: dict[Method, str] = {
    Method.LINEAR: "线性进度",
    Method.COMPOUND: "时序进度（年均等比）",
    Method.UN: "联合国进展图（2022年方法）",
    Method.OPENSDG: "open-sdg进展度量",
    Method.PROJECTION: "联合国预测法（2023年方法）",
}


class Verdict(StrEnum):
    """What a method says of a target that is on_track or behind by the linear rule."""

    ON_TRACK = "on_track"
    BEHIND = "behind"
    FAIR = "fair"  # UN 2022: Fair progress, but acceleration needed; 2023: off track
    LIMITED = "limited"  # UN 2022: Limited or no progress
    DETERIORATION = "deterioration"  # UN 2022 and open-sdg: Deterioration
    NEEDS_ACCELERATION = "needs_acceleration"  # open-sdg: Progress made but acceleration needed
    LIMITED_PROGRESS = "limited_progress"  # open-sdg: Limited progress
    STAGNATION_OR_REGRESSION = "stagnation_or_regression"  # UN 2023: Stagnation or regression


VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.ON_TRACK: "进度正常",
    Verdict.BEHIND: "滞后",
    Verdict.FAIR: "进展尚可",
    Verdict.LIMITED: "进展有限或停滞",
    Verdict.DETERIORATION: "倒退",
    Verdict.NEEDS_ACCELERATION: "需加快",
    Verdict.LIMITED_PROGRESS: "进展有限",
    Verdict.STAGNATION_OR_REGRESSION: "停滞或倒退",
}

_TRAJECTORY_STATUSES = (Verdict.ON_TRACK, Verdict.BEHIND)
_HIGHER_IS_BETTER = {
    Kind.AT_LEAST: True,
    Kind.INCREASE_BY: True,
    Kind.AT_MOST: False,
    Kind.REDUCE_BY: False,
}
# the sign of a relative kind's change: q = sign·(v − b)/b·100
_RELATIVE = {Kind.REDUCE_BY: -1, Kind.INCREASE_BY: 1}
_EXTRA_KEYS: dict[Method, tuple[str, ...]] = {
    Method.LINEAR: (),
    Method.COMPOUND: ("path_value", "path_rate", "required_annual_rate"),
    Method.UN: ("cagr_actual", "cagr_required"),
    Method.OPENSDG: ("cagr_actual", "cagr_required"),
    Method.PROJECTION: ("projected_value",),
}


class Point(NamedTuple):
    """A year and the series' value in it."""

    year: int
    value: Decimal


class MethodResult(NamedTuple):
    """One method's status and figure (None where undefined), and its other figures."""

    status: str | None
    figure: Decimal | None
    extra: Mapping[str, Decimal | None]


class Judgement(NamedTuple):
    """Every method's view of one target, whether they disagree, and the change still needed."""

    methods: dict[Method, MethodResult]
    fragile: bool
    required_annual_change: Decimal | None  # per year, in q's unit, positive when q must rise
    required_annual_rate: Decimal | None  # a fraction per year of the series, negative to fall


def in_q_unit(kind: Kind, value: Decimal, base: Decimal | None) -> Decimal:
    """A value of the series as the measured quantity q: the percent fall or rise since b."""
    if kind not in _RELATIVE:
        return value
    if base is None:
        raise ValueError(f"a {kind} target needs its base-year value")
    with localcontext(prec=_PRECISION):
        return _RELATIVE[kind] * (value - base) * _HUNDRED / base


def un_verdict(cr: Decimal) -> Verdict:
    """The UN SDG Progress Chart 2022 category of a ratio of actual to required growth."""
    if cr >= Decimal("0.95"):
        return Verdict.ON_TRACK
    if cr >= Decimal("0.5"):
        return Verdict.FAIR
    if cr >= Decimal("-0.1"):
        return Verdict.LIMITED
    return Verdict.DETERIORATION


def opensdg_verdict(cr: Decimal) -> Verdict:
    """open-sdg's progress category of the same ratio."""
    if cr >= Decimal("0.95"):
        return Verdict.ON_TRACK
    if cr >= Decimal("0.6"):
        return Verdict.NEEDS_ACCELERATION
    if cr >= 0:
        return Verdict.LIMITED_PROGRESS
    return Verdict.DETERIORATION


def projection_verdict(p: Decimal) -> Verdict:
    """The UN SDG Progress Chart 2023 category of the share of the way projected by the deadline."""
    if p >= Decimal("0.95"):
        return Verdict.ON_TRACK
    if p >= Decimal("0.10"):
        return Verdict.FAIR
    return Verdict.STAGNATION_OR_REGRESSION


def without_trajectory(linear_status: str) -> Judgement:
    """The methods of a target with no trajectory: they repeat its status, with no figures.

    An on_track or behind target without one (a peak) keeps its status under `linear` only:
    the other methods' formulas need a start and a level.
    """
    drawn = linear_status in _TRAJECTORY_STATUSES
    methods = {
        method: _undefined(method, linear_status if method is Method.LINEAR or not drawn else None)
        for method in Method
    }
    return Judgement(methods, False, None, None)


def judge(
    kind: Kind,
    start: Point,
    observed: Point,
    level: Decimal,
    deadline: int,
    *,
    linear_status: str,
    linear_progress: Decimal | None,
) -> Judgement:
    """Every method's status and figure for one level target (see the module's docstring)."""
    if linear_status not in _TRAJECTORY_STATUSES:
        return without_trajectory(linear_status)
    if kind not in _HIGHER_IS_BETTER:
        raise ValueError(f"a {kind} target has no trajectory")
    s, vs = start
    o, vo = observed
    if not s <= o < deadline:
        raise ValueError(f"years out of order: start {s}, observed {o}, deadline {deadline}")
    with localcontext(prec=_PRECISION):
        actual = _cagr(vs, vo, o - s)
        methods = {
            Method.LINEAR: MethodResult(linear_status, linear_progress, {}),
            Method.COMPOUND: _compound(kind, start, observed, level, deadline),
            **_ratio(start, level, deadline, actual),
            Method.PROJECTION: _projection(start, observed, level, deadline, actual),
        }
        change = _required_change(kind, vs, vo, level, deadline - o)
        rate = methods[Method.COMPOUND].extra["required_annual_rate"]
    on = {m.status == Verdict.ON_TRACK for m in methods.values() if m.status is not None}
    return Judgement(methods, len(on) > 1, change, rate)


def _required_change(
    kind: Kind, vs: Decimal, vo: Decimal, level: Decimal, years: int
) -> Decimal | None:
    """The change a year still needed in q's unit (for relative kinds vs is b; none if b = 0)."""
    if vs == 0 and kind in _RELATIVE:
        return None
    return (in_q_unit(kind, level, vs) - in_q_unit(kind, vo, vs)) / years


def _undefined(method: Method, status: str | None) -> MethodResult:
    """A method whose figures are all undefined."""
    return MethodResult(status, None, dict.fromkeys(_EXTRA_KEYS[method]))


def _rate(ratio: Decimal, years: int) -> Decimal | None:
    """The constant annual rate that multiplies a value by `ratio` in `years`; None if none."""
    if ratio <= 0 or years <= 0:
        return None
    return ratio ** (Decimal(1) / years) - 1


def _cagr(vs: Decimal, vo: Decimal, years: int) -> Decimal | None:
    """CAGR_a = (vo/vs)^(1/(o − s)) − 1: undefined for vs ≤ 0, vo ≤ 0 or o = s."""
    return None if vs <= 0 else _rate(vo / vs, years)


def _compound(kind: Kind, start: Point, observed: Point, level: Decimal, d: int) -> MethodResult:
    """时序进度: is vo at or beyond a path at the constant rate from vs to L?"""
    (s, vs), (o, vo) = start, observed
    extra = dict.fromkeys(_EXTRA_KEYS[Method.COMPOUND])
    # the rate still needed rests on vo and L alone: it is shown even where no path is drawn
    extra["required_annual_rate"] = None if vo <= 0 else _rate(level / vo, d - o)
    if vs <= 0 or level <= 0 or level == vs:
        return MethodResult(None, None, extra)
    done, span = o - s, d - s
    path = vs * (level / vs) ** (Decimal(done) / span)
    extra["path_value"] = path
    extra["path_rate"] = _rate(level / vs, span)
    # exactly: vo ⋚ vs·(L/vs)^(done/span) ⇔ vo^span ⋚ L^done·vs^(span − done), as vo, vs, L > 0
    if vo <= 0:
        ahead = -1
    else:
        lhs = Fraction(vo) ** span
        rhs = Fraction(level) ** done * Fraction(vs) ** (span - done)
        ahead = (lhs > rhs) - (lhs < rhs)
    better = ahead if _HIGHER_IS_BETTER[kind] else -ahead
    status = Verdict.ON_TRACK if better >= 0 else Verdict.BEHIND
    return MethodResult(status, in_q_unit(kind, path, vs), extra)


def _ratio(
    start: Point, level: Decimal, d: int, actual: Decimal | None
) -> dict[Method, MethodResult]:
    """The UN 2022 and open-sdg methods: CR, the ratio of actual to required annual growth."""
    s, vs = start
    required = _cagr(vs, BAN_LEVEL if level == 0 else level, d - s)
    if actual is None or required is None or required == 0:
        return {m: _undefined(m, None) for m in (Method.UN, Method.OPENSDG)}
    cr = actual / required
    extra = {"cagr_actual": actual, "cagr_required": required}
    return {
        Method.UN: MethodResult(un_verdict(cr), cr, extra),
        Method.OPENSDG: MethodResult(opensdg_verdict(cr), cr, dict(extra)),
    }


def _projection(
    start: Point, observed: Point, level: Decimal, d: int, actual: Decimal | None
) -> MethodResult:
    """The UN 2023 method: how much of the way from vs to L the value reaches at d at CAGR_a."""
    vs, (o, vo) = start.value, observed
    if actual is None or level == vs:
        return _undefined(Method.PROJECTION, None)
    growth = (1 + actual) ** (d - o)
    # in ratios to vs, so that a change of unit changes no digit of P
    p = (vo / vs * growth - 1) / (level / vs - 1)
    return MethodResult(projection_verdict(p), p, {"projected_value": vo * growth})
