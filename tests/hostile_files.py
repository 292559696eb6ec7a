"""Hostile files built at test time (nothing committed): zip bombs, a huge sheet, a PDF of many pages, huge text.

Each builder writes into ``folder`` and returns the file's path. Big members are written in chunks, so building
a file needs little memory even when what it claims to hold is gigabytes.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
_CHUNK = 1 << 20


def _document(body: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>{body}</w:body></w:document>'
    )


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx(
    folder: Path,
    name: str,
    body: str,
    *,
    extra: dict[str, bytes | str] | None = None,
    stored: bool = False,
    body_part: str = "word/document.xml",
) -> Path:
    """A small valid .docx whose body is ``body`` (WordprocessingML) in ``body_part`` (named so in the content types
    and relationships), with ``extra`` parts added; ``stored``: without compression, so no ratio gives it away."""
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _DOCX_TYPES.replace("/word/document.xml", "/" + body_part))
        z.writestr("_rels/.rels", _DOCX_RELS.replace("word/document.xml", body_part))
        z.writestr(body_part, _document(body))
        for part, data in (extra or {}).items():
            z.writestr(part, data)
    return path


def many_entries_docx(folder: Path, entries: int = 5_000) -> Path:
    """A Word file with ``entries`` tiny parts besides its document."""
    return docx(
        folder, "many-entries.docx", _paragraph("年度报告"), extra={f"junk/{i}.bin": b"" for i in range(entries)}
    )


def _stream_member(z: zipfile.ZipFile, name: str, head: bytes, filler: bytes, size: int, tail: bytes) -> None:
    with z.open(name, "w", force_zip64=size > 0x7FFF0000) as out:
        out.write(head)
        chunk = filler * (_CHUNK // len(filler))
        left = size
        while left > 0:
            out.write(chunk[:left])
            left -= len(chunk)
        out.write(tail)


def huge_member_docx(folder: Path, size: int = 128 << 20, *, name: str = "huge-member.docx") -> Path:
    """A Word file of a few hundred KB whose document part inflates to ``size`` bytes (one long run of text)."""
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _DOCX_TYPES)
        z.writestr("_rels/.rels", _DOCX_RELS)
        head = _document("").replace("</w:body></w:document>", "<w:p><w:r><w:t>").encode()
        _stream_member(z, "word/document.xml", head, b"0", size, b"</w:t></w:r></w:p></w:body></w:document>")
    return path


def many_paragraphs_docx(folder: Path, paragraphs: int = 300_000) -> Path:
    """A Word file whose document part is within the size limits' reach only by compression: many paragraphs."""
    return docx(folder, "many-paragraphs.docx", _paragraph("政务公开工作持续推进。") * paragraphs)


def empty_paragraphs_docx(folder: Path, paragraphs: int = 3_000_000) -> Path:
    """A Word file stored without compression (so no ratio gives it away) whose body is ``paragraphs`` empty
    paragraphs: 18 MB, under the part size limit, but a tree of millions of elements once parsed."""
    return docx(folder, "empty-paragraphs.docx", "<w:p/>" * paragraphs, stored=True)


def many_tagged_parts_docx(folder: Path, parts: int = 3, paragraphs: int = 900_000) -> Path:
    """A Word file stored without compression whose small body comes with ``parts`` header parts of
    ``paragraphs`` empty paragraphs each: every part under the per-part limits, all of them together not."""
    headers = {f"word/header{n + 1}.xml": _document("<w:p/>" * paragraphs) for n in range(parts)}
    return docx(folder, "many-tagged-parts.docx", _paragraph("年度报告"), extra=headers, stored=True)


def renamed_part_docx(folder: Path, paragraphs: int = 1_500_000) -> Path:
    """A Word file whose body part is named 「word/document.dat」 (its content type says what it is, and python-docx
    parses it all the same): 1.5 million empty paragraphs packed tight."""
    return docx(folder, "renamed-part.docx", "<w:p/>" * paragraphs, body_part="word/document.dat")


