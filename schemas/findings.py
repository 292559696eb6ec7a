"""A finding: what a rule or an importer found, pinned to a cell or a paragraph."""

from __future__ import annotations

from pydantic import BaseModel, Field

from schemas.rule_catalogue import SEVERITY_LABELS, Rule, Severity, rule_info

Number = int | float


class Finding(BaseModel):
    """One finding; location fields are official labels (null where they do not apply)."""

    rule: Rule = Field(title="规则")  # stored and printed as its id string ("R-A"), as before
    severity: Severity = Field(title="严重程度")
    table: str | None = Field(default=None, title="表")
    group: str | None = Field(default=None, title="分组")
    row: str | None = Field(default=None, title="行")
    column: str | None = Field(default=None, title="列")
    section: str | None = Field(default=None, title="部分")
    paragraph: int | None = Field(default=None, title="段落")
    message: str = Field(title="说明")
    expected: Number | str | None = Field(default=None, title="应为")
    actual: Number | str | None = Field(default=None, title="实际")
    # the keys of the table cells a CELL finding is about, in table order: one, or many when a whole column or row
    # is left blank; empty for every other finding (and for CELL findings stored before this field existed)
    cells: list[str] = Field(default_factory=list, title="单元格")


def finding(
    rule: Rule,
    *,
    message: str,
    severity: Severity | None = None,
    own_draft: bool = False,
    table: str | None = None,
    group: str | None = None,
    row: str | None = None,
    column: str | None = None,
    section: str | None = None,
    paragraph: int | None = None,
    expected: Number | str | None = None,
    actual: Number | str | None = None,
    cells: list[str] | None = None,
) -> Finding:
    """A finding of ``rule``; its severity is the catalogue's (for the tool's own draft when ``own_draft``)
    unless ``severity`` is given (a documentation-only rule has no findings: ValueError)."""
    default = rule_info(rule).severity_for(own_draft=own_draft)
    return Finding(
        rule=rule,
        severity=severity or default,
        table=table,
        group=group,
        row=row,
        column=column,
        section=section,
        paragraph=paragraph,
        message=message,
        expected=expected,
        actual=actual,
        cells=cells or [],
    )


__all__ = ["SEVERITY_LABELS", "Finding", "Number", "Rule", "Severity", "finding"]
