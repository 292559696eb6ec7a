"""A Word (.docx) report → lines: the body in document order, paragraphs and table rows (each cell once)."""

from __future__ import annotations

import io
import zipfile
import zlib

from app.importers.docx_numbering import Numbering, prefix, without_broken_numbering
from app.importers.formats import Line, cell_text
from app.importers.limits import check_zip
from app.importers.text import ReadError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, TBL, TR, TC, R = (_W + t for t in ("p", "tbl", "tr", "tc", "r"))
T, TAB, PTAB, BR, CR, NO_BREAK_HYPHEN = (_W + t for t in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen"))
TC_PR, V_MERGE, H_MERGE, R_PR, VANISH = (_W + t for t in ("tcPr", "vMerge", "hMerge", "rPr", "vanish"))
VAL = _W + "val"
# wrappers whose content belongs to the level they sit in (content controls, custom XML, compatibility choice)
_WRAPPERS = frozenset({_W + "sdt", _W + "sdtContent", _W + "customXml", _MC + "AlternateContent", _MC + "Choice"})
# subtrees whose text is not shown: the fallback copy of a text box, moved-away and deleted text, properties
_NOT_SHOWN = frozenset({_MC + "Fallback", _W + "moveFrom", _W + "del", _W + "pPr", _W + "sdtPr", TC_PR, _W + "trPr"})
Labels = dict[object, str]  # paragraph element → its automatic number ("一、", "（二）", "1.")
# a cell this long with several paragraphs is page layout (the whole text in one cell), not a table cell
_CONTAINER_CHARS = 200


def read_docx(data: bytes) -> list[Line]:
    """The lines of a .docx document's body, automatic numbering included; ReadError when it is not a Word file
    or holds more than a report could (app/importers/limits.py)."""
    check_zip(data, what="Word")
    try:
        document = _open(data)
    except ReadError:
        repaired = without_broken_numbering(data)  # a damaged numbering part costs only the numbers
        if repaired is None:
            raise
        document = _open(repaired)
    body = document.element.body
    if body is None:
        raise ReadError("Word 文件没有正文")
    lines: list[Line] = []
    _blocks(body, lines, _labels(document.part, body))
    return lines


def _open(data: bytes):
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, EOFError, zlib.error) as e:
        raise ReadError(f"Word 文件已损坏或不完整，无法打开（{e}）") from None
    except XMLSyntaxError as e:
        raise ReadError(_xml_problem(e)) from None
    except KeyError as e:
        raise ReadError(f"Word 文件缺少必要的部件（{e}），可能已损坏") from None
    except ValueError as e:  # python-docx: "file is not a Word file, content type is …"
        raise ReadError(f"不是可读取的 Word（.docx）文件：{e}") from None


def _xml_problem(error) -> str:
    """What a user is told about XML that libxml2 refused: a limit it keeps (nesting, entity expansion) said as
    such, anything else as damage."""
    text = str(error)
    if "Excessive depth" in text:
        return (
            "Word 文件的结构嵌套过深（超过 256 层，年报只有几层）：文件可能是构造的，无法读取；"
            "请在 Word/WPS 中打开后另存为新文件再导入"
        )
    if "amplification" in text or ("entity" in text.lower() and "loop" in text.lower()):
        return (
            "Word 文件含有展开后极大的实体定义（可能是构造的文件），无法读取；请在 Word/WPS 中打开后另存为新文件再导入"
        )
    if "unknown error" in text.lower() or "memory" in text.lower():
        # libxml2 says no more than this when it cannot allocate: the file is too big for the memory at hand
        return "Word 文件无法解析：内容过多（内存不足），或文件已损坏；请在 Word/WPS 中打开后另存为新文件再导入"
    return f"Word 文件内容已损坏（XML 错误：{error}）"


def _part_xml(part, reltype: str):
    """The XML root of the part ``part`` relates to by ``reltype``; None when it is missing or not XML."""
    from lxml import etree

    try:
        related = part.part_related_by(reltype)
        element = getattr(related, "element", None)
        if element is not None:
            return element
        # as python-docx parses: no entity expanded, no network, no tree deeper than libxml2's default limit
        return etree.fromstring(related.blob, etree.XMLParser(resolve_entities=False, no_network=True))
    except (KeyError, AttributeError, ValueError, etree.XMLSyntaxError):
        return None


