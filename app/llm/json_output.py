"""JSON from a model: a strict-compatible schema going out, JSON found in the reply, errors told back."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from pydantic import ValidationError

_THINK_BLOCK = re.compile(r"<think>.*?</think>", re.S | re.I)
_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.S)

_ERROR_LABELS = {
    "missing": "缺少必填字段",
    "extra_forbidden": "多出了不允许的字段",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "json_invalid": "不是合法的 JSON",
    "json_type": "不是合法的 JSON",
    "too_short": "内容太少",
    "too_long": "内容太多",
    "greater_than": "数值太小",
    "greater_than_equal": "数值太小",
    "less_than": "数值太大",
    "less_than_equal": "数值太大",
    "string_too_short": "文字太短",
    "string_too_long": "文字太长",
    "value_error": "值不符合要求",
    "assertion_error": "值不符合要求",
    "model_type": "应为一个对象",
    "dict_type": "应为一个对象",
    "list_type": "应为一个列表",
}


def strict_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of a JSON schema in the form strict json_schema accepts: every property required, no extras."""
    root = copy.deepcopy(schema)
    _make_strict(root, root)
    return root


def _make_strict(node: Any, root: dict[str, Any]) -> None:
    if isinstance(node, list):
        for item in node:
            _make_strict(item, root)
        return
    if not isinstance(node, dict):
        return
    # defaults mean nothing once every field is required
    node.pop("default", None)
    ref = node.get("$ref")
    if isinstance(ref, str) and len(node) > 1:
        # strict mode wants a $ref alone: inline the target beside the sibling keys (description, title)
        node.pop("$ref")
        for key, value in _resolve(root, ref).items():
            node.setdefault(key, copy.deepcopy(value))
    if len(node.get("allOf") or []) == 1:
        only = node.pop("allOf")[0]
        for key, value in only.items():
            node.setdefault(key, value)
    properties = node.get("properties")
    if node.get("type") == "object" or isinstance(properties, dict):
        node["additionalProperties"] = False
        if isinstance(properties, dict):
            node["required"] = list(properties)
    for key in ("properties", "$defs", "definitions"):
        if isinstance(node.get(key), dict):
            for child in node[key].values():
                _make_strict(child, root)
    for key in ("items", "anyOf", "allOf", "oneOf", "prefixItems"):
        if key in node:
            _make_strict(node[key], root)


def _resolve(root: dict[str, Any], ref: str) -> dict[str, Any]:
    target: Any = root
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return target


def strip_think(text: str) -> str:
    """The reply without <think>…</think> reasoning (also an unclosed leading <think> or a stray </think>)."""
    text = _THINK_BLOCK.sub("", text)
    if "</think>" in text.lower():
        # the opening tag was left out (some templates put it in the prompt): drop everything up to the close
        text = text[text.lower().rindex("</think>") + len("</think>") :]
    stripped = text.lstrip()
    if stripped.lower().startswith("<think>"):
        text = stripped[len("<think>") :]
    return text


def extract_json(text: str) -> Any:
    """The first JSON object in a reply: thinking and ```json fences removed; ValueError when there is none."""
    text = strip_think(text).strip()
    if not text:
        raise ValueError("回复为空（empty reply）")
    fenced = _FENCE.search(text)
    candidates = [fenced.group(1).strip()] if fenced else []
    candidates.append(text)
    decoder = json.JSONDecoder()
    last_error: json.JSONDecodeError | None = None
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except json.JSONDecodeError as e:
            last_error = e
        start = candidate.find("{")
        while start != -1:
            try:
                value, _ = decoder.raw_decode(candidate, start)
                return value
            except json.JSONDecodeError as e:
                last_error = e
            start = candidate.find("{", start + 1)
    where = f"：{last_error.msg}（第 {last_error.lineno} 行第 {last_error.colno} 列）" if last_error else ""
    raise ValueError(f"回复中没有合法的 JSON 对象{where}")


def describe_validation_error(error: ValidationError) -> str:
    """One line per problem: the English field path, a Chinese reason, and pydantic's own words."""
    lines = []
    for err in error.errors(include_url=False):
        path = ".".join(str(p) for p in err["loc"]) or "(根)"
        reason = _ERROR_LABELS.get(err["type"]) or _ERROR_LABELS.get(err["type"].rsplit("_", 1)[-1], "不符合要求")
        if err["type"].endswith("_type") and err["type"] not in _ERROR_LABELS:
            reason = "类型不对"
        lines.append(f"- {path}：{reason}（{err['msg']}）")
    return "\n".join(lines)
