"""Published report files (txt / md / html / docx / doc / pdf / xlsx / json) → Report."""

from __future__ import annotations

from pathlib import Path

from app.importers.limits import MAX_BYTES, check_lines, check_text, check_text_bytes, read_file, too_big
from app.importers.text import ReadError, decode
from schemas.report import Report

__all__ = ["ReadError", "read_report", "read_bytes"]


def _sniff(data: bytes, suffix: str) -> str:
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in data[:65536] or suffix == ".docx":
            return "docx"
        if b"xl/" in data[:65536] or suffix in (".xlsx", ".xlsm"):
            return "xlsx"
        return suffix.lstrip(".") or "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc" if suffix != ".xls" else "xls"
    if head.startswith(b"{\\rtf"):
        return "doc"  # LibreOffice converts RTF as it converts .doc
    lowered = data[:4096].lower()
    if suffix in (".html", ".htm") or head.lower().startswith((b"<!doctype html", b"<html", b"<?xml")):
        return "html"
    if head.startswith(b"<") and any(tag in lowered for tag in (b"<body", b"<table", b"<div", b"<p>", b"<p ")):
        return "html"
    if suffix == ".json" or head.startswith(b"{"):
        return "json"
    if suffix in (".md", ".markdown"):
        return "md"
    return "txt"


def read_bytes(data: bytes, name: str = "") -> Report:
    """The report in a file's bytes (the format sniffed from content and name); ReadError with a reason."""
    if len(data) > MAX_BYTES:
        raise too_big(len(data))
    kind = _sniff(data, Path(name).suffix.lower())
    if kind == "json":
        from app.importers.json_report import read_json

        return read_json(data)
    if kind in ("txt", "md"):
        from app.importers.document import read_lines

        check_text_bytes(data)
        text = decode(data)
        if kind == "md":  # the words as a Markdown engine shows them: escapes and entities decoded
            from app.importers.markdown_text import unescape

            text = unescape(text)
        lines = [[ln] for ln in check_text(text).split("\n")]
        return read_lines(check_lines(lines), source=name, source_format=kind)
    from app.importers import formats

    reader = formats.READERS.get(kind)
    if reader is None:
        raise ReadError(f"不支持的文件格式（{kind}）：请提供网页、Word、PDF、Excel、文本或本工具的 JSON 文件")
    from app.importers.document import read_lines

    return read_lines(check_lines(reader(data)), source=name, source_format=kind)


def read_report(path: str | Path) -> Report:
    """The report in the regular file at ``path`` (see app/importers/limits.py for what is refused); ReadError
    (Chinese message) when it cannot be read."""
    p = Path(path)
    report = read_bytes(read_file(p), p.name)
    if report.provenance is not None:
        report.provenance.source = str(path)
    return report
