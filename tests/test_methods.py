"""The judging methods of CONTRACT.md ("Methods"), against examples worked by hand.

Every expected figure below was worked out with pencil, four-figure logarithms and a pocket
calculator (the steps are in the comments: ln, /n, exp), and then checked with a float
calculation separate from the module; none was copied from the program's output. Figures are
compared at four decimals, the precision they were worked to.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from carbon_cli.choices import Kind
from carbon_cli.methods import (
    METHOD_LABELS,
    VERDICT_LABELS,
    Judgement,
    Method,
    Point,
    Verdict,
    in_q_unit,
    judge,
    opensdg_verdict,
    projection_verdict,
    un_verdict,
    without_trajectory,
)
from carbon_cli.status import STATUS_LABELS, Status

D = Decimal
LEVEL_KINDS = (Kind.AT_LEAST, Kind.AT_MOST, Kind.REDUCE_BY, Kind.INCREASE_BY)


def run(
    kind: Kind,
    start: tuple[int, str],
    observed: tuple[int, str],
    level: str,
    deadline: int,
    linear: str,
    progress: Decimal | None = None,
) -> Judgement:
    """judge() on numbers written as text."""
    return judge(
        kind,
        Point(start[0], D(start[1])),
        Point(observed[0], D(observed[1])),
        D(level),
        deadline,
        linear_status=linear,
        linear_progress=progress,
    )


def statuses(judgement: Judgement) -> dict[str, str | None]:
    """Each method's status."""
    return {method: result.status for method, result in judgement.methods.items()}


def r4(value: Decimal | None) -> Decimal:
    """A figure at the four decimals it was worked to by hand."""
    assert value is not None
    return value.quantize(D("0.0001"))


def figure(judgement: Judgement, method: Method) -> Decimal:
    """One method's figure, at four decimals."""
    return r4(judgement.methods[method].figure)


def extra(judgement: Judgement, method: Method, key: str) -> Decimal:
    """One of a method's other figures, at four decimals."""
    return r4(judgement.methods[method].extra[key])


# ---- the two examples of issue 15 ----


def test_energy_intensity_reduce_by_14_percent_is_behind_but_fair() -> None:
    # 单位GDP能耗 100 (2020) → 92 (2023), 下降14% by 2025 against 2020: L = 100·(1 − 0.14) = 86.
    # linear: q = (100 − 92)/100·100 = 8 %; the line 0 → 14 % over 2020–2025 is at 14·3/5 = 8.4 %
    # in 2023; 8 < 8.4 → behind, progress 8/14 = 0.5714 (given: status.py computes it).
    j = run(Kind.REDUCE_BY, (2020, "100"), (2023, "92"), "86", 2025, "behind", D(8) / 14)
    assert statuses(j) == {
        # compound: ln 0.86 = −0.150823; ×3/5 = −0.090494; exp → 0.913480: path(2023) = 91.348,
        # an expected fall of 100 − 91.348 = 8.652 %; 92 > 91.348 and lower is better → behind
        "linear": "behind",
        "compound": "behind",
        # CAGR_a: ln 0.92 = −0.083382; /3 = −0.027794; exp → 0.972589: −0.027411 a year.
        # CAGR_r: −0.150823/5 = −0.030165; exp → 0.970286: −0.029714 a year (the 2.9714 % of
        # 时序进度). CR = 0.027411/0.029714 = 0.9225: 0.5 ≤ CR < 0.95 → fair
        "un": "fair",
        "opensdg": "needs_acceleration",  # 0.6 ≤ 0.9225 < 0.95
        # v_e = 92·0.972589² = 92·0.945929 = 87.0255; P = (87.0255 − 100)/(86 − 100)
        # = 12.9745/14 = 0.9268: 0.10 ≤ P < 0.95 → fair
        "projection": "fair",
    }
    assert figure(j, Method.LINEAR) == D("0.5714")
    assert figure(j, Method.COMPOUND) == D("8.6520")  # in q's unit: the expected fall in %
    assert extra(j, Method.COMPOUND, "path_value") == D("91.3480")
    assert extra(j, Method.COMPOUND, "path_rate") == D("-0.0297")  # −2.9714 % a year
    # (86/92)^(1/2) − 1 = √0.934783 − 1 = 0.966842 − 1 = −0.033158: 3.3158 % a year from now on
    assert extra(j, Method.COMPOUND, "required_annual_rate") == D("-0.0332")
    assert figure(j, Method.UN) == figure(j, Method.OPENSDG) == D("0.9225")
    assert extra(j, Method.UN, "cagr_actual") == D("-0.0274")
    assert figure(j, Method.PROJECTION) == D("0.9268")
    assert extra(j, Method.PROJECTION, "projected_value") == D("87.0255")
    assert not j.fragile  # no method says on_track
    assert j.required_annual_change == 3  # (14 − 8)/(2025 − 2023) percentage points a year
    assert r4(j.required_annual_rate) == D("-0.0332")


