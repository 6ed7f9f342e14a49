"""The HTML report's charts: SVG drawn by matplotlib, made fit to sit inline in the page.

matplotlib is imported only when a chart is drawn (in _pyplot), never by importing this module:
the Markdown report and every other command run without it.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from html import escape
from typing import TYPE_CHECKING, Any

from carbon_cli import labels
from carbon_cli.models import Kind
from carbon_cli.status import STATUS_ORDER, Status

if TYPE_CHECKING:
    from carbon_cli.trend import Trend

# the colours of the status chart and badges; the label and symbol always go with them
STATUS_COLOURS = {
    Status.ACHIEVED: "#2e7d32",
    Status.ON_TRACK: "#00838f",
    Status.BEHIND: "#ef6c00",
    Status.MISSED: "#c62828",
    Status.NO_DATA: "#9e9e9e",
    Status.INSUFFICIENT_DATA: "#b0a48a",
    Status.NOT_SET: "#90a4ae",
}
# matplotlib lays text out with the first of these it finds; the browser picks its own from the
# same list, since the SVG keeps text as <text>
CJK_FONTS = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "DejaVu Sans",
    "sans-serif",
]


class Charts:
    """Charts as inline SVG drawn by matplotlib, imported here only: other commands stay quick."""

    def __init__(self) -> None:
        self.count = 0

    def status(self, counts: Mapping[Status, int]) -> str:
        """A horizontal bar per status, its count at the end, as inline SVG."""
        with _pyplot() as plt:
            return self._svg(plt, _status_figure(plt, counts), "各状态目标数")

    def trend(self, tr: Trend) -> str:
        """Observed series, each straight-line trajectory, each target point, as inline SVG."""
        with _pyplot() as plt:
            return self._svg(plt, _trend_figure(plt, tr), f"{tr.indicator.name}趋势")

    def _svg(self, plt: Any, fig: Any, label: str) -> str:
        """The figure as an <svg> element fit to sit inline in HTML."""
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        plt.close(fig)
        self.count += 1
        return inline_svg(buffer.getvalue(), f"c{self.count}", label)


def trend_png(tr: Trend, dpi: int = 200) -> bytes:
    """The trend chart as a PNG picture (for the Word report): its text drawn by matplotlib."""
    with _pyplot() as plt:
        fig = _trend_figure(plt, tr)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
        plt.close(fig)
        return buffer.getvalue()


def cjk_font_found() -> bool:
    """Whether matplotlib has a Chinese font to draw a picture's text with (else: boxes)."""
    with _pyplot():
        from matplotlib import font_manager

        for family in CJK_FONTS[:-2]:  # not DejaVu Sans or sans-serif: they have no Chinese
            try:
                font_manager.findfont(family, fallback_to_default=False)
            except ValueError:
                continue
            return True
        return False


def _status_figure(plt: Any, counts: Mapping[Status, int]) -> Any:
    """A horizontal bar per status, its count at the end."""
    fig, ax = plt.subplots(figsize=(6.4, 2.5))
    names = [labels.status_label(s) for s in STATUS_ORDER]
    values = [counts[s] for s in STATUS_ORDER]
    bars = ax.barh(names, values, color=[STATUS_COLOURS[s] for s in STATUS_ORDER])
    ax.bar_label(bars, padding=3, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel("目标数")
    ax.set_xlim(0, max([*values, 1]) * 1.12)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


def _trend_figure(plt: Any, tr: Trend) -> Any:
    """Observed series, each straight-line trajectory, each target point."""
    unit = tr.indicator.unit
    shown = "%" if unit == "%" else ""
    fig, ax = plt.subplots(figsize=(5.6, 3.1))
    ax.plot(
        list(tr.series),
        [float(v) for v in tr.series.values()],
        marker="o",
        color="#1565c0",
        linewidth=2,
        label="观测值",
        zorder=3,
    )
    for n, line in enumerate(tr.lines):
        ax.plot(
            [line.start_year, line.end_year],
            [float(line.start), float(line.end)],
            linestyle="--" if n == 0 else ":",
            color="#6e7781",
            linewidth=1.3,
            label=f"线性进度（{line.end_year}年目标）",
        )
    for g in tr.goals:
        if g.level is None:
            if g.target.kind is Kind.PEAK and g.target.year is not None:
                ax.axvline(
                    g.target.year,
                    color="#8250df",
                    linestyle=":",
                    label=f"达峰期限 {g.target.year}年",
                )
            continue
        level = float(g.level)
        if g.target.year is None:
            ax.axhline(level, color="#c62828", linestyle="-.", linewidth=1, label="长期约束")
            continue
        ax.plot(
            [g.target.year],
            [level],
            marker="D",
            markersize=7,
            color="#ef6c00",
            linestyle="none",
            label=f"目标（{g.target.year}年）{labels.human(g.level, shown)}",
            zorder=4,
        )
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(unit)
    ax.margins(x=0.06, y=0.18)
    ax.grid(axis="y", color="#d0d7de", linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        ncol=2,
        frameon=False,
        fontsize=8,
    )
    return fig


@contextmanager
def _pyplot() -> Iterator[Any]:
    """matplotlib.pyplot set up for Chinese SVG text, its font warnings kept out of the output."""
    import logging

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    style: Any = {
        "svg.fonttype": "none",  # text stays <text>: the browser renders the Chinese
        "svg.hashsalt": "carbon",  # the same ids every run, so reports diff cleanly
        "font.family": "sans-serif",
        "font.sans-serif": CJK_FONTS,
        "axes.unicode_minus": False,
        "font.size": 9,
        "text.parse_math": False,  # a $ in a name is text, not TeX
    }
    with warnings.catch_warnings(), matplotlib.rc_context(style):
        # without a CJK font installed matplotlib warns about missing glyphs; the browser draws
        # the text with its own fonts, so only the layout is approximate
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph.*missing")
        warnings.filterwarnings("ignore", message=r".*findfont")
        logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
        yield plt


def inline_svg(svg: str, prefix: str, label: str) -> str:
    """matplotlib's SVG document as an inline element: no prolog, namespaces or metadata (they
    name web addresses), ids made unique per chart, sized by CSS."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(?::\w+)?="[^"]*"', "", svg)
    # inside tags only: a label's text (a unit written id="x") is data, not a reference
    svg = TAG.sub(lambda tag: _prefixed(tag.group(), prefix), svg)
    opening = re.match(r"<svg[^>]*>", svg)
    assert opening is not None  # matplotlib always writes one
    tag = re.sub(r'\s(?:width|height)="[^"]*"', "", opening.group())
    tag = tag[:-1] + f' class="chart" role="img" aria-label="{escape(label)}">'
    return tag + svg[opening.end() :]


# a tag: matplotlib escapes every < and > in text and in attribute values
TAG = re.compile(r"<[^>]*>")


def _prefixed(tag: str, prefix: str) -> str:
    """A tag with its id, and its references to ids (url(#…), href="#…"), given the prefix."""
    tag = re.sub(r'(\s)id="([^"]+)"', rf'\1id="{prefix}-\2"', tag)
    return re.sub(r'(url\(#|href="#)([^)"]+)', rf"\1{prefix}-\2", tag)
