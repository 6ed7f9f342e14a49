"""The status rules of CONTRACT.md ("Status, as of year Y"), one table row per rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon_cli.models import WHOLE_CITY, Indicator
from carbon_cli.status import (
    STATUS_LABELS,
    STATUS_ORDER,
    Assessment,
    Status,
    assess,
    assess_all,
    plain,
    summary,
)


def make_indicator(
    kind: str,
    value: str | None,
    *,
    deadline: int | None = 2025,
    base_year: int | None = None,
    approx: bool = False,
    baselines: tuple[tuple[int, str, str], ...] = (),
    ident: str = "share",
    name: str = "占比",
    unit: str = "%",
) -> Indicator:
    """An indicator with one target, built from a small dict as targets.yaml would give it."""
    target: dict[str, Any] = {
        "id": f"{ident}_target",
        "kind": kind,
        "value": None if value is None else Decimal(value),
        "year": deadline,
        "approx": approx,
        "task": "1",
        "quote": "引文",
    }
    if base_year is not None:
        target["base_year"] = base_year
    return Indicator.model_validate(
        {
            "id": ident,
            "name": name,
            "unit": unit,
            "baselines": [
                {"year": y, "value": Decimal(v), "area": a, "source": "公报"}
                for y, v, a in baselines
            ],
            "targets": [target],
        }
    )


def series(points: dict[int, str]) -> dict[int, Decimal]:
    """Observed values written as text, so every number is the exact decimal written."""
    return {y: Decimal(v) for y, v in points.items()}


def ratio(numerator: str, denominator: str) -> str:
    """A fraction worked out by hand (8/14), as the status rules' 60 digits write it."""
    with localcontext(prec=60):
        return str(Decimal(numerator) / Decimal(denominator))


def dec(text: str | None) -> Decimal | None:
    """Decimal or None."""
    return None if text is None else Decimal(text)


REFERENCE_YEAR = 2020  # targets.yaml's reference_year


@dataclass(frozen=True)
class Row:
    """One rule: a target, its observations, the year asked, and what the contract says follows."""

    kind: str
    value: str | None
    points: dict[int, str]
    status: Status
    y: int = 2025
    deadline: int | None = 2025
    base_year: int | None = None
    approx: bool = False
    baselines: tuple[tuple[int, str, str], ...] = ()
    area: str = WHOLE_CITY
    tolerance: str = "0.02"
    observed: tuple[int, str] | None = None
    baseline: tuple[int, str] | None = None
    measured: str | None = None
    expected: str | None = None
    progress: str | None = None
    required: str | None = None
    # the trajectory's start in q's unit; by default, for on_track and behind, `baseline`'s year
    # with 0 for relative kinds and its value for the others (R's figure is the start)
    start: tuple[int, str] | None = None
    flags: dict[int, str] = field(default_factory=dict)
    reference_year: int = REFERENCE_YEAR
    flag: str | None = None  # the observed point's flag; by default A where there is one
    lag: int | None = None  # Y − o; by default worked out from `observed`
    begins: str | None = None  # how the reason must begin
    says: tuple[str, ...] = ()  # what the reason must say


def run(row: Row) -> Assessment:
    """Assess the row's target."""
    indicator = make_indicator(
        row.kind,
        row.value,
        deadline=row.deadline,
        base_year=row.base_year,
        approx=row.approx,
        baselines=row.baselines,
    )
    return assess(
        indicator,
        indicator.targets[0],
        series(row.points),
        year=row.y,
        reference_year=row.reference_year,
        area=row.area,
        tolerance=Decimal(row.tolerance),
        flags=row.flags,
    )


def expected_start(row: Row) -> tuple[int, Decimal] | None:
    """The start a row expects (see Row.start)."""
    if row.start is not None:
        return row.start[0], Decimal(row.start[1])
    if row.status not in {Status.ON_TRACK, Status.BEHIND} or row.kind == "peak":
        return None
    assert row.baseline is not None, "a row on a line names its start or its baseline"
    relative = row.kind in {"reduce_by", "increase_by"}
    return row.baseline[0], Decimal(0) if relative else Decimal(row.baseline[1])


ROUNDED = "榕城区"