def test_non_fossil_share_on_track_by_every_method() -> None:
    # 非化石能源消费比重 18 (2020) → 21.5 (2023), at least 23.1 by 2025.
    # linear: 18 + (23.1 − 18)·3/5 = 21.06 ≤ 21.5 → on_track, progress 3.5/5.1 = 0.6863.
    j = run(Kind.AT_LEAST, (2020, "18"), (2023, "21.5"), "23.1", 2025, "on_track", D("0.6863"))
    # compound: 23.1/18 = 1.283333, ln = 0.249461; ×3/5 = 0.149677; exp → 1.161458:
    # path(2023) = 18·1.161458 = 20.9063 ≤ 21.5 → on_track.
    # CAGR_a: 21.5/18 = 1.194444, ln = 0.177681; /3 = 0.059227; exp → 1.061016: 0.061016.
    # CAGR_r: 0.249461/5 = 0.049892; exp → 1.051158: 0.051158. CR = 0.061016/0.051158 = 1.1927.
    # v_e = 21.5·1.061016² = 21.5·1.125755 = 24.2037; P = (24.2037 − 18)/5.1 = 1.2164.
    assert set(statuses(j).values()) == {"on_track"}
    assert figure(j, Method.COMPOUND) == extra(j, Method.COMPOUND, "path_value") == D("20.9063")
    assert figure(j, Method.UN) == figure(j, Method.OPENSDG) == D("1.1927")
    assert figure(j, Method.PROJECTION) == D("1.2164")
    assert not j.fragile
    assert j.required_annual_change == D("0.8")  # (23.1 − 21.5)/2
    # (23.1/21.5)^(1/2) − 1 = √1.074419 − 1 = 0.036542
    assert r4(j.required_annual_rate) == D("0.0365")


# ---- our own ----


def test_ban_uses_a_stand_in_level_and_turns_fragile() -> None:
    # 燃煤小锅炉 40 (2020) → 10 (2023), none left (at_most 0) by 2025.
    # linear: the line 40 → 0 is at 40 − 40·3/5 = 16 in 2023; 10 ≤ 16 → on_track,
    # progress (10 − 40)/(0 − 40) = 0.75.
    j = run(Kind.AT_MOST, (2020, "40"), (2023, "10"), "0", 2025, "on_track", D("0.75"))
    # CAGR_a = ∛(10/40) − 1 = ∛0.25 − 1 = 0.629961 − 1 = −0.370039.
    # CAGR_r with L′ = 0.001: ln(0.001/40) = ln 2.5 − 5·ln 10 = 0.916291 − 11.512925 = −10.596635;
    # /5 = −2.119327; exp → 0.120112: −0.879888. CR = 0.370039/0.879888 = 0.4206.
    # v_e = 10·0.629961² = 10·0.396850 = 3.9685; P = (3.9685 − 40)/(0 − 40) = 0.9008.
    assert statuses(j) == {
        "linear": "on_track",
        "compound": None,  # no constant rate reaches 0
        "un": "limited",  # −0.1 ≤ 0.4206 < 0.5
        "opensdg": "limited_progress",  # 0 ≤ 0.4206 < 0.6
        "projection": "fair",  # 0.10 ≤ 0.9008 < 0.95
    }
    assert extra(j, Method.UN, "cagr_required") == D("-0.8799")
    assert figure(j, Method.UN) == D("0.4206")
    assert figure(j, Method.PROJECTION) == D("0.9008")
    assert j.methods[Method.COMPOUND].figure is None
    assert j.required_annual_rate is None  # (0/10)^(1/2) − 1 is no rate anyone can keep
    assert j.required_annual_change == -5  # (0 − 10)/2
    assert j.fragile  # linear on_track, the others not


