"""Storage errors: each carries a Chinese message a clerk can act on."""

from __future__ import annotations

import datetime as dt

from app.storage.vocab import ROLE_LABELS


class StorageError(Exception):
    """Something the user can fix; ``str(error)`` is the Chinese message."""


class NotFoundError(StorageError):
    pass


class DuplicateError(StorageError):
    pass


class StatusError(StorageError):
    pass


class RoleError(StorageError):
    pass


class ExportBlockedError(StorageError):
    pass


class BackupError(StorageError):
    pass


def local_time(at: dt.datetime, today: dt.date | None = None) -> str:
    """``at`` on this machine's clock: "HH:MM" today, "M月D日 HH:MM" on another day."""
    local = at.astimezone()
    if local.date() == (today or dt.datetime.now().astimezone().date()):
        return local.strftime("%H:%M")
    return f"{local.month}月{local.day}日 {local:%H:%M}"


class ConflictError(StorageError):
    """Another save landed first: nothing was written; the caller still holds its own edited report."""

    def __init__(
        self,
        *,
        report_id: int,
        expected_version: int,
        current_version: int,
        author: str,
        role: str,
        at: dt.datetime,
        now: dt.datetime | None = None,
    ) -> None:
        self.report_id = report_id
        self.expected_version = expected_version
        self.current_version = current_version
        self.author = author
        self.role = role
        self.at = at
        when = local_time(at, now.astimezone().date() if now else None)
        super().__init__(
            f"该报告已被 {author}（{ROLE_LABELS.get(role, role)}）在 {when} 保存为第 {current_version} 版，你的修改未覆盖他人内容，"
            f"也还没有保存（你编辑的是第 {expected_version} 版）。请先复制你的修改，载入最新版本后再合并保存。"
        )
