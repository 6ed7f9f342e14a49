"""The report as a Word document in 公文 style (python-docx), drawn from the same blocks as HTML.

Trend charts are PNG pictures drawn by matplotlib: Word and WPS show PNG everywhere, the picture
looks the same on every PC, and the figures under it are in the group tables. Where matplotlib
finds no Chinese font the picture's text would be boxes, so each trend is a table of its numbers
instead. python-docx and matplotlib are imported only when a Word report is drawn.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from carbon_cli import labels
from carbon_cli.render.charts import STATUS_COLOURS
from carbon_cli.render.text import xlsx_text as xml_text  # XML 1.0: no control characters
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

if TYPE_CHECKING:
    from docx.document import Document

    from carbon_cli.views import Cell

TYPE_WIDTH_MM = 156  # the 公文 type area's width
# each table's columns in shares of the width, by key (a column not named gets 10): at 小五 a
# Chinese character is 3.2 mm, a digit 1.6 mm, so a year needs 10 and 进度正常 ↗ 16 of the 156
WIDTHS: dict[str, dict[str, float]] = {
    "group": {
        "name": 24,
        "target": 18,
        "deadline": 10,
        "observed": 17,
        "expected": 12,
        "status": 16,
        "change": 15,
        "reason": 29,
        "lead": 15,
    },
    "gaps": {"lead": 26, "name": 34, "target": 22, "deadline": 10, "status": 16, "reason": 28},
    "scorecard": {"name": 40},
    "trend": {"year": 8, "observed": 16, "goal": 26},
    "headline": {"status": 20},
}
HEADLINE_COLUMNS = [("status", "状态"), ("count", "目标数"), ("share", "占比")]
FIGURE_WIDTH_MM = 140


def render_report(report: Report) -> bytes:
    """The report as the bytes of a .docx file."""
    import docx

    from carbon_cli.render import charts, docx_style

    doc = docx.Document()
    docx_style.set_up(doc, report.title)
    writer = _Writer(doc, pictures=charts.cjk_font_found())
    first, _, rest = report.title.partition(" ")
    title = doc.add_paragraph(xml_text(first), style="Title")
    # 揭阳市碳达峰实施方案 / 2025年度监测分析报告（全市）: a line each, as 公文 titles break
    if rest:
        title.runs[0].add_break()
        title.add_run(xml_text(rest))
    doc.add_paragraph(xml_text(report.scope()), style="Subtitle")
    for section in report.sections():
        doc.add_paragraph(xml_text(section.heading), style="Heading 1")
        for block in section.blocks:
            writer.block(block)
    colophon = doc.add_paragraph(xml_text(report.colophon), style=docx_style.TABLE_STYLE)
    colophon.paragraph_format.space_before = docx_style.LINE
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


class _Writer:
    """Draws blocks into a document, numbering its figures."""

    def __init__(self, doc: Document, *, pictures: bool) -> None:
        self.doc = doc
        self.pictures = pictures  # trend charts as pictures, else as tables of their numbers
        self.figures = 0

    def block(self, block: Block) -> None:
        """One block, in the 公文 style of its kind."""
        doc = self.doc
        match block:
            case Heading(text=title, level=level):
                doc.add_paragraph(xml_text(title), style=f"Heading {level}")
            case Paragraph(text=runs, role=role):
                if role != "chart-note" or self.pictures:
                    paragraph = doc.add_paragraph()
                    _runs(paragraph, runs)
                    # how to read the charts stays on the page of the first one
                    paragraph.paragraph_format.keep_with_next = role == "chart-note" or None
            case Table(columns=columns, rows=rows, kind=kind, numeric=numeric, footer=footer):
                self.table(columns, rows, kind, numeric)
                if footer:
                    doc.add_paragraph(xml_text(footer))
            case StatusChart(counts=counts):
                self.table(HEADLINE_COLUMNS, _headline(counts), "headline", frozenset({"count"}))
            case TrendChart():
                self.trend(block)
            case BulletList(items=items):
                for n, item in enumerate(items, 1):
                    _runs(doc.add_paragraph(f"{n}．"), item)
            case Placeholder(label=label, prompt=prompt):
                self.placeholder(label, prompt)
            case _:  # pragma: no cover: every kind of block is drawn above
                raise TypeError(block)

    def trend(self, chart: TrendChart) -> None:
        """A trend as a picture with its caption, or, without a Chinese font, as a table."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Mm, Pt

        from carbon_cli.render import charts, docx_style

        if not self.pictures:
            from carbon_cli.trend import trend_sheet

            sheet = trend_sheet(chart.trend)
            self.doc.add_paragraph(xml_text(chart.caption), style="Heading 3")
            self.table(sheet.columns, sheet.rows, "trend", frozenset())
            if sheet.footer:
                self.doc.add_paragraph(xml_text(sheet.footer))
            return
        self.figures += 1
        picture = self.doc.add_paragraph()
        fmt = picture.paragraph_format
        # the body's exact line height would crop the picture to one line
        fmt.line_spacing_rule, fmt.first_line_indent = WD_LINE_SPACING.SINGLE, Pt(0)
        fmt.alignment, fmt.keep_with_next = WD_ALIGN_PARAGRAPH.CENTER, True
        picture.add_run().add_picture(
            io.BytesIO(charts.trend_png(chart.trend)), width=Mm(FIGURE_WIDTH_MM)
        )
        caption = xml_text(f"图{self.figures}　{chart.caption}")
        self.doc.add_paragraph(caption, style=docx_style.CAPTION_STYLE)

    def table(
        self,
        columns: Sequence[tuple[str, str]],
        rows: Sequence[Mapping[str, Cell]],
        kind: str,
        numeric: frozenset[str],
    ) -> None:
        """A ruled table in 宋体, its header row repeated on every page, no row split."""
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
        from docx.shared import Mm, Pt, RGBColor

        from carbon_cli.render import docx_style

        size = Pt(docx_style.TABLE_SIZE if len(columns) <= 5 else docx_style.SMALL_TABLE_SIZE)
        shares = [WIDTHS.get(kind, {}).get(key, 10.0) for key, _ in columns]
        widths = [Mm(TYPE_WIDTH_MM * share / sum(shares)) for share in shares]
        table = self.doc.add_table(rows=1, cols=len(columns))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        docx_style.fixed_layout(table, Mm(TYPE_WIDTH_MM), Mm(1))
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        header = table.rows[0]
        docx_style.repeat_header(header)
        docx_style.keep_row_whole(header)
        for cell, (_, label), width in zip(header.cells, columns, widths, strict=True):
            run = _cell(cell, label, width, size, centred=True)
            run.bold = True
        for row in rows:
            line = table.add_row()
            docx_style.keep_row_whole(line)
            for cell, (key, _), width in zip(line.cells, columns, widths, strict=True):
                value = row.get(key)
                number = key in numeric or isinstance(value, int | float)
                run = _cell(cell, "" if value is None else str(value), width, size, right=number)
                if key == "status" and row.get("status_code"):
                    colour = STATUS_COLOURS[Status(str(row["status_code"]))]
                    run.font.color.rgb = RGBColor.from_string(colour[1:])
        for line in table.rows:
            for cell in line.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        # a table followed at once by a heading or another table runs into it in Word
        self.doc.add_paragraph(style=docx_style.TABLE_STYLE)

    def placeholder(self, label: str, prompt: str) -> None:
        """A place the office fills in: the label, then the prompt highlighted in 【】."""
        from docx.enum.text import WD_COLOR_INDEX

        paragraph = self.doc.add_paragraph()
        paragraph.add_run(xml_text(f"{label}：")).bold = True
        paragraph.add_run(xml_text(f"【{prompt}】")).font.highlight_color = WD_COLOR_INDEX.YELLOW


def _cell(
    cell: Any, text: str, width: Any, size: Any, *, centred: bool = False, right: bool = False
) -> Any:
    """Fill a table cell with one run of text in the table style; the run, to style further."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from carbon_cli.render import docx_style

    cell.width = width
    paragraph = cell.paragraphs[0]
    # by id: python-docx looks a style's name up among all styles on every assignment (5 ms)
    paragraph._p.style = docx_style.TABLE_STYLE_ID
    if centred:
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(xml_text(text))
    run.font.size = size
    return run


def _runs(paragraph: Any, runs: Text) -> None:
    """Runs into a paragraph: strong in bold; code is plain text in a 公文."""
    for r in runs:
        paragraph.add_run(xml_text(r.text)).bold = r.style == "strong" or None


def _headline(counts: Mapping[Status, int]) -> list[dict[str, Cell]]:
    """The status counts as table rows, each with its share of the targets."""
    total = max(1, sum(counts.values()))
    return [
        {
            "status": labels.status_label(s),
            "status_code": s.value,
            "count": counts[s],
            "share": f"{round(100 * counts[s] / total)}%",
        }
        for s in STATUS_ORDER
    ]