def test_share_that_fell_is_deterioration() -> None:
    # 18 (2020) → 17 (2023), at least 23.1 by 2025: linear 17 < 21.06 → behind,
    # progress (17 − 18)/5.1 = −0.1961.
    j = run(Kind.AT_LEAST, (2020, "18"), (2023, "17"), "23.1", 2025, "behind", D("-0.1961"))
    # compound: path(2023) = 20.9063 (as above) > 17 → behind.
    # CAGR_a: 17/18 = 0.944444, ln = −0.057158; /3 = −0.019053; exp → 0.981128: −0.018872.
    # CR = −0.018872/0.051158 = −0.3689 < −0.1.
    # v_e = 17·0.981128² = 17·0.962612 = 16.3644; P = (16.3644 − 18)/5.1 = −0.3207 < 0.10.
    assert statuses(j) == {
        "linear": "behind",
        "compound": "behind",
        "un": "deterioration",
        "opensdg": "deterioration",
        "projection": "stagnation_or_regression",
    }
    assert figure(j, Method.UN) == D("-0.3689")
    assert figure(j, Method.PROJECTION) == D("-0.3207")
    assert not j.fragile


def test_share_starting_above_its_floor_is_on_track_by_un_methods() -> None:
    # The contract's CR and P carry no direction: a floor (at least 23.1) that the series started
    # above (25 in 2020) and has fallen below (22 in 2023) is behind by the line
    # (25 − 1.9·3/5 = 23.86 > 22) and by the path (ln 0.924 = −0.079043; ×3/5 = −0.047426;
    # exp → 0.953681; 25·0.953681 = 23.8420 > 22), but the UN methods read the fall as progress:
    # CAGR_a: ln 0.88 = −0.127833; /3 = −0.042611; exp → 0.958284: −0.041716.
    # CAGR_r: −0.079043/5 = −0.015809; exp → 0.984316: −0.015684. CR = 2.6598 ≥ 0.95.
    # v_e = 22·0.958284² = 22·0.918308 = 20.2028; P = (20.2028 − 25)/(23.1 − 25) = 2.5249.
    # `fragile` is what shows it.
    j = run(Kind.AT_LEAST, (2020, "25"), (2023, "22"), "23.1", 2025, "behind")
    assert statuses(j) == {
        "linear": "behind",
        "compound": "behind",
        "un": "on_track",
        "opensdg": "on_track",
        "projection": "on_track",
    }
    assert figure(j, Method.COMPOUND) == D("23.8420")
    assert figure(j, Method.UN) == D("2.6597")
    assert figure(j, Method.PROJECTION) == D("2.5249")
    assert j.fragile


def test_increase_by_exactly_on_the_line() -> None:
    # 森林蓄积量 b = 500 (2020), up 10 % by 2025: L = 500·1.1 = 550; 520 in 2022: q = 4 %,
    # the line is at 10·2/5 = 4 % → on_track exactly, progress 0.4.
    j = run(Kind.INCREASE_BY, (2020, "500"), (2022, "520"), "550", 2025, "on_track", D("0.4"))
    # compound: ln 1.1 = 0.095310; ×2/5 = 0.038124; exp → 1.038860: path(2022) = 519.4300,
    # a rise of 19.43/500·100 = 3.8860 %; 520 ≥ 519.43 → on_track (the path is below the line).
    # CAGR_a = √1.04 − 1 = 0.019804; CAGR_r: 0.095310/5 = 0.019062, exp → 1.019245: 0.019245.
    # CR = 0.019804/0.019245 = 1.0290.
    # v_e = 520·1.04^(3/2) = 520·1.04·1.019804 = 520·1.060596 = 551.5099;
    # P = (551.5099 − 500)/(550 − 500) = 1.0302.
    assert set(statuses(j).values()) == {"on_track"}
    assert figure(j, Method.COMPOUND) == D("3.8860")
    assert extra(j, Method.COMPOUND, "path_value") == D("519.4301")  # 519.430059…
    assert figure(j, Method.UN) == D("1.0290")
    assert figure(j, Method.PROJECTION) == D("1.0302")
    assert j.required_annual_change == 2  # (10 − 4)/(2025 − 2022) points a year
    # 550/520 = 1.057692, ln = 0.056089; /3 = 0.018696; exp → 1.018872
    assert r4(j.required_annual_rate) == D("0.0189")


