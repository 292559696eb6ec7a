"""The project's report JSON read strictly: bounded parsing, exactly what the writer writes, Chinese refusals.

``Report.model_dump_json`` writes a cell's value as a JSON number or null, ``meta`` always, and the schema version
it knows. A file that says otherwise (``true`` or ``"12"`` for a count, ``NaN``, no ``meta``, a schema version this
program does not know) is refused with a message naming the place; a cell key the format does not have is left out
and said in a PARSE warning. Backups use the same parser and the same report loader.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import from_json

from schemas.findings import Finding, finding
from schemas.registry import LEVEL_LABELS, OTHER_HANDLING_ROW, TABLE_IDS, cell_index, other_handling_as_one_row, table
from schemas.report import MAX_NUMBER, SCHEMA_VERSION, Provenance, Report
from schemas.rule_catalogue import Rule
from schemas.text_limits import MAX_REPORT_CHARS, MAX_REPORT_LINES

KNOWN_SCHEMA_VERSIONS: tuple[int, ...] = (SCHEMA_VERSION,)
BACKUP_KIND = "nianbao-report-backup"  # the "kind" of a whole report's backup (app/storage/backup_document.py)
MAX_REPORT_BYTES = 20 * 1024 * 1024  # a report with every drafting record is well under 1 MB
MAX_DEPTH = 200  # the JSON parser's own nesting limit; the project's JSON is about ten levels deep
LISTED = 5  # unknown cell keys named in a finding; the rest are counted
# C0 control characters other than tab, line feed and carriage return: no report's text has them, and PostgreSQL
# refuses a NUL in a text column
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class JsonDocumentError(ValueError):
    """A JSON document that cannot be taken; ``str(error)`` is the Chinese reason (what, and where)."""


# ---------------------------------------------------------------- bounded parsing

_SYNTAX: tuple[tuple[str, str], ...] = (
    ("recursion limit exceeded", f"嵌套超过 {MAX_DEPTH} 层，不是本工具写出的 JSON"),
    ("EOF while parsing", "文件在此处意外结束（内容不完整）"),
    ("trailing comma", "多了一个逗号"),
    ("trailing characters", "JSON 结束后还有多余的内容"),
    ("key must be a string", "对象的键必须是带引号的文字"),
    ("invalid number", "数字写法无效"),
    ("number out of range", "数字超出范围"),
    ("expected value", "此处应为一个值"),
    ("expected `:`", "此处应为冒号"),
    ("expected `,` or", "此处应为逗号或结束括号"),
    ("control character", "文字中有未转义的控制字符"),
    ("invalid escape", "文字中有无效的转义"),
    ("invalid unicode", "文字中有无效的 Unicode 转义"),
)
_AT = re.compile(r"at line (\d+) column (\d+)")


def parse_json(text: str | bytes, *, max_bytes: int = MAX_REPORT_BYTES, finite: bool = True) -> Any:
    """The JSON value in ``text``, parsed within a size and a nesting limit (never a RecursionError); with
    ``finite``, a number that is not (``NaN``, ``Infinity``, ``1e999``) is refused with its place in a report (a
    caller reading another document passes False and asks ``first_problem`` itself)."""
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > max_bytes:
        raise JsonDocumentError(f"JSON 文件过大（{size / 1024 / 1024:.1f} MB，上限 {max_bytes // (1024 * 1024)} MB）")
    if isinstance(text, bytes):
        text = text.removeprefix(b"\xef\xbb\xbf")
    else:
        text = text.removeprefix("\ufeff")
    try:
        value = from_json(text, allow_inf_nan=True)
    except ValueError as error:
        raw = str(error)
        reason = next((zh for en, zh in _SYNTAX if en in raw), "格式不正确")
        at = _AT.search(raw)
        where = f"（第 {at[1]} 行第 {at[2]} 列）" if at else ""
        raise JsonDocumentError(f"JSON 格式错误{where}：{reason}") from None
    _refuse_repeated_keys(text)
    bad = first_problem(value, _non_finite) if finite else None
    if bad is not None:
        raise JsonDocumentError(f"JSON 中{problem_message(*bad, value)}")
    return value


def _refuse_repeated_keys(text: str | bytes) -> None:
    """JsonDocumentError naming a key written twice in one object (a parser would silently keep the last one).
    Numbers are not converted (a 5,000-digit one is refused later, with its place); the nesting is already
    known to be within MAX_DEPTH."""

    def pairs(items: list[tuple[str, Any]]) -> None:
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                shown = json.dumps(key, ensure_ascii=False)[1:-1][:40]  # a control character shown escaped
                raise JsonDocumentError(f"JSON 中的键「{shown}」出现了两次（同一对象中），不是本工具写出的 JSON")
            seen.add(key)

    def skip(_: str) -> None:
        return None

    try:
        json.loads(text, object_pairs_hook=pairs, parse_int=skip, parse_float=skip, parse_constant=skip)
    except JsonDocumentError:
        raise
    except ValueError:  # a spelling the first parser took and this one does not: nothing more to learn here
        pass


def _non_finite(item: Any) -> str:
    if type(item) is float and not math.isfinite(item):
        written = "NaN" if math.isnan(item) else "Infinity" if item > 0 else "-Infinity"
        return f"{written} 不是有限的数（空白单元格应写 null）"
    return ""


def _problem(item: Any) -> str:
    """What no report or backup can hold: a NaN or infinite number, a number beyond MAX_NUMBER, a text with a
    control character ("" when ``item`` is none of these)."""
    kind = type(item)
    if kind is str:
        found = _CONTROL.search(item)
        return f"含有不可见的控制字符（U+{ord(found[0]):04X}）" if found else ""
    if kind is float:
        return _non_finite(item) or (f"数字过大（{item:.2g}）" if abs(item) > MAX_NUMBER else "")
    if kind is int and abs(item) > MAX_NUMBER:
        return f"数字过大（{_digits(abs(item))} 位）"
    return ""


def first_problem(value: Any, problem: Callable[[Any], str] = _problem) -> tuple[tuple[Any, ...], str] | None:
    """The path to the first value of a parsed JSON value that ``problem`` finds fault with, and what it says
    (walked without recursion; by default what no report or backup can hold)."""
    if not _any_problem(value, problem):  # the usual case, walked without building paths
        return None
    stack: list[tuple[tuple[Any, ...], Any]] = [((), value)]
    while stack:
        path, item = stack.pop()
        said = problem(item)
        if said:
            return path, said
        if isinstance(item, dict):
            stack.extend(((*path, k), v) for k, v in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(item))))
    return None


def _digits(n: int) -> str:
    try:
        return str(len(str(n)))
    except ValueError:  # more digits than Python writes out
        return f"约 {int(n.bit_length() * 0.30103)}"


def _any_problem(value: Any, problem: Callable[[Any], str]) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
        elif kind in (str, float, int) and problem(item):
            return True
    return False


def problem_message(path: tuple[Any, ...], said: str, data: Any, *, model: type[BaseModel] = Report) -> str:
    """「where：what」 for the problem ``said`` at ``path`` of ``data`` (a report, unless ``model`` says)."""
    return f"{place(path, data, model=model) or _dotted(path) + '：'}{said}"


def text_problem(data: Any) -> str:
    """What is too much about the text of a report's parsed JSON (all its texts together) — "" when nothing."""
    chars = lines = 0
    stack = [data]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            if item:
                chars += len(item)
                lines += item.count("\n") + 1
        elif kind is dict:
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
    if chars > MAX_REPORT_CHARS:
        return (
            f"报告的文字过长（约 {chars // 10_000} 万字，上限 {MAX_REPORT_CHARS // 10_000} 万字），"
            "年报全文一般不超过 5 万字"
        )
    if lines > MAX_REPORT_LINES:
        return f"报告的段落过多（{lines} 段，上限 {MAX_REPORT_LINES} 段），年报一般只有几百段"
    return ""


