"""The assistant conversation about a report, kept per section so it survives a closed tab."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.storage.common import get_record
from app.storage.db import now
from app.storage.info import MessageInfo
from app.storage.models import ChatMessage

CHAT_ROLES = ("user", "assistant")


def add_message(
    session: Session,
    report_id: int,
    *,
    role: str,
    content: str,
    section: str | None = None,
    author: str = "",
    model: str = "",
    prompt_tokens: int = 0,
    completion_tokens: int = 0,
) -> int:
    """Append one message (role "user" or "assistant") and return its id."""
    if role not in CHAT_ROLES:
        raise ValueError(f"unknown chat role {role!r}")
    get_record(session, report_id)
    message = ChatMessage(
        report_id=report_id,
        section=section,
        role=role,
        content=content,
        author=author.strip(),
        model=model,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        created_at=now(session),
    )
    session.add(message)
    session.flush()
    return message.id


def messages(session: Session, report_id: int, *, section: str | None = None) -> list[MessageInfo]:
    """The conversation in order: all of it, or one section's."""
    query = select(ChatMessage).where(ChatMessage.report_id == report_id).order_by(ChatMessage.id)
    if section is not None:
        query = query.where(ChatMessage.section == section)
    return [
        MessageInfo(
            id=m.id,
            section=m.section,
            role=m.role,
            content=m.content,
            author=m.author,
            model=m.model,
            prompt_tokens=m.prompt_tokens,
            completion_tokens=m.completion_tokens,
            at=m.created_at,
        )
        for m in session.scalars(query)
    ]


def clear_messages(session: Session, report_id: int, *, section: str | None = None) -> int:
    """Delete the conversation (or one section's); returns how many messages were deleted."""
    get_record(session, report_id)
    query = delete(ChatMessage).where(ChatMessage.report_id == report_id)
    if section is not None:
        query = query.where(ChatMessage.section == section)
    return session.execute(query).rowcount