ROWS = [
    # ---- at_least ----
    # q = v = 23.4 ≥ 23.1
    pytest.param(
        Row("at_least", "23.1", {2020: "15.9", 2025: "23.4"}, Status.ACHIEVED,
            observed=(2025, "23.4"), baseline=(2020, "15.9"), measured="23.4"),
        id="at_least-achieved",
    ),
    # o = 2025 = deadline, 22 < 23.1
    pytest.param(
        Row("at_least", "23.1", {2020: "15.9", 2025: "22"}, Status.MISSED,
            observed=(2025, "22"), baseline=(2020, "15.9"), measured="22"),
        id="missed-after-deadline",
    ),
    # start (2020, 15); line at 2023: 15 + (25 − 15)·3/5 = 21; q = 21 → on the line
    # progress (21 − 15)/(25 − 15) = 0.6; required (25 − 21)/(2025 − 2023) = 2
    pytest.param(
        Row("at_least", "25", {2020: "15", 2023: "21"}, Status.ON_TRACK, y=2023,
            observed=(2023, "21"), baseline=(2020, "15"), measured="21", expected="21",
            progress="0.6", required="2"),
        id="on_track-exactly-on-trajectory",
    ),
    # same line, q = 22 > 21: progress 7/10, required 3/2
    pytest.param(
        Row("at_least", "25", {2020: "15", 2023: "22"}, Status.ON_TRACK, y=2023,
            observed=(2023, "22"), baseline=(2020, "15"), measured="22", expected="21",
            progress="0.7", required="1.5"),
        id="at_least-on_track-beyond",
    ),
    # same line, q = 20.9 < 21: progress 5.9/10, required 4.1/2
    pytest.param(
        Row("at_least", "25", {2020: "15", 2023: "20.9"}, Status.BEHIND, y=2023,
            observed=(2023, "20.9"), baseline=(2020, "15"), measured="20.9", expected="21",
            progress="0.59", required="2.05"),
        id="behind",
    ),
    # Y = 2026 is past the deadline but 2026 is not ≤ deadline: o = 2023, the line as above
    pytest.param(
        Row("at_least", "25", {2020: "15", 2023: "21", 2026: "30"}, Status.ON_TRACK, y=2026,
            observed=(2023, "21"), baseline=(2020, "15"), measured="21", expected="21",
            progress="0.6", required="2"),
        id="observation-after-deadline-ignored",
    ),
    # o = 2025 (20 < 25) → missed, although 2027's 30 would meet it
    pytest.param(
        Row("at_least", "25", {2020: "15", 2025: "20", 2027: "30"}, Status.MISSED, y=2027,
            observed=(2025, "20"), baseline=(2020, "15"), measured="20"),
        id="missed-later-observation-ignored",
    ),
    # Y = 2023: 2024's 30 is not visible; o = 2023 on the line of the first row
    pytest.param(
        Row("at_least", "25", {2020: "15", 2023: "21", 2024: "30"}, Status.ON_TRACK, y=2023,
            observed=(2023, "21"), baseline=(2020, "15"), measured="21", expected="21",
            progress="0.6", required="2"),
        id="observations-after-query-year-invisible",
    ),
    # only an observation after the deadline: no observed point
    pytest.param(
        Row("at_least", "25", {2026: "30"}, Status.NO_DATA, y=2026),
        id="only-after-deadline->no_data",
    ),
    # one observation, not met, before the deadline, nothing earlier: no start
    pytest.param(
        Row("at_least", "25", {2023: "21"}, Status.INSUFFICIENT_DATA, y=2023,
            observed=(2023, "21"), measured="21"),
        id="no-start->insufficient",
    ),
    # a recorded baseline of 2024 is not before o = 2023: still no start
    pytest.param(
        Row("at_least", "25", {2023: "21"}, Status.INSUFFICIENT_DATA, y=2023,
            baselines=((2024, "15", WHOLE_CITY),), observed=(2023, "21"), measured="21"),
        id="baseline-after-o-no-start->insufficient",
    ),
    # a recorded baseline of o's own year is not before o: no start
    pytest.param(
        Row("at_least", "25", {2023: "21"}, Status.INSUFFICIENT_DATA, y=2023,
            baselines=((2023, "15", WHOLE_CITY),), observed=(2023, "21"), measured="21"),
        id="baseline-of-o-year-no-start->insufficient",
    ),
    # start = recorded baseline (2020, 15): line 21 at 2023, q = 21
    pytest.param(
        Row("at_least", "25", {2023: "21"}, Status.ON_TRACK, y=2023,
            baselines=((2020, "15", WHOLE_CITY),), observed=(2023, "21"),
            baseline=(2020, "15"), measured="21", expected="21", progress="0.6",
            required="2"),
        id="recorded-baseline-starts-trajectory",
    ),
    # observation 2020 = 15 beats baseline 2020 = 10: line at 2023 = 21 > 20 → behind
    # (with 10 it would be 10 + 15·3/5 = 19 → on_track); progress 5/10, required 5/2
    pytest.param(
        Row("at_least", "25", {2020: "15", 2023: "20"}, Status.BEHIND, y=2023,
            baselines=((2020, "10", WHOLE_CITY),), observed=(2023, "20"),
            baseline=(2020, "15"), measured="20", expected="21", progress="0.5",
            required="2.5"),
        id="observation-wins-over-baseline-same-year",
    ),
    # a baseline of 2015 is before R = 2020 and starts nothing: the line runs from 2020's 15,
    # at 2023 15 + 20·3/5 = 27 ≤ 28 → on_track (from 2015's 10 it would be 10 + 25·8/10 = 30:
    # behind); progress 13/20, required (35 − 28)/2
    pytest.param(
        Row("at_least", "35", {2020: "15", 2023: "28"}, Status.ON_TRACK, y=2023,
            baselines=((2015, "10", WHOLE_CITY),), observed=(2023, "28"),
            baseline=(2020, "15"), measured="28", expected="27", progress="0.65",
            required="3.5"),
        id="baseline-before-reference-year-starts-nothing",
    ),
    # a baseline of another area is not used: no start
    pytest.param(
        Row("at_least", "25", {2023: "21"}, Status.INSUFFICIENT_DATA, y=2023,
            baselines=((2020, "15", ROUNDED),), observed=(2023, "21"), measured="21"),
        id="baseline-of-other-area-ignored",
    ),
    # the area's own baseline is used when that area is asked for
    pytest.param(
        Row("at_least", "25", {2023: "21"}, Status.ON_TRACK, y=2023, area=ROUNDED,
            baselines=((2020, "10", WHOLE_CITY), (2020, "15", ROUNDED)),
            observed=(2023, "21"), baseline=(2020, "15"), measured="21", expected="21",
            progress="0.6", required="2"),
        id="baseline-of-selected-area-used",
    ),
    # start = target: progress null; line is flat at 25, q = 24 → behind; required 1/2
    pytest.param(
        Row("at_least", "25", {2020: "25", 2023: "24"}, Status.BEHIND, y=2023,
            observed=(2023, "24"), baseline=(2020, "25"), measured="24", expected="25",
            required="0.5"),
        id="start-equals-value->progress-null",
    ),
    # ---- approx ----
    # met when q ≥ 35 − 0.02·35 = 34.3, inclusive
    pytest.param(
        Row("at_least", "35", {2030: "34.3"}, Status.ACHIEVED, y=2030, deadline=2030,
            approx=True, observed=(2030, "34.3"), measured="34.3"),
        id="approx-within-tolerance-inclusive",
    ),
    pytest.param(
        Row("at_least", "35", {2030: "34.29"}, Status.MISSED, y=2030, deadline=2030,
            approx=True, observed=(2030, "34.29"), measured="34.29"),
        id="approx-just-outside",
    ),
    # without 左右 there is no slack
    pytest.param(
        Row("at_least", "35", {2030: "34.99"}, Status.MISSED, y=2030, deadline=2030,
            observed=(2030, "34.99"), measured="34.99"),
        id="not-approx-no-tolerance",
    ),
    # tolerance 5 %: 35 − 1.75 = 33.25
    pytest.param(
        Row("at_least", "35", {2030: "33.25"}, Status.ACHIEVED, y=2030, deadline=2030,
            approx=True, tolerance="0.05", observed=(2030, "33.25"), measured="33.25"),
        id="approx-tolerance-option",
    ),
    # slack is tolerance × |value|: −10 − 0.02·10 = −10.2
    pytest.param(
        Row("at_least", "-10", {2030: "-10.2"}, Status.ACHIEVED, y=2030, deadline=2030,
            approx=True, observed=(2030, "-10.2"), measured="-10.2"),
        id="approx-negative-value-uses-magnitude",
    ),
    # at_most 左右: met when q ≤ 100 + 2 = 102
    pytest.param(
        Row("at_most", "100", {2025: "102"}, Status.ACHIEVED, approx=True,
            observed=(2025, "102"), measured="102"),
        id="approx-at_most-within-tolerance-inclusive",
    ),
    pytest.param(
        Row("at_most", "100", {2025: "102.01"}, Status.MISSED, approx=True,
            observed=(2025, "102.01"), measured="102.01"),
        id="approx-at_most-just-outside",
    ),
    # reduce_by 14 左右: q = (100 − 86.28)·100/100 = 13.72 = 14 − 0.28
    pytest.param(
        Row("reduce_by", "14", {2020: "100", 2025: "86.28"}, Status.ACHIEVED, base_year=2020,
            approx=True, observed=(2025, "86.28"), baseline=(2020, "100"), measured="13.72"),
        id="approx-reduce_by-within-tolerance-inclusive",
    ),
    # ---- at_most ----
    pytest.param(
        Row("at_most", "100", {2025: "100"}, Status.ACHIEVED, observed=(2025, "100"),
            measured="100"),
        id="at_most-achieved-boundary",
    ),
    pytest.param(
        Row("at_most", "100", {2025: "101"}, Status.MISSED, observed=(2025, "101"),
            measured="101"),
        id="at_most-missed",
    ),
    # line from (2020, 120) to (2025, 100): at 2023 120 − 20·3/5 = 108; q = 108
    # progress (108 − 120)/(100 − 120) = 0.6; required (100 − 108)/2 = −4 (must fall)
    pytest.param(
        Row("at_most", "100", {2020: "120", 2023: "108"}, Status.ON_TRACK, y=2023,
            observed=(2023, "108"), baseline=(2020, "120"), measured="108", expected="108",
            progress="0.6", required="-4"),
        id="at_most-on_track-on-trajectory",
    ),
    # q = 110 above the line's 108: progress −10/−20, required −10/2
    pytest.param(
        Row("at_most", "100", {2020: "120", 2023: "110"}, Status.BEHIND, y=2023,
            observed=(2023, "110"), baseline=(2020, "120"), measured="110", expected="108",
            progress="0.5", required="-5"),
        id="at_most-behind",
    ),
    # ---- reduce_by ----
    # q = (3 − 2.58)·100/3 = 0.42·100/3 = 14 exactly
    pytest.param(
        Row("reduce_by", "14", {2020: "3", 2025: "2.58"}, Status.ACHIEVED, base_year=2020,
            observed=(2025, "2.58"), baseline=(2020, "3"), measured="14"),
        id="reduce_by-exact-boundary-14",
    ),
    # q = 0.39·100/3 = 13
    pytest.param(
        Row("reduce_by", "14", {2020: "3", 2025: "2.61"}, Status.MISSED, base_year=2020,
            observed=(2025, "2.61"), baseline=(2020, "3"), measured="13"),
        id="reduce_by-missed",
    ),
    # q = 0.3·100/5 = 6; line from (2020, 0) to (2025, 10) at 2023: 6 → on it
    # progress 6/10; required (10 − 6)/2 = 2
    pytest.param(
        Row("reduce_by", "10", {2020: "5", 2023: "4.7"}, Status.ON_TRACK, y=2023,
            base_year=2020, observed=(2023, "4.7"), baseline=(2020, "5"), measured="6",
            expected="6", progress="0.6", required="2"),
        id="reduce_by-on_track",
    ),
    # q = 0.2·100/5 = 4 < 6: progress 0.4, required 3
    pytest.param(
        Row("reduce_by", "10", {2020: "5", 2023: "4.8"}, Status.BEHIND, y=2023,
            base_year=2020, observed=(2023, "4.8"), baseline=(2020, "5"), measured="4",
            expected="6", progress="0.4", required="3"),
        id="reduce_by-behind",
    ),
    # the series rose: q = (5 − 5.5)·100/5 = −10; line 6; progress −1; required 10
    pytest.param(
        Row("reduce_by", "10", {2020: "5", 2023: "5.5"}, Status.BEHIND, y=2023,
            base_year=2020, observed=(2023, "5.5"), baseline=(2020, "5"), measured="-10",
            expected="6", progress="-1", required="10"),
        id="reduce_by-rose-behind",
    ),
    # o is the base year: q = 0 is the line's start (0): on it; required 10/5
    pytest.param(
        Row("reduce_by", "10", {2020: "5"}, Status.ON_TRACK, y=2020, base_year=2020,
            observed=(2020, "5"), baseline=(2020, "5"), measured="0", expected="0",
            progress="0", required="2"),
        id="relative-at-base-year-on-trajectory-start",
    ),
    # no observation of 2020, no recorded baseline
    pytest.param(
        Row("reduce_by", "14", {2021: "2.9", 2025: "2.5"}, Status.INSUFFICIENT_DATA,
            base_year=2020, observed=(2025, "2.5")),
        id="base-year-observation-missing->insufficient",
    ),
    # recorded b = 3: q = 14
    pytest.param(
        Row("reduce_by", "14", {2025: "2.58"}, Status.ACHIEVED, base_year=2020,
            baselines=((2020, "3", WHOLE_CITY),), observed=(2025, "2.58"),
            baseline=(2020, "3"), measured="14"),
        id="recorded-baseline-used",
    ),
    # observed b = 3 (q = 14, achieved) beats recorded 2.9 (q = 0.32·100/2.9 ≈ 11.03, missed)
    pytest.param(
        Row("reduce_by", "14", {2020: "3", 2025: "2.58"}, Status.ACHIEVED, base_year=2020,
            baselines=((2020, "2.9", WHOLE_CITY),), observed=(2025, "2.58"),
            baseline=(2020, "3"), measured="14"),
        id="observation-wins-over-baseline-same-year-b",
    ),
    # a recorded b of another area is not b
    pytest.param(
        Row("reduce_by", "14", {2025: "2.58"}, Status.INSUFFICIENT_DATA, base_year=2020,
            baselines=((2020, "3", ROUNDED),), observed=(2025, "2.58")),
        id="recorded-baseline-other-area->insufficient",
    ),
    # Y = 2019 < base year 2020: o = 2019 cannot carry a change since 2020, even with b recorded
    pytest.param(
        Row("reduce_by", "14", {2019: "3.1", 2021: "2.9"}, Status.INSUFFICIENT_DATA, y=2019,
            base_year=2020, baselines=((2020, "3", WHOLE_CITY),), observed=(2019, "3.1")),
        id="query-year-before-base-year",
    ),
    # Y = 2018: nothing visible at all
    pytest.param(
        Row("reduce_by", "14", {2019: "3.1", 2021: "2.9"}, Status.NO_DATA, y=2018,
            base_year=2020),
        id="query-year-before-any-observation->no_data",
    ),
    # b = 0: no percent change
    pytest.param(
        Row("reduce_by", "14", {2020: "0", 2025: "1"}, Status.INSUFFICIENT_DATA,
            base_year=2020, observed=(2025, "1")),
        id="zero-baseline->insufficient",
    ),
    # ---- increase_by ----
    # q = (60 − 50)·100/50 = 20
    pytest.param(
        Row("increase_by", "20", {2020: "50", 2025: "60"}, Status.ACHIEVED, base_year=2020,
            observed=(2025, "60"), baseline=(2020, "50"), measured="20"),
        id="increase_by",
    ),
    # q = 9·100/50 = 18 < 20 at the deadline
    pytest.param(
        Row("increase_by", "20", {2020: "50", 2025: "59"}, Status.MISSED, base_year=2020,
            observed=(2025, "59"), baseline=(2020, "50"), measured="18"),
        id="increase_by-missed",
    ),
    # q = 6·100/50 = 12; line 20·3/5 = 12 → on it; progress 0.6; required 8/2
    pytest.param(
        Row("increase_by", "20", {2020: "50", 2023: "56"}, Status.ON_TRACK, y=2023,
            base_year=2020, observed=(2023, "56"), baseline=(2020, "50"), measured="12",
            expected="12", progress="0.6", required="4"),
        id="increase_by-on_track",
    ),
    # q = 2·100/50 = 4 < 12; progress 0.2; required 16/2
    pytest.param(
        Row("increase_by", "20", {2020: "50", 2023: "52"}, Status.BEHIND, y=2023,
            base_year=2020, observed=(2023, "52"), baseline=(2020, "50"), measured="4",
            expected="12", progress="0.2", required="8"),
        id="increase_by-behind",
    ),
    # ---- where a line starts: R (reference_year 2020) or the nearest later year with data ----
    # (docs/status-rules.md 例4: at least 60 % by 2025, 56 % in 2024)
    # no 2020 figure: the earliest after R and before o, 2023's 52; the line at 2024 is
    # 52 + (60 − 52)·1/2 = 56 → on it; progress 4/8; required (60 − 56)/1
    pytest.param(
        Row("at_least", "60", {2023: "52", 2024: "56"}, Status.ON_TRACK, y=2024,
            observed=(2024, "56"), start=(2023, "52"), measured="56", expected="56",
            progress="0.5", required="4", says=("自2023年的52%起（缺2020年数据）",)),
        id="start-nearest-later-year-with-data",
    ),
    # a 2021 row moves the start to 2021's 50: 50 + 10·3/4 = 57.5 > 56 → behind; progress 6/10
    pytest.param(
        Row("at_least", "60", {2021: "50", 2023: "52", 2024: "56"}, Status.BEHIND, y=2024,
            observed=(2024, "56"), start=(2021, "50"), measured="56", expected="57.5",
            progress="0.6", required="4"),
        id="start-earlier-later-year",
    ),
    # with 2020 the start is fixed: 44 + 16·4/5 = 56.8 > 56 → behind; progress 12/16
    pytest.param(
        Row("at_least", "60", {2020: "44", 2021: "50", 2023: "52", 2024: "56"}, Status.BEHIND,
            y=2024, observed=(2024, "56"), baseline=(2020, "44"), measured="56",
            expected="56.8", progress="0.75", required="4", says=("自2020年的44%起按",)),
        id="start-at-reference-year",
    ),
    # and a 2018 row before R changes nothing
    pytest.param(
        Row("at_least", "60", {2018: "30", 2020: "44", 2023: "52", 2024: "56"}, Status.BEHIND,
            y=2024, observed=(2024, "56"), baseline=(2020, "44"), measured="56",
            expected="56.8", progress="0.75", required="4"),
        id="start-older-rows-ignored",
    ),
    # 2019 is before R: it never starts a line, so there is none
    pytest.param(
        Row("at_least", "60", {2019: "40", 2024: "56"}, Status.INSUFFICIENT_DATA, y=2024,
            observed=(2024, "56"), measured="56",
            says=("缺少2020年至2023年的数据，2020年以前的数据不作起点",)),
        id="start-never-before-reference-year->insufficient",
    ),
    # a baseline recorded for R starts the line as its observation would: as above, 56.8 → behind
    pytest.param(
        Row("at_least", "60", {2023: "52", 2024: "56"}, Status.BEHIND, y=2024,
            baselines=((2020, "44", WHOLE_CITY),), observed=(2024, "56"), baseline=(2020, "44"),
            measured="56", expected="56.8", progress="0.75", required="4"),
        id="start-recorded-baseline-of-reference-year-before-later-observations",
    ),
    # a baseline recorded after R, before o, with no observation before it: 52 + 8/2 = 56 → on it
    pytest.param(
        Row("at_least", "60", {2024: "56"}, Status.ON_TRACK, y=2024,
            baselines=((2023, "52", WHOLE_CITY),), observed=(2024, "56"), start=(2023, "52"),
            measured="56", expected="56", progress="0.5", required="4"),
        id="start-recorded-baseline-after-reference-year",
    ),
    # an observation wins over a baseline of the same year: 2023's 52, not the recorded 40
    # (from 40 the line would be 40 + 20/2 = 50 and 56 on track all the same: the start shows it)
    pytest.param(
        Row("at_least", "60", {2023: "52", 2024: "56"}, Status.ON_TRACK, y=2024,
            baselines=((2023, "40", WHOLE_CITY),), observed=(2024, "56"), start=(2023, "52"),
            measured="56", expected="56", progress="0.5", required="4"),
        id="start-observation-wins-over-baseline-after-reference-year",
    ),
    # a target's own base year is its R: 2022's 52, not 2020's 40; 52 + 8·2/4 = 56 by 2026
    pytest.param(
        Row("at_least", "60", {2020: "40", 2022: "52", 2024: "56"}, Status.ON_TRACK, y=2024,
            deadline=2026, base_year=2022, observed=(2024, "56"), baseline=(2022, "52"),
            measured="56", expected="56", progress="0.5", required="2"),
        id="start-absolute-target-base-year-is-R",
    ),
    # reference_year 2021 (another targets.yaml): 2021's 50, as in start-earlier-later-year
    pytest.param(
        Row("at_least", "60", {2020: "44", 2021: "50", 2024: "56"}, Status.BEHIND, y=2024,
            reference_year=2021, observed=(2024, "56"), baseline=(2021, "50"), measured="56",
            expected="57.5", progress="0.6", required="4"),
        id="start-follows-reference-year",
    ),
    # o = R: the line starts at o itself, q is on it; progress 0, required (60 − 44)/5
    pytest.param(
        Row("at_least", "60", {2020: "44"}, Status.ON_TRACK, y=2020, observed=(2020, "44"),
            baseline=(2020, "44"), measured="44", expected="44", progress="0",
            required="3.2"),
        id="start-observed-year-is-reference-year",
    ),
    # o before R: no line can start at or before o, even with R recorded
    pytest.param(
        Row("at_least", "60", {2019: "40", 2024: "56"}, Status.INSUFFICIENT_DATA, y=2019,
            baselines=((2020, "44", WHOLE_CITY),), observed=(2019, "40"), measured="40",
            says=("观测年份2019年早于起点年份2020年",)),
        id="start-observed-year-before-reference-year->insufficient",
    ),
    # ---- flags: F never visible, B a break, P and E shown ----
    # 2025's F 61 would meet the target; it is a forecast: o = 2024, judged on the line from
    # 2020's 44 (56.8 > 56 → behind), and the deadline's figure is missing
    pytest.param(
        Row("at_least", "60", {2020: "44", 2024: "56", 2025: "61"}, Status.BEHIND, y=2025,
            flags={2025: "F"}, observed=(2024, "56"), baseline=(2020, "44"), measured="56",
            expected="56.8", progress="0.75", required="4", begins="缺2025年数据；2024年"),
        id="flag-F-never-visible",
    ),
    # an F value of R starts nothing: the line starts at 2023's 52 (56 on it)
    pytest.param(
        Row("at_least", "60", {2020: "44", 2023: "52", 2024: "56"}, Status.ON_TRACK, y=2024,
            flags={2020: "F"}, observed=(2024, "56"), start=(2023, "52"), measured="56",
            expected="56", progress="0.5", required="4"),
        id="flag-F-at-reference-year-starts-nothing",
    ),
    # only F values: nothing observed
    pytest.param(
        Row("at_least", "60", {2024: "61"}, Status.NO_DATA, y=2024, flags={2024: "F"}),
        id="flag-F-only->no_data",
    ),
    # a break in 2022: only 2022 on (例6: 20.6 B, 21.2); the line from (2022, 20.6) to 23.6 by
    # 2025 is at 20.6 + 3·1/3 = 21.6 in 2023 > 21.2 → behind; progress 0.6/3, required 2.4/2;
    # 2020's 18 (the old basis) is no base figure any more
    pytest.param(
        Row("at_least", "23.6", {2020: "18", 2021: "19", 2022: "20.6", 2023: "21.2"},
            Status.BEHIND, y=2023, flags={2022: "B"}, observed=(2023, "21.2"),
            start=(2022, "20.6"), measured="21.2", expected="21.6", progress="0.2",
            required="1.2", says=("自2022年的20.6%起（2022年统计口径调整）",)),
        id="flag-B-break-restarts-the-line",
    ),
    # a baseline recorded for R before the break is on the old basis: not used either
    pytest.param(
        Row("at_least", "23.6", {2022: "20.6", 2023: "21.2"}, Status.BEHIND, y=2023,
            baselines=((2020, "18", WHOLE_CITY),), flags={2022: "B"}, observed=(2023, "21.2"),
            start=(2022, "20.6"), measured="21.2", expected="21.6", progress="0.2",
            required="1.2"),
        id="flag-B-baseline-before-break-ignored",
    ),
    # the break is o itself: nothing before o on the new basis, no start
    pytest.param(
        Row("at_least", "23.6", {2020: "18", 2023: "21.2"}, Status.INSUFFICIENT_DATA, y=2023,
            flags={2023: "B"}, observed=(2023, "21.2"), flag="B", measured="21.2",
            says=("2023年起统计口径调整",)),
        id="flag-B-at-observed-year-no-start->insufficient",
    ),
    # a break after o (here after the deadline) does not touch the values judged
    pytest.param(
        Row("at_least", "60", {2020: "44", 2024: "56", 2026: "70"}, Status.BEHIND, y=2026,
            flags={2026: "B"}, observed=(2024, "56"), baseline=(2020, "44"), measured="56",
            expected="56.8", progress="0.75", required="4", begins="缺2025年数据；"),
        id="flag-B-after-observed-year-ignored",
    ),
    # a relative target across a break: its 2020 base is on the old basis
    pytest.param(
        Row("reduce_by", "14", {2020: "100", 2022: "95", 2023: "92"}, Status.INSUFFICIENT_DATA,
            y=2023, base_year=2020, flags={2022: "B"}, observed=(2023, "92"),
            says=("2022年起统计口径调整（B），与2020年基期不可比",)),
        id="flag-B-relative-base-before-break->insufficient",
    ),
    # the break in the base year itself is no obstacle: example A, q = 8 < 8.4 → behind
    pytest.param(
        Row("reduce_by", "14", {2020: "100", 2023: "92"}, Status.BEHIND, y=2023,
            base_year=2020, flags={2020: "B"}, observed=(2023, "92"), baseline=(2020, "100"),
            measured="8", expected="8.4", progress=ratio("8", "14"), required="3"),
        id="flag-B-in-base-year-kept",
    ),
    # P at o: used as it is and said 初步; E likewise 估算
    pytest.param(
        Row("at_least", "60", {2020: "44", 2024: "56"}, Status.BEHIND, y=2024,
            flags={2024: "P"}, flag="P", observed=(2024, "56"), baseline=(2020, "44"),
            measured="56", expected="56.8", progress="0.75", required="4",
            begins="2024年占比56%（初步），自2020年的44%起"),
        id="flag-P-latest-point-used-and-said",
    ),
    pytest.param(
        Row("reduce_by", "14", {2020: "100", 2023: "92"}, Status.BEHIND, y=2023,
            base_year=2020, flags={2023: "E"}, flag="E", observed=(2023, "92"),
            baseline=(2020, "100"), measured="8", expected="8.4", progress=ratio("8", "14"),
            required="3", begins="2023年占比（估算）较2020年下降8%"),
        id="flag-E-relative-said",
    ),
    # ---- the deadline's figure missing (Y ≥ deadline > o): 缺{d}年数据, o named, data_lag ----
    pytest.param(
        Row("at_least", "60", {2020: "44", 2024: "56"}, Status.BEHIND, y=2026,
            observed=(2024, "56"), baseline=(2020, "44"), measured="56", expected="56.8",
            progress="0.75", required="4", lag=2, begins="缺2025年数据；2024年占比56%"),
        id="deadline-figure-missing-behind",
    ),
    # example 2 of the docs as of 2025 with 2023 the latest: 21.5 ≥ 21.06 → on_track
    pytest.param(
        Row("at_least", "23.1", {2020: "18", 2023: "21.5"}, Status.ON_TRACK, y=2025,
            observed=(2023, "21.5"), baseline=(2020, "18"), measured="21.5", expected="21.06",
            progress=ratio("3.5", "5.1"), required="0.8", lag=2,
            begins="缺2025年数据；2023年"),
        id="deadline-figure-missing-on_track",
    ),
    # already met: achieved whatever the deadline, no 缺 (the lag is still said in JSON)
    pytest.param(
        Row("at_least", "60", {2020: "44", 2024: "61"}, Status.ACHIEVED, y=2026,
            observed=(2024, "61"), baseline=(2020, "44"), measured="61", lag=2,
            begins="2024年占比61%，已达到"),
        id="deadline-figure-missing-but-met",
    ),
    # relative: example A as of 2025 with 2023 the latest
    pytest.param(
        Row("reduce_by", "14", {2020: "100", 2023: "92"}, Status.BEHIND, y=2025,
            base_year=2020, observed=(2023, "92"), baseline=(2020, "100"), measured="8",
            expected="8.4", progress=ratio("8", "14"), required="3",
            begins="缺2025年数据；2023年占比较2020年下降8%"),
        id="deadline-figure-missing-relative",
    ),
    # no start and the deadline's figure missing: both said
    pytest.param(
        Row("at_least", "60", {2024: "56"}, Status.INSUFFICIENT_DATA, y=2025,
            observed=(2024, "56"), measured="56", begins="缺2025年数据；2024年占比56%，尚未达标"),
        id="deadline-figure-missing-no-start",
    ),
    # ---- not_set, no_data, no deadline ----
    pytest.param(
        Row("at_least", None, {2025: "5"}, Status.NOT_SET, observed=(2025, "5")),
        id="not_set",
    ),
    pytest.param(
        Row("reduce_by", None, {}, Status.NOT_SET, base_year=2020),
        id="not_set-checked-before-no_data",
    ),
    pytest.param(Row("at_least", "23.1", {}, Status.NO_DATA), id="no_data"),
    # standing constraint: o = latest visible = 2024, 95 ≤ 100
    pytest.param(
        Row("at_most", "100", {2023: "105", 2024: "95"}, Status.ACHIEVED, y=2024,
            deadline=None, observed=(2024, "95"), measured="95"),
        id="no-deadline-met",
    ),
    # not met with no deadline is missed, never behind
    pytest.param(
        Row("at_most", "100", {2020: "90", 2024: "105"}, Status.MISSED, y=2024,
            deadline=None, observed=(2024, "105"), baseline=(2020, "90"), measured="105"),
        id="no-deadline-missed",
    ),
    # ---- peak (value null, deadline 2030) ----
    # o = 2030 ≥ d; m = 2027 (12) ≤ d and < o
    pytest.param(
        Row("peak", None, {2026: "10", 2027: "12", 2028: "11", 2030: "10.5"}, Status.ACHIEVED,
            y=2030, deadline=2030, observed=(2030, "10.5")),
        id="peak-achieved",
    ),
    # m = earliest year of the maximum: 2028 < o = 2030
    pytest.param(
        Row("peak", None, {2028: "12", 2029: "11", 2030: "12"}, Status.ACHIEVED, y=2030,
            deadline=2030, observed=(2030, "12")),
        id="peak-tie-earliest-maximum",
    ),
    # o = 2032 (peaks use every visible point); m = 2031 > 2030
    pytest.param(
        Row("peak", None, {2029: "10", 2030: "11", 2031: "12", 2032: "11"}, Status.MISSED,
            y=2032, deadline=2030, observed=(2032, "11")),
        id="peak-missed",
    ),
    # m = o = 2030: may still be rising
    pytest.param(
        Row("peak", None, {2028: "10", 2029: "11", 2030: "12"}, Status.INSUFFICIENT_DATA,
            y=2030, deadline=2030, observed=(2030, "12")),
        id="peak-at-last-point->insufficient",
    ),
    # Δ1 = 11 − 12 = −1 < 0
    pytest.param(
        Row("peak", None, {2021: "10", 2022: "12", 2023: "11"}, Status.ON_TRACK, y=2023,
            deadline=2030, observed=(2023, "11")),
        id="peak-on_track-falling",
    ),
    # Δ1 = 1 < Δ0 = 2
    pytest.param(
        Row("peak", None, {2021: "10", 2022: "12", 2023: "13"}, Status.ON_TRACK, y=2023,
            deadline=2030, observed=(2023, "13")),
        id="peak-on_track-slowing",
    ),
    # Δ1 = 1 = Δ0: not slowing
    pytest.param(
        Row("peak", None, {2021: "10", 2022: "11", 2023: "12"}, Status.BEHIND, y=2023,
            deadline=2030, observed=(2023, "12")),
        id="peak-behind",
    ),
    # Δ1 = 2 > Δ0 = 1
    pytest.param(
        Row("peak", None, {2021: "10", 2022: "11", 2023: "13"}, Status.BEHIND, y=2023,
            deadline=2030, observed=(2023, "13")),
        id="peak-behind-accelerating",
    ),
    # Δ1 = 0 is neither < 0 nor < Δ0 = −1: flat after a fall is behind
    pytest.param(
        Row("peak", None, {2021: "10", 2022: "9", 2023: "9"}, Status.BEHIND, y=2023,
            deadline=2030, observed=(2023, "9")),
        id="peak-flat-after-fall-behind",
    ),
    # only o−1 and o
    pytest.param(
        Row("peak", None, {2022: "11", 2023: "12"}, Status.INSUFFICIENT_DATA, y=2023,
            deadline=2030, observed=(2023, "12")),
        id="peak-two-points->insufficient",
    ),
    # 2022 missing: no three consecutive points o−2, o−1, o
    pytest.param(
        Row("peak", None, {2020: "9", 2021: "10", 2023: "12"}, Status.INSUFFICIENT_DATA,
            y=2023, deadline=2030, observed=(2023, "12")),
        id="peak-too-few-points",
    ),
    # no deadline: only the trend counts, Δ1 = −0.5
    pytest.param(
        Row("peak", None, {2021: "12", 2022: "11", 2023: "10.5"}, Status.ON_TRACK, y=2023,
            deadline=None, observed=(2023, "10.5")),
        id="peak-no-deadline-on_track",
    ),
    pytest.param(
        Row("peak", None, {}, Status.NO_DATA, y=2023, deadline=2030), id="peak-no_data"
    ),
]  # fmt: skip


