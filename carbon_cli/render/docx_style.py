"""The Word report's 公文 look (GB/T 9704): A4 page, fonts for WPS and Word, styles, page numbers.

python-docx is imported by the caller (render/docx.py); this module only touches the document
it is given, through python-docx's objects and, where python-docx has no API (East Asian fonts,
repeated header rows, fields, the font table), the WordprocessingML elements themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

if TYPE_CHECKING:
    from docx.document import Document
    from docx.styles.style import ParagraphStyle

# Each font is named as WPS and Word on a government PC know it; the font table gives each its
# other names (w:altName), which Word and WPS try when the first is not installed, and its
# character set (86: GB2312), by which they pick a Chinese font of the same kind if none is.
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"  # digits and Latin letters in body text and tables
FONT_TABLE = {
    TITLE_FONT: ("方正小标宋_GBK,小标宋,华文中宋,黑体,SimHei", "roman"),
    HEADING_FONT: ("SimHei,Heiti SC,Noto Sans CJK SC", "modern"),
    SUBHEADING_FONT: ("楷体,KaiTi,Kaiti SC,Noto Serif CJK SC", "modern"),
    BODY_FONT: ("仿宋,FangSong,STFangsong,Noto Serif CJK SC", "modern"),
    TABLE_FONT: ("SimSun,Songti SC,Noto Serif CJK SC", "auto"),
}

# 公文 sizes: 二号 22 pt (title), 三号 16 pt (body, headings), 四号 14 pt (page numbers),
# 五号 10.5 pt and 小五 9 pt (tables)
TITLE_SIZE, BODY_SIZE, FOLIO_SIZE, TABLE_SIZE, SMALL_TABLE_SIZE = 22, 16, 14, 10.5, 9
# 22 lines to the 225 mm type area: one line every 29 pt
LINE = Pt(29)
INDENT = Pt(2 * BODY_SIZE)  # 首行缩进两字

TABLE_STYLE = "表格文字"
TABLE_STYLE_ID = "TableText"  # its w:styleId: an id stays ASCII, the name is what Word shows
CAPTION_STYLE = "Caption"


def set_fonts(rpr: Any, east_asia: str, latin: str | None = None) -> None:
    """Name the fonts of a run's or style's w:rPr: Chinese by w:eastAsia, the rest by w:ascii.

    Theme fonts are removed (they would win over the names), and w:hint="eastAsia" makes the
    punctuation both scripts share (“”、·) take the Chinese font.
    """
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute, name in (
        ("w:ascii", latin or east_asia),
        ("w:hAnsi", latin or east_asia),
        ("w:eastAsia", east_asia),
        ("w:cs", latin or east_asia),
        ("w:hint", "eastAsia"),
    ):
        fonts.set(qn(attribute), name)


def set_up(doc: Document, title: str) -> None:
    """A4 with the 公文 margins, the styles, the font table, page numbers, Chinese as language."""
    section = doc.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    # 版心 156 × 225 mm: 天头 37 mm, 订口 28 mm (GB/T 9704-2012, 5.2.1)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(21)
    _defaults(doc)
    _styles(doc)
    _font_table(doc)
    _page_numbers(doc)
    props = doc.core_properties
    props.title, props.author, props.language = title, "carbon", "zh-CN"


def _defaults(doc: Document) -> None:
    """Every run is Chinese (zh-CN) in the body font unless its style says otherwise."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None  # python-docx's template has them
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert rpr is not None
    set_fonts(rpr, BODY_FONT, LATIN_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _paragraph_style(
    doc: Document,
    name: str,
    font: str,
    size: float,
    *,
    latin: str | None = None,
    indent: bool = True,
    centred: bool = False,
    line: Any = LINE,
) -> ParagraphStyle:
    """A paragraph style (made if the template lacks it) in one font, size and layout."""
    names = {s.name for s in doc.styles}
    style: ParagraphStyle = (
        doc.styles[name] if name in names else doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    )
    style.font.size = Pt(size)
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element.get_or_add_rPr(), font, latin)
    fmt = style.paragraph_format
    fmt.first_line_indent = INDENT if indent else Pt(0)
    fmt.left_indent = Pt(0)
    fmt.space_before = fmt.space_after = Pt(0)
    if line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, line
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.JUSTIFY
    return style


