"""Audit output as one self-contained HTML page: 汇总, then 合计表 (inline CSS, every text escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from app.audit.rows import CHECK_ROW, SUMMARY_COLUMNS, TOTAL_COLUMNS, SheetRow, Value
from app.rules.common import fmt

_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.2em;margin-top:2em}
table{border-collapse:collapse;font-size:.9em;margin-bottom:1em}
th,td{border:1px solid #bbb;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#eee;position:sticky;top:0}
td.n{text-align:right;white-space:nowrap}
tr.error td{background:#fdecea}tr.unreadable td{background:#fff4d6}tr.check td{font-weight:bold}
.pass{color:#1b5e20}.fail{color:#b71c1c}
"""
_NUMERIC = {"年度", "错误数", "警告数", "合计", "报告份数"}


def _cell(value: Value, column: str) -> str:
    text = "" if value is None else fmt(value) if isinstance(value, int | float) and column != "年度" else str(value)
    cls = ' class="n"' if column in _NUMERIC else ""
    return f"<td{cls}>{escape(text)}</td>"


def _table(header: Sequence[str], rows: Sequence[SheetRow], row_class) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cls = row_class(row)
        attr = f' class="{cls}"' if cls else ""
        body.append(f"<tr{attr}>" + "".join(_cell(v, h) for v, h in zip(row, header, strict=True)) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _summary_class(row: SheetRow) -> str:
    if row[SUMMARY_COLUMNS.index("读取错误")]:
        return "unreadable"
    return "error" if row[SUMMARY_COLUMNS.index("错误数")] else ""


def _total_class(row: SheetRow) -> str:
    return "check" if row[TOTAL_COLUMNS.index("行")] == CHECK_ROW else ""


def page(summary: Sequence[SheetRow], totals: Sequence[SheetRow]) -> str:
    """The whole HTML page."""
    unreadable = sum(1 for r in summary if r[SUMMARY_COLUMNS.index("读取错误")])
    with_errors = sum(1 for r in summary if r[SUMMARY_COLUMNS.index("错误数")])
    parts = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>年报汇总检查</title><style>{_STYLE}</style></head><body>",
        "<h1>政府信息公开工作年度报告汇总检查</h1>",
        f"<p>共 {len(summary)} 份报告，{with_errors} 份有错误，{unreadable} 份无法读取。</p>",
        "<h2>一、汇总</h2>",
        _table(SUMMARY_COLUMNS, summary, _summary_class),
        "<h2>二、合计表（各单位表格数值之和，按格式版本分列，并做勾稽检查）</h2>",
    ]
    checks = [r for r in totals if r[TOTAL_COLUMNS.index("行")] == CHECK_ROW]
    for r in checks:
        status = str(r[-1])
        cls = "fail" if "不平" in status else "pass"
        parts.append(f'<p class="{cls}">{escape(str(r[0]))}年格式：{escape(status)}</p>')
    if not totals:
        parts.append("<p>没有可合计的表格。</p>")
    else:
        parts.append(_table(TOTAL_COLUMNS, totals, _total_class))
    parts.append("</body></html>")
    return "\n".join(parts)


def write(path: Path, summary: Sequence[SheetRow], totals: Sequence[SheetRow]) -> list[Path]:
    """Write the page; the paths written."""
    path.write_text(page(summary, totals), encoding="utf-8")
    return [path]