@pytest.mark.parametrize("row", ROWS)
def test_rule(row: Row) -> None:
    """Each rule gives the status and figures the contract says, worked out by hand."""
    got = run(row)
    assert got.status is row.status
    assert (got.observed_year, got.observed_value) == (
        (None, None) if row.observed is None else (row.observed[0], Decimal(row.observed[1]))
    )
    assert (got.baseline_year, got.baseline_value) == (
        (None, None) if row.baseline is None else (row.baseline[0], Decimal(row.baseline[1]))
    )
    assert got.measured_value == dec(row.measured)
    assert got.expected_value == dec(row.expected)
    assert got.progress == dec(row.progress)
    assert got.required_annual_change == dec(row.required)
    assert (got.start_year, got.start_value) == (expected_start(row) or (None, None))
    o = None if row.observed is None else row.observed[0]
    assert got.observed_flag == (row.flag or ("A" if o is not None else None))
    assert got.data_lag == (row.lag if row.lag is not None else None if o is None else row.y - o)
    assert got.reason
    assert got.reason.startswith(row.begins or "")
    for words in row.says:
        assert words in got.reason


@pytest.mark.parametrize("row", ROWS)
def test_nulls(row: Row) -> None:
    """Only on_track/behind carry expected, progress, required; q is null where there is none."""
    got = run(row)
    trajectory = (got.expected_value, got.progress, got.required_annual_change)
    if got.status not in {Status.ON_TRACK, Status.BEHIND} or row.kind == "peak":
        assert trajectory == (None, None, None)
    else:
        assert got.expected_value is not None
        assert got.required_annual_change is not None
    no_q = got.status in {Status.NOT_SET, Status.NO_DATA} or row.kind == "peak"
    no_b = row.kind in {"reduce_by", "increase_by"} and got.baseline_value is None
    assert (got.measured_value is None) == (no_q or no_b)


