"""Storage: reports with every saved version, reviews, finding decisions and the assistant conversation.

``Store.open(url)`` (None: the SQLite file data/nianbao.db; the caller passes DATABASE_URL) is the entry point.
"""

from app.storage.deadlines import Timeliness, days_left, deadline, timeliness
from app.storage.errors import (
    BackupError,
    ConflictError,
    DuplicateError,
    ExportBlockedError,
    NotFoundError,
    RoleError,
    StatusError,
    StorageError,
)
from app.storage.findings import confirmation_key, finding_key
from app.storage.repository import Store
from app.storage.vocab import REVIEW_SECTIONS, ROLE_LABELS, STATUS_LABELS

__all__ = [
    "REVIEW_SECTIONS",
    "ROLE_LABELS",
    "STATUS_LABELS",
    "BackupError",
    "ConflictError",
    "DuplicateError",
    "ExportBlockedError",
    "NotFoundError",
    "RoleError",
    "StatusError",
    "StorageError",
    "Store",
    "Timeliness",
    "days_left",
    "deadline",
    "confirmation_key",
    "finding_key",
    "timeliness",
]