def _labels(part, body) -> Labels:
    """The automatic number Word shows before each numbered paragraph, counted in document order."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    numbering = Numbering(_part_xml(part, RT.NUMBERING), _part_xml(part, RT.STYLES))
    if not numbering:
        return {}
    labels: Labels = {}
    for p in body.iter(P):
        if any(a.tag in _NOT_SHOWN for a in p.iterancestors()):
            continue
        label = numbering.label(p)  # counted even when hidden with its paragraph mark, as Word counts it
        ppr = p.find(_W + "pPr")
        if label and (ppr is None or not _hidden(ppr)):
            labels[p] = label
    return labels


def _children(el, tag: str):
    """Children of ``el`` with ``tag``, looking through content-control and custom-XML wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _blocks(el, lines: list[Line], labels: Labels) -> None:
    """Paragraphs and tables under ``el`` (body or a layout cell), in document order."""
    for child in el:
        if child.tag == P:
            lines.extend([ln.strip()] for ln in paragraph_text(child, labels).split("\n"))
        elif child.tag == TBL:
            _table(child, lines, labels)
        elif child.tag in _WRAPPERS:
            _blocks(child, lines, labels)


def paragraph_text(p, labels: Labels | None = None) -> str:
    """The shown text of a paragraph, after its number in ``labels``; line breaks as "\\n", tabs as "\\t"."""
    out: list[str] = []
    _text(p, out, labels or {})
    text = "".join(out)
    return prefix(labels[p], text) if labels and p in labels else text


def _text(el, out: list[str], labels: Labels) -> None:
    for child in el:
        tag = child.tag
        if tag == T:
            out.append(child.text or "")
        elif tag in (TAB, PTAB):
            out.append("\t")
        elif tag in (BR, CR):
            out.append("\n")
        elif tag == NO_BREAK_HYPHEN:
            out.append("-")
        elif tag in _NOT_SHOWN or (tag == R and _hidden(child)):
            continue
        elif tag == P:  # a paragraph inside a text box
            out.append(paragraph_text(child, labels))
            out.append("\n")
        else:
            _text(child, out, labels)


def _hidden(run) -> bool:
    vanish = run.find(f"{R_PR}/{VANISH}")
    return vanish is not None and vanish.get(VAL, "true") not in ("0", "false", "off")


def _continues_merge(tc) -> bool:
    """A cell covered by the one above (vMerge without "restart") or to its left (legacy hMerge)."""
    pr = tc.find(TC_PR)
    if pr is None:
        return False
    for tag in (V_MERGE, H_MERGE):
        merge = pr.find(tag)
        if merge is not None and merge.get(VAL, "continue") != "restart":
            return True
    return False


def _table(tbl, lines: list[Line], labels: Labels) -> None:
    for tr in _children(tbl, TR):
        cells = [tc for tc in _children(tr, TC) if not _continues_merge(tc)]
        if not cells:
            continue
        containers = [tc for tc in cells if _is_container(tc, len(cells), labels)]
        plain = [_cell(tc, labels) for tc in cells if tc not in containers]
        if not containers:
            lines.append(plain)
            continue
        # a layout cell (a nested table, or the whole text in one cell): its content is read as blocks
        if any(plain):
            lines.append(plain)
        for tc in containers:
            _blocks(tc, lines, labels)


def _is_container(tc, cells_in_row: int, labels: Labels) -> bool:
    if any(True for _ in tc.iter(TBL)):
        return True
    if cells_in_row > 1:
        return False
    paragraphs = [paragraph_text(p, labels) for p in _children(tc, P)]
    return len(paragraphs) >= 2 and sum(len(p.strip()) for p in paragraphs) > _CONTAINER_CHARS


def _cell(tc, labels: Labels) -> str:
    return cell_text([paragraph_text(p, labels) for p in _children(tc, P)])