def test_every_reachable_status_and_kind_is_tabled() -> None:
    """The table reaches each status of each kind that the rules can give."""
    seen = {(row.values[0].kind, row.values[0].status) for row in ROWS}
    for kind in ("at_least", "at_most", "reduce_by", "increase_by"):
        for status in (Status.ACHIEVED, Status.ON_TRACK, Status.BEHIND, Status.MISSED):
            assert (kind, status) in seen
    peak = {Status.ACHIEVED, Status.ON_TRACK, Status.BEHIND, Status.MISSED, Status.NO_DATA}
    assert peak | {Status.INSUFFICIENT_DATA} <= {s for k, s in seen if k == "peak"}
    assert {s for _, s in seen} == set(Status)


# ---- reason sentences (the numbers for people: ≤ 2 decimals, half up, no trailing zeros) ----

REASONS = [
    # line from (2020, 58.8) to (2030, 59) at 2024: 58.8 + 0.2·4/10 = 58.88; the start is named
    pytest.param(
        "at_least", "59", {2020: "58.8", 2024: "58.7"}, 2024, 2030, None, "森林覆盖率", "%",
        "2024年森林覆盖率58.7%，自2020年的58.8%起按线性进度应达58.88%，滞后",
        id="behind-sentence",
    ),
    # a relative target's line starts at b: 0.5 → 0.47 is a 6 % fall; 14·3/5 = 8.4 expected
    pytest.param(
        "reduce_by", "14", {2020: "0.5", 2023: "0.47"}, 2023, 2025, 2020, "单位地区生产总值能耗",
        "吨标准煤/万元",
        "2023年单位地区生产总值能耗较2020年下降6%，自2020年的0.5吨标准煤/万元起按线性进度应下降8.4%，滞后",
        id="relative-sentence-names-the-start",
    ),
    # 2018 is before R; the line starts at 2022 and the sentence says why not at 2020
    pytest.param(
        "at_least", "59", {2018: "50", 2022: "58.8", 2024: "58.7"}, 2024, 2030, None, "森林覆盖率",
        "%", "2024年森林覆盖率58.7%，自2022年的58.8%起（缺2020年数据）按线性进度应达58.85%，滞后",
        id="later-start-sentence-says-why",
    ),
    # Y = 2031 past the deadline, 2029 the latest: 58.8 + 0.2·9/10 = 58.98
    pytest.param(
        "at_least", "59", {2020: "58.8", 2029: "58.9"}, 2031, 2030, None, "森林覆盖率", "%",
        "缺2030年数据；2029年森林覆盖率58.9%，自2020年的58.8%起按线性进度应达58.98%，滞后",
        id="deadline-figure-missing-sentence",
    ),
    pytest.param(
        "at_least", "23.1", {2025: "23.40"}, 2025, 2025, None, "非化石能源消费占比", "%",
        "2025年非化石能源消费占比23.4%，已达到目标23.1%",
        id="achieved-sentence-trailing-zero-stripped",
    ),
    pytest.param(
        "at_least", None, {}, 2025, 2025, None, "能耗", "%", "目标值待省下达",
        id="not_set-sentence",
    ),
    pytest.param(
        "at_least", "1", {}, 2025, 2025, None, "能耗", "%", "尚无观测数据",
        id="no_data-sentence",
    ),
    pytest.param(
        "reduce_by", "14", {2025: "0.5"}, 2025, 2025, 2020, "单位地区生产总值能耗",
        "吨标准煤/万元", "缺少2020年基期数据，无法计算降幅",
        id="no-b-sentence",
    ),
    # (3 − 2.58)·100/3 = 14
    pytest.param(
        "reduce_by", "14", {2020: "3", 2025: "2.58"}, 2025, 2025, 2020, "单位地区生产总值能耗",
        "吨标准煤/万元", "2025年单位地区生产总值能耗较2020年下降14%，已达到下降14%的目标",
        id="reduce_by-sentence-in-percent",
    ),
    # an observed 1.005 is written as entered (numbers.figure), not rounded to 1.01; the unit
    # follows the number
    pytest.param(
        "at_most", "1", {2025: "1.005"}, 2025, 2025, None, "装机", "万千瓦",
        "2025年装机1.005万千瓦，超过上限1万千瓦",
        id="as-entered-and-unit",
    ),
    # −0.0 is written 0, without a sign
    pytest.param(
        "at_least", "1", {2025: "-0.0"}, 2025, 2025, None, "占比", "%",
        "2025年占比0%，未达到目标1%",
        id="negative-zero-unsigned",
    ),
    pytest.param(
        "peak", None, {2029: "10", 2030: "11", 2031: "12.50", 2032: "11"}, 2032, 2030, None,
        "二氧化碳排放量", "万吨", "峰值出现在2031年（12.5万吨），晚于2030年",
        id="peak-missed-sentence",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "value", "points", "y", "deadline", "base_year", "name", "unit", "reason"), REASONS
)
def test_reason(
    kind: str,
    value: str | None,
    points: dict[int, str],
    y: int,
    deadline: int,
    base_year: int | None,
    name: str,
    unit: str,
    reason: str,
) -> None:
    """The reason is one Chinese sentence with the numbers as people write them."""
    indicator = make_indicator(
        kind, value, deadline=deadline, base_year=base_year, name=name, unit=unit
    )
    got = assess(indicator, indicator.targets[0], series(points), year=y, reference_year=2020)
    assert got.reason == reason