def _styles(doc: Document) -> None:
    """Title 方正小标宋 二号; 一、 黑体, （一） 楷体, body 仿宋 三号; tables 宋体; captions 黑体."""
    _paragraph_style(doc, "Normal", BODY_FONT, BODY_SIZE, latin=LATIN_FONT)
    title = _paragraph_style(
        doc, "Title", TITLE_FONT, TITLE_SIZE, indent=False, centred=True, line=Pt(36)
    )
    title.paragraph_format.space_after = LINE
    _drop_border(title)
    _paragraph_style(doc, "Subtitle", SUBHEADING_FONT, BODY_SIZE, indent=False, centred=True)
    for level, font in ((1, HEADING_FONT), (2, SUBHEADING_FONT), (3, BODY_FONT)):
        heading = _paragraph_style(doc, f"Heading {level}", font, BODY_SIZE)
        heading.font.bold = level == 3  # 三级标题 仿宋加粗; 黑体 and 楷体 are never bolded
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    table = _paragraph_style(
        doc, TABLE_STYLE, TABLE_FONT, TABLE_SIZE, latin=LATIN_FONT, indent=False, line=None
    )
    table.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    table.style_id = TABLE_STYLE_ID
    caption = _paragraph_style(doc, CAPTION_STYLE, HEADING_FONT, 12, indent=False, centred=True)
    caption.paragraph_format.space_after = Pt(8)
    _paragraph_style(
        doc, "Footer", TABLE_FONT, FOLIO_SIZE, latin=TABLE_FONT, indent=False, line=None
    )


def _drop_border(style: ParagraphStyle) -> None:
    """python-docx's Title has a blue rule under it; a 公文 title has none."""
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _font_table(doc: Document) -> None:
    """Declare each font with its other names and Chinese character set (word/fontTable.xml)."""
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    table = parse_xml(part.blob)
    for name, (others, family) in FONT_TABLE.items():
        for old in table.findall(qn("w:font")):
            if old.get(qn("w:name")) == name:
                table.remove(old)
        table.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{others}"/>'
                f'<w:charset w:val="86"/><w:family w:val="{family}"/>'
                '<w:pitch w:val="variable"/></w:font>'
            )
        )
    part._blob = serialize_part_xml(table)


def _page_numbers(doc: Document) -> None:
    """“— 1 —” in 四号 宋体: odd pages at the right, even at the left, one character in."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = doc.styles["Footer"]
        fmt = paragraph.paragraph_format
        if side == "right":
            fmt.alignment, fmt.right_indent = WD_ALIGN_PARAGRAPH.RIGHT, Pt(FOLIO_SIZE)
        else:
            fmt.alignment, fmt.left_indent = WD_ALIGN_PARAGRAPH.LEFT, Pt(FOLIO_SIZE)
        paragraph.add_run("— ")
        page_field(paragraph)
        paragraph.add_run(" —")


def page_field(paragraph: Any) -> None:
    """A PAGE field, a run per part as Word writes it: Word and WPS show the page's number."""
    for kind in ("begin", " PAGE ", "separate", "1", "end"):
        run = paragraph.add_run()._r
        if kind in {"begin", "separate", "end"}:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif kind == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = kind
        else:  # the number shown until the field is updated, as Word saves it
            element = OxmlElement("w:t")
            element.text = kind
        run.append(element)


def repeat_header(row: Any) -> None:
    """Mark a table row as a header row, repeated at the top of every page (w:tblHeader)."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def keep_row_whole(row: Any) -> None:
    """A row is never split across two pages (w:cantSplit)."""
    trpr = row._tr.get_or_add_trPr()
    whole = OxmlElement("w:cantSplit")
    whole.set(qn("w:val"), "true")
    trpr.append(whole)


# w:tblPr's children in the order the schema fixes (ECMA-376 CT_TblPr): Word refuses others
TBLPR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
]


def fixed_layout(table: Any, width: Any, margin: Any) -> None:
    """A table `width` wide whose columns keep their widths, its cells `margin` in at the sides."""
    table.autofit = False  # w:tblLayout fixed
    tblpr = table._tbl.tblPr
    sides = "".join(f'<w:{side} w:w="{margin.twips}" w:type="dxa"/>' for side in ("left", "right"))
    for xml in (
        f'<w:tblW {nsdecls("w")} w:w="{width.twips}" w:type="dxa"/>',
        f"<w:tblCellMar {nsdecls('w')}>{sides}</w:tblCellMar>",
    ):
        element = parse_xml(xml)
        name = element.tag.rpartition("}")[2]
        for old in tblpr.findall(element.tag):
            tblpr.remove(old)
        later = TBLPR_ORDER[TBLPR_ORDER.index(name) + 1 :]
        after = next((c for c in tblpr if c.tag.rpartition("}")[2] in later), None)
        if after is None:
            tblpr.append(element)
        else:
            after.addprevious(element)
