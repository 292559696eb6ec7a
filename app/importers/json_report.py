"""The project's own report JSON (as ``nianbao import`` writes it) → Report; ReadError with a reason."""

from __future__ import annotations

import json

from pydantic import ValidationError

from app.importers.text import ReadError, decode
from schemas.report import Report


def read_json(data: bytes) -> Report:
    try:
        obj = json.loads(decode(data))
    except json.JSONDecodeError as e:
        raise ReadError(f"JSON 格式错误（第 {e.lineno} 行第 {e.colno} 列）：{e.msg}") from None
    try:
        return Report.model_validate(obj)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise ReadError(f"不是本工具的年报 JSON：字段 {where} {first['msg']}") from None