def forged_sizes_docx(folder: Path, size: int = 64 << 20, claimed: int = 4096) -> Path:
    """A Word file whose document part inflates to ``size`` bytes while its headers claim ``claimed``."""
    forged = huge_member_docx(folder, size, name="forged-sizes.docx")
    data = bytearray(forged.read_bytes())
    name = b"word/document.xml"
    # the local header (uncompressed size at offset 22) and the central directory entry (offset 24)
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        name_at = 30 if signature == b"PK\x03\x04" else 46
        start = 0
        while (at := data.find(signature, start)) >= 0:
            start = at + 4
            if data[at + name_at : at + name_at + len(name)] == name:
                struct.pack_into("<L", data, at + size_at, claimed)
    forged.write_bytes(bytes(data))
    return forged


def deep_docx(folder: Path, depth: int = 1_000) -> Path:
    """A Word file whose body nests content controls ``depth`` deep."""
    return docx(folder, "deep.docx", "<w:sdt><w:sdtContent>" * depth + "</w:sdtContent></w:sdt>" * depth)


_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>"
)


def entity_bomb_docx(folder: Path) -> Path:
    """A Word file whose document and numbering parts expand an entity a billion times ("billion laughs")."""
    body = f"<w:document {_W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    numbering = f"<w:numbering {_W}><w:abstractNum w:abstractNumId='&lol9;'/></w:numbering>"
    path = folder / "entity-bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _DOCX_TYPES)
        z.writestr("_rels/.rels", _DOCX_RELS)
        z.writestr("word/document.xml", _LAUGHS + body)
        z.writestr("word/numbering.xml", _LAUGHS + numbering)
        z.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'numbering" Target="numbering.xml"/></Relationships>',
        )
    return path


_XLSX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def xlsx(folder: Path, name: str, sheets: list[tuple[str, list[bytes] | tuple[bytes, int, bytes]]]) -> Path:
    """An .xlsx of ``sheets`` (title, rows): rows as a list of <row> elements, or (row template with {n}, count,
    extra) written in chunks — a template's ``{n}`` is replaced by the row number."""
    path = folder / name
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
        for i in range(1, len(sheets) + 1)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _XLSX_TYPES.format(sheets=overrides))
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{_NS}" xmlns:r="{_R}"><sheets>'
            + "".join(f'<sheet name="{title}" sheetId="{i}" r:id="rId{i}"/>' for i, (title, _) in enumerate(sheets, 1))
            + "</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{_R}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            + "</Relationships>",
        )
        for i, (_, rows) in enumerate(sheets, 1):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as out:
                out.write(f'<?xml version="1.0"?><worksheet xmlns="{_NS}"><sheetData>'.encode())
                _write_rows(out, rows)
                out.write(b"</sheetData></worksheet>")
    return path


def _write_rows(out, rows: list[bytes] | tuple[bytes, int, bytes]) -> None:
    if not isinstance(rows, tuple):
        out.write(b"".join(rows))
        return
    template, count, extra = rows
    for start in range(1, count + 1, 10_000):
        numbers = range(start, min(start + 10_000, count + 1))
        if b"{n}" in template:
            out.write(b"".join(template.replace(b"{n}", b"%d" % n) for n in numbers))
        else:  # the same row again and again
            out.write(template * len(numbers))
    out.write(extra)


def huge_sheet_xlsx(folder: Path, rows: int) -> Path:
    """A workbook whose one sheet has ``rows`` rows of three numbers."""
    row = b"<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>"  # a row's place may be left out
    return xlsx(folder, f"sheet-{rows}-rows.xlsx", [("表", (row, rows, b""))])


def wide_sheet_xlsx(folder: Path, columns: int = 5_000) -> Path:
    """A workbook whose one row has ``columns`` filled cells."""
    cells = b"".join(b'<c r="%s1"><v>%d</v></c>' % (_letters(j).encode(), j) for j in range(1, columns + 1))
    return xlsx(folder, "wide-sheet.xlsx", [("表", [b'<row r="1">' + cells + b"</row>"])])


def many_sheets_xlsx(folder: Path, sheets: int = 300) -> Path:
    """A workbook of ``sheets`` small sheets."""
    return xlsx(
        folder, "many-sheets.xlsx", [(f"表{i}", [b'<row r="1"><c r="A1"><v>1</v></c></row>']) for i in range(sheets)]
    )


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def many_pages_pdf(folder: Path, pages: int = 5_000) -> Path:
    """A PDF of ``pages`` pages, each showing one line of text (all sharing one content stream and font)."""
    content = b"BT /F1 12 Tf 72 720 Td (Page) Tj ET"
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + i) for i in range(pages)) + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    ] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path = folder / f"pages-{pages}.pdf"
    path.write_bytes(bytes(out))
    return path