# ---- the enum, labels, assess_all and summary ----


def test_status_strings_order_and_labels() -> None:
    """Values are the contract's strings; order is best to worst; labels are the Chinese ones."""
    assert [s.value for s in STATUS_ORDER] == [
        "achieved", "on_track", "behind", "missed", "no_data", "insufficient_data", "not_set",
    ]  # fmt: skip
    assert [STATUS_LABELS[s] for s in STATUS_ORDER] == [
        "达标", "进度正常", "滞后", "未达标", "无数据", "数据不足", "待下达",
    ]  # fmt: skip


def test_assess_all_file_order_missing_indicator_and_summary() -> None:
    """Targets come in file order; an indicator without a series has no data; counts add up."""
    share = make_indicator("at_least", "23.1", ident="share")
    other = Indicator.model_validate(
        {
            "id": "other",
            "name": "其他",
            "unit": "%",
            "targets": [
                {"id": "b_first", "kind": "at_most", "value": Decimal(5), "year": 2025,
                 "task": "1", "quote": "引文"},
                {"id": "a_second", "kind": "at_least", "value": None, "year": 2025,
                 "task": "1", "quote": "引文"},
            ],
        }
    )  # fmt: skip
    got = assess_all(
        [share, other], {"share": series({2025: "24"})}, year=2025, reference_year=2020
    )
    assert [(a.target.id, a.status) for a in got] == [
        ("share_target", Status.ACHIEVED),
        ("b_first", Status.NO_DATA),
        ("a_second", Status.NOT_SET),
    ]
    counts = summary(got)
    assert list(counts) == list(STATUS_ORDER)
    assert counts == {
        Status.ACHIEVED: 1,
        Status.ON_TRACK: 0,
        Status.BEHIND: 0,
        Status.MISSED: 0,
        Status.NO_DATA: 1,
        Status.INSUFFICIENT_DATA: 0,
        Status.NOT_SET: 1,
    }


