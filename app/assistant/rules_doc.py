"""The two documents generated from the rule catalogue: docs/rules.md and the knowledge base's rules.md.

Run ``python -m app.assistant.rules_doc`` after changing ``schemas/rule_catalogue.py`` (``--check`` only
compares); a test fails while either file differs from what this module renders.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from schemas.rule_catalogue import CATALOGUE, SCOPE_LABELS, SEVERITY_LABELS, Rule, RuleInfo

ROOT = Path(__file__).resolve().parents[2]  # the repository: these are files of the checkout, not of a wheel
RULES_TABLE = ROOT / "docs" / "rules.md"
KNOWLEDGE_RULES = ROOT / "docs" / "knowledge" / "rules.md"
COMMAND = "python -m app.assistant.rules_doc"
_GENERATED = f"<!-- 由 {COMMAND} 从 schemas/rule_catalogue.py 生成，请勿手工修改 -->"


def knowledge_id(rule: Rule) -> str:
    """The knowledge base entry id of a rule: rule_r_a, rule_cell …"""
    return "rule_" + rule.value.lower().replace("-", "_")


def severity_text(info: RuleInfo) -> str:
    """The severity as users read it: 错误 / 警告, what changes it, or why there is none."""
    if info.severity is None:
        return f"—（{info.severity_note}）" if info.severity_note else "—"
    text = SEVERITY_LABELS[info.severity]
    return f"{text}（{info.severity_note}）" if info.severity_note else text


def _cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def render_rules_table() -> str:
    """docs/rules.md: the table of every rule, then each rule's explanation, fix and source."""
    lines = [
        _GENERATED,
        "# 检查规则一览",
        "",
        "年报助手对每份报告逐条核对以下规则，每条检查发现都标明规则编号、严重程度、位置和具体数字。"
        "“错误”会阻止导出，须改正或由审核人写明理由后忽略；“警告”不阻止导出，核实后可以修改或写明理由忽略。",
        "",
        "| 编号 | 名称 | 严重程度 | 范围 | 说明/算式 |",
        "|---|---|---|---|---|",
    ]
    for info in CATALOGUE.values():
        row = (info.rule.value, info.title, severity_text(info), SCOPE_LABELS[info.scope], info.condition)
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    for info in CATALOGUE.values():
        lines += ["", f"## {info.rule.value}：{info.title}", ""]
        if info.quote:
            lines += [f"> {info.quote}", ""]
        lines += [
            f"- 算式或条件：{info.condition}",
            f"- 说明：{info.explanation}",
            f"- 怎么改：{info.fix}",
            f"- 能否忽略：{info.dismiss}",
            f"- 依据：{info.source}",
        ]
    return "\n".join(lines) + "\n"


def render_knowledge() -> str:
    """docs/knowledge/rules.md: one knowledge base entry per rule (format: docs/knowledge/README.md)."""
    lines = [
        "# 规则：检查发现的含义（勾稽关系和其他核对）",
        "",
        _GENERATED,
    ]
    for info in CATALOGUE.values():
        keywords = ", ".join((info.rule.value, *info.keywords))
        lines += [
            "",
            f"## {info.title}（{info.rule.value}）",
            f"- 编号: {knowledge_id(info.rule)}",
            f"- 关键词: {keywords}",
            f"- 来源: {info.source}",
            f"- 规则: {info.rule.value}",
            f"- 改正: {info.fix}",
            f"- 忽略: {info.dismiss}",
            "",
        ]
        if info.quote:
            lines += [f"> {info.quote}", ""]
        lines += [info.condition, "", info.explanation]
    return "\n".join(lines) + "\n"


def outputs() -> dict[Path, str]:
    """Each generated file and the text it should hold."""
    return {RULES_TABLE: render_rules_table(), KNOWLEDGE_RULES: render_knowledge()}


def stale() -> list[Path]:
    """The generated files whose text differs from what the catalogue renders now."""
    return [p for p, text in outputs().items() if not p.is_file() or p.read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description="从规则目录生成 docs/rules.md 和知识库的 rules.md")
    parser.add_argument("--check", action="store_true", help="只比较，不写文件；有差异时退出码为 1")
    args = parser.parse_args(argv)
    if args.check:
        differing = stale()
        for path in differing:
            print(f"与规则目录不一致：{path.relative_to(ROOT)}（运行 {COMMAND} 重新生成）", file=sys.stderr)
        return 1 if differing else 0
    for path, text in outputs().items():
        path.write_text(text, encoding="utf-8")
        print(f"已生成 {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