def test_cr_of_exactly_095_is_on_track() -> None:
    # 100 (2020) → 109.5 (2021), at least 121 by 2022: CAGR_a = 109.5/100 − 1 = 0.095 and
    # CAGR_r = √(121/100) − 1 = 1.1 − 1 = 0.1, both exact: CR = 0.095/0.1 = 0.95 exactly.
    j = run(Kind.AT_LEAST, (2020, "100"), (2021, "109.5"), "121", 2022, "behind")
    assert j.methods[Method.UN].figure == D("0.95")
    assert statuses(j) == {
        "linear": "behind",  # the line: 100 + 21/2 = 110.5 > 109.5
        "compound": "behind",  # the path: 100·1.1 = 110 > 109.5
        "un": "on_track",
        "opensdg": "on_track",
        # v_e = 109.5·1.095 = 119.9025; P = 19.9025/21 = 0.9477
        "projection": "fair",
    }
    assert figure(j, Method.PROJECTION) == D("0.9477")
    assert j.fragile
    # one hundredth less: CAGR_a = 0.0949, CR = 0.949
    below = run(Kind.AT_LEAST, (2020, "100"), (2021, "109.49"), "121", 2022, "behind")
    assert below.methods[Method.UN].figure == D("0.949")
    assert below.methods[Method.UN].status == "fair"
    assert below.methods[Method.OPENSDG].status == "needs_acceleration"


def test_p_of_exactly_095_is_on_track() -> None:
    # 100 (2020) → 109 (2021), at least 119.8 by 2022: CAGR_a = 0.09, v_e = 109·1.09 = 118.81;
    # P = (118.81 − 100)/(119.8 − 100) = 18.81/19.8 = 0.95 exactly (19.8·0.95 = 18.81).
    j = run(Kind.AT_LEAST, (2020, "100"), (2021, "109"), "119.8", 2022, "behind")
    assert j.methods[Method.PROJECTION].figure == D("0.95")
    assert j.methods[Method.PROJECTION].extra["projected_value"] == D("118.81")
    assert statuses(j) == {
        "linear": "behind",  # 100 + 19.8/2 = 109.9 > 109
        "compound": "behind",  # 100·√1.198 = 109.4532 > 109
        "un": "on_track",  # CR = 0.09/(√1.198 − 1) = 0.09/0.094532 = 0.9521
        "opensdg": "on_track",
        "projection": "on_track",
    }
    assert figure(j, Method.UN) == D("0.9521")
    # a level 0.01 higher: P = 18.81/19.81 = 0.9495
    below = run(Kind.AT_LEAST, (2020, "100"), (2021, "109"), "119.81", 2022, "behind")
    assert figure(below, Method.PROJECTION) == D("0.9495")
    assert below.methods[Method.PROJECTION].status == "fair"


@pytest.mark.parametrize(
    ("kind", "start", "observed", "level"),
    [
        # 100·(121/100)^(1/2) = 110: on the path, rising
        pytest.param(Kind.AT_LEAST, "100", "110", "121", id="rising"),
        # 100·(81/100)^(1/2) = 90: on the path, falling
        pytest.param(Kind.AT_MOST, "100", "90", "81", id="falling"),
        # 27·(3/27)^(1/2) = 27/3 = 9, though 1/9 has no finite decimal (in 60 digits the path
        # is 8.99…9 and 9 would be above it): the comparison is exact
        pytest.param(Kind.AT_MOST, "27", "9", "3", id="no-finite-decimal"),
    ],
)
def test_a_point_on_the_compound_path_is_on_track(
    kind: Kind, start: str, observed: str, level: str
) -> None:
    j = run(kind, (2020, start), (2021, observed), level, 2022, "behind")
    assert j.methods[Method.COMPOUND].status == "on_track"


