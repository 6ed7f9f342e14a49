"""A verdict with its grounds: status.assess and the methods of methods.py together (issue 15).

The worked examples are the issue's, computed by hand in tests/test_methods.py (the arithmetic is
written there); here they go through the status rules, so the start, the level and the figures
that reach `carbon explain` are the ones worked by hand.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from carbon_cli.methods import Method
from carbon_cli.models import Indicator
from carbon_cli.status import Assessment, Status, assess

D = Decimal
REFERENCE_YEAR = 2020


def make_indicator(
    kind: str,
    value: str | None,
    *,
    deadline: int | None = 2025,
    base_year: int | None = None,
    baselines: tuple[tuple[int, str, str], ...] = (),
) -> Indicator:
    """An indicator 占比 (%) with one target, as targets.yaml would give it."""
    target = {
        "id": "share_target",
        "kind": kind,
        "value": None if value is None else D(value),
        "year": deadline,
        "base_year": base_year,
        "task": "1",
        "quote": "引文",
    }
    return Indicator.model_validate(
        {
            "id": "share",
            "name": "占比",
            "unit": "%",
            "baselines": [
                {"year": y, "value": D(v), "area": a, "source": "公报"} for y, v, a in baselines
            ],
            "targets": [target],
        }
    )


def judged(
    kind: str,
    value: str,
    points: dict[int, str],
    year: int,
    *,
    deadline: int = 2025,
    base_year: int | None = None,
    flags: dict[int, str] | None = None,
) -> Assessment:
    """assess() on numbers written as text."""
    indicator = make_indicator(kind, value, deadline=deadline, base_year=base_year)
    return assess(
        indicator,
        indicator.targets[0],
        {y: D(v) for y, v in points.items()},
        year=year,
        reference_year=REFERENCE_YEAR,
        flags=flags,
    )


def r4(value: Decimal | None) -> Decimal:
    """A figure at the four decimals it was worked to by hand."""
    assert value is not None
    return value.quantize(D("0.0001"))


def test_energy_intensity_example_through_the_rules() -> None:
    # 100 (2020) → 92 (2023), −14 % by 2025 against 2020 (tests/test_methods.py has the steps)
    a = judged("reduce_by", "14", {2020: "100", 2023: "92"}, 2023, base_year=2020)
    assert a.status is Status.BEHIND  # 8 % < 8.4 %
    assert (a.start_year, a.start_value) == (2020, 0)  # in q's unit: no fall yet
    assert a.line_start == (2020, 100)  # in the series' unit: b
    assert a.judgement is not None
    statuses = {m.value: r.status for m, r in a.judgement.methods.items()}
    assert statuses == {
        "linear": "behind",
        "compound": "behind",  # expected fall 8.652 %
        "un": "fair",  # CR 0.9225
        "opensdg": "needs_acceleration",
        "projection": "fair",  # P 0.9268
    }
    assert r4(a.judgement.methods[Method.COMPOUND].figure) == D("8.6520")
    assert r4(a.judgement.methods[Method.UN].figure) == D("0.9225")
    assert r4(a.judgement.methods[Method.PROJECTION].figure) == D("0.9268")
    assert a.fragile is False
    assert a.judgement.required_annual_change == a.required_annual_change == 3


def test_non_fossil_example_through_the_rules() -> None:
    # 18 (2020) → 21.5 (2023), at least 23.1 by 2025: on track by every method
    a = judged("at_least", "23.1", {2020: "18", 2023: "21.5"}, 2023)
    assert a.status is Status.ON_TRACK
    assert (a.start_year, a.start_value) == (2020, 18)
    assert a.judgement is not None
    assert {r.status for r in a.judgement.methods.values()} == {"on_track"}
    assert r4(a.judgement.methods[Method.UN].figure) == D("1.1927")
    assert r4(a.judgement.methods[Method.PROJECTION].figure) == D("1.2164")
    assert a.fragile is False


def test_ban_is_fragile() -> None:
    # 40 (2020) → 10 (2023), none left by 2025: linear on track, the UN 2022 method limited
    a = judged("at_most", "0", {2020: "40", 2023: "10"}, 2023)
    assert a.status is Status.ON_TRACK
    assert a.fragile is True


def test_methods_start_where_the_line_starts() -> None:
    # no 2020 figure: the line and every method start at 2021's 19 (not at the file's 2018)
    a = judged("at_least", "23.1", {2018: "10", 2021: "19", 2023: "21"}, 2023)
    assert a.line_start == (2021, 19)
    assert a.judgement is not None
    # CAGR_a over 2021–2023: (21/19)^(1/2) − 1 = √1.105263 − 1 = 0.051315
    assert r4(a.judgement.methods[Method.UN].extra["cagr_actual"]) == D("0.0513")


@pytest.mark.parametrize(
    ("kind", "value", "points", "year", "status"),
    [
        ("at_least", "23.1", {2020: "18", 2025: "24"}, 2025, Status.ACHIEVED),
        ("at_least", "23.1", {2020: "18", 2025: "22"}, 2025, Status.MISSED),
        ("at_least", "23.1", {2023: "21.5"}, 2023, Status.INSUFFICIENT_DATA),
        ("at_least", "23.1", {}, 2023, Status.NO_DATA),
    ],
    ids=["achieved", "missed", "insufficient", "no_data"],
)
def test_fragile_is_null_without_a_line(
    kind: str, value: str, points: dict[int, str], year: int, status: Status
) -> None:
    a = judged(kind, value, points, year)
    assert a.status is status
    assert a.judgement is None
    assert a.fragile is None
    assert (a.start_year, a.start_value, a.line_start) == (None, None, None)


def test_a_peak_has_no_methods() -> None:
    indicator = make_indicator("peak", None, deadline=2030)
    points = {2021: D(10), 2022: D(12), 2023: D(13)}
    a = assess(indicator, indicator.targets[0], points, year=2023, reference_year=2020)
    assert a.status is Status.ON_TRACK
    assert a.fragile is None


@pytest.mark.parametrize(
    ("points", "year", "deadline", "judged_on", "missing"),
    [
        ({2020: "44", 2024: "56"}, 2024, 2025, None, False),  # o = Y: current
        ({2020: "44", 2024: "56"}, 2025, 2025, 2024, True),  # 2025's figure missing
        ({2020: "44", 2023: "52"}, 2024, 2030, 2023, False),  # 2024's missing, deadline ahead
        ({2020: "44", 2025: "58"}, 2027, 2025, None, False),  # judged at its deadline
        ({2020: "44", 2025: "58", 2027: "70"}, 2027, 2025, None, False),  # later rows unused
    ],
)
def test_judged_on_an_older_year(
    points: dict[int, str], year: int, deadline: int, judged_on: int | None, missing: bool
) -> None:
    """截至{o}年 where o is before Y (or before a deadline that came first)."""
    a = judged("at_least", "60", points, year, deadline=deadline)
    assert a.judged_on == judged_on
    assert a.deadline_missing is missing
    assert a.reason.startswith(f"缺{deadline}年数据") is missing


# ---- properties ----

LEVEL_KINDS = ["at_least", "at_most", "reduce_by", "increase_by"]
amounts = st.decimals(min_value=D("0.01"), max_value=D(1000), places=2)
flag_codes = st.sampled_from(["A", "P", "E", "F", "B"])


@settings(deadline=None, max_examples=300)
@given(
    kind=st.sampled_from(LEVEL_KINDS),
    value=st.decimals(min_value=D(-50), max_value=D(200), places=2),
    later=st.dictionaries(st.integers(2020, 2030), st.tuples(amounts, flag_codes), max_size=6),
    older=st.dictionaries(st.integers(2000, 2019), st.tuples(amounts, flag_codes), max_size=6),
    baselines=st.lists(st.tuples(st.integers(2000, 2030), amounts), max_size=3),
    deadline=st.one_of(st.none(), st.integers(2021, 2030)),
    year=st.integers(2020, 2032),
)
def test_observations_before_reference_year_change_no_verdict(
    kind: str,
    value: Decimal,
    later: dict[int, tuple[Decimal, str]],
    older: dict[int, tuple[Decimal, str]],
    baselines: list[tuple[int, Decimal]],
    deadline: int | None,
    year: int,
) -> None:
    """Rows before reference_year (any flag, even a break) never change a level target's
    verdict, once a value from reference_year on is observed (for a peak they do: its rule
    reads the whole series)."""
    base_year = 2020 if kind in {"reduce_by", "increase_by"} else None
    recorded = tuple((y, str(v), "全市") for y, v in dict(baselines).items())
    indicator: Indicator = make_indicator(
        kind, str(value), deadline=deadline, base_year=base_year, baselines=recorded
    )
    target = indicator.targets[0]
    last = year if deadline is None else min(year, deadline)
    assume(any(y <= last and f != "F" for y, (_, f) in later.items()))

    def run(rows: dict[int, tuple[Decimal, str]]) -> Assessment:
        points = {y: v for y, (v, _) in rows.items()}
        flags = {y: f for y, (_, f) in rows.items() if f != "A"}
        return assess(
            indicator, target, points, year=year, reference_year=REFERENCE_YEAR, flags=flags
        )

    # the verdict and every figure; the reason may add that older rows start nothing, and a
    # break before R is recorded as k, though it cuts only rows that were never used
    def verdict(a: Assessment) -> Assessment:
        return a._replace(break_year=None, reason="")

    assert verdict(run({**older, **later})) == verdict(run(later))


@settings(deadline=None, max_examples=200)
@given(
    kind=st.sampled_from(LEVEL_KINDS),
    points=st.dictionaries(st.integers(2018, 2030), amounts, min_size=1, max_size=8),
    forecasts=st.dictionaries(st.integers(2018, 2032), amounts, min_size=1, max_size=4),
    year=st.integers(2020, 2032),
)
def test_forecasts_are_never_seen(
    kind: str,
    points: dict[int, Decimal],
    forecasts: dict[int, Decimal],
    year: int,
) -> None:
    """Adding F-flagged values in years that have none changes nothing at all."""
    base_year = 2020 if kind in {"reduce_by", "increase_by"} else None
    indicator = make_indicator(kind, "50", deadline=2028, base_year=base_year)
    target = indicator.targets[0]
    extra = {y: v for y, v in forecasts.items() if y not in points}
    alone = assess(indicator, target, points, year=year, reference_year=REFERENCE_YEAR)
    crowded = assess(
        indicator,
        target,
        {**points, **extra},
        year=year,
        reference_year=REFERENCE_YEAR,
        flags=dict.fromkeys(extra, "F"),
    )
    assert crowded == alone
