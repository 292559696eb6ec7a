"""Engine and sessions: a SQLite file under data/ by default, any SQLAlchemy URL (PostgreSQL) when given."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DB_PATH = Path("data") / "nianbao.db"
# a Session execution option: its transactions take SQLite's write lock at BEGIN (BEGIN IMMEDIATE), so two
# writers queue on the busy timeout instead of one failing with "database is locked" halfway through
WRITE_OPTION = "nianbao_write"

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def default_url(base: Path | None = None) -> str:
    """The default database: ``data/nianbao.db`` under ``base`` (the working directory)."""
    return f"sqlite:///{(base or Path.cwd()) / DEFAULT_DB_PATH}"


def make_engine(url: str | None = None, *, busy_timeout: float = 15.0, echo: bool = False) -> Engine:
    """An engine for ``url`` (the caller passes DATABASE_URL); None means the SQLite file under data/."""
    parsed = make_url(url or default_url())
    if parsed.get_backend_name() == "sqlite":
        _prepare_sqlite_file(parsed.database)
        engine = create_engine(parsed, echo=echo, connect_args={"timeout": busy_timeout})
        _configure_sqlite(engine, busy_timeout)
        return engine
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, echo=echo, pool_pre_ping=True)


def _prepare_sqlite_file(database: str | None) -> None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    # reports hold unpublished internal information: the folder and the file are the owner's only
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _configure_sqlite(engine: Engine, busy_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # SQLAlchemy emits BEGIN itself (below); the driver's own implicit BEGIN would skip SELECTs
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


# a PostgreSQL advisory lock (any 64-bit number the app alone uses): one process creates or upgrades the tables
SCHEMA_LOCK = 0x6E69616E62616F  # "nianbao"


def init_db(engine: Engine) -> None:
    """Create the tables (if missing) and record the storage schema version.

    Several app processes may open a new database at the same moment: one transaction holding the write lock
    (SQLite's BEGIN IMMEDIATE, an advisory lock on PostgreSQL) does both, so the others wait and find the tables.
    """
    from app.storage.models import Base, check_schema_version

    with session_factory(engine, write=True)() as session, session.begin():
        if engine.dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
        Base.metadata.create_all(session.connection())
        check_schema_version(session)


def session_factory(engine: Engine, *, write: bool = False, clock: Clock | None = None) -> sessionmaker[Session]:
    """Sessions on ``engine``; ``write`` sessions lock SQLite at BEGIN; ``clock`` gives every timestamp."""
    return sessionmaker(
        engine,
        expire_on_commit=False,
        execution_options={WRITE_OPTION: True} if write else {},
        info={"clock": clock or utc_now},
    )


def now(session: Session) -> dt.datetime:
    """The current time (UTC, aware) from the session's clock."""
    clock: Clock = session.info.get("clock", utc_now)
    return clock()