def test_compound_with_the_observed_year_at_the_start() -> None:
    # o = s: the path is at vs = vo (on track), and CAGR_a has no years to run over
    j = run(Kind.AT_LEAST, (2020, "18"), (2020, "18"), "23.1", 2025, "on_track", D(0))
    assert statuses(j) == {
        "linear": "on_track",
        "compound": "on_track",
        "un": None,
        "opensdg": None,
        "projection": None,
    }


@pytest.mark.parametrize(
    ("kind", "start", "observed", "level", "linear", "defined", "rate"),
    [
        # vs = 0: no rate from 0; the rate still needed from 5 to 10 in 2 years is √2 − 1
        pytest.param(
            Kind.AT_LEAST, "0", "5", "10", "behind", {"linear"}, "0.4142", id="start-zero"
        ),
        # vs < 0 likewise
        pytest.param(
            Kind.AT_LEAST, "-2", "5", "10", "behind", {"linear"}, "0.4142", id="start-negative"
        ),
        # L = vs: no way to go; √(50/52) − 1 = −0.019419
        pytest.param(
            Kind.AT_MOST, "50", "52", "50", "behind", {"linear"}, "-0.0194", id="level-is-start"
        ),
        # vo = 0: no CAGR_a and no rate still needed, but the path is drawn (0 < path: behind)
        pytest.param(
            Kind.AT_LEAST,
            "10",
            "0",
            "20",
            "behind",
            {"linear", "compound"},
            None,
            id="observed-zero",
        ),
        # L < 0 (a net amount): no rate, no path; the projection needs no rate to L
        pytest.param(
            Kind.AT_MOST,
            "10",
            "5",
            "-1",
            "on_track",
            {"linear", "projection"},
            None,
            id="level-negative",
        ),
    ],
)
def test_undefined_formulas_give_null(
    kind: Kind,
    start: str,
    observed: str,
    level: str,
    linear: str,
    defined: set[str],
    rate: str | None,
) -> None:
    j = run(kind, (2020, start), (2023, observed), level, 2025, linear)
    for method, result in j.methods.items():
        assert (result.status is not None) is (method in defined), method
        if method not in defined:
            assert result.figure is None, method
            assert set(result.extra.values()) - {result.extra.get("required_annual_rate")} <= {None}
    assert (None if j.required_annual_rate is None else r4(j.required_annual_rate)) == (
        None if rate is None else D(rate)
    )


def test_level_negative_projection_by_hand() -> None:
    # at most −1 by 2025 from 10 (2020), 5 in 2023: CAGR_a = ∛0.5 − 1 = 0.793701 − 1;
    # v_e = 5·0.793701² = 5·0.629961 = 3.1498; P = (3.1498 − 10)/(−1 − 10) = 0.6227
    j = run(Kind.AT_MOST, (2020, "10"), (2023, "5"), "-1", 2025, "on_track")
    assert figure(j, Method.PROJECTION) == D("0.6227")
    assert j.methods[Method.PROJECTION].status == "fair"
    assert j.fragile


@pytest.mark.parametrize(
    "status",
    [Status.ACHIEVED, Status.MISSED, Status.NO_DATA, Status.INSUFFICIENT_DATA, Status.NOT_SET],
)
def test_any_other_status_is_repeated_by_every_method(status: Status) -> None:
    # the figures would say behind, but the linear status is what every method repeats
    j = run(Kind.AT_LEAST, (2020, "18"), (2023, "17"), "23.1", 2025, status)
    assert set(statuses(j).values()) == {status}
    assert all(r.figure is None for r in j.methods.values())
    assert all(set(r.extra.values()) <= {None} for r in j.methods.values())
    assert not j.fragile
    assert j.required_annual_change is None
    assert j.required_annual_rate is None
    assert without_trajectory(status) == j


