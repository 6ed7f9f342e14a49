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

from carbon_cli.choices import FIRST_YEAR, LAST_YEAR
from carbon_cli.models import Indicator, Kind
from carbon_cli.names import fold

from .spec import BRACKETED

CACHE_LIMIT = 10_000  # distinct cell texts remembered per lookup table
CACHED_TEXT = 256  # a longer cell text is judged every time, never remembered
CLOSE_TEXT = 64  # characters of a cell that difflib compares (its cost grows with their square)
NOT_A_NUMBER = "请写数字，如 23.1（可带 % 号、千位分隔符，全角数字也可）"
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
    """A whole year from FIRST_YEAR to LAST_YEAR (full-width digits too), or why not."""
    text = normal(cell)
    if not text:
        return Fault("year-empty", "年份为空 (year is empty)", "填写数据所属的年份，如 2025")
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
        f"年份 {show(cell)} 不是 {FIRST_YEAR} 到 {LAST_YEAR} 之间的整数 "
        f"(year is not a whole number from {FIRST_YEAR} to {LAST_YEAR})",
        f"写作 {whole[1]}" if whole and FIRST_YEAR <= int(whole[1]) <= LAST_YEAR else None,
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
                f"数值 {show(cell)} 带 % 号，但{refuses_percent.name}的单位是"
                f"{refuses_percent.unit} (a % sign on a value not in %)",
                "去掉 % 号，按指标的单位填写",
            )
        text = text[:-1].rstrip()
    if NUMBER.fullmatch(text) is None:
        if text.lstrip("+-").lower() in NOT_FINITE:
            return Fault(
                "value-not-finite",
                f"数值 {show(cell)} 不是有限的数 (not a finite number)",
                "请写数字，如 23.1",
            )
        return Fault(
            "value-not-a-number", f"数值 {show(cell)} 不是数字 (not a number)", NOT_A_NUMBER
        )
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
        f"数值 {show(cell)} 超出可表示的范围（绝对值须在 1e-300 到 1e300 之间） "
        "(out of range: its size must be from 1e-300 to below 1e300)",
        "按指标的单位填写，如 23.1",
    )


class Names:
    """Indicator lookup by id, Chinese name or alias (and 名称（id）, as the template's drop-down
    writes it), remembering short cell texts already resolved; each indicator's range checks.

    `exact` and `resolve` know only indicators that take observations: a value of an indicator
    whose targets are all milestones is refused by `judge` (it is reported as progress).
    """

    def __init__(self, indicators: Sequence[Indicator]) -> None:
        self.exact: dict[str, Indicator] = {}
        self.normal: dict[str, Indicator] = {}
        self.milestones: dict[str, Indicator] = {}
        for ind in indicators:
            only_milestones = bool(ind.targets) and all(
                t.kind is Kind.MILESTONE for t in ind.targets
            )
            for text in (ind.id, ind.name, *ind.aliases):
                if only_milestones:
                    self.milestones.setdefault(fold(text), ind)
                    continue
                self.exact.setdefault(text, ind)
                self.normal.setdefault(fold(text), ind)
        self.percent = {ind.id for ind in indicators if normal(ind.unit) == "%"}
        self.first = next(iter(self.exact.values()), None)
        self.hints: dict[str, str] = {}
        # id → (min, max, fraction): the range a real value can take, and whether a value between
        # 0 and 1 is likely a share written as a fraction (a % indicator whose target is above 1)
        self.bounds: dict[str, tuple[Decimal | None, Decimal | None, bool]] = {}
        for ind in indicators:
            fraction = ind.id in self.percent and any(
                t.value is not None and t.value > 1 for t in ind.targets
            )
            if ind.min is not None or ind.max is not None or fraction:
                self.bounds[ind.id] = (ind.min, ind.max, fraction)

    def resolve(self, cell: str) -> Indicator | None:
        """The indicator a cell names after trimming and NFKC (full-width ASCII), or None."""
        key = fold(cell)
        ind = self.normal.get(key)
        if ind is None and (both := BRACKETED.fullmatch(key)) is not None:
            # 单位地区生产总值能耗（energy_intensity）: the template's drop-down, name and id
            first, second = self.normal.get(both[1]), self.normal.get(both[2])
            ind = first if first is not None and first is second else None
        if ind is not None and len(self.exact) < CACHE_LIMIT and len(cell) <= CACHED_TEXT:
            self.exact[cell] = ind
        return ind

    def judge(self, cell: str) -> Indicator | Fault:
        """The indicator a cell names, or why it names none."""
        ind = self.exact.get(cell) or self.resolve(cell)
        if ind is not None:
            return ind
        milestone = self.milestones.get(fold(cell))
        if milestone is not None:
            return Fault(
                "milestone-indicator",
                f"{milestone.name}是里程碑（有期限的定性承诺），不填观测值 "
                "(a milestone takes no observed values)",
                f"它的进展按任务进展台账报送，用 carbon progress 查看（目标编号 "
                f"{'、'.join(t.id for t in milestone.targets)}）",
            )
        if cell.strip():
            return Fault(
                "unknown-indicator",
                f"未知的指标 {show(cell)} (unknown indicator)",
                self.example(cell),
            )
        return Fault("empty-indicator", "指标为空 (indicator is empty)", self.example(cell))

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
        close = difflib.get_close_matches(fold(cell)[:CLOSE_TEXT], list(self.normal), n=1, cutoff=0)
        ind = self.normal[close[0]] if close and cell.strip() else self.first
        if ind is None:
            return "data/targets.yaml 没有定义指标 (no indicators defined)"
        return f"填写 data/targets.yaml 中的指标编号、中文名称或别名，如 {ind.name} 或 {ind.id}"


def implausible(value: Decimal, ind: Indicator, low: Decimal | None, high: Decimal | None) -> Fault:
    """A value outside the range its indicator can take, with the likely slip as the fix."""
    unit = "" if ind.unit == "—" else ind.unit if normal(ind.unit) == "%" else f" {ind.unit}"
    if low is not None and high is not None:
        span = f"{low}–{high}{unit}"
    else:
        span = f"不小于 {low}{unit}" if low is not None else f"不大于 {high}{unit}"
    message = f"数值 {value} 超出{ind.name}的取值范围（{span}） (outside the range it can take)"
    if high is not None and value > high and normal(ind.unit) == "%" and high == 100:
        hint = "占比不会超过 100%：是否多输了一位数，或填进了别的指标的行？"
    elif low is not None and value < low and low == 0:
        hint = f"{ind.name}不会是负数：是否误输了负号？下降幅度也请填该年的数值本身"
    else:
        hint = "核对这个数的单位，以及它是否填在了这个指标的行"
    return Fault("value-implausible", message, hint)


def fraction(value: Decimal, ind: Indicator) -> Fault:
    """A % value between 0 and 1 where the targets are above 1: likely a share as a fraction."""
    return Fault(
        "percent-as-fraction",
        f"数值 {value} 在 0 和 1 之间，而{ind.name}以 % 计、目标大于 1：是否写成了小数？"
        " (a share written as a fraction?)",
        f"若是 {value.scaleb(2).normalize():f}%，请写 {value.scaleb(2).normalize():f}",
    )
