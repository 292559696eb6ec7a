"""The project's own report JSON (as ``nianbao import`` writes it) → Report; ReadError with a reason.

Read strictly (schemas/report_json.py): bounded in size and depth, numbers as the writer writes them, ``meta``
required, a known schema version, no number beyond any count or fee, no control character, and all its text
within the limits of any other file; cell keys the format does not have are left out with a PARSE warning.
"""

from __future__ import annotations

from app.importers.text import ReadError, decode
from schemas.report import Report
from schemas.report_json import MAX_REPORT_BYTES, JsonDocumentError, load_report, parse_json, text_problem


def read_json(data: bytes) -> Report:
    if len(data) > MAX_REPORT_BYTES:  # before decoding: a report JSON is far smaller
        raise ReadError(
            f"JSON 文件过大（{len(data) / 1024 / 1024:.1f} MB，上限 {MAX_REPORT_BYTES // (1024 * 1024)} MB）"
        )
    try:
        parsed = parse_json(decode(data))
        too_much = text_problem(parsed)
        if too_much:
            raise ReadError(f"{too_much}：请只提供年报本身")
        return load_report(parsed)
    except JsonDocumentError as e:
        raise ReadError(str(e)) from None