def test_a_peak_on_track_has_no_other_methods() -> None:
    j = without_trajectory(Status.ON_TRACK)
    assert statuses(j) == {
        "linear": "on_track",
        "compound": None,
        "un": None,
        "opensdg": None,
        "projection": None,
    }
    assert j.methods[Method.LINEAR].figure is None
    assert not j.fragile


def test_every_method_keeps_its_keys() -> None:
    # the JSON of a method has the same keys whether its figures are defined or not
    defined = run(Kind.AT_LEAST, (2020, "18"), (2023, "21.5"), "23.1", 2025, "on_track")
    undefined = run(Kind.AT_LEAST, (2020, "0"), (2023, "21.5"), "23.1", 2025, "on_track")
    mirrored = without_trajectory(Status.ACHIEVED)
    for method in Method:
        keys = set(defined.methods[method].extra)
        assert set(undefined.methods[method].extra) == keys
        assert set(mirrored.methods[method].extra) == keys
    assert list(defined.methods) == list(Method)
    assert "required_annual_rate" in defined.methods[Method.COMPOUND].extra


def test_order_of_years_is_checked() -> None:
    with pytest.raises(ValueError, match="out of order"):
        run(Kind.AT_LEAST, (2020, "18"), (2025, "21"), "23.1", 2025, "behind")
    with pytest.raises(ValueError, match="out of order"):
        run(Kind.AT_LEAST, (2021, "18"), (2020, "21"), "23.1", 2025, "behind")
    with pytest.raises(ValueError, match="no trajectory"):
        run(Kind.PEAK, (2020, "18"), (2023, "21"), "23.1", 2025, "behind")


def test_q_of_a_value() -> None:
    # the percent fall from 3 to 2.58 is 14 exactly: in floats (3 − 2.58)/3·100 is 13.999999999999998
    assert in_q_unit(Kind.REDUCE_BY, D("2.58"), D(3)) == 14
    assert in_q_unit(Kind.INCREASE_BY, D(550), D(500)) == 10  # (550 − 500)/500·100
    assert in_q_unit(Kind.AT_LEAST, D("21.5"), None) == D("21.5")
    with pytest.raises(ValueError, match="base-year"):
        in_q_unit(Kind.INCREASE_BY, D(14), None)


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (un_verdict, "0.95", "on_track"),
        (un_verdict, "0.9499999", "fair"),
        (un_verdict, "0.5", "fair"),
        (un_verdict, "0.4999999", "limited"),
        (un_verdict, "-0.1", "limited"),
        (un_verdict, "-0.1000001", "deterioration"),
        (opensdg_verdict, "0.95", "on_track"),
        (opensdg_verdict, "0.9499999", "needs_acceleration"),
        (opensdg_verdict, "0.6", "needs_acceleration"),
        (opensdg_verdict, "0.5999999", "limited_progress"),
        (opensdg_verdict, "0", "limited_progress"),
        (opensdg_verdict, "-0.0000001", "deterioration"),
        (projection_verdict, "0.95", "on_track"),
        (projection_verdict, "0.9499999", "fair"),
        (projection_verdict, "0.10", "fair"),
        (projection_verdict, "0.0999999", "stagnation_or_regression"),
    ],
)
def test_thresholds_are_inclusive_below(function: object, value: str, expected: str) -> None:
    assert callable(function)
    assert function(D(value)) == expected


def test_every_verdict_and_method_has_a_chinese_label() -> None:
    assert set(VERDICT_LABELS) == set(Verdict)
    assert set(METHOD_LABELS) == set(Method)
    assert len(set(VERDICT_LABELS.values())) == len(Verdict)  # no two read the same
    # the same words as the status table for the statuses both use
    assert VERDICT_LABELS[Verdict.ON_TRACK] == STATUS_LABELS[Status.ON_TRACK]
    assert VERDICT_LABELS[Verdict.BEHIND] == STATUS_LABELS[Status.BEHIND]


# ---- properties ----

