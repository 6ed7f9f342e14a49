"""The one parser of cell texts, used by the exact reader (rows.py) and by polars (fast.py) alike:
normalisation, years, numbers and indicator names, each bad cell with its code, message and fix.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from carbon_cli.models import Indicator

FIRST_YEAR, LAST_YEAR = 1900, 2100
CACHE_LIMIT = 10_000  # distinct cell texts remembered per lookup table
CACHED_TEXT = 256  # a longer cell text is judged every time, never remembered
CLOSE_TEXT = 64  # characters of a cell that difflib compares (its cost grows with their square)
NOT_A_NUMBER = (
    "write a plain number such as 23.1 "
    "(a % sign, thousands separators and full-width digits are accepted)"
)
NOT_FINITE = frozenset({"nan", "snan", "qnan", "inf", "infinity"})
# thousands separators only in whole groups of three ("1,234.5"): "1,2,3" is refused, not guessed
NUMBER = re.compile(
    r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
)
WHOLE_YEAR = re.compile(r"([0-9]{4})(?:\.0*|年)")


class Fault(NamedTuple):
    """Why a cell cannot be read: a stable code, the message and the fix when known."""

    code: str
    message: str
    hint: str | None


def normal(text: str) -> str:
    """Text with full-width letters, digits and signs made ASCII, trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def show(cell: str) -> str:
    """A cell quoted for a one-line message: control characters escaped, long text cut."""
    return repr(cell if len(cell) <= 40 else cell[:40] + "…")


def year(cell: str) -> int | Fault:
    """A whole year from 1900 to 2100 (full-width digits too), or why not."""
    text = normal(cell)
    if not text:
        return Fault("year-empty", "year is empty", "write the year of the figure, such as 2025")
    if text.isascii() and text.isdigit():
        digits = text.lstrip("0")  # int() refuses more than 4300 digits: never give it that many
        if len(digits) <= 4 and FIRST_YEAR <= int(digits or "0") <= LAST_YEAR:
            return int(digits)
        code = "year-out-of-range"
    else:
        code = "year-not-whole"
    whole = WHOLE_YEAR.fullmatch(text)
    return Fault(
        code,
        f"year {show(cell)} is not a whole number from {FIRST_YEAR} to {LAST_YEAR}",
        f"write {whole[1]}" if whole and FIRST_YEAR <= int(whole[1]) <= LAST_YEAR else None,
    )


def number(cell: str, refuses_percent: Indicator | None) -> Decimal | Fault | None:
    """A finite Decimal from the cell's text, None for a blank cell, else why not.

    Accepted: surrounding spaces, a leading + or - (also − and full-width), full-width digits and
    punctuation (NFKC), an exponent (1.2E+5, as Excel writes big numbers), a trailing % unless
    `refuses_percent` names the indicator (its unit is not %), and thousands separators only in
    whole groups of three after a first group of one to three digits ("1,234,567.8"); "1,2,3" and
    "1234,5" are refused rather than guessed at. The size must be from 1e-300 to below 1e300 (or
    zero), so the value is also a finite float.
    """
    if cell.isascii() and "_" not in cell and cell:  # Decimal() alone would accept 1_000
        try:
            value = Decimal(cell)
        except InvalidOperation:
            pass
        else:
            if value.is_finite() and -300 <= value.adjusted() < 300:
                return value if value else value.copy_abs()  # -0.0 is 0
    text = normal(cell).replace("\u2212", "-")
    if not text:
        return None
    if text.endswith("%"):
        if refuses_percent is not None:
            return Fault(
                "percent-not-allowed",
                f"value {show(cell)} has a % sign but {refuses_percent.id} is measured in "
                f"{refuses_percent.unit}",
                "write the number without %",
            )
        text = text[:-1].rstrip()
    if NUMBER.fullmatch(text) is None:
        if text.lstrip("+-").lower() in NOT_FINITE:
            return Fault(
                "value-not-finite",
                f"value {show(cell)} is not a finite number",
                "write a plain number such as 23.1",
            )
        return Fault("value-not-a-number", f"value {show(cell)} is not a number", NOT_A_NUMBER)
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:  # an exponent too large even for Decimal: 1e99999999999999999999
        return _out_of_range(cell)
    if not value:
        return value.copy_abs()
    if not -300 <= value.adjusted() < 300:
        return _out_of_range(cell)
    return value


def _out_of_range(cell: str) -> Fault:
    """A number too large or too small to be a value."""
    return Fault(
        "value-out-of-range",
        f"value {show(cell)} is out of range (its size must be from 1e-300 to below 1e300)",
        "write the value in the indicator's unit, such as 23.1",
    )


class Names:
    """Indicator lookup by id or Chinese name, remembering short cell texts already resolved."""

    def __init__(self, indicators: Sequence[Indicator]) -> None:
        self.exact: dict[str, Indicator] = {}
        self.normal: dict[str, Indicator] = {}
        for ind in indicators:
            for text in (ind.id, ind.name):
                self.exact[text] = ind
                self.normal[normal(text)] = ind
        self.percent = {ind.id for ind in indicators if normal(ind.unit) == "%"}
        self.first = indicators[0] if indicators else None
        self.hints: dict[str, str] = {}

    def resolve(self, cell: str) -> Indicator | None:
        """The indicator a cell names after trimming and NFKC (full-width ASCII), or None."""
        ind = self.normal.get(normal(cell))
        if ind is not None and len(self.exact) < CACHE_LIMIT and len(cell) <= CACHED_TEXT:
            self.exact[cell] = ind
        return ind

    def judge(self, cell: str) -> Indicator | Fault:
        """The indicator a cell names, or why it names none."""
        ind = self.exact.get(cell) or self.resolve(cell)
        if ind is not None:
            return ind
        if cell.strip():
            return Fault("unknown-indicator", f"unknown indicator {show(cell)}", self.example(cell))
        return Fault("empty-indicator", "indicator is empty", self.example(cell))

    def refuses_percent(self, ind: Indicator) -> Indicator | None:
        """The indicator itself when a % sign does not belong in its values (its unit is not %)."""
        return None if ind.id in self.percent else ind

    def example(self, cell: str) -> str:
        """The fix for an unknown or empty indicator cell, naming the closest indicator."""
        hint = self.hints.get(cell)
        if hint is None:
            hint = self._example(cell)
            if len(self.hints) < CACHE_LIMIT and len(cell) <= CACHED_TEXT:
                self.hints[cell] = hint
        return hint

    def _example(self, cell: str) -> str:
        """The fix for an unknown or empty indicator cell, worked out with difflib."""
        close = difflib.get_close_matches(
            normal(cell)[:CLOSE_TEXT], list(self.normal), n=1, cutoff=0
        )
        ind = self.normal[close[0]] if close and cell.strip() else self.first
        if ind is None:
            return "data/targets.yaml defines no indicators"
        return (
            "use an indicator id or Chinese name from data/targets.yaml, "
            f"e.g. {ind.id} or {ind.name}"
        )
