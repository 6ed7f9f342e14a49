"""Each target's status as of the end of a year: the pure rules of CONTRACT.md.

The modules, one job each: base (the statuses, the Assessment, numbers for people), start (which
observations a rule sees after F and B flags, and where a trajectory starts: the one place for
both), level (at_least, at_most, reduce_by, increase_by), peak. Everything is importable from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, localcontext

from carbon_cli.models import WHOLE_CITY, Indicator, Kind, Target
from carbon_cli.status.base import (
    BREAK,
    ESTIMATED,
    FINAL,
    FLAG_LABELS,
    FORECAST,
    PRECISION,
    PROVISIONAL,
    STATUS_LABELS,
    STATUS_ORDER,
    TRAJECTORY_STATUSES,
    Assessment,
    Status,
    plain,
    quantity,
)
from carbon_cli.status.level import assess_level, result
from carbon_cli.status.peak import assess_peak
from carbon_cli.status.start import (
    Flags,
    Series,
    Start,
    Trajectory,
    Visible,
    base_value,
    reference,
    start,
    target_level,
    trajectory,
    visible,
)

__all__ = [
    "BREAK",
    "ESTIMATED",
    "FINAL",
    "FLAG_LABELS",
    "FORECAST",
    "PROVISIONAL",
    "STATUS_LABELS",
    "STATUS_ORDER",
    "TRAJECTORY_STATUSES",
    "Assessment",
    "Flags",
    "Series",
    "Start",
    "Status",
    "Trajectory",
    "Visible",
    "assess",
    "assess_all",
    "base_value",
    "plain",
    "quantity",
    "reference",
    "start",
    "summary",
    "target_level",
    "trajectory",
    "visible",
]


def assess(
    indicator: Indicator,
    target: Target,
    series: Series,
    *,
    year: int,
    reference_year: int,
    area: str = WHOLE_CITY,
    tolerance: Decimal = Decimal("0.02"),
    flags: Flags | None = None,
) -> Assessment:
    """One target's status as of the end of `year`, from its indicator's series in `area`.

    `flags` are the series' SDMX flags by year (P, E, F, B; A is absent); `reference_year` is
    targets.yaml's, where the line of a target that is not relative starts.
    """
    if target.kind is Kind.MILESTONE:
        # judged from progress records (CONTRACT, "Progress records"), never from observations
        return result(indicator, target, Status.NO_DATA, "尚无任务进展记录", year=year)
    with localcontext(prec=PRECISION):
        if target.kind is Kind.PEAK:
            return assess_peak(indicator, target, visible(series, flags, year=year), year=year)
        seen = visible(series, flags, year=year, deadline=target.year)
        return assess_level(
            indicator,
            target,
            seen,
            year=year,
            area=area,
            tolerance=tolerance,
            reference_year=reference_year,
        )


def assess_all(
    indicators: Sequence[Indicator],
    series_by_indicator: Mapping[str, Series],
    *,
    year: int,
    reference_year: int,
    area: str = WHOLE_CITY,
    tolerance: Decimal = Decimal("0.02"),
    flags_by_indicator: Mapping[str, Flags] | None = None,
) -> list[Assessment]:
    """Every target of every indicator, in file order; an unmapped indicator has no observations."""
    flagged = flags_by_indicator or {}
    return [
        assess(
            indicator,
            target,
            series_by_indicator.get(indicator.id, {}),
            year=year,
            reference_year=reference_year,
            area=area,
            tolerance=tolerance,
            flags=flagged.get(indicator.id),
        )
        for indicator in indicators
        for target in indicator.targets
    ]


def summary(assessments: Iterable[Assessment]) -> dict[Status, int]:
    """How many targets have each status; every status present, in STATUS_ORDER."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for assessment in assessments:
        counts[assessment.status] += 1
    return counts
