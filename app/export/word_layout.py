"""The GB/T 9704 page of the Word export: A4 and margins, the styles with their East Asian fonts, page numbers."""

from __future__ import annotations

import datetime as dt

# Font names as Word and WPS on a government PC know them; LibreOffice previews map them (fonts.conf).
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
TABLE_PT = 10.5  # 五号
LINE_PITCH_TWIPS = 579  # exact 28.95 pt: 22 lines in the 225 mm text block
CHARACTER_SPACING = -5  # twentieths of a point: −0.25 pt gives 28 characters in 156 mm

# what a paragraph is → the id of its style
STYLE_IDS = {
    "title": "ReportTitle",
    "heading": "SectionHeading",
    "subheading": "SubHeading",
    "closing": "Closing",
    "table": "TableText",
    "page_number": "PageNumber",
}


def _fonts(east_asia: str, latin: str = LATIN_FONT) -> str:
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}"/>'


def _size(pt: float) -> str:
    half = round(pt * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


_NO_INDENT = '<w:ind w:firstLine="0" w:firstLineChars="0"/>'
# style id → (name shown in Word, based on, paragraph properties, run properties)
_STYLES = {
    "ReportTitle": (
        "公文标题",
        "Normal",
        '<w:keepNext/><w:spacing w:before="0" w:after="0" w:line="700" w:lineRule="exact"/>'
        + _NO_INDENT
        + '<w:jc w:val="center"/>',
        _fonts(TITLE_FONT, TITLE_FONT) + '<w:spacing w:val="0"/>' + _size(TITLE_PT),
    ),
    "SectionHeading": (
        "一级标题",
        "Normal",
        '<w:keepNext/><w:outlineLvl w:val="0"/>',
        _fonts(HEADING_FONT),
    ),
    "SubHeading": (
        "二级标题",
        "Normal",
        '<w:keepNext/><w:outlineLvl w:val="1"/>',
        _fonts(SUBHEADING_FONT),
    ),
    "Closing": ("落款", "Normal", _NO_INDENT + '<w:jc w:val="right"/>', ""),
    "TableText": (
        "表格文字",
        "Normal",
        '<w:spacing w:before="0" w:after="0" w:line="300" w:lineRule="exact"/>' + _NO_INDENT + '<w:jc w:val="center"/>',
        '<w:spacing w:val="0"/>' + _size(TABLE_PT),
    ),
    "PageNumber": (
        "页码",
        "Normal",
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>' + _NO_INDENT,
        _fonts(PAGE_NUMBER_FONT, PAGE_NUMBER_FONT) + '<w:spacing w:val="0"/>' + _size(PAGE_NUMBER_PT),
    ),
}

_DEFAULTS = (
    "<w:docDefaults {ns}><w:rPrDefault><w:rPr>"
    + _fonts(BODY_FONT)
    + _size(BODY_PT)
    + '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    + '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="{line}" w:lineRule="exact"/></w:pPr></w:pPrDefault>'
    + "</w:docDefaults>"
)
# Normal: no widow/orphan control, so every page keeps the 22-line grid (as 公文 templates do); Latin words may
# break anywhere, so a long URL or e-mail address does not stretch a justified line into gaps.
_NORMAL = (
    '<w:style {ns} w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
    '<w:pPr><w:widowControl w:val="0"/><w:wordWrap w:val="0"/>'
    '<w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="exact"/>'
    '<w:ind w:firstLineChars="200" w:firstLine="{indent}"/><w:jc w:val="both"/></w:pPr>'
    "<w:rPr>" + _fonts(BODY_FONT) + '<w:spacing w:val="{spacing}"/>' + _size(BODY_PT) + "</w:rPr></w:style>"
)


def setup_document(title: str, author: str):
    """A new python-docx Document with the GB/T 9704 page, the report's styles and page-numbered footers."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Mm

    doc = docx.Document()
    styles = doc.styles.element
    ns = nsdecls("w")
    old = styles.find(qn("w:docDefaults"))
    old.addprevious(parse_xml(_DEFAULTS.format(ns=ns, line=LINE_PITCH_TWIPS)))
    styles.remove(old)
    normal = doc.styles["Normal"].element
    indent = BODY_PT * 20 * 2
    normal.addprevious(
        parse_xml(_NORMAL.format(ns=ns, line=LINE_PITCH_TWIPS, indent=indent, spacing=CHARACTER_SPACING))
    )
    styles.remove(normal)
    for style_id, (name, based_on, ppr, rpr) in _STYLES.items():
        styles.append(
            parse_xml(
                f'<w:style {ns} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
                f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/><w:next w:val="Normal"/><w:qFormat/>'
                f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
            )
        )
    _no_theme_fonts(styles)

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(21)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:  # a document grid doubles title and table line heights in LibreOffice
        section._sectPr.remove(grid)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")

    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    package_rels = doc.part.package.rels
    for r_id in [r_id for r_id, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        del package_rels[r_id]  # the template's preview picture is not this document's

    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, author, author
    props.comments = props.subject = props.keywords = props.category = ""
    props.created = props.modified = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.revision = 1
    return doc


def _no_theme_fonts(styles) -> None:
    """Theme font attributes win over named fonts: drop them wherever the template left them."""
    from docx.oxml.ns import qn

    theme = [qn(f"w:{a}") for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")]
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in theme:
            fonts.attrib.pop(attr, None)


def _page_number(paragraph, *, odd: bool) -> None:
    """「— 1 —」 in 4号 宋体: odd pages on the right, even pages on the left, one character in from the edge."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph._p.get_or_add_pPr().style = STYLE_IDS["page_number"]
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        fmt.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        fmt.left_indent = Pt(PAGE_NUMBER_PT)
    paragraph.add_run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:  # each field character in a run of its own, as Word writes them
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text  # the number shown until the field is updated
        run._r.append(el)
    paragraph.add_run(" —")
