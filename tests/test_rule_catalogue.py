"""The rule catalogue: complete entries, every finding catalogued, no rule id typed as a string, docs generated."""

from __future__ import annotations

import ast
import json
from functools import cache
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.assistant import rules_doc
from app.assistant.knowledge import knowledge_base, parse_entries
from app.assistant.routing import mentioned_rules
from app.checking import all_findings, check_path
from app.drafting.facts import build_facts
from app.drafting.grounding import ground_section
from app.importers import read_report
from app.rules import check
from app.workspace.grids import column_marks, grids, marks
from schemas.findings import Finding, finding
from schemas.report import Cell, Narrative
from schemas.rule_catalogue import CATALOGUE, Rule, rule_info, rules_where
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
REAL_WORLD = ROOT / "tests" / "real_world"
_NOT_REPORTS = {"README.md", "expected.json", "expected_cells.json"}
IDS = {r.value for r in Rule}


# ---------------------------------------------------------------- the entries


@pytest.mark.parametrize("rule", list(Rule), ids=str)
def test_every_rule_has_a_complete_entry(rule):
    info = CATALOGUE[rule]
    assert info.rule is rule
    for field in ("title", "condition", "explanation", "fix", "dismiss", "source"):
        assert getattr(info, field).strip(), f"{rule}: {field} is empty"
    assert info.keywords and all(k.strip() for k in info.keywords), rule
    assert rule.value not in info.title, "the id is added where the title is shown, not written into it"


def test_r_b_is_documented_but_never_a_finding():
    """R-B (部分公开 counted once) cannot be checked alone: it is catalogued for the docs and the assistant only."""
    assert [r for r, info in CATALOGUE.items() if not info.checked] == [Rule.R_B]
    with pytest.raises(ValueError, match="documentation only"):
        finding(Rule.R_B, message="部分公开重复计数")


def test_the_helper_takes_the_severity_from_the_catalogue():
    assert finding(Rule.R_A, message="m").severity == "error"
    assert finding(Rule.R_G, message="m").severity == "warning"
    assert finding(Rule.R_H, message="m").severity == "warning"
    assert finding(Rule.R_H, message="m", own_draft=True).severity == "error"
    assert finding(Rule.COPY, message="m", own_draft=True).severity == "warning"  # no draft severity of its own
    assert finding(Rule.ITEM, message="m", own_draft=True).severity == "error"  # a required part of a draft left empty
    assert finding(Rule.PARSE, message="m", severity="error").severity == "error"


def test_rule_ids_keep_their_strings_in_json_and_old_data_loads():
    """Reports, backups and the database hold the ids as plain strings ("R-A"): they load as ``Rule``."""
    old = {"rule": "R-A", "severity": "error", "table": "三", "message": "表三……", "expected": 26, "actual": 20}
    loaded = Finding.model_validate(old)
    assert loaded.rule is Rule.R_A and loaded.rule == "R-A"
    assert json.loads(loaded.model_dump_json())["rule"] == "R-A"
    assert json.dumps(loaded.model_dump(), ensure_ascii=False).startswith('{"rule": "R-A"')
    with pytest.raises(ValidationError):
        Finding.model_validate(old | {"rule": "R-Z"})


# ---------------------------------------------------------------- every finding the program makes is catalogued


@cache
def _corpus_findings() -> tuple[Finding, ...]:
    """Findings of every reader, rule and drafting check over the examples and the realistic published reports,
    plus a report made to break the rules those files do not."""
    out: list[Finding] = []
    files = [p for p in sorted(REAL_WORLD.iterdir()) if p.is_file() and p.name not in _NOT_REPORTS]
    files += [p for p in sorted(EXAMPLES.iterdir()) if p.suffix in (".json", ".txt")]
    for path in files:
        result = check_path(path)
        assert result.error is None, (path, result.error)
        out += result.findings
    report = read_report(EXAMPLES / "county-department-2025-with-errors.json")
    previous = read_report(EXAMPLES / "county-department-2024.json")
    out += all_findings(report, previous) + check(report, previous, own_draft=True)
    facts = build_facts(report, previous)
    for section in ("前言", "一", "五", "六"):
        out += ground_section(report, section, facts, previous=previous)[0]
    broken = report.model_copy(deep=True)
    broken.problems = Narrative()  # SECTION
    broken.other_matters = Narrative(
        lead="申请人张三先生的手机号码为13912345678，已电话答复。【待补充：提案办理情况】"  # PRIVACY, PLACEHOLDER
        "\n以下是修改后的内容。"  # TEXT
        "\n全年政务公开工作取得显著成效。"  # QUALITY (a stock phrase), in a drafted section
    )
    broken.tables["二"]["normative_documents.issued"] = Cell(value=3, raw="3")  # R-G against itself
    out += check(broken, broken)  # last year's report identical: COPY, R-F (its own carry-over), R-G
    out += ground_section(broken, "六", facts)[0]
    return tuple(out)


def test_every_finding_has_a_catalogued_checked_rule_and_its_severity():
    found = _corpus_findings()
    assert found
    for f in found:
        info = rule_info(f.rule)
        assert info.checked, f
        allowed = {info.severity, info.draft_severity}
        if f.rule == Rule.PARSE:
            allowed.add("error")  # a value that could not be read (the catalogue's severity note says so)
        assert f.severity in allowed, f


