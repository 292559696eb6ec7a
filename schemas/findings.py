"""A finding: what a rule or an importer found, pinned to a cell or a paragraph."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Severity = Literal["error", "warning"]
Number = int | float


class Finding(BaseModel):
    """One finding; location fields are official labels (null where they do not apply)."""

    rule: str = Field(title="规则")
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


SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告"}
