"""How much of a file the readers take on: a published report is small, so a file far bigger than any report (a
zip bomb, a sheet of a million rows, a PDF of thousands of pages, a device or a pipe) is refused with a ReadError
that says what was too big, the limit, and what to do — before it can fill the memory or hang the reading."""

from __future__ import annotations

import errno
import os
import re
import stat
import struct
from pathlib import Path

from app.importers.text import ReadError
from schemas.text_limits import MAX_REPORT_CHARS, MAX_REPORT_LINES

MB = 1024 * 1024
MAX_BYTES = 50 * MB  # a file
MAX_TEXT_CHARS = MAX_REPORT_CHARS  # the text read from a file of any format (a long report has about 50,000)
MAX_LINES = MAX_REPORT_LINES  # paragraphs and table rows read from a file of any format (a report: 300–2,000)
MAX_HTML_TAGS = 500_000  # a report's web page has a few thousand
MAX_NOTES_CHARS = 200_000  # the clerk's notes read from one file
MAX_ZIP_ENTRIES = 1_000  # the parts of a Word or Excel file (a report's have a few dozen)
MAX_ZIP_DIRECTORY = 2 * MB  # the zip's table of contents
MAX_UNPACKED = 200 * MB  # all parts of a Word or Excel file, unpacked
MAX_XML_PART = 20 * MB  # one XML part unpacked (a report's body is a few MB at most)
MAX_XML_TAGS = 1_000_000  # tags of one XML part (a report's body has well under 200,000): a tree of them is ~250 MB
MAX_XML_TAGS_ALL = 2_000_000  # tags of all the XML parts of a Word file together (headers, footers, notes …)
MAX_RATIO = 250  # unpacked / packed size of an XML part over 1 MB (a report's parts: 5–40)
_RATIO_FROM = 1 * MB
MAX_SHEETS = 30
MAX_ROWS = 2_000  # per sheet (a report's tables take about 150 rows)
MAX_COLUMNS = 60  # per sheet (表三 has 10 columns of numbers)
MAX_PAGES = 200  # a PDF (a report has 5–20 pages)
MAX_PDF_STREAM = 64 * MB  # one picture of a PDF, unpacked
MAX_PDF_CONTENT = 16 * MB  # one page's content (or any stream not a picture) of a PDF, unpacked (a page: ~100 KB)

_RESAVE = "请在 Word/WPS 中打开后另存为新文件再导入"
_NOT_REGULAR = {
    stat.S_IFIFO: "命名管道（FIFO）",
    stat.S_IFCHR: "字符设备",
    stat.S_IFBLK: "块设备",
    stat.S_IFSOCK: "套接字",
}


def _mb(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n / 1024:.0f} KB"


def too_big(size: int, limit: int = MAX_BYTES) -> ReadError:
    """The error for a file of ``size`` bytes over ``limit``."""
    return ReadError(
        f"文件过大（{_mb(size)}，上限 {_mb(limit)}）：年报文件一般只有几 MB，请提供年报文件本身"
        "（图片过多的 Word 文件可压缩图片后另存）"
    )