def test_every_checked_rule_is_produced_somewhere():
    produced = {f.rule for f in _corpus_findings()}
    assert {r for r, info in CATALOGUE.items() if info.checked} - produced == set()


# ---------------------------------------------------------------- no rule id written as a string in app/


def _is_rule_attribute(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "rule"


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [s for e in node.elts for s in _strings(e)]
    return []


def _bare_rule_ids(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(root).as_posix()
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in IDS:
            problems.append(f"{where}:{node.lineno}: {node.value!r} (use Rule.{Rule(node.value).name})")
        elif isinstance(node, ast.keyword) and node.arg == "rule" and _strings(node.value):
            problems.append(f"{where}:{node.value.lineno}: rule={_strings(node.value)[0]!r}")
        elif isinstance(node, ast.Compare) and any(map(_is_rule_attribute, [node.left, *node.comparators])):
            for side in (node.left, *node.comparators):
                problems += [f"{where}:{node.lineno}: .rule compared with {s!r}" for s in _strings(side)]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Rule":
            if node.attr not in Rule.__members__:
                problems.append(f"{where}:{node.lineno}: Rule.{node.attr} is not in the catalogue")
    return problems


def test_app_code_names_rules_through_the_catalogue_only():
    """A rule id typed as a string ("R-A", rule="CELL", f.rule == "PARSE") in app/ drifts from the catalogue."""
    problems = [p for path in sorted((ROOT / "app").rglob("*.py")) for p in _bare_rule_ids(path)]
    assert problems == []


def test_the_scan_finds_what_it_looks_for(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        'x = Finding(rule="R-Z", severity="error", message="m")\n'
        'y = [f for f in found if f.rule in ("CELL", "LABEL")]\n'
        "z = Rule.R_Q\n"
        'ok = "表三 R-A 相差 6"\n',
        encoding="utf-8",
    )
    problems = _bare_rule_ids(sample, tmp_path)
    assert len([p for p in problems if "'R-Z'" in p]) == 1
    assert len([p for p in problems if "'CELL'" in p or "'LABEL'" in p]) == 4  # the constants and the comparison
    assert any("Rule.R_Q" in p for p in problems) and not any("表三" in p for p in problems)


# ---------------------------------------------------------------- what reads the catalogue


def test_the_assistant_recognises_every_catalogued_id():
    assert mentioned_rules(" ".join(r.value.lower() for r in Rule)) == set(Rule)
    assert mentioned_rules("RECELL 和 R-AB") == set()  # not inside a longer latin word


def test_the_grids_mark_by_the_catalogue():
    assert rules_where(arithmetic=True) == {Rule.R_A, Rule.R_C, Rule.R_D, Rule.R_E}
    assert rules_where(per_column=True) == {Rule.R_A, Rule.R_D, Rule.R_F}
    grid = next(g for g in grids("2021") if g.table == "三" and any(r.id == "total" for r in g.rows))
    total = next(r for r in grid.rows if r.id == "total")
    at_total = [
        finding(Rule.CELL, table="三", row=total.label, column="自然人", message="空白"),
        finding(Rule.R_A, table="三", row=total.label, column="自然人", message="本年新收 20 + 上年结转 0 ≠ 26"),
    ]
    assert marks(grid, at_total)[grid.rows.index(total)] == "错误：自然人"  # one column, named once
    assert column_marks(grid, at_total) == {"自然人": ["本年新收 20 + 上年结转 0 ≠ 26"]}


def test_every_rule_has_one_knowledge_entry_in_rules_md_with_the_catalogue_text():
    kb = knowledge_base()
    for rule, info in CATALOGUE.items():
        entries = [e for e in kb.entries if e.rule == rule]
        assert len(entries) == 1, rule
        entry = entries[0]
        assert entry.file == "rules.md" and entry.id == rules_doc.knowledge_id(rule)
        assert (entry.title, entry.fix, entry.dismiss, entry.source) == (
            f"{info.title}（{rule.value}）",
            info.fix,
            info.dismiss,
            info.source,
        )
        assert info.condition in entry.body and info.explanation in entry.body


# ---------------------------------------------------------------- generated documents


def test_generated_documents_match_the_catalogue():
    stale = [p.relative_to(ROOT).as_posix() for p in rules_doc.stale()]
    assert stale == [], f"{stale} differ from schemas/rule_catalogue.py: run `{rules_doc.COMMAND}` to regenerate"
    assert rules_doc.main(["--check"]) == 0


def test_the_rule_table_lists_every_rule_once():
    text = rules_doc.render_rules_table()
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| 编号")]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows] == [r.value for r in Rule]
    assert all(row.count(" | ") == 4 for row in rows)  # no cell text broke the table
    assert parse_entries(rules_doc.render_knowledge(), file="rules.md")


def test_the_check_reports_a_stale_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(rules_doc, "RULES_TABLE", tmp_path / "rules.md")
    monkeypatch.setattr(rules_doc, "KNOWLEDGE_RULES", tmp_path / "knowledge-rules.md")
    monkeypatch.setattr(rules_doc, "ROOT", tmp_path)
    assert rules_doc.main(["--check"]) == 1 and rules_doc.COMMAND in capsys.readouterr().err
    assert rules_doc.main([]) == 0 and rules_doc.main(["--check"]) == 0