def _dotted(path: tuple[Any, ...]) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[") or "顶层"


# ---------------------------------------------------------------- the report


def load_report(data: Any) -> Report:
    """The report in a parsed JSON value (strict; unknown cell keys left out with a PARSE warning);
    JsonDocumentError otherwise."""
    if not isinstance(data, dict):
        raise JsonDocumentError("不是本工具的年报 JSON：顶层应为一个对象（{…}）")
    if data.get("kind") == BACKUP_KIND:
        raise JsonDocumentError("这是年报助手的报告备份，不是年报 JSON：请在工作台「版本记录」页「从备份文件导入」")
    if not isinstance(data.get("meta"), dict):
        raise JsonDocumentError("不是本工具的年报 JSON：缺少基本信息（meta）")
    version = data.get("schema_version", SCHEMA_VERSION)
    if type(version) is float and version.is_integer() and int(version) in KNOWN_SCHEMA_VERSIONS:
        version = data["schema_version"] = int(version)  # 1.0, as another program may write 1
    if type(version) is not int or version not in KNOWN_SCHEMA_VERSIONS:
        known = "、".join(f"第 {v} 版" for v in KNOWN_SCHEMA_VERSIONS)
        raise JsonDocumentError(
            f"年报 JSON 的数据结构版本 {json.dumps(version, ensure_ascii=False)[:20]} 不受支持（本程序读取{known}），"
            "请用写出它的年报助手版本打开，或升级本程序"
        )
    bad = first_problem(data)
    if bad is not None:
        raise JsonDocumentError(f"年报 JSON 中有无效内容：{problem_message(*bad, data)}")
    try:
        report = Report.model_validate(data)
    except ValidationError as error:
        raise JsonDocumentError(f"年报 JSON 中有无效内容：{describe(error, data)}") from None
    _leave_out_unknown_cells(report)
    return report


# ---------------------------------------------------------------- what was wrong, in Chinese

_TYPES: dict[str, str] = {
    "missing": "缺少该项",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "不能是 NaN 或无穷大",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "string_type": "应为文字",
    "date_type": "应为日期（如 2026-01-20）",
    "date_parsing": "应为日期（如 2026-01-20）",
    "date_from_datetime_parsing": "应为日期（如 2026-01-20）",
    "date_from_datetime_inexact": "应为日期（如 2026-01-20）",
    "datetime_type": "应为日期时间",
    "datetime_parsing": "应为日期时间",
    "datetime_from_date_parsing": "应为日期时间",
    "dict_type": "应为对象（{…}）",
    "model_type": "应为对象（{…}）",
    "model_attributes_type": "应为对象（{…}）",
    "list_type": "应为列表（[…]）",
    "tuple_type": "应为列表（[…]）",
    "string_too_long": "过长",
    "string_too_short": "不能为空",
    "too_short": "至少要有一项",
}
# how a fixed value is named next to its id in a refusal: 「应为以下之一：…、department（政府部门）、…」
LABELS: dict[str, str] = {**LEVEL_LABELS, "2021": "2021年格式", "2019": "2019年格式"}
_CELL_VALUE = "不是数字（数值应为整数或小数，空白写 null，不能是 true/false 或带引号的文字）"


def describe(
    error: ValidationError,
    data: Any,
    *,
    model: type[BaseModel] = Report,
    prefix: tuple[Any, ...] = (),
    labels: Mapping[str, str] = LABELS,
) -> str:
    """The first problem of ``error`` as 「where：what，实际为 …」, and how many places were wrong; with ``prefix``,
    only the errors under it, ``data`` being the value at ``prefix`` and ``model`` its model; a fixed value's id
    is named with its ``labels``."""
    places: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for item in error.errors():
        if tuple(item["loc"][: len(prefix)]) == tuple(prefix):
            places.setdefault(_data_path(data, tuple(item["loc"][len(prefix) :])), []).append(item)
    path, items = next(iter(places.items()))
    types = {i["type"] for i in items}
    cell = len(path) == 4 and path[0] in ("tables",) and path[3] == "value"
    if "finite_number" in types:
        what = _TYPES["finite_number"]
    elif cell and types <= {"int_type", "float_type", "int_from_float", "int_parsing", "float_parsing"}:
        what = _CELL_VALUE
    else:
        what = _what(items[0], labels)
    value = _value_at(data, path)
    shown = (
        f"，实际为 {json.dumps(value, ensure_ascii=False)[:40]}" if _scalar(value) and "missing" not in types else ""
    )
    more = f"（共 {len(places)} 处）" if len(places) > 1 else ""
    return f"{place(path, data, model=model)}{what}{shown}{more}"


def _what(item: dict[str, Any], labels: Mapping[str, str]) -> str:
    kind, ctx = item["type"], item.get("ctx", {})
    if kind in _TYPES:
        return _TYPES[kind]
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", ", ").replace("'", "").split(", ")
        return f"应为以下之一：{'、'.join(f'{e}（{labels[e]}）' if e in labels else e for e in expected)}"
    if kind == "too_long" and "max_length" in ctx:
        return f"超过 {ctx['max_length']} 项的上限"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"应不{'小' if kind == 'greater_than_equal' else '大'}于 {ctx.get('ge', ctx.get('le'))}"
    if kind == "value_error" and not str(ctx.get("error", "")).isascii():
        return str(ctx["error"])  # the validator's own Chinese words
    return "值无效"


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The part of a pydantic location that indexes into the data (union member tags left off)."""
    out: list[Any] = []
    item = data
    for part in loc:
        if isinstance(item, dict) and part in item:
            item = item[part]
        elif isinstance(item, list) and isinstance(part, int) and 0 <= part < len(item):
            item = item[part]
        else:
            if isinstance(item, dict):
                out.append(part)  # a missing key: the place is still named
            break
        out.append(part)
    return tuple(out)


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def place(path: tuple[Any, ...], data: Any, *, model: type[BaseModel] = Report) -> str:
    """Where ``path`` is, in the words of the form: 「表三「…」行「…」列：」, 「基本信息 › 报告年度：」."""
    if len(path) >= 3 and path[0] in ("tables",) and isinstance(path[1], str) and isinstance(path[2], str):
        version = _value_at(data, ("meta", "format_version"))
        return _cell_place(path[1], path[2], version if version in ("2019", "2021") else "2021") + "："
    return "「" + " › ".join(_titles(path, model)) + "」：" if path else ""


def _cell_place(table_id: str, key: str, version: str) -> str:
    known = cell_index(version).get((table_id, key)) or cell_index("2019").get((table_id, key))
    if known is None:
        return f"表{table_id}的单元格「{key}」"
    row, column = known
    group = f"「{row.group}」" if row.group else ""
    return f"表{table_id}{group}「{row.label}」行「{column.label}」列"


def _titles(path: tuple[Any, ...], model: type[BaseModel]) -> list[str]:
    """Each step of ``path`` named by its field title where the model has one (else the key itself)."""
    out: list[str] = []
    current: Any = model
    for part in path:
        if isinstance(part, int):
            out.append(f"第 {part + 1} 项")  # ``current`` is already the item's model (containers are stripped)
            continue
        fields = getattr(current, "model_fields", None)
        if isinstance(current, type) and fields and part in fields:
            info = fields[part]
            out.append(info.title or str(part))
            current = _inner(info.annotation)
        else:
            out.append(str(part))  # a key of a dict of models: ``current`` stays the value's model
    return out


def _inner(annotation: Any) -> Any:
    """The model inside an annotation (``X``, ``X | None``, ``list[X]``, ``dict[str, X]``), or None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner(arg)
        if found is not None:
            return found
    return None


# ---------------------------------------------------------------- cells the format does not have


def _leave_out_unknown_cells(report: Report) -> None:
    """Cell keys that are not the format's (for that table and version) are left out, each table's in a finding."""
    found = _unknown(report.tables, report.meta.format_version, prefix="")
    if report.last_year is not None:
        found += _unknown(report.last_year.tables, report.last_year.format_version, prefix="上年统计表：")
    if not found:
        return
    if report.provenance is None:
        report.provenance = Provenance(source_format="json")
    report.provenance.findings.extend(found)


@cache
def _known_keys(version: str, table_id: str, *, single_row: bool) -> frozenset[str]:
    """The cell keys of a table of the format (表三 with （六）其他处理 as one row when ``single_row``)."""
    keys = frozenset(table(version, table_id).cell_keys())
    return keys | frozenset(OTHER_HANDLING_ROW.cell_keys()) if single_row else keys


def _unknown(tables: dict[str, dict[str, Any]], version: str, *, prefix: str) -> list[Finding]:
    out: list[Finding] = []
    for table_id in list(tables):
        if table_id not in TABLE_IDS:
            cells = tables.pop(table_id)
            out.append(
                finding(
                    Rule.PARSE,
                    severity="warning",
                    message=f"{prefix}「{table_id}」不是年报的统计表（只有表二、表三、表四），"
                    f"其中 {len(cells)} 个单元格未读入",
                    actual=table_id,
                )
            )
            continue
        cells = tables[table_id]
        single_row = table_id == "三" and other_handling_as_one_row(version, cells)
        known = _known_keys(version, table_id, single_row=single_row)
        unknown = [k for k in cells if k not in known]
        if not unknown:
            continue
        values = [cells.pop(k) for k in unknown]
        named = "、".join(
            f"「{k}」" + (f"（{v.raw or v.value}）" if v.raw or v.value is not None else "")
            for k, v in zip(unknown[:LISTED], values, strict=False)
        )
        more = f"等 {len(unknown)} 个" if len(unknown) > LISTED else ""
        out.append(
            finding(
                Rule.PARSE,
                severity="warning",
                table=table_id,
                message=f"{prefix}表{table_id}中的单元格{named}{more}不是{version}年格式的单元格，未读入；"
                "请在「数据填报」核对该表",
                actual="、".join(unknown),
            )
        )
    return out
