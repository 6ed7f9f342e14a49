"""The report as one self-contained HTML file: inline CSS (report.css) and SVG charts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from importlib.resources import files

from carbon_cli import labels, views
from carbon_cli.render.charts import STATUS_COLOURS, Charts
from carbon_cli.report import (
    COLOPHON,
    EMPTY_GROUP,
    GAP_COLUMNS,
    GROUP_COLUMNS,
    NO_SOURCES,
    NO_TRENDS,
    NOTES_INTRO,
    SECTIONS,
    Report,
)
from carbon_cli.status import STATUS_ORDER, Status

Cell = views.Cell


def stylesheet() -> str:
    """report.css, shipped beside this module as package data."""
    return files(__package__).joinpath("report.css").read_text(encoding="utf-8")


def _e(value: Cell) -> str:
    """Any data as HTML text."""
    return escape("" if value is None else str(value))


def _html_table(
    columns: Sequence[tuple[str, str]],
    rows: Sequence[Mapping[str, Cell]],
    numeric: frozenset[str] = frozenset(),
) -> str:
    """An HTML table, cells classed by column; a status keeps its label beside its colour."""
    head = "".join(f'<th class="c-{_e(key)}">{_e(label)}</th>' for key, label in columns)
    body = []
    for row in rows:
        cells = []
        for key, _ in columns:
            value = row.get(key)
            kind = "num" if key in numeric or isinstance(value, int | float) else f"c-{_e(key)}"
            text = _e(value)
            if key == "status" and row.get("status_code"):
                colour = STATUS_COLOURS[Status(str(row["status_code"]))]
                text = f'<span class="badge" style="--c:{colour}">{text}</span>'
            cells.append(f'<td class="{kind}">{text}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_report(report: Report) -> str:
    """The report as one self-contained HTML file: inline CSS and SVG, nothing fetched."""
    charts = Charts()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(report.title)}</title><style>\n{stylesheet()}</style></head><body>",
        f"<header><h1>{_e(report.title)}</h1><p class='scope'>{_e(report.scope())}</p></header>",
    ]
    counts = report.counts
    cards = "".join(
        f'<div class="card" style="--c:{STATUS_COLOURS[s]}"><b>{counts[s]}</b>'
        f"{_e(labels.status_label(s))}</div>"
        for s in STATUS_ORDER
    )
    parts.append(
        f"<section><h2>{SECTIONS[0]}</h2><p>{_e(labels.summary_line(counts))}</p>"
        f'<div class="cards">{cards}</div>'
        f'<figure class="status-chart"><figcaption>各状态目标数</figcaption>'
        f"{charts.status(counts)}</figure></section>"
    )
    groups = [f"<section><h2>{SECTIONS[1]}</h2>"]
    for title, rows in report.groups:
        groups.append(f"<h3>{_e(title)}</h3>")
        groups.append(
            _html_table(GROUP_COLUMNS, rows) if rows else f'<p class="empty">{_e(EMPTY_GROUP)}</p>'
        )
    parts.append("".join(groups) + "</section>")
    trends = [f"<section><h2>{SECTIONS[2]}</h2>"]
    if report.trends:
        trends.append(
            '<p class="muted">实线为观测值，虚线为从起点到目标的直线进度（规则见 CONTRACT.md），'
            "◆ 为目标。</p>"
            '<div class="trends">'
        )
        for tr in report.trends:
            trends.append(
                f'<figure class="trend" data-indicator="{_e(tr.indicator.id)}">'
                f"<figcaption>{_e(tr.indicator.name)}（{_e(tr.indicator.unit)}）</figcaption>"
                f"{charts.trend(tr)}</figure>"
            )
        trends.append("</div>")
    else:
        trends.append(f'<p class="empty">{_e(NO_TRENDS)}</p>')
    parts.append("".join(trends) + "</section>")
    card = report.scorecard
    parts.append(
        f"<section><h2>{SECTIONS[3]}</h2><p>{_e(card.title)}</p>"
        f"{_html_table(card.columns, card.rows, frozenset(k for k, _ in card.columns[1:]))}"
        "</section>"
    )
    gaps = _html_table(GAP_COLUMNS, report.gaps) if report.gaps else ""
    parts.append(f"<section><h2>{SECTIONS[4]}</h2><p>{_e(report.gap_intro())}</p>{gaps}</section>")
    notes = "".join(
        f"<li><b>{_e(name)}</b>（<code>{_e(key)}</code>）：{_e(note)}</li>"
        for key, name, note in report.notes
    )
    sources = "".join(f"<li>{_e(source)}（{n} 个数值）</li>" for source, n in report.sources)
    parts.append(
        f"<section><h2>{SECTIONS[5]}</h2><p>{_e(NOTES_INTRO)}</p>"
        f'<ul class="notes">{notes}</ul><h3>观测数据来源</h3>'
        f"<ul>{sources or f'<li>{_e(NO_SOURCES)}</li>'}</ul></section>"
    )
    parts.append(f"<footer><p>{_e(COLOPHON)}</p></footer></body></html>\n")
    return "\n".join(parts)