amounts = st.decimals(min_value=D("0.01"), max_value=D(10000), places=2)
factors = st.decimals(min_value=D("0.5"), max_value=D(2), places=2).filter(lambda k: k != 1)


@settings(deadline=None, max_examples=200)
@given(
    kind=st.sampled_from(LEVEL_KINDS),
    vs=amounts,
    k=factors,
    span=st.integers(1, 10),
    data=st.data(),
)
def test_a_series_on_the_compound_path_is_on_track(
    kind: Kind, vs: Decimal, k: Decimal, span: int, data: st.DataObject
) -> None:
    # L = vs·k^span and vo = vs·k^done lie on the path vs·(L/vs)^(done/span) = vs·k^done;
    # integer powers of a few digits are exact in a 200-digit context
    done = data.draw(st.integers(0, span - 1))
    higher = kind in (Kind.AT_LEAST, Kind.INCREASE_BY)
    with localcontext(prec=200):
        level, vo = vs * k**span, vs * k**done
        nudge = vo / 10**40  # a hair worse than the path
        worse = vo - nudge if higher else vo + nudge
    on = judge(
        kind,
        Point(2020, vs),
        Point(2020 + done, vo),
        level,
        2020 + span,
        linear_status="behind",
        linear_progress=None,
    )
    off = judge(
        kind,
        Point(2020, vs),
        Point(2020 + done, worse),
        level,
        2020 + span,
        linear_status="behind",
        linear_progress=None,
    )
    assert on.methods[Method.COMPOUND].status == "on_track"
    assert off.methods[Method.COMPOUND].status == "behind"


def judge_drawn(
    kind: Kind, values: tuple[Decimal, Decimal, Decimal], years: tuple[int, int, int], linear: str
) -> Judgement:
    """judge() on drawn values (vs, vo, L) and years (s, o − s, d − o)."""
    vs, vo, level = values
    s, elapsed, left = years
    return judge(
        kind,
        Point(s, vs),
        Point(s + elapsed, vo),
        level,
        s + elapsed + left,
        linear_status=linear,
        linear_progress=None,
    )


signed = st.decimals(min_value=D(-100), max_value=D(10000), places=2)
spans = st.tuples(st.integers(2000, 2030), st.integers(0, 10), st.integers(1, 10))


@settings(deadline=None, max_examples=300)
@given(
    kind=st.sampled_from(LEVEL_KINDS),
    values=st.tuples(signed, signed, signed),
    years=spans,
    linear=st.sampled_from([Status.ON_TRACK, Status.BEHIND]),
)
def test_fragile_is_disagreement_on_on_track(
    kind: Kind, values: tuple[Decimal, Decimal, Decimal], years: tuple[int, int, int], linear: str
) -> None:
    j = judge_drawn(kind, values, years, linear)
    said = [r.status for r in j.methods.values() if r.status is not None]
    assert said[0] == linear  # the linear method always has its status
    agree = all(s == "on_track" for s in said) or all(s != "on_track" for s in said)
    assert j.fragile is not agree


@settings(deadline=None, max_examples=300)
@given(
    kind=st.sampled_from([Kind.AT_LEAST, Kind.AT_MOST]),
    values=st.tuples(signed, signed, signed),
    years=spans,
    linear=st.sampled_from([Status.ON_TRACK, Status.BEHIND]),
    scale=st.decimals(min_value=D("0.0001"), max_value=D(10**6), places=4),
)
def test_a_change_of_unit_changes_no_status(
    kind: Kind,
    values: tuple[Decimal, Decimal, Decimal],
    years: tuple[int, int, int],
    linear: str,
    scale: Decimal,
) -> None:
    # 万吨 to 吨, % to ‰: every status stays. Not for a ban (L = 0): the UN method's stand-in
    # 0.001 is in the series' own unit, so a ban's CR does depend on the unit.
    assume(scale > 0 and values[2] != 0)
    with localcontext(prec=200):
        scaled = (values[0] * scale, values[1] * scale, values[2] * scale)
    before = judge_drawn(kind, values, years, linear)
    after = judge_drawn(kind, scaled, years, linear)
    assert statuses(after) == statuses(before)
    assert after.fragile is before.fragile