def test_summary_of_nothing_has_every_key() -> None:
    """An empty summary still lists every status."""
    assert summary([]) == dict.fromkeys(STATUS_ORDER, 0)


# ---- properties ----

RANK = {Status.ACHIEVED: 0, Status.ON_TRACK: 1, Status.BEHIND: 2, Status.MISSED: 3}
# +1 where a larger observed value is better
BETTER_UP = {"at_least": 1, "increase_by": 1, "reduce_by": -1, "at_most": -1}
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1000), places=2)


@settings(deadline=None, max_examples=300)
@given(
    kind=st.sampled_from(sorted(BETTER_UP)),
    value=st.decimals(min_value=Decimal(-50), max_value=Decimal(200), places=2),
    start=amounts,
    first=amounts,
    second=amounts,
    o=st.integers(2021, 2030),
    deadline=st.one_of(st.none(), st.integers(2021, 2030)),
    approx=st.booleans(),
)
def test_better_observation_never_worse_status(
    kind: str,
    value: Decimal,
    start: Decimal,
    first: Decimal,
    second: Decimal,
    o: int,
    deadline: int | None,
    approx: bool,
) -> None:
    """A better observed value at o never gives a worse status (achieved < … < missed)."""
    if deadline is not None:
        o = min(o, deadline)
    indicator = make_indicator(kind, str(value), deadline=deadline, base_year=2020, approx=approx)
    target = indicator.targets[0]
    worse, better = sorted((first, second), key=lambda v: BETTER_UP[kind] * v)
    got = [
        assess(indicator, target, {2020: start, o: v}, year=o, reference_year=2020).status
        for v in (better, worse)
    ]
    assert set(got) <= set(RANK)
    assert RANK[got[0]] <= RANK[got[1]]


