"""Human-readable rendering of check results for the terminal."""

from __future__ import annotations

from app.checking import FileResult
from schemas.findings import SEVERITY_LABELS, Finding
from schemas.rule_catalogue import rule_info

_ORDER = ("读取", "表二", "表三", "表四", "正文", "其他")


def _group(f: Finding) -> str:
    if rule_info(f.rule).scope == "reading" and f.table is None:
        return "读取"
    if f.table:
        return f"表{f.table}"
    if f.section:
        return "正文"
    return "其他"


def render_result(result: FileResult) -> str:
    """The findings of one file, grouped by table, one line each with the numbers."""
    lines = [f"== {result.file}"]
    if result.error:
        lines.append(f"  无法读取：{result.error}")
        return "\n".join(lines)
    r = result.report
    assert r is not None
    lines.append(
        f"  {r.meta.agency or '（未识别单位）'} · {r.meta.year or '年度未知'}年度 · {r.meta.format_version}年格式"
    )
    if not result.findings:
        lines.append("  未发现问题")
        lines += _confirmed_lines(result)
        return "\n".join(lines)
    groups: dict[str, list[Finding]] = {}
    for f in result.findings:
        groups.setdefault(_group(f), []).append(f)
    for name in _ORDER:
        for f in groups.get(name, []):
            lines.append(f"  [{name}] {SEVERITY_LABELS[f.severity]} {f.rule}：{f.message}")
    lines.append(f"  共 {result.errors} 个错误，{result.warnings} 个警告")
    lines += _confirmed_lines(result)
    return "\n".join(lines)


def _confirmed_lines(result: FileResult) -> list[str]:
    """The findings a reviewer confirmed: who, when and why (they no longer count as errors)."""
    lines = []
    for f, c in result.confirmed:
        when = f"{c.at.astimezone():%Y-%m-%d %H:%M}" if c.at else ""
        lines.append(f"  [已确认] {f.rule}：{f.message}（{c.by} {when}：{c.reason}）")
    if lines:
        lines.insert(0, f"  审核人已确认 {len(lines)} 项：")
    return lines