def huge_text(folder: Path, megabytes: int = 40) -> Path:
    """A text file of ``megabytes`` MB (under the file size limit) of short lines."""
    path = folder / "huge.txt"
    line = "政务公开工作持续推进，群众满意度不断提升。\n".encode()
    with path.open("wb") as f:
        chunk = line * (_CHUNK // len(line))
        for _ in range(megabytes):
            f.write(chunk)
    return path


def huge_html(folder: Path, megabytes: int = 40) -> Path:
    """A web page of ``megabytes`` MB of tiny elements."""
    path = folder / "huge.html"
    with path.open("wb") as f:
        f.write(b"<html><body>")
        chunk = b"<div><span>1</span></div>" * (_CHUNK // 25)
        for _ in range(megabytes):
            f.write(chunk)
        f.write(b"</body></html>")
    return path


def _bits(bits: list[int]) -> bytes:
    """``bits`` packed as deflate packs them: the first bit in the lowest bit of the first byte."""
    return bytes(sum(b << j for j, b in enumerate(bits[i : i + 8])) for i in range(0, len(bits), 8))


def _huffman(bits: list[int], code: int, length: int) -> None:
    bits.extend((code >> (length - 1 - i)) & 1 for i in range(length))  # a code's highest bit first


def _block(*, final: bool, literal: bool, matches: int) -> bytes:
    """A deflate block of fixed codes: a space (``literal``), then ``matches`` times 「258 bytes back 1」."""
    bits = [int(final), 1, 0]
    if literal:
        _huffman(bits, 0x30 + 0x20, 8)
    for _ in range(matches):
        _huffman(bits, 0b11000101, 8)  # length 258
        _huffman(bits, 0, 5)  # distance 1
    _huffman(bits, 0, 7)  # end of block
    return _bits(bits)  # 3 (+ 8) + 13 × matches + 7 bits: whole bytes when matches is 6 more than a multiple of 8


def spaces_zlib(size: int) -> bytes:
    """A zlib stream of about ``size`` spaces, built without compressing them: one block of 2 MB of spaces
    repeated (a block whose bits fill whole bytes can be repeated as bytes)."""
    matches = 8 * 1000 + 6
    per = 258 * matches
    repeats = max(0, size // per - 1)
    adler = zlib.adler32(b" " * (1 + per))
    spaces = b" " * per
    for _ in range(repeats):
        adler = zlib.adler32(spaces, adler)
    adler = zlib.adler32(b" " * 258 * 6, adler)
    body = (
        _block(final=False, literal=True, matches=matches)
        + _block(final=False, literal=False, matches=matches) * repeats
    )
    return b"\x78\x01" + body + _block(final=True, literal=False, matches=6) + adler.to_bytes(4, "big")


def stream_bomb_pdf(folder: Path, size: int = 1 << 30, *, disguise: str = "") -> Path:
    """A one-page PDF of a few MB whose page content unpacks to ``size`` bytes (spaces). ``disguise``: "hex" or
    "a85" wraps the packed content in a text filter as well, "image" labels the content stream a picture, "cr" ends
    the 「stream」 keyword with a bare carriage return, "space" with a space before the line break, "fkey" names the
    filter with /F."""
    import base64
    import binascii

    content, key, filters, extra, eol = spaces_zlib(size), b"/Filter", b"/FlateDecode", b"", b"\n"
    if disguise == "hex":
        content, filters = binascii.hexlify(content) + b">", b"[/ASCIIHexDecode /FlateDecode]"
    elif disguise == "a85":
        content, filters = base64.a85encode(content, adobe=True), b"[/ASCII85Decode /FlateDecode]"
    elif disguise == "image":
        extra = b" /Subtype /Image"
    elif disguise == "cr":
        eol = b"\r"
    elif disguise == "space":
        eol = b" \n"
    elif disguise == "fkey":
        key = b"/F"  # the abbreviation of /Filter that pdfminer also takes
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d %s %s%s >>\nstream%s" % (len(content), key, filters, extra, eol) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path = folder / f"stream-bomb{'-' + disguise if disguise else ''}.pdf"
    path.write_bytes(bytes(out))
    return path