@settings(deadline=None, max_examples=200)
@given(
    kind=st.sampled_from(["at_least", "at_most", "reduce_by", "increase_by", "peak"]),
    value=st.decimals(min_value=Decimal(-50), max_value=Decimal(200), places=2),
    points=st.dictionaries(st.integers(2016, 2030), amounts, max_size=8),
    later=st.dictionaries(st.integers(1, 10), amounts, max_size=4),
    others=st.dictionaries(st.integers(2016, 2035), amounts, max_size=6),
    y=st.integers(2016, 2030),
)
def test_locality(
    kind: str,
    value: Decimal,
    points: dict[int, Decimal],
    later: dict[int, Decimal],
    others: dict[int, Decimal],
    y: int,
) -> None:
    """Other indicators' series and years after Y change nothing for a target."""
    indicator = make_indicator(
        kind, str(value), deadline=2025, base_year=2020, baselines=((2018, "7", WHOLE_CITY),)
    )
    alone = assess_all([indicator], {"share": points}, year=y, reference_year=2020)
    extended = {**points, **{y + k: v for k, v in later.items()}}
    other = make_indicator("at_least", "1", ident="other")
    crowded = assess_all(
        [other, indicator], {"share": extended, "other": others}, year=y, reference_year=2020
    )
    assert crowded[1:] == alone


