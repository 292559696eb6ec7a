"""A report web page (HTML, any charset) → lines: one per paragraph, one per table row (each cell once)."""

from __future__ import annotations

import codecs
import re

from app.importers.formats import Line, cell_text, clean
from app.importers.limits import check_html
from app.importers.text import ReadError

_BLOCK = frozenset(
    "address article aside blockquote caption center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section summary ul tr td th "
    "tbody thead tfoot".split()
)
_SKIP = frozenset("head script style noscript template select button iframe object svg math textarea".split())
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_GB = frozenset({"gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80", "euc-cn", "gb18030", "hz-gb-2312"})
# a cell this long with several paragraphs is page layout (a whole article in one cell), not a table cell
_CONTAINER_CHARS = 200


def decode_html(data: bytes) -> str:
    """The page's text: BOM, then strict UTF-8, then the charset the page declares, then GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    declared = m.group(1).decode("ascii").lower() if m else ""
    if declared in _GB:
        declared = "gb18030"  # a superset: pages labelled gb2312 routinely use GBK characters
    for encoding in (declared, "gb18030"):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace")


def read_html(data: bytes) -> list[Line]:
    """The lines of an HTML page; ReadError when it is not a readable page or has far more tags than a report's."""
    check_html(data)
    import lxml.etree
    import lxml.html

    text = _XML_DECLARATION.sub("", decode_html(data), count=1)
    if not text.strip():
        raise ReadError("网页文件是空的")
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as e:
        raise ReadError(f"无法解析网页文件：{e}") from None
    walker = _Walker()
    try:
        walker.walk(root)
    except RecursionError:
        raise ReadError("网页结构嵌套过深，无法读取") from None
    walker.flush()
    return walker.lines


def _tag(el) -> str | None:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else None  # comments and processing instructions: None


class _Walker:
    """Collects lines in reading order: text runs between block boundaries, table rows as cell lists."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self._buf: list[str] = []

    def flush(self) -> None:
        text = clean("".join(self._buf))
        self._buf = []
        if text:
            self.lines.append([text])

    def walk(self, el) -> None:
        tag = _tag(el)
        if tag is not None and tag not in _SKIP and not _HIDDEN.search(el.get("style", "")):
            if tag == "br":
                self.flush()
            elif tag == "table":
                self.flush()
                self._table(el)
            elif tag == "pre":
                self.flush()
                for ln in el.text_content().split("\n"):
                    if ln.strip():
                        self.lines.append([ln.replace("\xa0", " ").strip()])
            else:
                self.content(el, block=tag in _BLOCK)
        if el.tail:
            self._buf.append(el.tail)

    def content(self, el, *, block: bool) -> None:
        if block:
            self.flush()
        if el.text:
            self._buf.append(el.text)
        for child in el:
            self.walk(child)
        if block:
            self.flush()

    def _table(self, table) -> None:
        for row in _rows(table):
            if _tag(row) == "caption":
                self.content(row, block=True)
                continue
            cells = [c for c in row if _tag(c) in ("td", "th") and not _HIDDEN.search(c.get("style", ""))]
            if not cells:
                continue
            containers = [c for c in cells if _is_container(c, len(cells))]
            plain = [_cell(c) for c in cells if c not in containers]
            if not containers:
                self.lines.append(plain)
                continue
            # a layout cell (a nested table, or a whole article in one cell): its content is read as blocks
            if any(plain):
                self.lines.append(plain)
            for c in containers:
                self.content(c, block=True)


def _rows(table):
    """The rows of ``table`` itself (not of tables nested in its cells), with the caption first."""
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (r for r in child if _tag(r) == "tr")
        elif tag == "caption":
            yield child


def _is_container(cell, cells_in_row: int) -> bool:
    if any(True for _ in cell.iter("table")):
        return True
    if cells_in_row > 1:
        return False
    blocks = sum(1 for el in cell.iter() if _tag(el) in ("p", "div", "li", "br", "h1", "h2", "h3", "h4"))
    return blocks >= 2 and len(cell.text_content().strip()) > _CONTAINER_CHARS


def _cell(cell) -> str:
    walker = _Walker()
    walker.content(cell, block=True)
    return cell_text([c for ln in walker.lines for c in ln])