def read_file(path: str | Path, *, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file at ``path`` (links followed), at most ``limit``; ReadError for a folder, a
    device, a pipe or a socket (refused without opening, so a pipe cannot hang the reading), or a bigger file."""
    p = Path(path)
    try:
        real = p.resolve(strict=True)
        mode = real.stat().st_mode
        what = _not_regular(mode)
        if what:
            link = f"（链接指向 {real}）" if p.is_symlink() else ""
            raise ReadError(f"这是一个{what}{link}，不是文件：请提供年报文件本身")
        # O_NONBLOCK: should the path have become a pipe since, opening it does not wait for a writer
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            opened = os.fstat(f.fileno())
            what = _not_regular(opened.st_mode)
            if what:
                raise ReadError(f"这是一个{what}，不是文件：请提供年报文件本身")
            if opened.st_size > limit:
                raise too_big(opened.st_size, limit)
            # a file that grows while it is read still stops at the limit; the buffer is the size seen, not the limit
            data = f.read(min(opened.st_size, limit) + 1)
            if len(data) > min(opened.st_size, limit):
                data += f.read(limit + 1 - len(data))
    except FileNotFoundError:
        raise ReadError("文件不存在") from None
    except PermissionError:
        raise ReadError("没有读取该文件的权限") from None
    except RuntimeError:  # Path.resolve: a link that points back to itself
        raise ReadError("文件是一个循环的链接，无法读取") from None
    except OSError as e:
        if e.errno == errno.ELOOP:  # Python 3.13's Path.resolve says a loop so
            raise ReadError("文件是一个循环的链接，无法读取") from None
        raise ReadError(f"无法读取文件：{e.strerror or e}") from None
    if len(data) > limit:
        raise too_big(len(data), limit)
    return data


def _not_regular(mode: int) -> str:
    """What a file of ``mode`` is when it is not a regular file (a folder, a pipe …); "" for a regular file."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "文件夹"
    return _NOT_REGULAR.get(stat.S_IFMT(mode), "特殊文件")


_REPORT_TEXT = "年报全文一般不超过 5 万字：请只提供年报本身"


def check_text(text: str, *, what: str = "文件", limit: int = MAX_TEXT_CHARS, hint: str = _REPORT_TEXT) -> str:
    """``text``, or ReadError when it is longer than ``limit`` characters (``hint``: what to do)."""
    if len(text) > limit:
        raise _too_long(what, len(text), limit, hint)
    return text


def check_text_bytes(data: bytes, *, what: str = "文件", limit: int = MAX_TEXT_CHARS, hint: str = _REPORT_TEXT) -> None:
    """ReadError when text of ``data``'s size must be longer than ``limit`` characters (no encoding read here
    takes more than 4 bytes a character): refused before decoding it."""
    if len(data) > 4 * limit:
        raise _too_long(what, len(data) // 4, limit, hint, at_least=True)


def _too_long(what: str, chars: int, limit: int, hint: str = _REPORT_TEXT, *, at_least: bool = False) -> ReadError:
    about = "至少 " if at_least else "约 "
    return ReadError(f"{what}的文字过长（{about}{chars // 10_000} 万字，上限 {limit // 10_000} 万字），{hint}")


def check_lines(lines: list[list[str]]) -> list[list[str]]:
    """``lines`` read from a file, or ReadError when there are more of them, or more text, than a report has."""
    if len(lines) > MAX_LINES:
        raise ReadError(
            f"文件内容过多（{len(lines)} 个段落和表格行，上限 {MAX_LINES} 个），"
            "年报一般只有几百个段落和表格行：请只提供年报本身"
        )
    chars = sum(len(c) for ln in lines for c in ln)
    if chars > MAX_TEXT_CHARS:
        raise _too_long("文件", chars, MAX_TEXT_CHARS)
    return lines


def check_html(data: bytes) -> None:
    """ReadError when a web page has more tags than a report's page could."""
    tags = data.count(b"<")
    if tags > MAX_HTML_TAGS:
        raise ReadError(
            f"网页文件的标签过多（约 {tags // 10_000} 万个，上限 {MAX_HTML_TAGS // 10_000} 万个），"
            "年报网页一般只有几千个：请只提供年报的网页"
        )


def check_zip(data: bytes, *, what: str) -> None:
    """ReadError when the Word or Excel (``what``) file in ``data`` holds more than a report could: too many parts,
    a part or all parts too big unpacked, or a part packed far tighter than text packs. The sizes are those
    actually unpacked, through a stream that stops at the limit: a size written in the zip's headers can lie.
    A file that is no zip at all is left to the reader, which says it is damaged."""
    import io
    import zipfile  # here: a text or web page report does not need it
    import zlib

    entries, directory = _end_record(data)
    if entries > MAX_ZIP_ENTRIES:
        raise _too_many_parts(what, entries)
    if directory > MAX_ZIP_DIRECTORY:
        raise ReadError(
            f"{what} 文件的部件目录过大（{_mb(directory)}，上限 {_mb(MAX_ZIP_DIRECTORY)}），年报文件的目录只有几 KB："
            f"文件可能已损坏或是构造的，{_RESAVE}"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise _too_many_parts(what, len(infos))
        # the sizes the headers state, first: a bomb that says what it is costs nothing to refuse
        _check_sizes(what, [(i.filename, i.file_size, i.compress_size) for i in infos])
        total = all_tags = 0
        for info in infos:
            if info.is_dir():
                continue
            unpacked = tags = 0
            is_xml: bool | None = None  # by its name, or by its first bytes: a part is parsed by its content type
            try:
                with archive.open(info) as member:
                    while chunk := member.read(MB):
                        if is_xml is None:
                            is_xml = _is_xml(info.filename) or _xml_bytes(chunk)
                        unpacked += len(chunk)
                        total += len(chunk)
                        _check_part(what, info.filename, unpacked, info.compress_size, is_xml)
                        _check_total(what, total)
                        # Word parts are parsed whole into a tree; Excel sheets stream row by row (and stop at MAX_ROWS)
                        if is_xml and what == "Word":
                            count = chunk.count(b"<")
                            tags += count
                            all_tags += count
                            if all_tags > MAX_XML_TAGS_ALL:
                                raise ReadError(
                                    f"{what} 文件的各部件共有超过 {MAX_XML_TAGS_ALL:,} 个标记（上限），"
                                    f"年报远少于此：文件可能是构造的或夹带了与年报无关的内容，{_RESAVE}"
                                )
                            if tags > MAX_XML_TAGS:
                                raise ReadError(
                                    f"{what} 文件中的「{info.filename}」有超过 {MAX_XML_TAGS:,} 个标记（上限），"
                                    f"年报正文远少于此：文件可能是构造的或夹带了与年报无关的内容，{_RESAVE}"
                                )
            except ReadError:
                raise
            except (
                zipfile.BadZipFile,
                zlib.error,
                OSError,
                EOFError,
                ValueError,
                NotImplementedError,
                RuntimeError,
            ) as e:
                raise ReadError(f"{what} 文件中的「{info.filename}」已损坏，无法解压（{e}）：{_RESAVE}") from None


def check_pdf_streams(data: bytes) -> None:
    """ReadError when a stream of the PDF in ``data`` unpacks to more than its limit (MAX_PDF_CONTENT for page
    content and every stream not a picture, MAX_PDF_STREAM for a picture), or all of them to more than
    MAX_UNPACKED: pdfminer unpacks a stream whole, with no limit. The streams are found by their keyword and
    unpacked through the filters pdfminer applies (ASCIIHex, ASCII85, Flate) by a stream that stops at the limit,
    so a forged /Length cannot hide one. A stream that says it is a picture is held to the content limit when a
    page names it as its content; pictures in LZW are refused by their packed size (LZW cannot be bounded cheaply)."""

    contents = _content_objects(data)
    total = 0
    keyword = re.compile(rb"(?<!end)stream[ \t]*(?:\r\n|\r|\n)")
    pos = 0
    while m := keyword.search(data, pos):  # one pass: the next stream is looked for after this one's end
        start = m.end()
        window = (max(0, m.start() - 64 * 1024), m.start())
        at = max(data.rfind(b" obj", *window), data.rfind(b"\nobj", *window), data.rfind(b"\robj", *window))
        head = data[at : m.start()] if at >= 0 else b""  # no object header near: judged as content, by its bytes
        number = re.findall(rb"(\d{1,10})\s+\d{1,5}\s+obj", data[max(0, at - 32) : at + 4]) if at >= 0 else []
        picture = b"/Image" in head and not (number and int(number[-1]) in contents)
        limit = MAX_PDF_STREAM if picture else MAX_PDF_CONTENT
        filters = re.findall(_PDF_FILTER, head[head.find(b"/F") :]) if b"/F" in head else []
        if not filters and data[start : start + 1] == b"x":
            filters = [b"FlateDecode"]  # a zlib header with no filter named where it can be seen
        end = data.find(b"endstream", start)
        end = end if end >= 0 else len(data)
        unpacked = _unpacked_size(data[start:end], [f.decode() for f in filters], limit, MAX_UNPACKED - total)
        total += unpacked
        pos = end


_PDF_FILTER = rb"/(ASCIIHexDecode|AHx|ASCII85Decode|A85|FlateDecode|Fl|LZWDecode|LZW|RunLengthDecode|RL)\b"
_PDF_CONTENTS = rb"/Contents\s*(?:(\d{1,10})\s+\d{1,5}\s+R|\[([\d\sR]*)\])"


def _content_objects(data: bytes) -> set[int]:
    """The object numbers pages name as their /Contents, in the file's plain text (page objects packed in object
    streams are not seen: their content streams are then judged by what they say they are)."""
    out: set[int] = set()
    for m in re.finditer(_PDF_CONTENTS, data):
        if m.group(1):
            out.add(int(m.group(1)))
        else:
            out.update(int(n) for n in re.findall(rb"(\d{1,10})\s+\d{1,5}\s+R", m.group(2)))
    return out


def _unpacked_size(body: bytes, filters: list[str], limit: int, room: int) -> int:
    """The size ``body`` unpacks to through ``filters`` (ReadError beyond ``limit`` or ``room``); a damaged stream
    counts what unpacked before the damage (pdfminer says so, or reads around it)."""
    import base64
    import binascii

    for name in filters:
        if name in ("ASCIIHexDecode", "AHx"):
            text = re.sub(rb"\s+", b"", body.split(b">", 1)[0])
            try:
                body = binascii.unhexlify(text + b"0" * (len(text) % 2))
            except (binascii.Error, ValueError):
                return 0
        elif name in ("ASCII85Decode", "A85"):
            text = re.sub(rb"\s+", b"", body.split(b"~>", 1)[0])
            try:
                body = base64.a85decode(text.removeprefix(b"<~"))
            except ValueError:
                return 0
        elif name in ("FlateDecode", "Fl"):
            return _inflated_size(body, limit, room)
        elif name in ("LZWDecode", "LZW", "RunLengthDecode", "RL"):
            # at most ~4,000 (LZW) or 128 (run length) bytes out per byte in: refused unless that worst case fits
            ratio = 4096 if name.startswith("LZW") else 128
            if len(body) * ratio > min(limit, room):
                raise _pdf_bomb(min(limit, room))
            return len(body) * ratio
        if len(body) > min(limit, room):
            raise _pdf_bomb(min(limit, room))
    return len(body)


def _inflated_size(body: bytes, limit: int, room: int) -> int:
    import zlib

    unpacked = 0
    inflate = zlib.decompressobj()
    try:
        for at in range(0, len(body), 64 * 1024):
            out = inflate.decompress(body[at : at + 64 * 1024], MB)
            while True:
                unpacked += len(out)
                if unpacked > limit or unpacked > room:
                    raise _pdf_bomb(limit if unpacked > limit else MAX_UNPACKED)
                if not inflate.unconsumed_tail:
                    break
                out = inflate.decompress(inflate.unconsumed_tail, MB)
            if inflate.eof:
                break
    except zlib.error:
        pass  # damaged: pdfminer says so, or reads around it
    return unpacked


class BoundedZlib:
    """zlib as pdfminer uses it (``decompress``, ``decompressobj``, ``error``), with every stream it unpacks held
    to MAX_PDF_STREAM: the check where the unpacking happens, whatever the PDF's syntax hid from the byte scan
    (an indirect /Filter, a name written with #xx escapes …). Installed by the PDF reader."""

    error = __import__("zlib").error

    @staticmethod
    def decompress(data: bytes, *args) -> bytes:
        import zlib

        inflate = zlib.decompressobj()
        out = inflate.decompress(data, MAX_PDF_STREAM + 1)
        if len(out) > MAX_PDF_STREAM or inflate.unconsumed_tail:
            raise _pdf_bomb(MAX_PDF_STREAM)
        if not inflate.eof:
            raise zlib.error("incomplete or truncated stream")
        return out

    @staticmethod
    def decompressobj(*args):
        import zlib

        inner = zlib.decompressobj(*args)

        class Counted:  # pdfminer's decompress_corrupted feeds it a byte at a time
            unpacked = 0

            def decompress(self, data: bytes, *rest) -> bytes:
                out = inner.decompress(data, *rest)
                self.unpacked += len(out)
                if self.unpacked > MAX_PDF_STREAM:
                    raise _pdf_bomb(MAX_PDF_STREAM)
                return out

            def __getattr__(self, name):
                return getattr(inner, name)

        return Counted()


def _pdf_bomb(limit: int) -> ReadError:
    return ReadError(
        f"PDF 中的压缩数据解压后超过 {_mb(limit)}（上限），年报一页只有几十 KB："
        "文件可能是构造的（压缩炸弹），请提供年报的 Word 或网页版本"
    )


def _too_many_parts(what: str, entries: int) -> ReadError:
    return ReadError(
        f"{what} 文件包含的部件过多（{entries} 个，上限 {MAX_ZIP_ENTRIES} 个），"
        f"年报文件只有几十个：文件可能已损坏或是构造的，{_RESAVE}"
    )


def _check_sizes(what: str, parts: list[tuple[str, int, int]]) -> None:
    total = 0
    for name, unpacked, packed in parts:
        _check_part(what, name, unpacked, packed)
        total += unpacked
        _check_total(what, total)


def _check_part(what: str, name: str, unpacked: int, packed: int, xml: bool | None = None) -> None:
    xml = _is_xml(name) if xml is None else xml
    if xml and unpacked > MAX_XML_PART:
        raise ReadError(
            f"{what} 文件中的「{name}」解压后超过 {_mb(MAX_XML_PART)}（上限），年报正文一般不超过 5 MB："
            f"文件可能是构造的（压缩炸弹）或夹带了与年报无关的内容，{_RESAVE}"
        )
    # XML only: a picture of one colour (a BMP screenshot) packs as tight as a bomb, and no picture is parsed
    if xml and unpacked > _RATIO_FROM and unpacked > MAX_RATIO * max(packed, 1):
        raise ReadError(
            f"{what} 文件中的「{name}」压缩比异常（{packed} 字节解压为 {_mb(unpacked)} 以上，超过 {MAX_RATIO} 倍），"
            f"可能是压缩炸弹：{_RESAVE}"
        )


def _check_total(what: str, total: int) -> None:
    if total > MAX_UNPACKED:
        raise ReadError(
            f"{what} 文件解压后超过 {_mb(MAX_UNPACKED)}（上限），年报文件解压后一般不超过几十 MB："
            f"文件可能是构造的（压缩炸弹）或夹带了大量图片，{_RESAVE}"
        )


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def _xml_bytes(head: bytes) -> bool:
    """Whether a part's first bytes are XML (a document part renamed to 「document.dat」 is parsed all the same)."""
    start = head[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith(b"<") or head[:2] in (b"\xff\xfe", b"\xfe\xff")


def _end_record(data: bytes) -> tuple[int, int]:
    """The number of entries and the size of the table of contents the zip's end record states ((0, 0) when
    there is none): read before ``zipfile`` reads the whole table, which for a million entries takes seconds."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
    if at < 0 or at + 22 > len(data):
        return 0, 0
    _, _, _, _, entries, directory, _, comment = struct.unpack_from("<4s4H2LH", data, at)
    if at + 22 + comment != len(data):  # the signature's bytes inside a comment, not the end record
        return 0, 0
    locator = at - 20
    if (entries == 0xFFFF or directory == 0xFFFFFFFF) and locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if data[record : record + 4] == b"PK\x06\x06" and record + 56 <= len(data):
            entries, directory = struct.unpack_from("<QQ", data, record + 32)
    return entries, directory
