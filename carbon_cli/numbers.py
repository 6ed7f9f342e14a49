"""Numbers for people: the one rule of how a figure is written, for tables, reasons and charts.

A value as entered keeps its own precision (0.405 stays 0.405, not 0.41 beside a 10.4 % fall
computed from it; 23.10 is 23.1); a computed one, with more than OWN_PLACES decimals, is rounded to
two decimals, or to two significant digits below 0.1 (0.0123… → 0.012), so a small figure does not
become 0. `labels.human` adds the unit.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

OWN_PLACES = 4  # a value with at most this many decimals is shown with all of them (as entered)
COMPUTED_PLACES = 2  # a computed value (a quotient, a trajectory) is rounded to this many
MOST_PLACES = 12  # a tiny computed value (1e-299) is not written out in 300 digits
_PRECISION = 60


def places(value: Decimal) -> int:
    """How many decimals a value is shown with (see the module's rule)."""
    if not value.is_finite():
        return 0
    own = -int(value.normalize().as_tuple().exponent)
    if own <= OWN_PLACES:
        return max(own, 0)
    if value == 0 or abs(value) >= Decimal("0.1"):
        return COMPUTED_PLACES
    return min(-value.adjusted() + 1, MOST_PLACES)


def plain(value: Decimal, places: int = COMPUTED_PLACES) -> str:
    """A number with at most `places` decimals (half up), no trailing zeros, never -0.

    Only a value with more decimals is rounded, in a context wide enough for its digits, so
    1e299 and 1e-299 (both accepted observations) print instead of overflowing quantize().
    """
    if value.as_tuple().exponent < -places:  # type: ignore[operator]
        with localcontext(prec=max(_PRECISION, value.adjusted() + places + 2)):
            value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{value.normalize():f}"
    return "0" if text == "-0" else text


def figure(value: Decimal) -> str:
    """A value as people read it, by the module's rule: 0.405, 23.1, 2.33, 0.012."""
    return plain(value, places(value))
