"""The assistant: what a message asks for, the LLM output models, and a proposed section edit.

The output models are the contract with the language model. A revision carries section text only: nothing in it
can address a table cell, so whatever the notes or the chat say, the assistant cannot change the tables.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from schemas.drafting import FactUsed
from schemas.findings import Finding

# refuse: asks for the system prompt or a key; explain: about findings; table_edit: asks to change table cells;
# revise: asks to change the section text; question: about the format or the law
Intent = Literal["refuse", "explain", "table_edit", "revise", "question"]


class SectionRevision(BaseModel):
    """The model's proposed edit of one section."""

    text: str = Field(
        description="修改后的本部分全文。小标题（如“（一）主动公开”）单独占一行，每个正文段落占一行；"
        "只写本部分，不写其他部分，不写解释"
    )
    summary: str = Field(description="一句话说明做了哪些修改，例如“压缩了（二）依申请公开的表述”")
    facts_used: list[FactUsed] = Field(description="修改后正文中出现的每个数字及其出处")


class KnowledgeAnswer(BaseModel):
    """The model's answer to a question, from the knowledge entries it was given."""

    answer: str = Field(description="只依据所给知识条目作答，简明；条目没有涉及时只写“不确定”")
    entries: list[str] = Field(description='回答所依据的条目编号，例如 ["deadline"]；没有依据时为空列表')


class Proposal(BaseModel):
    """A proposed edit of one section, grounded like a draft, waiting for 采纳 or 放弃."""

    section: str
    base_text: str = Field(description="the section text the proposal was made from")
    text: str
    summary: str
    findings: list[Finding] = Field(default_factory=list)
    facts_used: list[FactUsed] = Field(default_factory=list)
    model: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]