@settings(deadline=None)
@given(b=st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(10**9), places=4))
def test_reduce_by_14_exact(b: Decimal) -> None:
    """A fall of exactly 14 % meets "下降14%" whatever b is: Decimal, not float."""
    v = b * Decimal("0.86")
    indicator = make_indicator("reduce_by", "14", base_year=2020)
    got = assess(
        indicator, indicator.targets[0], {2020: b, 2025: v}, year=2025, reference_year=2020
    )
    assert got.status is Status.ACHIEVED
    assert got.measured_value == 14


def test_assessment_fields_match_contract() -> None:
    """The Assessment carries the contract's status figures under the same names."""
    names = list(Assessment._fields)
    assert names[2:] == [
        "status", "observed_value", "observed_year", "observed_flag", "data_lag",
        "baseline_value", "baseline_year", "start_year", "start_value", "measured_value",
        "expected_value", "progress", "required_annual_change", "reason",
        "year", "break_year", "judgement",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        ("23.1", 2, "23.1"),
        ("23.10", 2, "23.1"),
        ("58.255", 2, "58.26"),  # half up
        ("-0.004", 2, "0"),  # never -0
        ("1000", 2, "1000"),  # no 1E+3
        ("1e-299", 2, "0"),
        ("1e299", 2, "1" + "0" * 299),  # quantize() would overflow the context
        ("0.4583", 3, "0.458"),
    ],
)
def test_plain_numbers_for_people(value: str, places: int, text: str) -> None:
    assert plain(Decimal(value), places) == text
