"""The report as one self-contained HTML file: inline CSS (report.css) and SVG charts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from importlib.resources import files

from carbon_cli import labels, views
from carbon_cli.render.charts import STATUS_COLOURS, Charts
from carbon_cli.report import (
    Block,
    BulletList,
    Heading,
    Paragraph,
    Placeholder,
    Report,
    StatusChart,
    Table,
    Text,
    TrendChart,
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
    for section in report.sections():
        body = [f"<section><h2>{_e(section.heading)}</h2>"]
        blocks = section.blocks
        for n, block in enumerate(blocks):
            # consecutive trend charts share one grid, two to a row when printed
            chart = isinstance(block, TrendChart)
            if chart and not isinstance(blocks[n - 1] if n else None, TrendChart):
                body.append('<div class="trends">')
            body.append(_block(block, charts))
            if chart and not isinstance(blocks[n + 1] if n + 1 < len(blocks) else None, TrendChart):
                body.append("</div>")
        parts.append("".join(body) + "</section>")
    parts.append(f"<footer><p>{_e(report.colophon)}</p></footer></body></html>\n")
    return "\n".join(parts)


PARAGRAPH_CLASSES = {"": "", "empty": ' class="empty"', "chart-note": ' class="muted"'}


def _block(block: Block, charts: Charts) -> str:
    """One block as HTML."""
    match block:
        case Heading(text=title, level=level):
            return f"<h{level + 1}>{_e(title)}</h{level + 1}>"
        case Paragraph(text=runs, role=role):
            return f"<p{PARAGRAPH_CLASSES[role]}>{_runs(runs)}</p>"
        case Table(columns=columns, rows=rows, numeric=numeric, footer=footer):
            after = f'<p class="muted">{_e(footer)}</p>' if footer else ""
            return _html_table(columns, rows, numeric) + after
        case StatusChart(counts=counts, caption=caption):
            cards = "".join(
                f'<div class="card" style="--c:{STATUS_COLOURS[s]}"><b>{counts[s]}</b>'
                f"{_e(labels.status_label(s))}</div>"
                for s in STATUS_ORDER
            )
            return (
                f'<div class="cards">{cards}</div>'
                f'<figure class="status-chart"><figcaption>{_e(caption)}</figcaption>'
                f"{charts.status(counts)}</figure>"
            )
        case TrendChart(trend=tr):
            return (
                f'<figure class="trend" data-indicator="{_e(tr.indicator.id)}">'
                f"<figcaption>{_e(block.caption)}</figcaption>{charts.trend(tr)}</figure>"
            )
        case BulletList(items=items, kind=kind):
            shown = f' class="{_e(kind)}"' if kind == "notes" else ""
            return f"<ul{shown}>" + "".join(f"<li>{_runs(item)}</li>" for item in items) + "</ul>"
        case Placeholder(label=label, prompt=prompt):
            return (
                f'<div class="placeholder"><b>{_e(label)}</b>'
                f'<p contenteditable="true">{_e(prompt)}</p></div>'
            )
    raise TypeError(block)  # pragma: no cover: every kind of block is drawn above


RUN_TAGS = {"strong": "b", "code": "code"}


def _runs(runs: Text) -> str:
    """Runs as HTML: strong as <b>, code as <code>, every piece escaped."""
    return "".join(
        f"<{RUN_TAGS[r.style]}>{_e(r.text)}</{RUN_TAGS[r.style]}>" if r.style else _e(r.text)
        for r in runs
    )
